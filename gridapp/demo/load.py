"""Loading the demo county into a store: households and people, party reporting, petitions.

Deterministic for a given ``seed`` and ``today`` (record ids come from the seeded generator,
dates are relative to ``today`` so the home page always has current work). Written in write
transactions of ``CHUNK`` households through the same bulk path as a roster import, so every
row has its outbox entry and each part its audit entry; memory stays flat at 300,000
households because people stream from the generator and only small samples are kept.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from gridapp.demo import people
from gridapp.models.deadlines import DeadlinePolicy
from gridapp.models.household import Household, Person, PersonTag
from gridapp.models.party import (
    ActivityParticipation,
    PartyActivity,
    PartyFeedback,
    PartyMember,
    PartyReport,
    PostClaim,
    ServicePost,
)
from gridapp.models.petition import Petition, Petitioner, PetitionProgress
from gridapp.models.places import Place, village_of
from gridapp.store.bulk import insert_records
from gridapp.store.db import Capture, Store
from gridapp.store.households import HouseholdBundle, HouseholdRepository

CHUNK = 5_000
PARTY_SHARE = 0.5  # of party members in the register: in-service members who report here
PETITIONS_PER_1000 = 20  # adults with a petition in the last year

Progress = Callable[[int, int], None]


@dataclass
class DemoSummary:
    places: int = 0
    households: int = 0
    persons: int = 0
    party_members: int = 0
    petitions: int = 0


class _Demo:
    """The seeded random source shared by every part of one demo load."""

    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))


def load_demo(
    store: Store,
    households: int,
    seed: int = 1,
    today: date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill ``store`` with a demo slice of a county of ``households`` households."""
    with store.bulk():
        return _load(store, households, seed, today, progress)


def _load(
    store: Store, households: int, seed: int, today: date | None, progress: Progress | None
) -> DemoSummary:
    demo = _Demo(seed, today or date.today())
    summary = DemoSummary()
    places = people.demo_places(seed, households)
    place_records = [
        Place(
            demo.new_id(),
            p.code,
            p.name,
            p.level,
            p.parent_code,
            "2020-01-01",
            "",
            village_of(p.code) if p.level in ("village", "grid") else p.code,
        )
        for p in places
    ]
    with store.write("load demo data: places", {"seed": seed}) as capture:
        insert_records(capture, "place", place_records)
    summary.places = len(place_records)

    repo = HouseholdRepository(store)
    party_pool: list[Person] = []
    petition_pool: list[tuple[Person, str]] = []
    bundles: list[HouseholdBundle] = []

    def flush() -> None:
        part = summary.households // CHUNK + 1
        with store.write("load demo data: households", {"seed": seed, "part": part}) as capture:
            summary.persons += repo.insert_bundles(capture, bundles)
        summary.households += len(bundles)
        bundles.clear()
        if progress is not None:
            progress(summary.households, households)

    for generated in people.demo_households(seed, households, places):
        bundle = _bundle(demo, generated)
        bundles.append(bundle)
        for member in bundle.members:
            if member.status != "1":
                continue
            age = _age(member, demo.today)
            if member.political in ("01", "02") and age < 60 and demo.rng.random() < PARTY_SHARE:
                party_pool.append(member)
            if age >= 18 and demo.rng.random() < PETITIONS_PER_1000 / 1000:
                petition_pool.append((member, bundle.household.address))
        if len(bundles) >= CHUNK:
            flush()
    if bundles:
        flush()

    villages = [p.code for p in places if p.level == "village"]
    with store.write("load demo data: party reporting", {"seed": seed}) as capture:
        summary.party_members = _party(capture, demo, party_pool, villages)
    with store.write("load demo data: petitions", {"seed": seed}) as capture:
        summary.petitions = _petitions(capture, demo, petition_pool, store.device_prefix())
    return summary


def _age(person: Person, today: date) -> int:
    born = person.birth_date
    if born is None:
        return 0
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _bundle(demo: _Demo, generated: people.DemoHousehold) -> HouseholdBundle:
    household = Household(id=demo.new_id(), **generated.fields)  # type: ignore[arg-type]
    members: list[Person] = []
    tags: list[PersonTag] = []
    for demo_person in generated.members:
        person = Person(
            id=demo.new_id(),
            household_id=household.id,
            **demo_person.fields,  # type: ignore[arg-type]
        )
        members.append(person)
        for tag in people.person_tags_for(demo_person, generated):
            start = demo.days_ago(30, 1800)
            tags.append(PersonTag(demo.new_id(), person.id, tag, start, area_code=person.area_code))
    return HouseholdBundle(household, members, tags)


_POSTS = [
    ("环境卫生整治", "社区治理"),
    ("政策宣传进万家", "安全宣传与治安巡逻"),
    ("关爱空巢老人", "助困扶残"),
    ("法律咨询服务", "法律咨询与援助"),
    ("义诊进社区", "健康医疗"),
    ("治安巡逻", "安全宣传与治安巡逻"),
    ("文明创建志愿服务", "社区治理"),
    ("留守儿童课业辅导", "助困扶残"),
    ("党课宣讲", "组织建设"),
    ("文艺汇演", "文化体育"),
]
_UNITS = [
    "县自然资源局",
    "县教育体育局",
    "县人民医院",
    "县税务局",
    "县供电公司",
    "县农业农村局",
    "县市场监督管理局",
    "县第一中学",
    "县邮政分公司",
    "县人民法院",
]


def _party(capture: Capture, demo: _Demo, pool: list[Person], villages: list[str]) -> int:
    from gridapp.models import codes

    category = codes.table("party_post_category")
    rng, today = demo.rng, demo.today
    members: list[PartyMember] = []
    reports: list[PartyReport] = []
    by_village: dict[str, list[PartyMember]] = {}
    for person in pool:
        unit = rng.choice(_UNITS)
        joined = date(rng.randint(1985, today.year - 1), rng.randint(1, 12), rng.randint(1, 28))
        if person.birth_date and joined.year < person.birth_date.year + 18:
            joined = date(min(today.year - 1, person.birth_date.year + 18), 7, 1)
        member = PartyMember(
            id=demo.new_id(),
            id_number=person.id_number,
            name=person.name,
            person_id=person.id,
            sex=person.sex,
            birth_date=person.birth_date,
            education=person.education,
            phone=person.phone,
            address=person.cur_address,
            work_unit=unit,
            party_org=f"{unit}机关党支部",
            joined_date=joined,
            membership="probationary" if person.political == "02" else "full",
            skills=rng.choice(["", "", "医疗", "法律", "文艺", "电工", "教育辅导"]),
            grid_code=person.grid_code,
            area_code=person.area_code,
        )
        members.append(member)
        by_village.setdefault(person.area_code, []).append(member)
        cancelled = rng.random() < 0.04
        reports.append(
            PartyReport(
                id=demo.new_id(),
                member_id=member.id,
                report_date=demo.days_ago(60, 900),
                community_code=person.area_code,
                grid_code=person.grid_code,
                channel=rng.choice(["offline", "online"]),
                status="cancelled" if cancelled else "active",
                cancel_date=demo.days_ago(1, 50) if cancelled else None,
                cancel_reason="工作调动" if cancelled else "",
                area_code=person.area_code,
            )
        )
    posts: list[ServicePost] = []
    claims: list[PostClaim] = []
    activities: list[PartyActivity] = []
    parts: list[ActivityParticipation] = []
    feedback: list[PartyFeedback] = []
    quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    for village in villages:
        local = by_village.get(village, [])
        if not local:
            continue
        village_posts = []
        for name, label in rng.sample(_POSTS, 5):
            post = ServicePost(
                demo.new_id(),
                f"{name}岗",
                category.resolve(label) or "other",
                planned=rng.randint(3, 10),
                area_code=village,
            )
            village_posts.append(post)
            for member in rng.sample(local, min(len(local), rng.randint(1, post.planned))):
                claims.append(
                    PostClaim(
                        demo.new_id(), post.id, demo.days_ago(1, 300), member.id, area_code=village
                    )
                )
        posts.extend(village_posts)
        hours: dict[str, float] = {}
        count: dict[str, int] = {}
        for month_back in range(12):
            post = rng.choice(village_posts)
            activity = PartyActivity(
                demo.new_id(),
                post.name.removesuffix("岗"),
                demo.days_ago(30 * month_back, 30 * month_back + 27),
                "村(居)委会",
                "社区党委",
                post.id,
                area_code=village,
            )
            activities.append(activity)
            for member in rng.sample(local, min(len(local), rng.randint(2, 12))):
                spent = rng.choice([1.0, 1.5, 2.0, 2.0, 3.0, 4.0])
                parts.append(
                    ActivityParticipation(
                        demo.new_id(),
                        activity.id,
                        member.id,
                        spent,
                        "参与" + activity.theme,
                        rng.choice(["满意", "满意", "很满意", "基本满意"]),
                        spent * 2,
                        area_code=village,
                    )
                )
                hours[member.id] = hours.get(member.id, 0.0) + spent
                count[member.id] = count.get(member.id, 0) + 1
        for member in local:
            if member.id in count:
                feedback.append(
                    PartyFeedback(
                        demo.new_id(),
                        member.id,
                        quarter,
                        count[member.id],
                        hours[member.id],
                        hours[member.id] * 2,
                        "good" if hours[member.id] >= 6 else "pass",
                        area_code=village,
                    )
                )
    insert_records(capture, "party_member", members)
    insert_records(capture, "party_report", reports)
    insert_records(capture, "service_post", posts)
    insert_records(capture, "post_claim", claims)
    insert_records(capture, "party_activity", activities)
    insert_records(capture, "activity_participation", parts)
    insert_records(capture, "party_feedback", feedback)
    return len(members)


_TOPICS = [
    ("民政救助", "claim", "申请低保未获批准，要求重新审核"),
    ("土地征收", "claim", "土地征收补偿款未足额发放"),
    ("邻里纠纷", "claim", "邻居违建占用通道，协调未果"),
    ("城乡建设", "suggestion", "村道路灯损坏，建议尽快维修"),
    ("劳动社保", "claim", "拖欠农民工工资，请求帮助追讨"),
    ("环境保护", "claim", "生活污水直排河道，影响饮水安全"),
    ("物业管理", "suggestion", "小区物业服务差，建议更换物业公司"),
    ("党纪政纪", "accusation", "反映村干部优亲厚友问题"),
    ("医疗卫生", "claim", "新农合报销比例有疑问"),
    ("教育", "suggestion", "建议增加村小学校车班次"),
]
# status -> relative share; each status implies the progress steps before it.
_STATUSES = [
    ("registered", 8),
    ("accepted", 10),
    ("in_progress", 22),
    ("extended", 5),
    ("replied", 15),
    ("closed", 36),
    ("rejected", 2),
    ("transferred", 2),
]
# days from the step before: (least, most)
_GAPS = {
    "accept": (1, 14),
    "reject": (1, 14),
    "transfer": (1, 10),
    "handle": (1, 5),
    "extend": (20, 50),
    "reply": (10, 50),
    "callback": (1, 5),
    "close": (1, 5),
}
_REJECT_REASONS = ["同一事项已由县信访局受理办理", "属诉讼程序处理事项，已告知依法向人民法院起诉"]
_STEPS = {
    "registered": ["register"],
    "rejected": ["register", "reject"],
    "transferred": ["register", "transfer"],
    "accepted": ["register", "accept"],
    "in_progress": ["register", "accept", "handle"],
    "extended": ["register", "accept", "handle", "extend"],
    "replied": ["register", "accept", "handle", "reply"],
    "closed": ["register", "accept", "handle", "reply", "callback", "close"],
}


def _petitions(capture: Capture, demo: _Demo, pool: list[tuple[Person, str]], prefix: str) -> int:
    from gridapp.models import codes

    category_table = codes.table("petition_category")
    rng, today = demo.rng, demo.today
    policy = DeadlinePolicy()  # the default county rule: 日 = calendar days
    statuses = [s for s, _ in _STATUSES]
    weights = [w for _, w in _STATUSES]
    petitions: list[Petition] = []
    petitioners: list[Petitioner] = []
    progress: list[PetitionProgress] = []
    for n, (person, address) in enumerate(pool, start=1):
        category, kind, summary = rng.choice(_TOPICS)
        status = rng.choices(statuses, weights)[0]
        registered = demo.days_ago(0, 330)
        # the date of every step, in order (the petition's fields and progress agree)
        dates = {"register": registered}
        when = registered
        for step in _STEPS[status][1:]:
            when = min(today, when + timedelta(days=rng.randint(*_GAPS[step])))
            dates[step] = when
        accepted, replied = dates.get("accept"), dates.get("reply")
        closed, transferred = dates.get("close"), dates.get("transfer")
        extended_until = None
        if accepted:
            due = policy.add(accepted, 60)
            if "extend" in dates:
                extended_until = due = policy.add(due, rng.randint(10, 30))
        else:
            due = policy.add(transferred or registered, 15)
        repeat = rng.random() < 0.1
        petition = Petition(
            id=demo.new_id(),
            reg_no=f"{prefix}-{registered.year}-{n:06d}",
            reg_date=registered,
            channel=rng.choice(
                ["visit", "visit", "phone", "letter", "online", "hotline_12345", "grid_found"]
            ),
            kind=kind,
            category=category_table.resolve(category) or "99",
            summary=summary,
            content=f"{person.name}反映：{summary}。",
            headcount=1 if rng.random() < 0.9 else rng.randint(2, 5),
            is_repeat=repeat,
            repeat_count=rng.randint(2, 5) if repeat else 0,
            problem_area_code=person.area_code,
            problem_address=address,
            status=status,
            level="township" if transferred else "village",
            handling_unit="镇综治中心" if transferred else "村委会",
            handler=rng.choice(["李主任", "王书记", "陈干事"]),
            accepted_date=accepted,
            due_date=due,
            decision=rng.choice(["support", "explain", "reject"]) if replied else "",
            reply_date=replied,
            satisfaction=rng.choice(["satisfied", "satisfied", "basic", "unsatisfied"])
            if closed
            else "",
            closed_date=closed,
            grid_code=person.grid_code,
            holder="township" if transferred else "village",
            transferred_from="village" if transferred else "",
            transfer_date=transferred,
            extended_until=extended_until,
            extension_reason="情况复杂，需协调镇相关部门" if extended_until else "",
            reject_reason=rng.choice(_REJECT_REASONS) if status == "rejected" else "",
            reply_text=f"经调查核实，已就“{summary}”作出处理。" if replied else "",
            reply_method=rng.choice(["written", "in_person", "phone"]) if replied else "",
            callback_date=dates.get("callback"),
            last_step_date=when,
            area_code=person.area_code,
        )
        petitions.append(petition)
        petitioners.append(
            Petitioner(
                demo.new_id(),
                petition.id,
                person.name,
                person.id,
                person.id_number,
                person.phone,
                address,
                True,
                person.area_code,
            )
        )
        for step, day in dates.items():
            progress.append(
                PetitionProgress(
                    demo.new_id(), petition.id, step, day, "demo", "{}", person.area_code
                )
            )
    insert_records(capture, "petition", petitions)
    insert_records(capture, "petition_petitioner", petitioners)
    insert_records(capture, "petition_progress", progress)
    return len(petitions)
