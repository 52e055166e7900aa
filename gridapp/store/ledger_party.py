"""Reading the 党员双报到台账 of a month (:func:`party_ledger`) and the feedback sheet of a
period (:func:`party_feedback_sheet`); what they show: :mod:`gridapp.models.ledger_party`.

Hours, points and activity counts come from the party service's participations
(``ServiceRepository.participation_items``) summed by ``party_rules.totals``; the feedback
sheet's lines are ``ServiceRepository.feedback_sheet`` for each member of the scope.
"""

from __future__ import annotations

from datetime import date

from gridapp.models import party_rules as rules
from gridapp.models.ledger import GRID, LedgerScope
from gridapp.models.ledger_party import (
    CANCELLED,
    NOT_REPORTED,
    REPORTED,
    ActivityRow,
    FeedbackRow,
    ParticipantRow,
    PartyFeedbackSheet,
    PartyLedger,
    RosterRow,
)
from gridapp.models.party import PartyActivity, PartyMember, PartyReport
from gridapp.models.petition_metrics import month_bounds
from gridapp.store.db import Store
from gridapp.store.ledger_scope import (
    group_order,
    in_scope,
    month_start,
    resolve_scope,
    scope_clause,
)
from gridapp.store.party import PartyRepository
from gridapp.store.party_service import ServiceRepository, parse_period
from gridapp.store.rows import from_row

NONE = rules.Totals()


def report_state(reports: list[PartyReport], day: date) -> tuple[str, PartyReport | None]:
    """The member's 报到 status on ``day`` from their reports (oldest first): the latest
    report made by then, 注销 if it was cancelled by then."""
    made = [r for r in reports if r.report_date <= day]
    if not made:
        return NOT_REPORTED, None
    latest = made[-1]
    if latest.cancel_date is not None and latest.cancel_date <= day:
        return CANCELLED, latest
    return REPORTED, latest


def _sum(items: list[rules.Totals]) -> rules.Totals:
    """Totals of totals, rounded as the party rules round."""
    whole = rules.Period(rules.PeriodKind.YEAR, 2000)
    parts = [
        rules.Participation("*", whole.start(), t.hours, t.points) for t in items if t.activities
    ]
    summed = rules.totals(parts, whole, ["*"])["*"]
    return rules.Totals(sum(t.activities for t in items), summed.hours, summed.points)


def _members(store: Store, scope: LedgerScope) -> list[PartyMember]:
    """The members of the scope, by grid (no grid last) then name and ID number."""
    members = [
        m for m in PartyRepository(store).members() if in_scope(scope, m.grid_code, m.area_code)
    ]
    return sorted(members, key=lambda m: (group_order(m.grid_code), m.name, m.id_number))


def _period_totals(service: ServiceRepository, start: date, end: date) -> dict[str, rules.Totals]:
    """Per member: activities, hours and points of the activities dated start..end."""
    items = service.participation_items(start, end)
    return rules.totals(items, rules.Period(rules.PeriodKind.YEAR, end.year))


def party_ledger(store: Store, month: date, scope_code: str) -> PartyLedger:
    """党员双报到台账 of ``month`` (first day) for ``scope_code`` (village or grid code).
    A month with no activities gives the roster with zero totals and no activity rows."""
    first = month_start(month)
    scope = resolve_scope(store, scope_code)
    _, last = month_bounds(first.strftime("%Y-%m"))
    register = PartyRepository(store)
    service = ServiceRepository(store)
    month_totals = _period_totals(service, first, last)
    year_totals = _period_totals(service, date(first.year, 1, 1), last)
    posts = _posts(store, last)
    roster = []
    for member in _members(store, scope):
        status, report = report_state(register.reports(member.id), last)
        roster.append(
            RosterRow(
                member_id=member.id,
                name=member.name,
                id_number=member.id_number,
                phone=member.phone,
                sex=member.sex,
                membership=member.membership,
                work_unit=member.work_unit,
                party_org=member.party_org,
                grid_code=member.grid_code,
                report_status=status,
                report_date=report.report_date if report else None,
                cancel_date=report.cancel_date if status == CANCELLED and report else None,
                month=month_totals.get(member.id, NONE),
                year=year_totals.get(member.id, NONE),
                posts=tuple(posts.get(member.id, ())),
            )
        )
    activities = _activities(store, service, scope, first, last)
    done = _sum([rules.Totals(a.people, a.hours, a.points) for a in activities])
    return PartyLedger(
        month=first,
        end=last,
        scope=scope,
        roster=tuple(roster),
        reported=sum(r.report_status == REPORTED for r in roster),
        cancelled=sum(r.report_status == CANCELLED for r in roster),
        not_reported=sum(r.report_status == NOT_REPORTED for r in roster),
        month_totals=_sum([r.month for r in roster]),
        year_totals=_sum([r.year for r in roster]),
        activities=activities,
        activity_count=len(activities),
        participations=done.activities,
        activity_hours=done.hours,
        activity_points=done.points,
    )


def _posts(store: Store, last: date) -> dict[str, list[str]]:
    """Per member: the posts claimed by ``last`` and not withdrawn (a withdrawal keeps no
    date, so a withdrawn claim is left out of every month), in claim order."""
    rows = store.query(
        "SELECT c.member_id, p.name FROM post_claim c JOIN service_post p ON p.id = c.post_id"
        " WHERE c.deleted = 0 AND c.status = 'active' AND c.member_id IS NOT NULL"
        " AND c.claim_date <= ? ORDER BY c.claim_date, c.rowid",
        [last.isoformat()],
    )
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(str(row["member_id"]), []).append(str(row["name"]))
    return out


def _activities(
    store: Store, service: ServiceRepository, scope: LedgerScope, first: date, last: date
) -> tuple[ActivityRow, ...]:
    where, params = scope_clause(scope, "a")
    # An activity without a grid belongs to its village; in a grid scope it counts when a
    # member of that grid took part.
    loose = ""
    if scope.level == GRID:
        loose = (
            " OR (a.grid_code = '' AND a.area_code = ? AND EXISTS (SELECT 1"
            " FROM activity_participation p JOIN party_member m ON m.id = p.member_id"
            " WHERE p.activity_id = a.id AND p.deleted = 0 AND m.grid_code = ?))"
        )
        params = [*params, scope.village_code, scope.grid_code]
    rows = store.query(
        "SELECT a.* FROM party_activity a WHERE a.deleted = 0"
        f" AND a.activity_date >= ? AND a.activity_date <= ? AND ({where}{loose})"
        " ORDER BY a.activity_date, a.theme, a.rowid",
        [first.isoformat(), last.isoformat(), *params],
    )
    names = {m.id: m.name for m in PartyRepository(store).members()}
    out = []
    for raw in rows:
        activity = from_row(PartyActivity, raw)
        parts = tuple(
            ParticipantRow(
                member_id=p.member_id,
                name=names.get(p.member_id, ""),
                hours=float(p.hours),
                points=float(p.points),
                content=p.content,
                evaluation=p.evaluation,
            )
            for p in service.participations(activity.id)
        )
        items = [
            rules.Participation(activity.id, activity.activity_date, p.hours, p.points)
            for p in parts
        ]
        period = rules.Period(rules.PeriodKind.YEAR, activity.activity_date.year)
        sums = rules.totals(items, period, [activity.id])[activity.id]
        out.append(
            ActivityRow(
                activity_id=activity.id,
                activity_date=activity.activity_date,
                theme=activity.theme,
                place=activity.place,
                organiser=activity.organiser,
                grid_code=activity.grid_code,
                participants=parts,
                people=len(parts),
                hours=sums.hours,
                points=sums.points,
            )
        )
    return tuple(out)


def party_feedback_sheet(
    store: Store, period_code: str, scope_code: str, today: date | None = None
) -> PartyFeedbackSheet:
    """The feedback sheet of ``period_code`` (``2026Q3`` / ``2026H1`` / ``2026``) for the
    members of ``scope_code`` in service during the period (reported by its end, not 注销
    before its start). A bad or future period raises :class:`ValidationError`."""
    period = parse_period(period_code)
    scope = resolve_scope(store, scope_code)
    today = today or date.today()
    register = PartyRepository(store)
    service = ServiceRepository(store)
    rows = []
    for member in _members(store, scope):
        status, report = report_state(register.reports(member.id), period.end())
        if report is None:
            continue
        if status == CANCELLED and report.cancel_date and report.cancel_date < period.start():
            continue
        sheet = service.feedback_sheet(member.id, period, today)
        saved = sheet.saved
        rows.append(
            FeedbackRow(
                member_id=member.id,
                name=member.name,
                id_number=member.id_number,
                phone=member.phone,
                work_unit=member.work_unit,
                party_org=member.party_org,
                grid_code=member.grid_code,
                report_date=report.report_date,
                posts=tuple(sheet.posts),
                activities=sheet.activities,
                hours=sheet.hours,
                points=sheet.points,
                rating=saved.rating if saved else "",
                opinion=saved.opinion if saved else "",
                signer=saved.signer if saved else "",
                signed_date=saved.signed_date if saved else None,
            )
        )
    total = _sum([rules.Totals(r.activities, r.hours, r.points) for r in rows])
    return PartyFeedbackSheet(
        period=period.code(),
        start=period.start(),
        end=period.end(),
        scope=scope,
        rows=tuple(rows),
        activities=total.activities,
        hours=total.hours,
        points=total.points,
    )
