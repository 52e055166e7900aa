"""党员双报到 in the store: service posts and projects, claims, activities and feedback.

A service post (岗位) or project (项目) plans a number of people; members (在职党员) and unit
party organisations (党组织) claim it (认领, many-to-many). A claim is refused when the post is
full, when the same member or organisation already holds it, or for an unknown or 注销
member; withdrawing keeps the row (status ``withdrawn``). The 公示 list shows each post
with its claimed/planned counts and who claimed it.

An activity (活动) is saved with its participants — hours (checked by
:func:`party_rules.check_hours`), content, residents' evaluation and points (from
:func:`party_rules.points_for` and the settings, unless given) — as one user action.
Participants may be added later from a list of ID numbers or names typed fast; one unknown
name refuses the whole list.

Feedback (反馈) to a member's work unit is per period (``2026Q3``/``2026H1``/``2026``): the
totals come from the participations; the community's 等次, opinion, signer and date are
saved as one ``party_feedback`` row per member and period (a second save updates it, old and
new values in the outbox).

Every write is one :meth:`Store.write`; every refusal raises :class:`ValidationError` listing
every problem, and nothing changes.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models import party_rules as rules
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import FieldSpec, clean_fields, clean_value
from gridapp.models.party import (
    ActivityParticipation,
    PartyActivity,
    PartyFeedback,
    PartyMember,
    PartyOrg,
    PostClaim,
    ServicePost,
)
from gridapp.store.bulk import insert_records, update_record
from gridapp.store.db import Store
from gridapp.store.errors import NotFoundError
from gridapp.store.households import new_id
from gridapp.store.rows import from_row

if TYPE_CHECKING:
    from gridapp.store.party import PartyRepository

MSG_NO_POST = QT_TRANSLATE_NOOP("Messages", "No service post or project “{post}”.")
MSG_POST_AMBIGUOUS = QT_TRANSLATE_NOOP(
    "Messages", "Several posts are named “{post}”: choose one by its id."
)
MSG_POST_FULL = QT_TRANSLATE_NOOP(
    "Messages", "“{post}” is already full: {claimed} of {planned} places are claimed."
)
MSG_BAD_KIND = QT_TRANSLATE_NOOP("Messages", "The kind is 岗位 (post) or 项目 (project).")
MSG_NO_MEMBER = QT_TRANSLATE_NOOP("Messages", "No party member “{member}” in the register.")
MSG_MEMBER_AMBIGUOUS = QT_TRANSLATE_NOOP(
    "Messages", "Several party members are named “{member}”: use the ID number."
)
MSG_MEMBER_CANCELLED = QT_TRANSLATE_NOOP(
    "Messages", "{name}'s report was cancelled (注销) on {date}."
)
MSG_NO_ORG = QT_TRANSLATE_NOOP("Messages", "No unit party organisation “{org}”.")
MSG_ORG_CANCELLED = QT_TRANSLATE_NOOP(
    "Messages", "The unit party organisation “{org}” was cancelled (注销)."
)
MSG_CLAIMANT = QT_TRANSLATE_NOOP(
    "Messages", "A claim is made by one party member or one unit party organisation."
)
MSG_ALREADY_CLAIMED = QT_TRANSLATE_NOOP("Messages", "{who} has already claimed “{post}”.")
MSG_NOT_CLAIMED = QT_TRANSLATE_NOOP("Messages", "{who} holds no claim on “{post}”.")
MSG_NO_ACTIVITY = QT_TRANSLATE_NOOP("Messages", "No activity “{activity}”.")
MSG_NO_PARTICIPANTS = QT_TRANSLATE_NOOP("Messages", "Name at least one participant.")
MSG_TWICE_IN_ACTIVITY = QT_TRANSLATE_NOOP("Messages", "{name} takes part in this activity already.")
MSG_BAD_POINTS = QT_TRANSLATE_NOOP("Messages", "Points are a number from 0 to {max}.")
MSG_PERIOD_AHEAD = QT_TRANSLATE_NOOP("Messages", "The period {period} has not begun yet.")
MSG_BAD_YEAR = QT_TRANSLATE_NOOP("Messages", "A year is written YYYY, e.g. 2026.")

ACTIVE = "active"
WITHDRAWN = "withdrawn"
KINDS = {"post": "post", "岗位": "post", "project": "project", "项目": "project"}
MAX_POINTS = 1000.0
MAX_PLANNED = 9999


def _spec(name: str, label: str, kind: str = "text", **kw: Any) -> tuple[str, FieldSpec]:
    return name, FieldSpec(name, label, kind, **kw)


POST_FIELDS: dict[str, FieldSpec] = dict(
    [
        _spec("name", QT_TRANSLATE_NOOP("Fields", "Post name"), max_len=100, required=True),
        _spec(
            "category",
            QT_TRANSLATE_NOOP("Fields", "Category"),
            "code",
            table="party_post_category",
            required=True,
        ),
        _spec(
            "planned",
            QT_TRANSLATE_NOOP("Fields", "Places planned"),
            "count",
            bounds=(1, MAX_PLANNED),
        ),
        _spec("skills_required", QT_TRANSLATE_NOOP("Fields", "Skills required"), max_len=200),
        _spec("contact", QT_TRANSLATE_NOOP("Fields", "Contact person"), max_len=50),
        _spec("phone", QT_TRANSLATE_NOOP("Fields", "Phone"), "phone", max_len=20),
        _spec("grid_code", QT_TRANSLATE_NOOP("Fields", "Grid"), max_len=30),
        _spec("note", QT_TRANSLATE_NOOP("Fields", "Note"), max_len=500, multiline=True),
    ]
)
ACTIVITY_FIELDS: dict[str, FieldSpec] = dict(
    [
        _spec("theme", QT_TRANSLATE_NOOP("Fields", "Theme"), max_len=100, required=True),
        _spec(
            "activity_date",
            QT_TRANSLATE_NOOP("Fields", "Activity date"),
            "date",
            required=True,
        ),
        _spec("place", QT_TRANSLATE_NOOP("Fields", "Place"), max_len=100),
        _spec("organiser", QT_TRANSLATE_NOOP("Fields", "Organiser"), max_len=100),
        _spec("grid_code", QT_TRANSLATE_NOOP("Fields", "Grid"), max_len=30),
        _spec("note", QT_TRANSLATE_NOOP("Fields", "Note"), max_len=500, multiline=True),
    ]
)
PARTICIPATION_FIELDS: dict[str, FieldSpec] = dict(
    [
        _spec("content", QT_TRANSLATE_NOOP("Fields", "Service content"), max_len=500),
        _spec("evaluation", QT_TRANSLATE_NOOP("Fields", "Residents' evaluation"), max_len=200),
    ]
)
FEEDBACK_FIELDS: dict[str, FieldSpec] = dict(
    [
        _spec(
            "rating",
            QT_TRANSLATE_NOOP("Fields", "Rating"),
            "code",
            table="feedback_rating",
            required=True,
        ),
        _spec(
            "opinion",
            QT_TRANSLATE_NOOP("Fields", "Community's opinion"),
            max_len=1000,
            multiline=True,
        ),
        _spec("signer", QT_TRANSLATE_NOOP("Fields", "Signed by"), max_len=50, required=True),
        _spec("signed_date", QT_TRANSLATE_NOOP("Fields", "Date signed"), "date", required=True),
    ]
)


def _fail(where: str, message: str, /, **params: object) -> ValidationError:
    return ValidationError([FieldError(where, message, params)])


def _short(text: object, limit: int = 40) -> str:
    return str(text).strip()[:limit]


def parse_period(text: str) -> rules.Period:
    """``2026Q3`` / ``2026H1`` / ``2026`` (full-width digits too) as a Period, or a
    :class:`ValidationError`."""
    return rules.Period.parse(unicodedata.normalize("NFKC", str(text)))


def split_tokens(text: str) -> list[str]:
    """A sign-in list typed fast: ID numbers or names separated by spaces, commas, 、，；
    or new lines (full-width characters folded)."""
    folded = unicodedata.normalize("NFKC", text)
    return [t for t in re.split(r"[\s,;、，；]+", folded) if t]


@dataclass(frozen=True)
class Participant:
    """One participant as typed: ``who`` is a member id, an ID number or a name."""

    who: str
    hours: Any
    content: str = ""
    evaluation: str = ""
    points: Any = None  # None: from the settings' points rules


@dataclass(frozen=True)
class MemberState:
    """Where a member stands with 报到: the active report's date, or the 注销 date."""

    reported: date | None
    cancelled: date | None


@dataclass(frozen=True)
class BoardRow:
    """One line of the 公示 list."""

    post: ServicePost
    claimed: int
    planned: int
    who: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FeedbackSheet:
    """What the feedback sheet to a member's work unit shows for one period."""

    member: PartyMember
    period: str
    start: date
    end: date
    report_date: date | None
    posts: list[str]
    activities: int
    hours: float
    points: float
    saved: PartyFeedback | None  # the 等次, opinion, signer and date once saved


@dataclass(frozen=True)
class BelowRow:
    member: PartyMember
    hours: float
    threshold: float


class ServiceRepository:
    """Posts, claims, activities and feedback of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    def _register(self) -> PartyRepository:
        """The register's repository (members, reports, organisations, settings)."""
        from gridapp.store.party import PartyRepository  # gridapp.store.party imports us

        return PartyRepository(self.store)

    # --- settings --------------------------------------------------------------------------

    def settings(self) -> rules.PartySettings:
        """The community's points rules, hours threshold and feedback period (meta
        ``party_settings``, kept by PartyRepository / ``gridapp party settings``)."""
        return self._register().settings()

    # --- members and organisations ---------------------------------------------------------

    def member(self, member_id: str) -> PartyMember | None:
        try:
            return self._register().get_member(member_id)
        except NotFoundError:
            return None

    def find_members(self, token: str) -> list[PartyMember]:
        """Members a typed token names: a member id, an ID number (any case, full-width
        digits, 15 digits) or an exact name (several members may share it)."""
        text = unicodedata.normalize("NFKC", str(token)).strip()
        if not text:
            return []
        register = self._register()
        found = self.member(text) or register.member_by_id_number(text)
        if found is not None:
            return [found]
        rows = self.store.query(
            "SELECT * FROM party_member WHERE deleted = 0 AND name = ? ORDER BY id_number",
            (unicodedata.normalize("NFC", str(token)).strip(),),
        )
        return [from_row(PartyMember, r) for r in rows]

    def resolve_member(self, token: str, where: str = "member") -> PartyMember:
        """The one member ``token`` names, or a :class:`ValidationError`."""
        found = self.find_members(token)
        if not found:
            raise _fail(where, MSG_NO_MEMBER, member=_short(token))
        if len(found) > 1:
            raise _fail(where, MSG_MEMBER_AMBIGUOUS, member=_short(token))
        return found[0]

    def member_state(self, member_id: str) -> MemberState:
        """The member's report in force, else the latest 注销 (both None: never reported)."""
        register = self._register()
        current = register.current_report(member_id)
        if current is not None:
            return MemberState(current.report_date, None)
        reports = register.reports(member_id)
        if reports:
            last = reports[-1]
            return MemberState(None, last.cancel_date or last.report_date)
        return MemberState(None, None)

    def org(self, token: str) -> PartyOrg:
        """The unit party organisation with this id or name, or a :class:`ValidationError`."""
        return self._register().require_org(token)

    # --- posts and projects ----------------------------------------------------------------

    def add_post(self, post: ServicePost, today: date | None = None) -> ServicePost:
        """Check and save a new post or project; returns it as saved."""
        errors: list[FieldError] = []
        values = {name: getattr(post, name) for name in POST_FIELDS}
        try:
            cleaned = clean_fields(POST_FIELDS, values, today)
        except ValidationError as exc:
            errors.extend(exc.errors)
            cleaned = {}
        kind = KINDS.get(str(post.kind).strip().lower())
        if kind is None:
            errors.append(FieldError("kind", MSG_BAD_KIND))
        if errors or kind is None:
            raise ValidationError(errors)
        saved = replace(post, **cleaned, kind=kind)
        detail = {"name": saved.name, "kind": saved.kind, "planned": saved.planned}
        with self.store.write("party post add", detail) as cap:
            insert_records(cap, "service_post", [saved])
        return saved

    def get_post(self, post_id: str) -> ServicePost:
        rows = self.store.query(
            "SELECT * FROM service_post WHERE id = ? AND deleted = 0", (post_id,)
        )
        if not rows:
            raise _fail("post", MSG_NO_POST, post=_short(post_id))
        return from_row(ServicePost, rows[0])

    def find_post(self, token: str) -> ServicePost:
        """The post with this id or (unique) name, or a :class:`ValidationError`."""
        text = unicodedata.normalize("NFC", str(token)).strip()
        rows = self.store.query(
            "SELECT * FROM service_post WHERE deleted = 0 AND id = ?", (text,)
        ) or self.store.query("SELECT * FROM service_post WHERE deleted = 0 AND name = ?", (text,))
        if not rows:
            raise _fail("post", MSG_NO_POST, post=_short(text))
        if len(rows) > 1:
            raise _fail("post", MSG_POST_AMBIGUOUS, post=_short(text))
        return from_row(ServicePost, rows[0])

    def posts(self) -> list[ServicePost]:
        rows = self.store.query(
            "SELECT * FROM service_post WHERE deleted = 0 ORDER BY kind, category, name"
        )
        return [from_row(ServicePost, r) for r in rows]

    def claims(
        self,
        *,
        post_id: str | None = None,
        member_id: str | None = None,
        org_id: str | None = None,
        active_only: bool = True,
    ) -> list[PostClaim]:
        """Claims, oldest first; withdrawn ones too unless ``active_only``."""
        where = ["deleted = 0"]
        params: list[Any] = []
        for column, value in (("post_id", post_id), ("member_id", member_id), ("org_id", org_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if active_only:
            where.append("status = ?")
            params.append(ACTIVE)
        rows = self.store.query(
            f"SELECT * FROM post_claim WHERE {' AND '.join(where)} ORDER BY claim_date, rowid",
            params,
        )
        return [from_row(PostClaim, r) for r in rows]

    def _claimant(
        self, member: str | None, org: str | None, on: date
    ) -> tuple[PartyMember | None, PartyOrg | None, str]:
        """The member or organisation of a claim and the name to show."""
        if (member is None) == (org is None):
            raise _fail("claimant", MSG_CLAIMANT)
        if member is not None:
            found = self.resolve_member(member)
            state = self.member_state(found.id)
            if state.cancelled is not None:
                raise _fail(
                    "member",
                    MSG_MEMBER_CANCELLED,
                    name=found.name,
                    date=state.cancelled.isoformat(),
                )
            return found, None, found.name
        assert org is not None
        unit = self.org(org)
        if unit.status != ACTIVE:
            raise _fail("org", MSG_ORG_CANCELLED, org=unit.name)
        return None, unit, unit.name

    def claim(
        self,
        post: str,
        *,
        member: str | None = None,
        org: str | None = None,
        on: date | None = None,
        today: date | None = None,
    ) -> PostClaim:
        """认领: ``member`` (id, ID number or name) or ``org`` (id or name) claims ``post``
        (id or name) on ``on`` (default today)."""
        today = today or date.today()
        day = clean_value(FieldSpec("claim_date", "", "date"), on or today, today)
        target = self.find_post(post)
        found, unit, who = self._claimant(member, org, day)
        active = self.claims(post_id=target.id)
        if any(
            (found is not None and c.member_id == found.id)
            or (unit is not None and c.org_id == unit.id)
            for c in active
        ):
            raise _fail("post", MSG_ALREADY_CLAIMED, who=who, post=target.name)
        if len(active) >= target.planned:
            raise _fail(
                "post",
                MSG_POST_FULL,
                post=target.name,
                claimed=len(active),
                planned=target.planned,
            )
        claim = PostClaim(
            new_id(),
            target.id,
            day,
            member_id=found.id if found else None,
            org_id=unit.id if unit else None,
            area_code=target.area_code,
        )
        detail = {"post": target.name, "who": who}
        with self.store.write(
            "party post claim", detail, table="post_claim", row_id=claim.id
        ) as cap:
            insert_records(cap, "post_claim", [claim])
        return claim

    def withdraw(
        self, post: str, *, member: str | None = None, org: str | None = None
    ) -> PostClaim:
        """Withdraw a member's or organisation's active claim; the row stays (``withdrawn``)."""
        if (member is None) == (org is None):
            raise _fail("claimant", MSG_CLAIMANT)
        target = self.find_post(post)
        if member is not None:
            found = self.resolve_member(member)
            who = found.name
            held = self.claims(post_id=target.id, member_id=found.id)
        else:
            assert org is not None
            unit = self.org(org)
            who = unit.name
            held = self.claims(post_id=target.id, org_id=unit.id)
        if not held:
            raise _fail("post", MSG_NOT_CLAIMED, who=who, post=target.name)
        current = held[0]
        detail = {"post": target.name, "who": who}
        with self.store.write(
            "party post withdraw", detail, table="post_claim", row_id=current.id
        ) as cap:
            update_record(cap, "post_claim", current, {"status": WITHDRAWN})
        return replace(current, status=WITHDRAWN)

    def board(self) -> list[BoardRow]:
        """公示: every post and project with claimed/planned and who claimed it."""
        names: dict[str, list[str]] = {}
        for row in self.store.query(
            "SELECT c.post_id, coalesce(m.name, o.name, '') AS who FROM post_claim c"
            " LEFT JOIN party_member m ON m.id = c.member_id"
            " LEFT JOIN party_org o ON o.id = c.org_id"
            " WHERE c.deleted = 0 AND c.status = ? ORDER BY c.claim_date, c.rowid",
            (ACTIVE,),
        ):
            names.setdefault(row["post_id"], []).append(row["who"])
        return [
            BoardRow(post, len(names.get(post.id, [])), post.planned, names.get(post.id, []))
            for post in self.posts()
        ]

    # --- activities ------------------------------------------------------------------------

    def get_activity(self, activity_id: str) -> PartyActivity:
        rows = self.store.query(
            "SELECT * FROM party_activity WHERE id = ? AND deleted = 0", (activity_id,)
        )
        if not rows:
            raise _fail("activity", MSG_NO_ACTIVITY, activity=_short(activity_id))
        return from_row(PartyActivity, rows[0])

    def participations(self, activity_id: str) -> list[ActivityParticipation]:
        rows = self.store.query(
            "SELECT * FROM activity_participation WHERE activity_id = ? AND deleted = 0"
            " ORDER BY rowid",
            (activity_id,),
        )
        return [from_row(ActivityParticipation, r) for r in rows]

    def add_activity(
        self,
        activity: PartyActivity,
        participants: Sequence[Participant],
        today: date | None = None,
    ) -> PartyActivity:
        """Check and save an activity with its participants as one user action."""
        today = today or date.today()
        errors: list[FieldError] = []
        values = {name: getattr(activity, name) for name in ACTIVITY_FIELDS}
        try:
            cleaned = clean_fields(ACTIVITY_FIELDS, values, today)
        except ValidationError as exc:
            errors.extend(exc.errors)
            cleaned = {}
        post: ServicePost | None = None
        if activity.post_id:
            try:
                post = self.find_post(activity.post_id)
            except ValidationError as exc:
                errors.extend(exc.errors)
        checked = replace(activity, **cleaned, post_id=post.id if post else activity.post_id)
        if not checked.area_code and post is not None:
            checked = replace(checked, area_code=post.area_code)
        day = cleaned.get("activity_date")
        parts, problems = self._participations(checked, participants, day, set())
        errors.extend(problems)
        if errors:
            raise ValidationError(errors)
        detail = {"theme": checked.theme, "date": str(checked.activity_date), "people": len(parts)}
        with self.store.write(
            "party activity add", detail, table="party_activity", row_id=checked.id
        ) as cap:
            insert_records(cap, "party_activity", [checked])
            insert_records(cap, "activity_participation", parts)
        return checked

    def add_participants(
        self, activity_id: str, participants: Sequence[Participant]
    ) -> list[ActivityParticipation]:
        """Add participants to a saved activity (one user action; all or nothing)."""
        activity = self.get_activity(activity_id)
        present = {p.member_id for p in self.participations(activity_id)}
        parts, errors = self._participations(
            activity, participants, activity.activity_date, present
        )
        if errors:
            raise ValidationError(errors)
        detail = {"theme": activity.theme, "people": len(parts)}
        with self.store.write(
            "party activity participants", detail, table="party_activity", row_id=activity.id
        ) as cap:
            insert_records(cap, "activity_participation", parts)
        return parts

    def quick_add(
        self,
        activity_id: str,
        tokens: Iterable[str] | str,
        hours: Any,
        content: str = "",
        evaluation: str = "",
    ) -> list[ActivityParticipation]:
        """A sign-in list typed fast: ID numbers or names (a string is split by
        :func:`split_tokens`), everyone with the same hours and content. Every name not
        found is reported at once and nothing is added."""
        items = split_tokens(tokens) if isinstance(tokens, str) else list(tokens)
        return self.add_participants(
            activity_id, [Participant(t, hours, content, evaluation) for t in items]
        )

    def _participations(
        self,
        activity: PartyActivity,
        participants: Sequence[Participant],
        day: date | None,
        present: set[str],
    ) -> tuple[list[ActivityParticipation], list[FieldError]]:
        """The rows for ``participants`` and every problem with them."""
        if not participants:
            return [], [FieldError("participants", MSG_NO_PARTICIPANTS)]
        settings = self.settings()
        errors: list[FieldError] = []
        rows: list[ActivityParticipation] = []
        seen = set(present)
        for index, person in enumerate(participants):
            prefix = f"participants[{index}]"
            found = self.find_members(person.who)
            member: PartyMember | None = None
            if not found:
                errors.append(
                    FieldError(f"{prefix}.member", MSG_NO_MEMBER, {"member": _short(person.who)})
                )
            elif len(found) > 1:
                errors.append(
                    FieldError(
                        f"{prefix}.member", MSG_MEMBER_AMBIGUOUS, {"member": _short(person.who)}
                    )
                )
            else:
                member = found[0]
                state = self.member_state(member.id)
                if state.cancelled is not None and day is not None and day > state.cancelled:
                    errors.append(
                        FieldError(
                            f"{prefix}.member",
                            MSG_MEMBER_CANCELLED,
                            {"name": member.name, "date": state.cancelled.isoformat()},
                        )
                    )
                elif member.id in seen:
                    errors.append(
                        FieldError(f"{prefix}.member", MSG_TWICE_IN_ACTIVITY, {"name": member.name})
                    )
                seen.add(member.id)
            hours: float | None = None
            try:
                hours = rules.check_hours(person.hours, f"{prefix}.hours")
            except ValidationError as exc:
                errors.extend(exc.errors)
            texts = {"content": person.content, "evaluation": person.evaluation}
            try:
                cleaned = clean_fields(PARTICIPATION_FIELDS, texts)
            except ValidationError as exc:
                errors.extend(
                    FieldError(f"{prefix}.{e.field}", e.message, e.params) for e in exc.errors
                )
                cleaned = texts
            if hours is None:
                continue
            points = self._points(person.points, hours, settings, prefix, errors)
            if member is not None:
                rows.append(
                    ActivityParticipation(
                        new_id(),
                        activity.id,
                        member.id,
                        hours,
                        cleaned["content"],
                        cleaned["evaluation"],
                        points,
                        area_code=activity.area_code or member.area_code,
                    )
                )
        return rows, errors

    @staticmethod
    def _points(
        given: Any,
        hours: float,
        settings: rules.PartySettings,
        prefix: str,
        errors: list[FieldError],
    ) -> float:
        if given is None or (isinstance(given, str) and not given.strip()):
            return float(rules.points_for(hours, settings))
        try:
            value = float(unicodedata.normalize("NFKC", str(given)).strip())
        except ValueError:
            value = -1.0
        if isinstance(given, bool) or not (math.isfinite(value) and 0 <= value <= MAX_POINTS):
            errors.append(FieldError(f"{prefix}.points", MSG_BAD_POINTS, {"max": MAX_POINTS}))
            return 0.0
        return value

    def activities(self, member_id: str | None = None) -> list[PartyActivity]:
        """Activities, newest first; with ``member_id`` those the member took part in."""
        if member_id is None:
            rows = self.store.query(
                "SELECT * FROM party_activity WHERE deleted = 0"
                " ORDER BY activity_date DESC, rowid DESC"
            )
        else:
            rows = self.store.query(
                "SELECT a.* FROM party_activity a JOIN activity_participation p"
                " ON p.activity_id = a.id AND p.deleted = 0"
                " WHERE a.deleted = 0 AND p.member_id = ?"
                " ORDER BY a.activity_date DESC, a.rowid DESC",
                (member_id,),
            )
        return [from_row(PartyActivity, r) for r in rows]

    # --- hours, totals and feedback --------------------------------------------------------

    def participation_items(
        self, start: date, end: date, member_id: str | None = None
    ) -> list[rules.Participation]:
        """Participations of activities dated ``start``..``end`` (both included)."""
        sql = (
            "SELECT p.member_id, a.activity_date, p.hours, p.points"
            " FROM activity_participation p JOIN party_activity a ON a.id = p.activity_id"
            " WHERE p.deleted = 0 AND a.deleted = 0"
            " AND a.activity_date >= ? AND a.activity_date <= ?"
        )
        params: list[Any] = [start.isoformat(), end.isoformat()]
        if member_id is not None:
            sql += " AND p.member_id = ?"
            params.append(member_id)
        return [
            rules.Participation(
                r["member_id"],
                date.fromisoformat(r["activity_date"]),
                float(r["hours"]),
                float(r["points"]),
            )
            for r in self.store.query(sql, params)
        ]

    def totals(self, member_id: str, period: rules.Period) -> rules.Totals:
        items = self.participation_items(period.start(), period.end(), member_id)
        return rules.totals(items, period, [member_id])[member_id]

    def period_totals(
        self, member_id: str, kind: rules.PeriodKind | None = None
    ) -> list[tuple[rules.Period, rules.Totals]]:
        """The member's totals for every period (of ``kind``, default the feedback period)
        holding a participation, oldest first."""
        kind = kind or self.settings().feedback_period
        items = self.participation_items(date.min, date.max, member_id)
        periods = sorted({rules.period_of(item.day, kind) for item in items}, key=_period_key)
        return [(p, rules.totals(items, p)[member_id]) for p in periods]

    def feedback(self, member_id: str, period: str) -> PartyFeedback | None:
        rows = self.store.query(
            "SELECT * FROM party_feedback WHERE member_id = ? AND period = ? AND deleted = 0"
            " ORDER BY rowid LIMIT 1",
            (member_id, period),
        )
        return from_row(PartyFeedback, rows[0]) if rows else None

    def feedback_sheet(
        self, member: str, period: str | rules.Period | None = None, today: date | None = None
    ) -> FeedbackSheet:
        """The sheet for ``member`` (id, ID number or name) and ``period`` (default: the
        current one of the settings' feedback period)."""
        today = today or date.today()
        found = self.resolve_member(member)
        chosen = self._period(period, today)
        totals = self.totals(found.id, chosen)
        posts = [self.get_post(c.post_id).name for c in self.claims(member_id=found.id)]
        return FeedbackSheet(
            member=found,
            period=chosen.code(),
            start=chosen.start(),
            end=chosen.end(),
            report_date=self.member_state(found.id).reported,
            posts=posts,
            activities=totals.activities,
            hours=totals.hours,
            points=totals.points,
            saved=self.feedback(found.id, chosen.code()),
        )

    def save_feedback(
        self,
        member: str,
        period: str | rules.Period | None,
        *,
        rating: str,
        signer: str,
        signed_date: Any = None,
        opinion: str = "",
        today: date | None = None,
    ) -> PartyFeedback:
        """Save the community's feedback for one member and period: the totals as computed
        now, the 等次, opinion, signer and date. A second save updates the same row."""
        today = today or date.today()
        errors: list[FieldError] = []
        found: PartyMember | None = None
        try:
            found = self.resolve_member(member)
        except ValidationError as exc:
            errors.extend(exc.errors)
        chosen: rules.Period | None = None
        try:
            chosen = self._period(period, today)
        except ValidationError as exc:
            errors.extend(exc.errors)
        values = {
            "rating": rating,
            "opinion": opinion,
            "signer": signer,
            "signed_date": signed_date if signed_date not in (None, "") else today,
        }
        try:
            cleaned = clean_fields(FEEDBACK_FIELDS, values, today)
        except ValidationError as exc:
            errors.extend(exc.errors)
            cleaned = {}
        if errors:
            raise ValidationError(errors)
        assert found is not None and chosen is not None
        totals = self.totals(found.id, chosen)
        fields = {
            "activities": totals.activities,
            "hours": totals.hours,
            "points": totals.points,
            **cleaned,
        }
        current = self.feedback(found.id, chosen.code())
        detail = {"member": found.name, "period": chosen.code(), "rating": cleaned["rating"]}
        if current is None:
            saved = PartyFeedback(
                new_id(), found.id, chosen.code(), area_code=found.area_code, **fields
            )
            with self.store.write(
                "party feedback save", detail, table="party_feedback", row_id=saved.id
            ) as cap:
                insert_records(cap, "party_feedback", [saved])
            return saved
        with self.store.write(
            "party feedback update", detail, table="party_feedback", row_id=current.id
        ) as cap:
            update_record(cap, "party_feedback", current, fields)
        return replace(current, **fields)

    def _period(self, period: str | rules.Period | None, today: date) -> rules.Period:
        if period is None or (isinstance(period, str) and not period.strip()):
            return rules.period_of(today, self.settings().feedback_period)
        chosen = period if isinstance(period, rules.Period) else parse_period(period)
        if chosen.start() > today:
            raise _fail("period", MSG_PERIOD_AHEAD, period=chosen.code())
        return chosen

    def below_threshold(self, year: int) -> list[BelowRow]:
        """Members in service during ``year`` (reported by its end, not 注销 before it
        began) whose hours that year stay below the settings' threshold, fewest first;
        a member without any activity counts 0 hours."""
        if not 1900 <= int(year) <= 9999:
            raise _fail("year", MSG_BAD_YEAR)
        settings = self.settings()
        start, end = date(year, 1, 1), date(year, 12, 31)
        rows = self.store.query(
            "SELECT DISTINCT m.* FROM party_member m JOIN party_report r"
            " ON r.member_id = m.id AND r.deleted = 0"
            " WHERE m.deleted = 0 AND r.report_date <= ?"
            " AND (r.status = ? OR coalesce(r.cancel_date, '') >= ?)",
            (end.isoformat(), ACTIVE, start.isoformat()),
        )
        members = {r["id"]: from_row(PartyMember, r) for r in rows}
        items = [i for i in self.participation_items(start, end) if i.member_id in members]
        below = rules.below_threshold(items, year, settings, members)
        out = [BelowRow(members[m], hours, settings.yearly_hours_threshold) for m, hours in below]
        return sorted(out, key=lambda r: (r.hours, r.member.name, r.member.id_number))


def _period_key(period: rules.Period) -> tuple[date, str]:
    return period.start(), period.code()


def member_record(store: Store, member_id: str) -> dict[str, Any]:
    """JSON-ready claims, activities and totals per feedback period of one member (for
    ``gridapp party show``)."""
    repo = ServiceRepository(store)
    claims = []
    for claim in repo.claims(member_id=member_id, active_only=False):
        post = repo.get_post(claim.post_id)
        claims.append(
            {
                "post": post.name,
                "kind": post.kind,
                "category": post.category,
                "claim_date": claim.claim_date.isoformat(),
                "status": claim.status,
            }
        )
    activities = []
    for activity in repo.activities(member_id):
        part = next(p for p in repo.participations(activity.id) if p.member_id == member_id)
        activities.append(
            {
                "id": activity.id,
                "theme": activity.theme,
                "date": activity.activity_date.isoformat(),
                "place": activity.place,
                "hours": part.hours,
                "content": part.content,
                "evaluation": part.evaluation,
                "points": part.points,
            }
        )
    totals = [
        {
            "period": period.code(),
            "activities": t.activities,
            "hours": t.hours,
            "points": t.points,
        }
        for period, t in repo.period_totals(member_id)
    ]
    return {"claims": claims, "activities": activities, "totals": totals}
