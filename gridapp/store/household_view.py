"""Read-only queries behind the household page and the household / person forms.

One call, :func:`load_household_view`, reads everything the page shows about one household in
a handful of queries (members including former ones, their tags, the household's tags and
history, petitions of its members, party members among them), so the page makes one
background job per reload and its table models never run SQL per cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from gridapp.models.access import Permission
from gridapp.models.household import Household, HouseholdEvent, HouseholdTag, Person, PersonTag
from gridapp.models.places import village_of
from gridapp.store import masking
from gridapp.store.access import allowed
from gridapp.store.db import Store
from gridapp.store.errors import NotFoundError
from gridapp.store.rows import from_row

ACTIVE = "1"  # person_status 正常

_MEMBERS_SQL = (
    "SELECT * FROM person WHERE household_id = ? AND deleted = 0"
    " ORDER BY (status <> '1'), (relation <> '02'), relation, birth_date, name"
)
_MEMBER_IDS = "SELECT id FROM person WHERE household_id = ? AND deleted = 0"


@dataclass(frozen=True)
class MemberPetition:
    """A petition (诉求) in which at least one member of the household is a petitioner."""

    petition_id: str
    reg_no: str
    reg_date: date
    channel: str  # petition_channel code
    kind: str  # petition_kind code
    category: str  # petition_category code
    summary: str
    status: str  # gridapp.models.petition.STATUSES
    due_date: date | None
    closed_date: date | None
    petitioners: tuple[str, ...]  # names of the members who petitioned


@dataclass(frozen=True)
class MemberPartyRecord:
    """A party member (党员) who is a member of the household, with the latest 报到."""

    member_id: str
    person_id: str
    name: str
    membership: str  # party_membership code
    joined_date: date | None
    work_unit: str
    party_org: str
    report_date: date | None
    report_status: str  # "active" | "cancelled" | "" (never reported)
    cancel_date: date | None


@dataclass(frozen=True)
class GridChoice:
    """A grid (网格) of the places table, for the household form's grid box."""

    code: str
    name: str
    village_name: str

    @property
    def village_code(self) -> str:
        return village_of(self.code)


@dataclass(frozen=True)
class RegisteredPerson:
    """Who already holds an ID number (for the form's "已登记" hint)."""

    person_id: str
    name: str
    household_id: str | None
    household_no: str
    status: str


@dataclass
class HouseholdView:
    """Everything the household page shows about one household."""

    household: Household
    grid_name: str  # "石泉村·第一网格", or "" when the grid is not in the places table
    members: list[Person]  # current members (head first), then former ones (迁出/死亡)
    person_tags: dict[str, list[PersonTag]]  # person id -> tags (all periods)
    household_tags: list[HouseholdTag]
    events: list[HouseholdEvent]  # newest first
    petitions: list[MemberPetition]
    party_members: list[MemberPartyRecord]
    today: date = field(default_factory=date.today)
    may_unmask: bool = False  # the role may show one member's numbers in full (logged)

    @property
    def head(self) -> Person | None:
        return next((m for m in self.members if m.status == ACTIVE and m.is_head), None)

    @property
    def current_members(self) -> list[Person]:
        return [m for m in self.members if m.status == ACTIVE]

    def open_person_tags(self, person_id: str) -> list[PersonTag]:
        """The person's tags that run today (started, not ended)."""
        return [t for t in self.person_tags.get(person_id, []) if _runs(t, self.today)]

    def open_household_tags(self) -> list[HouseholdTag]:
        return [t for t in self.household_tags if _runs(t, self.today)]


def _runs(tag: PersonTag | HouseholdTag, on: date) -> bool:
    started = tag.start_date is None or tag.start_date <= on
    return started and (tag.end_date is None or tag.end_date > on)


def _date(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def load_household_view(
    store: Store, household_id: str, today: date | None = None
) -> HouseholdView:
    """The household with its members, tags, history, petitions and party members.

    :class:`NotFoundError` if there is no such household (or it was deleted).
    """
    rows = store.query("SELECT * FROM household WHERE id = ? AND deleted = 0", (household_id,))
    if not rows:
        raise NotFoundError(what=household_id)
    household = from_row(Household, rows[0])
    members = [from_row(Person, r) for r in store.query(_MEMBERS_SQL, (household_id,))]
    person_tags: dict[str, list[PersonTag]] = {}
    for row in store.query(
        "SELECT * FROM person_tag WHERE deleted = 0"
        f" AND person_id IN ({_MEMBER_IDS}) ORDER BY start_date",
        (household_id,),
    ):
        person_tags.setdefault(row["person_id"], []).append(from_row(PersonTag, row))
    household_tags = [
        from_row(HouseholdTag, r)
        for r in store.query(
            "SELECT * FROM household_tag WHERE household_id = ? AND deleted = 0"
            " ORDER BY start_date",
            (household_id,),
        )
    ]
    events = [
        from_row(HouseholdEvent, r)
        for r in store.query(
            "SELECT * FROM household_event WHERE household_id = ? AND deleted = 0"
            " ORDER BY event_date DESC, created_at DESC, rowid DESC",
            (household_id,),
        )
    ]
    # What the role may not see (issue #8): the members' numbers are masked as in every
    # list (one person in full: HouseholdRepository.unmask_person, logged); 重点管理 tags,
    # and the petitions whose petitioner or content it may not know, are left out.
    members = [masking.masked_person(m) for m in members]
    hidden = masking.tag_filter(store)
    if hidden:
        person_tags = {
            pid: [t for t in tags if t.tag not in hidden] for pid, tags in person_tags.items()
        }
        events = [masking.without_tag_labels(e, hidden) for e in events]
    return HouseholdView(
        household=household,
        grid_name=grid_name(store, household.grid_code),
        members=members,
        person_tags=person_tags,
        household_tags=household_tags,
        events=events,
        petitions=_visible(store, _petitions(store, household_id)),
        party_members=_party_members(store, household_id),
        today=today or date.today(),
        may_unmask=allowed(store, Permission.UNMASK),
    )


def _petitions(store: Store, household_id: str) -> list[MemberPetition]:
    rows = store.query(
        "SELECT p.id, p.reg_no, p.reg_date, p.channel, p.kind, p.category, p.summary,"
        " p.status, p.due_date, p.closed_date, pp.name AS petitioner"
        " FROM petition_petitioner pp JOIN petition p ON p.id = pp.petition_id"
        f" WHERE pp.deleted = 0 AND p.deleted = 0 AND pp.person_id IN ({_MEMBER_IDS})"
        " ORDER BY p.reg_date DESC, p.reg_no DESC, pp.is_primary DESC, pp.name",
        (household_id,),
    )
    by_id: dict[str, dict[str, Any]] = {}
    names: dict[str, list[str]] = {}
    for row in rows:
        by_id.setdefault(row["id"], row)
        names.setdefault(row["id"], []).append(row["petitioner"])
    return [
        MemberPetition(
            petition_id=pid,
            reg_no=row["reg_no"],
            reg_date=date.fromisoformat(row["reg_date"]),
            channel=row["channel"],
            kind=row["kind"],
            category=row["category"],
            summary=row["summary"],
            status=row["status"],
            due_date=_date(row["due_date"]),
            closed_date=_date(row["closed_date"]),
            petitioners=tuple(dict.fromkeys(names[pid])),
        )
        for pid, row in by_id.items()
    ]


def _visible(store: Store, petitions: list[MemberPetition]) -> list[MemberPetition]:
    """The members' petitions the role may know of (its petitioner), their summary and
    category hidden where it may not see the content."""
    if not petitions or masking.sees_all_content(store):
        return petitions
    from gridapp.store.petitions import PetitionRepository  # petitions imports households

    repo = PetitionRepository(store)
    own = masking.own_petition_ids(store, [p.petition_id for p in petitions])
    shown: list[MemberPetition] = []
    for item in petitions:
        seen = masking.petition_visibility(
            store, repo._load(item.petition_id), item.petition_id in own
        )
        if not seen.petitioner:
            continue
        if not seen.content:
            item = replace(item, summary=masking.confidential_text(), category="")
        shown.append(item)
    return shown


def _party_members(store: Store, household_id: str) -> list[MemberPartyRecord]:
    rows = store.query(
        "SELECT m.id, m.person_id, m.name, m.membership, m.joined_date, m.work_unit,"
        " m.party_org, r.report_date, r.status AS report_status, r.cancel_date"
        " FROM party_member m LEFT JOIN party_report r ON r.id = ("
        "   SELECT id FROM party_report WHERE member_id = m.id AND deleted = 0"
        "   ORDER BY report_date DESC LIMIT 1)"
        # By ID number (indexed, and it also finds a member whose record is not linked to
        # the person yet); party_member.person_id has no index.
        " WHERE m.deleted = 0 AND m.id_number IN"
        " (SELECT id_number FROM person WHERE household_id = ? AND deleted = 0)"
        " ORDER BY m.name",
        (household_id,),
    )
    return [
        MemberPartyRecord(
            member_id=row["id"],
            person_id=row["person_id"] or "",
            name=row["name"],
            membership=row["membership"],
            joined_date=_date(row["joined_date"]),
            work_unit=row["work_unit"],
            party_org=row["party_org"],
            report_date=_date(row["report_date"]),
            report_status=row["report_status"] or "",
            cancel_date=_date(row["cancel_date"]),
        )
        for row in rows
    ]


def household_of_person(store: Store, person_id: str) -> str | None:
    """The household a person belongs to (None: none); :class:`NotFoundError` if unknown."""
    rows = store.query("SELECT household_id FROM person WHERE id = ? AND deleted = 0", (person_id,))
    if not rows:
        raise NotFoundError(what=person_id)
    value = rows[0]["household_id"]
    return str(value) if value else None


def registered_person(store: Store, id_number: str) -> RegisteredPerson | None:
    """Who holds ``id_number`` in the register (any status), with their household number."""
    rows = store.query(
        "SELECT p.id, p.name, p.household_id, p.status, h.household_no FROM person p"
        " LEFT JOIN household h ON h.id = p.household_id AND h.deleted = 0"
        " WHERE p.id_number = ? AND p.deleted = 0",
        (id_number,),
    )
    if not rows:
        return None
    row = rows[0]
    return RegisteredPerson(
        person_id=row["id"],
        name=row["name"],
        household_id=row["household_id"],
        household_no=row["household_no"] or "",
        status=row["status"],
    )


def grid_name(store: Store, code: str) -> str:
    """ "石泉村·第一网格" for a grid code; "" when the places table does not know it."""
    if not code:
        return ""
    rows = store.query(
        "SELECT g.name, v.name AS village FROM place g"
        " LEFT JOIN place v ON v.code = g.parent_code AND v.deleted = 0"
        " WHERE g.code = ? AND g.deleted = 0",
        (code,),
    )
    if not rows:
        return ""
    village = rows[0]["village"]
    return f"{village}·{rows[0]['name']}" if village else str(rows[0]["name"])


def grid_choices(store: Store, today: date | None = None) -> list[GridChoice]:
    """The grids in the places table that are valid today, in code order."""
    day = (today or date.today()).isoformat()
    rows = store.query(
        "SELECT g.code, g.name, coalesce(v.name, '') AS village FROM place g"
        " LEFT JOIN place v ON v.code = g.parent_code AND v.deleted = 0"
        " WHERE g.level = 'grid' AND g.deleted = 0 AND (g.valid_to = '' OR g.valid_to > ?)"
        " ORDER BY g.code",
        (day,),
    )
    return [GridChoice(r["code"], r["name"], r["village"]) for r in rows]


__all__ = [
    "GridChoice",
    "HouseholdView",
    "MemberPartyRecord",
    "MemberPetition",
    "RegisteredPerson",
    "grid_choices",
    "grid_name",
    "household_of_person",
    "load_household_view",
    "registered_person",
]
