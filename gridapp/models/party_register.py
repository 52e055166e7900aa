"""党员双报到: what a party member, a 报到, a 注销 and a unit party organisation's report with
its 回执 must hold before they are saved (pure rules, no storage).

The rules of domain-notes §2.12 and §3.4 ([TQ] quality rules): a member is found by ID number
and registered once; a member reports once (已报到不能重复报到) and never after 注销
(已注销不能报到); 注销 needs a date and a reason; a unit organisation reports once and the
community countersigns its 回执 once. Every problem of every field is reported at once, and
nothing is saved while one remains.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import FieldSpec, clean_fields
from gridapp.models.idnumber import check_consistency, parse_id_number
from gridapp.models.party import PartyMember, PartyOrg, PartyReport

ACTIVE = "active"
CANCELLED = "cancelled"
ADULT_AGE = 18  # 党章 art. 1: 年满十八岁

MSG_JOINED_UNDER_18 = QT_TRANSLATE_NOOP(
    "Messages",
    "The joined date lies before the member's 18th birthday ({date}): "
    "the party admits members from the age of 18.",
)
MSG_REPORTED_TWICE = QT_TRANSLATE_NOOP(
    "Messages", "{name} has already reported on {date}: a member cannot report twice."
)
MSG_REPORT_AFTER_CANCEL = QT_TRANSLATE_NOOP(
    "Messages",
    "{name}'s report was cancelled (注销) on {date}: a member cannot report after 注销.",
)
MSG_BEFORE_JOINED = QT_TRANSLATE_NOOP(
    "Messages", "The report date lies before the date the member joined the party ({date})."
)
MSG_GRID_OUTSIDE = QT_TRANSLATE_NOOP(
    "Messages", "Grid {grid} does not belong to the community {community} reported to."
)
MSG_NOT_REPORTED = QT_TRANSLATE_NOOP("Messages", "{name} has no current report to cancel (注销).")
MSG_CANCEL_BEFORE = QT_TRANSLATE_NOOP(
    "Messages", "The 注销 date lies before the report date ({date})."
)
MSG_ORG_CANCELLED = QT_TRANSLATE_NOOP(
    "Messages", "The organisation's report was cancelled (注销) on {date}."
)
MSG_RECEIPT_TWICE = QT_TRANSLATE_NOOP(
    "Messages", "The receipt (回执) was already countersigned on {date} by {signer}."
)
MSG_RECEIPT_BEFORE = QT_TRANSLATE_NOOP(
    "Messages", "The receipt date lies before the organisation's report date ({date})."
)


def _spec(name: str, label: str, kind: str = "text", **kw: Any) -> tuple[str, FieldSpec]:
    return name, FieldSpec(name, label, kind, **kw)


# 在职党员: the fields a user types (or the register supplies) when adding a member. The ID
# number is checked on its own (parse_id_number); sex and birth date follow from it.
MEMBER_FIELDS: dict[str, FieldSpec] = dict(
    [
        _spec("name", QT_TRANSLATE_NOOP("Fields", "Name"), max_len=50, required=True),
        _spec("sex", QT_TRANSLATE_NOOP("Fields", "Sex"), "code", table="sex", derived=True),
        _spec("birth_date", QT_TRANSLATE_NOOP("Fields", "Date of birth"), "date", derived=True),
        _spec("education", QT_TRANSLATE_NOOP("Fields", "Education"), "code", table="education"),
        _spec("phone", QT_TRANSLATE_NOOP("Fields", "Phone"), "phone", max_len=20),
        _spec("address", QT_TRANSLATE_NOOP("Fields", "Address"), max_len=200),
        _spec("work_unit", QT_TRANSLATE_NOOP("Fields", "Work unit"), max_len=100),
        _spec(
            "party_org",
            QT_TRANSLATE_NOOP("Fields", "Work unit's party organisation"),
            max_len=100,
            required=True,
        ),
        _spec(
            "joined_date", QT_TRANSLATE_NOOP("Fields", "Joined the party"), "date", required=True
        ),
        _spec(
            "membership",
            QT_TRANSLATE_NOOP("Fields", "Full or probationary"),
            "code",
            table="party_membership",
            required=True,
        ),
        _spec("skills", QT_TRANSLATE_NOOP("Fields", "Skills"), max_len=200),
        _spec("grid_code", QT_TRANSLATE_NOOP("Fields", "Assigned grid"), max_len=40),
        _spec("note", QT_TRANSLATE_NOOP("Fields", "Note"), max_len=500, multiline=True),
    ]
)
# Taken from the household register when the member lives here (not typed, not changed here).
FROM_REGISTER: tuple[str, ...] = ("name", "sex", "birth_date")

REPORT_FIELDS: dict[str, FieldSpec] = dict(
    [
        _spec("report_date", QT_TRANSLATE_NOOP("Fields", "Report date"), "date", required=True),
        _spec(
            "community_code",
            QT_TRANSLATE_NOOP("Fields", "Community reported to"),
            "area12",
            required=True,
        ),
        _spec("grid_code", QT_TRANSLATE_NOOP("Fields", "Assigned grid"), max_len=40),
        _spec(
            "channel",
            QT_TRANSLATE_NOOP("Fields", "Report channel"),
            "code",
            table="report_channel",
            required=True,
        ),
    ]
)
CANCEL_FIELDS: dict[str, FieldSpec] = dict(
    [
        _spec("cancel_date", QT_TRANSLATE_NOOP("Fields", "注销 date"), "date", required=True),
        _spec(
            "cancel_reason",
            QT_TRANSLATE_NOOP("Fields", "注销 reason"),
            max_len=200,
            required=True,
        ),
    ]
)

# 党组织报到: a unit party organisation reporting to the community.
ORG_FIELDS: dict[str, FieldSpec] = dict(
    [
        _spec(
            "name",
            QT_TRANSLATE_NOOP("Fields", "Unit party organisation"),
            max_len=100,
            required=True,
        ),
        _spec("org_type", QT_TRANSLATE_NOOP("Fields", "Kind of organisation"), max_len=50),
        _spec("contact", QT_TRANSLATE_NOOP("Fields", "Contact person"), max_len=50, required=True),
        _spec("phone", QT_TRANSLATE_NOOP("Fields", "Phone"), "phone", max_len=20),
        _spec("address", QT_TRANSLATE_NOOP("Fields", "Address"), max_len=200),
        _spec("report_date", QT_TRANSLATE_NOOP("Fields", "Report date"), "date", required=True),
        _spec("grid_code", QT_TRANSLATE_NOOP("Fields", "Assigned grid"), max_len=40),
        _spec("note", QT_TRANSLATE_NOOP("Fields", "Note"), max_len=500, multiline=True),
    ]
)
RECEIPT_FIELDS: dict[str, FieldSpec] = dict(
    [
        _spec("receipt_date", QT_TRANSLATE_NOOP("Fields", "Receipt date"), "date", required=True),
        _spec(
            "receipt_signer",
            QT_TRANSLATE_NOOP("Fields", "Countersigned by"),
            max_len=50,
            required=True,
        ),
    ]
)


def _error(field: str, message: str, **params: object) -> FieldError:
    return FieldError(field, message, dict(params))


def clean_each(
    specs: dict[str, FieldSpec], values: dict[str, Any], today: date | None = None
) -> tuple[dict[str, Any], list[FieldError]]:
    """Each field cleaned on its own: the good values and every problem (so that the
    cross-field rules can still look at the fields that are fine)."""
    cleaned: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name, raw in values.items():
        try:
            cleaned.update(clean_fields({name: specs[name]}, {name: raw}, today))
        except ValidationError as exc:
            errors.extend(exc.errors)
    return cleaned, errors


def eighteenth_birthday(birth: date) -> date:
    """The day one turns 18 (born on 29 February: 1 March of a common year)."""
    try:
        return birth.replace(year=birth.year + ADULT_AGE)
    except ValueError:
        return date(birth.year + ADULT_AGE, 3, 1)


def validated_member(member: PartyMember, today: date | None = None) -> PartyMember:
    """A copy of ``member`` with every field checked and normalised (codes, dates, phone).

    The ID number must be valid; sex and birth date are filled from it and must agree with
    it; the joined date lies neither in the future nor before the 18th birthday. Raises
    :class:`ValidationError` listing every problem.
    """
    values = {name: getattr(member, name) for name in MEMBER_FIELDS}
    cleaned, errors = clean_each(MEMBER_FIELDS, values, today)
    number = ""
    birth: date | None = cleaned.get("birth_date")
    try:
        idn = parse_id_number(str(member.id_number or ""), today=today)
        number = idn.number
        errors.extend(check_consistency(idn, cleaned.get("birth_date"), cleaned.get("sex")))
        cleaned["birth_date"] = birth = idn.birth_date
        if cleaned.get("sex") not in ("1", "2"):
            cleaned["sex"] = idn.sex
    except ValidationError as exc:
        errors.extend(exc.errors)
    joined = cleaned.get("joined_date")
    if isinstance(joined, date) and birth is not None:
        adult = eighteenth_birthday(birth)
        if joined < adult:
            errors.append(_error("joined_date", MSG_JOINED_UNDER_18, date=adult.isoformat()))
    if errors:
        raise ValidationError(errors)
    return replace(member, id_number=number, **cleaned)


def check_report(
    member: PartyMember,
    history: list[PartyReport],
    report: PartyReport,
    today: date | None = None,
) -> PartyReport:
    """报到 of ``member`` (whose earlier reports are ``history``): a copy of ``report``
    checked and normalised, active. Refused: a second report while one is current, any
    report after 注销 (a cancelled member does not report again), a date in the future or
    before the member joined, a grid outside the community."""
    values = {name: getattr(report, name) for name in REPORT_FIELDS}
    cleaned, errors = clean_each(REPORT_FIELDS, values, today)
    current = [r for r in history if r.status == ACTIVE]
    cancelled = [r for r in history if r.status == CANCELLED]
    if current:
        first = min(r.report_date for r in current)
        errors.append(
            _error("member", MSG_REPORTED_TWICE, name=member.name, date=first.isoformat())
        )
    elif cancelled:
        last = max((r.cancel_date or r.report_date) for r in cancelled)
        errors.append(
            _error("member", MSG_REPORT_AFTER_CANCEL, name=member.name, date=last.isoformat())
        )
    day = cleaned.get("report_date")
    if isinstance(day, date) and member.joined_date is not None and day < member.joined_date:
        errors.append(_error("report_date", MSG_BEFORE_JOINED, date=member.joined_date.isoformat()))
    community, grid = cleaned.get("community_code", ""), cleaned.get("grid_code", "")
    if community and grid and grid.split("-", 1)[0] != community:
        errors.append(_error("grid_code", MSG_GRID_OUTSIDE, grid=grid, community=community))
    if errors:
        raise ValidationError(errors)
    return replace(
        report, **cleaned, status=ACTIVE, cancel_date=None, cancel_reason="", member_id=member.id
    )


def check_cancel(
    name: str,
    report_date: date | None,
    status: str,
    cancel_date: Any,
    reason: Any,
    today: date | None = None,
) -> dict[str, Any]:
    """注销 of a member's report or of an organisation's: the checked ``cancel_date`` and
    ``cancel_reason`` (both required; the date neither in the future nor before the report)
    plus ``status``. ``name`` names who is cancelled in a refusal."""
    values = {"cancel_date": cancel_date, "cancel_reason": reason}
    cleaned, errors = clean_each(CANCEL_FIELDS, values, today)
    if status != ACTIVE:
        errors.append(_error("status", MSG_NOT_REPORTED, name=name))
    day = cleaned.get("cancel_date")
    if isinstance(day, date) and report_date is not None and day < report_date:
        errors.append(_error("cancel_date", MSG_CANCEL_BEFORE, date=report_date.isoformat()))
    if errors:
        raise ValidationError(errors)
    return {**cleaned, "status": CANCELLED}


def validated_org(org: PartyOrg, today: date | None = None) -> PartyOrg:
    """A copy of a unit party organisation's report with every field checked; active, no
    回执 yet (the community countersigns it later, :func:`check_receipt`)."""
    values = {name: getattr(org, name) for name in ORG_FIELDS}
    cleaned = clean_fields(ORG_FIELDS, values, today)
    return replace(
        org, **cleaned, status=ACTIVE, cancel_date=None, cancel_reason="", receipt_date=None
    )


def check_receipt(
    org: PartyOrg, receipt_date: Any, signer: Any, today: date | None = None
) -> dict[str, Any]:
    """回执: the community countersigns the organisation's 报到单 once; the checked
    ``receipt_date`` and ``receipt_signer``. Refused a second time, after 注销, in the
    future or before the report date."""
    values = {"receipt_date": receipt_date, "receipt_signer": signer}
    cleaned, errors = clean_each(RECEIPT_FIELDS, values, today)
    if org.receipt_date is not None:
        errors.append(
            _error(
                "receipt_date",
                MSG_RECEIPT_TWICE,
                date=org.receipt_date.isoformat(),
                signer=org.receipt_signer,
            )
        )
    elif org.status != ACTIVE:
        shown = org.cancel_date.isoformat() if org.cancel_date else ""
        errors.append(_error("status", MSG_ORG_CANCELLED, date=shown))
    day = cleaned.get("receipt_date")
    if isinstance(day, date) and org.report_date is not None and day < org.report_date:
        errors.append(_error("receipt_date", MSG_RECEIPT_BEFORE, date=org.report_date.isoformat()))
    if errors:
        raise ValidationError(errors)
    return cleaned
