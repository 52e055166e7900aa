"""诉求信访 workflow: the states of a petition, the steps between them, who may take each step,
what each needs, and what it changes (《信访工作条例》 2022; ``docs/petition-workflow.md``).

Pure rules: no Qt, no SQL. :func:`advance` checks one step and returns a :class:`Step` — the
new status, the new values of :class:`~gridapp.models.petition.Petition` fields and the detail
of the progress entry — without touching the petition; the store writes it (append-only
progress, nothing overwritten). :func:`allowed_actions` gives the steps a role may take now
(the UI's buttons). Every date the workflow computes or checks goes through a
:class:`~gridapp.models.deadlines.DeadlinePolicy`, the county's rule for counting "日".

Routing: a petition is *held* by one side — the village (网格员 and 社区书记), the township,
the county or a department (承办部门) — recorded in ``Petition.holder``; 转送/交办 (上报 when it
goes up a level) hands it to another side, an 异议 hands it back. Handling steps are taken by
the side holding it; 回访 and the recording of a 复查/复核 request by any side (the reply
comes back to the village, which calls the petitioner back).

Messages are English source strings marked for translation; users read them in Chinese.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP, translate
from gridapp.models.deadlines import (
    HANDLE_DAYS,
    NOTIFY_DAYS,
    OBJECTION_WORKING_DAYS,
    RECHECK_ANSWER_DAYS,
    RECHECK_REQUEST_DAYS,
    REVIEW_ANSWER_DAYS,
    REVIEW_REQUEST_DAYS,
    WORKING_DAYS,
    DeadlinePolicy,
    max_extension,
)
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import (
    MSG_REQUIRED,
    MSG_UNKNOWN_FIELD,
    FieldSpec,
    clean_value,
    normalise_text,
)
from gridapp.models.petition import STATUSES, Petition

CONTEXT = "PetitionFlow"  # translation context of the labels below

# --- roles: who may do what (the security issue enforces them; this module declares) -------------

GRID_WORKER = "grid_worker"  # 网格员
SECRETARY = "secretary"  # 社区书记/村(社区)负责人 — approves 延期 in the village
TOWNSHIP = "township"  # 乡镇/街道 (综治中心, 信访办)
COUNTY = "county"  # 县信访局
DEPARTMENT = "department"  # 承办部门 (a township or county department handling a 交办)
ROLES: tuple[str, ...] = (GRID_WORKER, SECRETARY, TOWNSHIP, COUNTY, DEPARTMENT)
ROLE_LABELS: dict[str, str] = {
    GRID_WORKER: QT_TRANSLATE_NOOP("PetitionFlow", "Grid worker"),
    SECRETARY: QT_TRANSLATE_NOOP("PetitionFlow", "Community secretary"),
    TOWNSHIP: QT_TRANSLATE_NOOP("PetitionFlow", "Township (street)"),
    COUNTY: QT_TRANSLATE_NOOP("PetitionFlow", "County petition bureau"),
    DEPARTMENT: QT_TRANSLATE_NOOP("PetitionFlow", "Handling department"),
}

# --- sides: who holds a petition (Petition.holder) and the level of its handling unit ------------

VILLAGE = "village"  # 村(社区)
SIDES: tuple[str, ...] = (VILLAGE, TOWNSHIP, COUNTY, DEPARTMENT)
LEVELS: tuple[str, ...] = (VILLAGE, TOWNSHIP, COUNTY)  # Petition.level, lowest first (上报 ↑)
SIDE_LABELS: dict[str, str] = {
    VILLAGE: QT_TRANSLATE_NOOP("PetitionFlow", "Village (community)"),
    TOWNSHIP: QT_TRANSLATE_NOOP("PetitionFlow", "Township (street)"),
    COUNTY: QT_TRANSLATE_NOOP("PetitionFlow", "County"),
    DEPARTMENT: QT_TRANSLATE_NOOP("PetitionFlow", "Department"),
}
SIDE_ALIASES: dict[str, str] = {
    "村": VILLAGE,
    "社区": VILLAGE,
    "村委会": VILLAGE,
    "居委会": VILLAGE,
    "乡镇": TOWNSHIP,
    "镇": TOWNSHIP,
    "乡": TOWNSHIP,
    "街道": TOWNSHIP,
    "县": COUNTY,
    "县级": COUNTY,
    "县信访局": COUNTY,
    "部门": DEPARTMENT,
    "承办部门": DEPARTMENT,
}
SIDE_OF_ROLE: dict[str, str] = {
    GRID_WORKER: VILLAGE,
    SECRETARY: VILLAGE,
    TOWNSHIP: TOWNSHIP,
    COUNTY: COUNTY,
    DEPARTMENT: DEPARTMENT,
}

# --- states --------------------------------------------------------------------------------------

REGISTERED = "registered"  # 登记（待受理）
ACCEPTED = "accepted"  # 已受理（已告知）
REJECTED = "rejected"  # 不予受理
TRANSFERRED = "transferred"  # 已转送/交办: the receiving unit must accept, pass on or object
OBJECTED = "objected"  # 异议退回: back with the sender, who routes it again
IN_PROGRESS = "in_progress"  # 办理中
EXTENDED = "extended"  # 延期办理中
REPLIED = "replied"  # 已答复 (处理意见书 or 调解/和解协议)
CALLED_BACK = "called_back"  # 已回访
CLOSED = "closed"  # 已办结
REVIEW = "review"  # 复查中: requested, the 复查意见 is due
REVIEW_ANSWERED = "review_answered"  # 复查已答复
RECHECK = "recheck"  # 复核中: requested, the 复核意见 is due
RECHECK_ANSWERED = "recheck_answered"  # 复核已答复
CONCLUDED = "concluded"  # 终结: the same facts and reasons are not accepted again (art. 36)

STATUS_LABELS: dict[str, str] = {
    REGISTERED: QT_TRANSLATE_NOOP("PetitionFlow", "Registered, awaiting acceptance"),
    ACCEPTED: QT_TRANSLATE_NOOP("PetitionFlow", "Accepted, petitioner told"),
    REJECTED: QT_TRANSLATE_NOOP("PetitionFlow", "Not accepted"),
    TRANSFERRED: QT_TRANSLATE_NOOP("PetitionFlow", "Transferred or assigned"),
    OBJECTED: QT_TRANSLATE_NOOP("PetitionFlow", "Objected, back with the sender"),
    IN_PROGRESS: QT_TRANSLATE_NOOP("PetitionFlow", "In progress"),
    EXTENDED: QT_TRANSLATE_NOOP("PetitionFlow", "In progress, extended"),
    REPLIED: QT_TRANSLATE_NOOP("PetitionFlow", "Replied"),
    CALLED_BACK: QT_TRANSLATE_NOOP("PetitionFlow", "Called back"),
    CLOSED: QT_TRANSLATE_NOOP("PetitionFlow", "Closed"),
    REVIEW: QT_TRANSLATE_NOOP("PetitionFlow", "Review requested"),
    REVIEW_ANSWERED: QT_TRANSLATE_NOOP("PetitionFlow", "Review answered"),
    RECHECK: QT_TRANSLATE_NOOP("PetitionFlow", "Recheck requested"),
    RECHECK_ANSWERED: QT_TRANSLATE_NOOP("PetitionFlow", "Recheck answered"),
    CONCLUDED: QT_TRANSLATE_NOOP("PetitionFlow", "Concluded"),
}

# The holder owes a step before ``due_date`` (lists' overdue filter, the home page's counts).
OPEN_STATUSES: tuple[str, ...] = (
    REGISTERED,
    ACCEPTED,
    OBJECTED,
    IN_PROGRESS,
    EXTENDED,
    REVIEW,
    RECHECK,
)
# Answered, waiting for the 回访 (no statutory deadline).
CALLBACK_STATUSES: tuple[str, ...] = (REPLIED,)
# Nothing more happens here (a 复查 may still be recorded on a closed petition in time).
DONE_STATUSES: tuple[str, ...] = (REJECTED, CLOSED, CONCLUDED)
ACCEPTED_STATUSES: frozenset[str] = frozenset(
    {
        ACCEPTED,
        IN_PROGRESS,
        EXTENDED,
        REPLIED,
        CALLED_BACK,
        CLOSED,
        REVIEW,
        REVIEW_ANSWERED,
        RECHECK,
        RECHECK_ANSWERED,
        CONCLUDED,
    }
)
REPLIED_STATUSES: frozenset[str] = ACCEPTED_STATUSES - {ACCEPTED, IN_PROGRESS, EXTENDED}

# --- actions -------------------------------------------------------------------------------------

REGISTER = "register"  # 登记: the first progress entry, written by the store (not a step here)
CORRECT = "correct"  # 更正登记信息: a registration field corrected (store; not a step here)
ACCEPT = "accept"  # 受理告知
REJECT = "reject"  # 不予受理
TRANSFER = "transfer"  # 转送/交办 (上报 when the receiving unit is a level up)
OBJECT = "object"  # 异议
HANDLE = "handle"  # 开始办理
EXTEND = "extend"  # 延期
REPLY = "reply"  # 答复
CALLBACK = "callback"  # 回访
CLOSE = "close"  # 办结
REVIEW_REQUEST = "review_request"  # 复查申请
REVIEW_ANSWER = "review_answer"  # 复查答复
RECHECK_REQUEST = "recheck_request"  # 复核申请
RECHECK_ANSWER = "recheck_answer"  # 复核答复
CONCLUDE = "conclude"  # 终结
ACTIONS: tuple[str, ...] = (
    ACCEPT,
    REJECT,
    TRANSFER,
    OBJECT,
    HANDLE,
    EXTEND,
    REPLY,
    CALLBACK,
    CLOSE,
    REVIEW_REQUEST,
    REVIEW_ANSWER,
    RECHECK_REQUEST,
    RECHECK_ANSWER,
    CONCLUDE,
)
ACTION_LABELS: dict[str, str] = {
    REGISTER: QT_TRANSLATE_NOOP("PetitionFlow", "Register"),
    CORRECT: QT_TRANSLATE_NOOP("PetitionFlow", "Correct the registration"),
    ACCEPT: QT_TRANSLATE_NOOP("PetitionFlow", "Accept and notify"),
    REJECT: QT_TRANSLATE_NOOP("PetitionFlow", "Do not accept"),
    TRANSFER: QT_TRANSLATE_NOOP("PetitionFlow", "Transfer or assign"),
    OBJECT: QT_TRANSLATE_NOOP("PetitionFlow", "Object"),
    HANDLE: QT_TRANSLATE_NOOP("PetitionFlow", "Start handling"),
    EXTEND: QT_TRANSLATE_NOOP("PetitionFlow", "Extend"),
    REPLY: QT_TRANSLATE_NOOP("PetitionFlow", "Reply"),
    CALLBACK: QT_TRANSLATE_NOOP("PetitionFlow", "Call back"),
    CLOSE: QT_TRANSLATE_NOOP("PetitionFlow", "Close"),
    REVIEW_REQUEST: QT_TRANSLATE_NOOP("PetitionFlow", "Request a review"),
    REVIEW_ANSWER: QT_TRANSLATE_NOOP("PetitionFlow", "Answer the review"),
    RECHECK_REQUEST: QT_TRANSLATE_NOOP("PetitionFlow", "Request a recheck"),
    RECHECK_ANSWER: QT_TRANSLATE_NOOP("PetitionFlow", "Answer the recheck"),
    CONCLUDE: QT_TRANSLATE_NOOP("PetitionFlow", "Conclude"),
}

# The periods of 《信访工作条例》 are those of gridapp.models.deadlines (NOTIFY_DAYS …); every
# date is counted by the county's DeadlinePolicy ("日" as calendar or working days).

ACCUSATION_KIND = "accusation"  # petition_kind 检举控告类


# --- messages ------------------------------------------------------------------------------------

MSG_UNKNOWN_ACTION = QT_TRANSLATE_NOOP("Messages", "There is no step “{action}”.")
MSG_UNKNOWN_ROLE = QT_TRANSLATE_NOOP("Messages", "There is no role “{role}”.")
MSG_NOT_FROM_STATUS = QT_TRANSLATE_NOOP(
    "Messages", "“{action}” is not possible while the petition is “{status}”."
)
MSG_ROLE_MAY_NOT = QT_TRANSLATE_NOOP("Messages", "A {role} may not do “{action}”.")
MSG_NOT_HOLDER = QT_TRANSLATE_NOOP(
    "Messages", "The petition is with the {holder}: only they can do “{action}”."
)
MSG_BEFORE_PREVIOUS = QT_TRANSLATE_NOOP(
    "Messages", "The date {on} is before the previous step ({last}): dates cannot go back."
)
MSG_AFTER_STEP = QT_TRANSLATE_NOOP("Messages", "This date is after the step itself ({on}).")
MSG_BEFORE_ACCEPTANCE = QT_TRANSLATE_NOOP(
    "Messages", "This date is before the petition was accepted ({accepted})."
)
MSG_BAD_CHOICE = QT_TRANSLATE_NOOP("Messages", "Unknown value “{value}”: choose one of {choices}.")
MSG_SAME_UNIT = QT_TRANSLATE_NOOP("Messages", "The petition is already with {unit}.")
MSG_LEVEL_NOT_FOR_SIDE = QT_TRANSLATE_NOOP(
    "Messages", "Only a department needs a level; a {side} is at its own level."
)
MSG_OBJECTION_LATE = QT_TRANSLATE_NOOP(
    "Messages",
    "Too late for an objection: it was possible until {deadline} "
    "(5 working days after the petition arrived on {received}).",
)
MSG_EXTENSION_EXPIRED = QT_TRANSLATE_NOOP(
    "Messages", "The handling period ended on {due}: it can no longer be extended."
)
MSG_EXTENSION_NOT_LATER = QT_TRANSLATE_NOOP(
    "Messages", "The new due date must be after the current one ({due})."
)
MSG_EXTENSION_TOO_LONG = QT_TRANSLATE_NOOP(
    "Messages",
    "An extension is at most 30 days beyond the current due date {due}: {latest} at the latest.",
)
MSG_ALREADY_EXTENDED = QT_TRANSLATE_NOOP(
    "Messages", "The handling period has already been extended once (until {until})."
)
MSG_REVIEW_LATE = QT_TRANSLATE_NOOP(
    "Messages",
    "Too late for a review (复查): it could be requested until {deadline} "
    "(30 days after the reply of {replied}).",
)
MSG_RECHECK_LATE = QT_TRANSLATE_NOOP(
    "Messages",
    "Too late for a recheck (复核): it could be requested until {deadline} "
    "(30 days after the review answer of {answered}).",
)
MSG_REVIEW_DONE = QT_TRANSLATE_NOOP(
    "Messages", "A review (复查) was already requested on {requested}; next comes a recheck (复核)."
)
MSG_RECHECK_DONE = QT_TRANSLATE_NOOP(
    "Messages", "A recheck (复核) was already requested on {requested}."
)
MSG_RECHECK_NEEDS_REVIEW = QT_TRANSLATE_NOOP(
    "Messages", "A recheck (复核) needs a review (复查) answer first."
)
MSG_CALLBACK_DONE = QT_TRANSLATE_NOOP(
    "Messages", "The petitioner was already reached on {called}; the satisfaction is recorded."
)
MSG_SATISFACTION_NEEDS_CONTACT = QT_TRANSLATE_NOOP(
    "Messages", "There is no satisfaction without reaching the petitioner."
)
MSG_NOTE_WHY_UNREACHED = QT_TRANSLATE_NOOP(
    "Messages", "Say why the petitioner could not be reached."
)


# --- values the steps take -----------------------------------------------------------------------


def _spec(name: str, label: str, kind: str = "text", **kw: Any) -> FieldSpec:
    return FieldSpec(name, label, kind, **kw)


VALUE_SPECS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        _spec(
            "method",
            QT_TRANSLATE_NOOP("Fields", "How the petitioner was told"),
            "code",
            table="petition_reply_method",
        ),
        _spec("handler", QT_TRANSLATE_NOOP("Fields", "Handler"), max_len=50),
        _spec("note", QT_TRANSLATE_NOOP("Fields", "Note"), max_len=500, multiline=True),
        _spec("reason", QT_TRANSLATE_NOOP("Fields", "Reason"), max_len=500, multiline=True),
        _spec("to", QT_TRANSLATE_NOOP("Fields", "Send to"), "choice"),
        _spec("unit", QT_TRANSLATE_NOOP("Fields", "Handling unit"), max_len=100),
        _spec("level", QT_TRANSLATE_NOOP("Fields", "Level of the department"), "choice"),
        _spec("approver", QT_TRANSLATE_NOOP("Fields", "Approved by"), max_len=50),
        _spec("until", QT_TRANSLATE_NOOP("Fields", "Extended until"), "date"),
        _spec(
            "told_date",
            QT_TRANSLATE_NOOP("Fields", "Reason told to the petitioner on"),
            "date",
        ),
        _spec(
            "decision",
            QT_TRANSLATE_NOOP("Fields", "Decision"),
            "code",
            table="petition_decision",
        ),
        _spec("text", QT_TRANSLATE_NOOP("Fields", "Reply text"), max_len=2000, multiline=True),
        _spec("reached", QT_TRANSLATE_NOOP("Fields", "Petitioner reached"), "bool"),
        _spec(
            "satisfaction",
            QT_TRANSLATE_NOOP("Fields", "Satisfaction"),
            "code",
            table="satisfaction",
        ),
        _spec("organ", QT_TRANSLATE_NOOP("Fields", "Reviewing organ"), max_len=100),
    )
}


@dataclass(frozen=True)
class Rule:
    """One step of the table: where it may start, who may take it, what it needs."""

    action: str
    sources: tuple[str, ...]  # the states it may start from
    target: str  # the state it leads to
    roles: tuple[str, ...]  # who may take it
    holder_only: bool  # only the side holding the petition (Petition.holder)
    required: tuple[str, ...] = ()  # values that must be given
    optional: tuple[str, ...] = ()  # values that may be given (some required conditionally)


_ALL = ROLES
_OFFICES = (SECRETARY, TOWNSHIP, COUNTY, DEPARTMENT)  # decide and answer for a unit

RULES: dict[str, Rule] = {
    rule.action: rule
    for rule in (
        Rule(
            ACCEPT,
            (REGISTERED, TRANSFERRED, OBJECTED),
            ACCEPTED,
            _ALL,
            True,
            ("method",),
            ("unit", "handler", "note"),
        ),
        Rule(
            REJECT,
            (REGISTERED, TRANSFERRED, OBJECTED),
            REJECTED,
            (SECRETARY, TOWNSHIP, COUNTY),
            True,
            ("reason", "method"),
            ("note",),
        ),
        Rule(
            TRANSFER,
            (REGISTERED, TRANSFERRED, OBJECTED),
            TRANSFERRED,
            (GRID_WORKER, SECRETARY, TOWNSHIP, COUNTY),
            True,
            ("to", "unit"),
            ("level", "handler", "note"),
        ),
        Rule(
            OBJECT,
            (TRANSFERRED,),
            OBJECTED,
            _OFFICES,
            True,
            ("reason",),
            ("note",),
        ),
        Rule(HANDLE, (ACCEPTED,), IN_PROGRESS, _ALL, True, (), ("handler", "note")),
        Rule(
            EXTEND,
            (ACCEPTED, IN_PROGRESS),
            EXTENDED,
            _OFFICES,
            True,
            ("approver", "until", "reason", "told_date"),
            ("note",),
        ),
        Rule(
            REPLY,
            (ACCEPTED, IN_PROGRESS, EXTENDED),
            REPLIED,
            _OFFICES,
            True,
            ("decision", "text", "method"),
            ("note",),
        ),
        Rule(
            CALLBACK,
            (REPLIED, CALLED_BACK),
            CALLED_BACK,
            _ALL,
            False,
            (),
            ("reached", "satisfaction", "method", "note"),
        ),
        Rule(CLOSE, (CALLED_BACK, REVIEW_ANSWERED), CLOSED, _OFFICES, True, (), ("note",)),
        Rule(
            REVIEW_REQUEST,
            (REPLIED, CALLED_BACK, CLOSED),
            REVIEW,
            _ALL,
            False,
            ("organ",),
            ("reason", "note"),
        ),
        Rule(
            REVIEW_ANSWER,
            (REVIEW,),
            REVIEW_ANSWERED,
            (TOWNSHIP, COUNTY),
            False,
            ("decision", "text"),
            ("note",),
        ),
        Rule(
            RECHECK_REQUEST,
            (REVIEW_ANSWERED, CLOSED),
            RECHECK,
            _ALL,
            False,
            ("organ",),
            ("reason", "note"),
        ),
        Rule(
            RECHECK_ANSWER,
            (RECHECK,),
            RECHECK_ANSWERED,
            (COUNTY,),
            False,
            ("decision", "text"),
            ("note",),
        ),
        Rule(CONCLUDE, (RECHECK_ANSWERED,), CONCLUDED, (TOWNSHIP, COUNTY), False, (), ("note",)),
    )
}


@dataclass(frozen=True)
class Step:
    """The outcome of one checked step; the store applies it (nothing is applied here)."""

    status: str  # the new status
    updates: dict[str, Any]  # new values of Petition fields (dataclass field names)
    detail: dict[str, Any]  # what the progress entry records (JSON-able, plain values)


# --- labels --------------------------------------------------------------------------------------


def status_label(status: str, lang: str | None = None) -> str:
    """The state in words (Chinese by default); an unknown code as it is."""
    label = STATUS_LABELS.get(status)
    return translate(CONTEXT, label, lang) if label else status


def action_label(action: str, lang: str | None = None) -> str:
    """The step in words (Chinese by default); an unknown code as it is."""
    label = ACTION_LABELS.get(action)
    return translate(CONTEXT, label, lang) if label else action


def role_label(role: str, lang: str | None = None) -> str:
    label = ROLE_LABELS.get(role)
    return translate(CONTEXT, label, lang) if label else role


def side_label(side: str, lang: str | None = None) -> str:
    label = SIDE_LABELS.get(side)
    return translate(CONTEXT, label, lang) if label else side


# --- the table, read -----------------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _refusal(petition: Petition, rule: Rule, role: str) -> FieldError | None:
    """Why ``role`` may not take ``rule`` now (state, role, holder, once-only steps)."""
    action = action_label(rule.action)
    if petition.status not in rule.sources:
        return FieldError(
            "status",
            MSG_NOT_FROM_STATUS,
            {"action": action, "status": status_label(petition.status)},
        )
    if role not in rule.roles:
        return FieldError("role", MSG_ROLE_MAY_NOT, {"role": role_label(role), "action": action})
    if rule.holder_only and SIDE_OF_ROLE[role] != petition.holder:
        return FieldError(
            "role", MSG_NOT_HOLDER, {"holder": side_label(petition.holder), "action": action}
        )
    if rule.action == EXTEND and petition.extended_until is not None:
        return FieldError(
            "status", MSG_ALREADY_EXTENDED, {"until": petition.extended_until.isoformat()}
        )
    if rule.action == CALLBACK and petition.status == CALLED_BACK and petition.satisfaction:
        return FieldError("status", MSG_CALLBACK_DONE, {"called": _iso(petition.callback_date)})
    if rule.action == REVIEW_REQUEST and petition.review_request_date is not None:
        return FieldError(
            "status", MSG_REVIEW_DONE, {"requested": petition.review_request_date.isoformat()}
        )
    if rule.action == RECHECK_REQUEST:
        if petition.recheck_request_date is not None:
            return FieldError(
                "status",
                MSG_RECHECK_DONE,
                {"requested": petition.recheck_request_date.isoformat()},
            )
        if petition.review_answer_date is None:
            return FieldError("status", MSG_RECHECK_NEEDS_REVIEW)
    return None


def allowed_actions(petition: Petition, role: str) -> list[str]:
    """The steps ``role`` may take on ``petition`` now, in :data:`ACTIONS` order.

    Time windows (异议, 复查, 复核, 延期) are not considered: a step past its window stays
    offered and :func:`advance` refuses it with a message naming the deadline.
    """
    if role not in SIDE_OF_ROLE:
        return []
    return [a for a in ACTIONS if _refusal(petition, RULES[a], role) is None]


# --- checking the values -------------------------------------------------------------------------


def _choice(name: str, raw: Any, options: Mapping[str, str], aliases: Mapping[str, str]) -> str:
    text = normalise_text(str(raw))
    if not text:
        raise ValidationError([FieldError(name, MSG_REQUIRED)])
    for code, label in options.items():
        if text.casefold() in (code, label.casefold(), translate(CONTEXT, label, "zh_CN")):
            return code
    if text in aliases and aliases[text] in options:
        return aliases[text]
    choices = "、".join(translate(CONTEXT, label) for label in options.values())
    raise ValidationError(
        [FieldError(name, MSG_BAD_CHOICE, {"value": text[:20], "choices": choices})]
    )


def _clean(rule: Rule, values: Mapping[str, Any], on: date) -> dict[str, Any]:
    """The values of ``rule``, cleaned; every problem at once."""
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    known = (*rule.required, *rule.optional)
    for name, raw in values.items():
        if name not in known:
            errors.append(FieldError(name, MSG_UNKNOWN_FIELD, {"field": str(name)[:40]}))
            continue
        spec = VALUE_SPECS[name]
        try:
            if spec.kind == "choice":
                options = {s: SIDE_LABELS[s] for s in (SIDES if name == "to" else LEVELS[1:])}
                cleaned[name] = _choice(name, raw, options, SIDE_ALIASES)
            elif spec.kind == "date":
                # A future date is fine here (an extension's new due date); a date that must
                # lie before the step is checked by the step.
                cleaned[name] = clean_value(spec, raw, today=date.max)
            else:
                cleaned[name] = clean_value(spec, raw, today=on)
        except ValidationError as exc:
            errors.extend(exc.errors)
    for name in rule.required:
        if name not in {e.field for e in errors} and cleaned.get(name) in (None, ""):
            errors.append(FieldError(name, MSG_REQUIRED))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _fail(field: str, message: str, **params: object) -> ValidationError:
    return ValidationError([FieldError(field, message, params)])


# --- what each step does -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    petition: Petition
    values: dict[str, Any]
    on: date
    actor: str
    role: str
    policy: DeadlinePolicy


def handle_by(petition: Petition, policy: DeadlinePolicy) -> date | None:
    """The 办理 deadline: the approved extension, else 60 日 from acceptance (art. 34)."""
    if petition.extended_until is not None:
        return petition.extended_until
    if petition.accepted_date is None:
        return None
    return policy.add(petition.accepted_date, HANDLE_DAYS)


def objection_by(petition: Petition, policy: DeadlinePolicy) -> date | None:
    """The last day for an 异议 on the 转送/交办 received (5 工作日, art. 23 ¶3)."""
    if petition.transfer_date is None:
        return None
    return policy.add(petition.transfer_date, OBJECTION_WORKING_DAYS, WORKING_DAYS)


def _note(ctx: _Ctx, *names: str) -> dict[str, Any]:
    return {n: ctx.values[n] for n in (*names, "note") if ctx.values.get(n) not in (None, "")}


def _accept(ctx: _Ctx) -> tuple[dict[str, Any], dict[str, Any]]:
    due = ctx.policy.add(ctx.on, HANDLE_DAYS)
    updates: dict[str, Any] = {"accepted_date": ctx.on, "due_date": due}
    for name, field in (("unit", "handling_unit"), ("handler", "handler")):
        if ctx.values.get(name):
            updates[field] = ctx.values[name]
    notify_due = ctx.petition.due_date
    detail = {
        **_note(ctx, "method", "handler"),
        "unit": updates.get("handling_unit", ctx.petition.handling_unit),
        "handle_by": due.isoformat(),
        "notified_in_time": notify_due is None or ctx.on <= notify_due,
    }
    return updates, detail


def _reject(ctx: _Ctx) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"reject_reason": ctx.values["reason"]}, _note(ctx, "reason", "method")


def _transfer(ctx: _Ctx) -> tuple[dict[str, Any], dict[str, Any]]:
    p, v = ctx.petition, ctx.values
    to = v["to"]
    if to == DEPARTMENT:
        if not v.get("level"):
            raise _fail("level", MSG_REQUIRED)
        level = v["level"]
    else:
        if v.get("level") and v["level"] != to:
            raise _fail("level", MSG_LEVEL_NOT_FOR_SIDE, side=side_label(to))
        level = to
    if to == p.holder and v["unit"] == p.handling_unit:
        raise _fail("unit", MSG_SAME_UNIT, unit=v["unit"])
    rank = {lv: n for n, lv in enumerate(LEVELS)}
    here, there = rank.get(p.level, 0), rank[level]
    direction = "up" if there > here else "down" if there < here else "across"
    notify_due = ctx.policy.add(ctx.on, NOTIFY_DAYS)
    updates = {
        "holder": to,
        "level": level,
        "handling_unit": v["unit"],
        "handler": v.get("handler", ""),
        "transferred_from": p.holder,
        "transfer_date": ctx.on,
        "due_date": notify_due,
    }
    objection_due = ctx.policy.add(ctx.on, OBJECTION_WORKING_DAYS, WORKING_DAYS)
    detail = {
        **_note(ctx, "handler"),
        "to": to,
        "unit": v["unit"],
        "level": level,
        "from": p.holder,
        "from_unit": p.handling_unit,
        "direction": direction,  # up = 上报, down = 交办 to a lower level
        "notify_by": notify_due.isoformat(),
        "objection_by": objection_due.isoformat(),
    }
    return updates, detail


def _object(ctx: _Ctx) -> tuple[dict[str, Any], dict[str, Any]]:
    p = ctx.petition
    deadline = objection_by(p, ctx.policy)
    if deadline is not None and ctx.on > deadline:
        raise _fail(
            "on",
            MSG_OBJECTION_LATE,
            deadline=deadline.isoformat(),
            received=_iso(p.transfer_date),
        )
    back = p.transferred_from if p.transferred_from in LEVELS else VILLAGE
    # The sender decides again (accept, reject or send elsewhere); the 条例 sets no period
    # for that, so it gets a fresh 15 日 as for an item received (GUESS, docs).
    due = ctx.policy.add(ctx.on, NOTIFY_DAYS)
    updates = {
        "holder": back,
        "level": back,
        "handling_unit": "",
        "handler": "",
        "transferred_from": "",
        "due_date": due,
    }
    detail = {
        **_note(ctx, "reason"),
        "unit": p.handling_unit,
        "back_to": back,
        "objection_by": _iso(deadline),
        "decide_by": due.isoformat(),
    }
    return updates, detail


def _handle(ctx: _Ctx) -> tuple[dict[str, Any], dict[str, Any]]:
    updates = {"handler": ctx.values["handler"]} if ctx.values.get("handler") else {}
    return updates, {**_note(ctx, "handler"), "unit": ctx.petition.handling_unit}


def _extend(ctx: _Ctx) -> tuple[dict[str, Any], dict[str, Any]]:
    p, v = ctx.petition, ctx.values
    current = handle_by(p, ctx.policy)
    assert current is not None and p.accepted_date is not None  # accepted states only
    errors: list[FieldError] = []
    if ctx.on > current:
        errors.append(FieldError("on", MSG_EXTENSION_EXPIRED, {"due": current.isoformat()}))
    latest = max_extension(ctx.policy, current)
    if v["until"] <= current:
        errors.append(FieldError("until", MSG_EXTENSION_NOT_LATER, {"due": current.isoformat()}))
    elif v["until"] > latest:
        errors.append(
            FieldError(
                "until",
                MSG_EXTENSION_TOO_LONG,
                {"due": current.isoformat(), "latest": latest.isoformat()},
            )
        )
    told = v["told_date"]
    if told > ctx.on:
        errors.append(FieldError("told_date", MSG_AFTER_STEP, {"on": ctx.on.isoformat()}))
    elif told < p.accepted_date:
        errors.append(
            FieldError(
                "told_date", MSG_BEFORE_ACCEPTANCE, {"accepted": p.accepted_date.isoformat()}
            )
        )
    if errors:
        raise ValidationError(errors)
    updates = {
        "extended_until": v["until"],
        "extension_reason": v["reason"],
        "due_date": v["until"],
    }
    detail = {
        **_note(ctx, "approver", "reason"),
        "until": v["until"].isoformat(),
        "told_date": told.isoformat(),
        "previous_due": current.isoformat(),
    }
    return updates, detail


def _reply(ctx: _Ctx) -> tuple[dict[str, Any], dict[str, Any]]:
    v = ctx.values
    due = handle_by(ctx.petition, ctx.policy)
    updates = {
        "decision": v["decision"],
        "reply_text": v["text"],
        "reply_method": v["method"],
        "reply_date": ctx.on,
    }
    detail = {
        **_note(ctx, "decision", "text", "method"),
        "unit": ctx.petition.handling_unit,
        "handle_by": _iso(due),
        "in_time": due is None or ctx.on <= due,
        "review_request_by": ctx.policy.add(ctx.on, REVIEW_REQUEST_DAYS).isoformat(),
    }
    return updates, detail


def _callback(ctx: _Ctx) -> tuple[dict[str, Any], dict[str, Any]]:
    v = ctx.values
    reached = v.get("reached", True)
    satisfaction = v.get("satisfaction", "")
    if reached and not satisfaction:
        raise _fail("satisfaction", MSG_REQUIRED)
    if not reached and satisfaction:
        raise _fail("satisfaction", MSG_SATISFACTION_NEEDS_CONTACT)
    if not reached and not v.get("note"):
        raise _fail("note", MSG_NOTE_WHY_UNREACHED)
    updates = {"callback_date": ctx.on, "satisfaction": satisfaction}
    return updates, {**_note(ctx, "satisfaction", "method"), "reached": reached}


def _close(ctx: _Ctx) -> tuple[dict[str, Any], dict[str, Any]]:
    p = ctx.petition
    return {"closed_date": ctx.on}, {**_note(ctx), "satisfaction": p.satisfaction}


def _review_request(ctx: _Ctx) -> tuple[dict[str, Any], dict[str, Any]]:
    p = ctx.petition
    assert p.reply_date is not None  # replied states only
    deadline = ctx.policy.add(p.reply_date, REVIEW_REQUEST_DAYS)
    if ctx.on > deadline:
        raise _fail(
            "on", MSG_REVIEW_LATE, deadline=deadline.isoformat(), replied=p.reply_date.isoformat()
        )
    due = ctx.policy.add(ctx.on, REVIEW_ANSWER_DAYS)
    updates = {"review_request_date": ctx.on, "due_date": due}
    return updates, {
        **_note(ctx, "organ", "reason"),
        "request_by": deadline.isoformat(),
        "answer_by": due.isoformat(),
    }


def _review_answer(ctx: _Ctx) -> tuple[dict[str, Any], dict[str, Any]]:
    p, v = ctx.petition, ctx.values
    due = p.due_date
    updates = {"review_answer_date": ctx.on, "review_decision": v["decision"]}
    return updates, {
        **_note(ctx, "decision", "text"),
        "answer_by": _iso(due),
        "in_time": due is None or ctx.on <= due,
        "recheck_request_by": ctx.policy.add(ctx.on, RECHECK_REQUEST_DAYS).isoformat(),
    }


def _recheck_request(ctx: _Ctx) -> tuple[dict[str, Any], dict[str, Any]]:
    p = ctx.petition
    assert p.review_answer_date is not None  # checked by _refusal
    deadline = ctx.policy.add(p.review_answer_date, RECHECK_REQUEST_DAYS)
    if ctx.on > deadline:
        raise _fail(
            "on",
            MSG_RECHECK_LATE,
            deadline=deadline.isoformat(),
            answered=p.review_answer_date.isoformat(),
        )
    due = ctx.policy.add(ctx.on, RECHECK_ANSWER_DAYS)
    updates = {"recheck_request_date": ctx.on, "due_date": due}
    return updates, {
        **_note(ctx, "organ", "reason"),
        "request_by": deadline.isoformat(),
        "answer_by": due.isoformat(),
    }


def _recheck_answer(ctx: _Ctx) -> tuple[dict[str, Any], dict[str, Any]]:
    p, v = ctx.petition, ctx.values
    due = p.due_date
    updates = {"recheck_answer_date": ctx.on, "recheck_decision": v["decision"]}
    return updates, {
        **_note(ctx, "decision", "text"),
        "answer_by": _iso(due),
        "in_time": due is None or ctx.on <= due,
    }


def _conclude(ctx: _Ctx) -> tuple[dict[str, Any], dict[str, Any]]:
    return {"concluded_date": ctx.on}, _note(ctx)


_EFFECTS: dict[str, Callable[[_Ctx], tuple[dict[str, Any], dict[str, Any]]]] = {
    ACCEPT: _accept,
    REJECT: _reject,
    TRANSFER: _transfer,
    OBJECT: _object,
    HANDLE: _handle,
    EXTEND: _extend,
    REPLY: _reply,
    CALLBACK: _callback,
    CLOSE: _close,
    REVIEW_REQUEST: _review_request,
    REVIEW_ANSWER: _review_answer,
    RECHECK_REQUEST: _recheck_request,
    RECHECK_ANSWER: _recheck_answer,
    CONCLUDE: _conclude,
}


def last_step(petition: Petition) -> date:
    """The date of the latest step (登记 at the least): no step may be dated before it."""
    return max(petition.reg_date, petition.last_step_date or petition.reg_date)


def advance(
    petition: Petition,
    action: str,
    values: dict[str, Any],
    *,
    actor: str,
    role: str,
    on: date,
    policy: DeadlinePolicy,
) -> Step:
    """Check the step ``action`` taken by ``actor`` (as ``role``) on day ``on``.

    Returns the :class:`Step` to store, or raises :class:`ValidationError` — the step is not
    possible from the status, the role may not take it, the petition is with another side, a
    value is missing or invalid, a date lies before the previous step, or a window has closed
    (the message names the deadline). ``petition`` is never changed.
    """
    rule = RULES.get(action)
    if rule is None:
        raise _fail("action", MSG_UNKNOWN_ACTION, action=str(action)[:40])
    if role not in SIDE_OF_ROLE:
        raise _fail("role", MSG_UNKNOWN_ROLE, role=str(role)[:40])
    refusal = _refusal(petition, rule, role)
    if refusal is not None:
        raise ValidationError([refusal])
    last = last_step(petition)
    if on < last:
        raise _fail("on", MSG_BEFORE_PREVIOUS, on=on.isoformat(), last=last.isoformat())
    cleaned = _clean(rule, values, on)
    ctx = _Ctx(petition, cleaned, on, actor, role, policy)
    updates, detail = _EFFECTS[action](ctx)
    updates = {**updates, "status": rule.target, "last_step_date": on}
    detail = {
        "action": action,
        "from_status": petition.status,
        "to_status": rule.target,
        "role": role,
        "actor": actor,
        "date": on.isoformat(),
        **detail,
    }
    return Step(rule.target, updates, detail)


def apply(petition: Petition, step: Step) -> Petition:
    """A copy of ``petition`` with ``step`` applied (the store does the same to its row)."""
    return dataclasses.replace(petition, **step.updates)


def register_updates(petition: Petition, policy: DeadlinePolicy) -> dict[str, Any]:
    """The workflow fields of a newly registered petition (登记): 受理告知 is due in 15 日."""
    return {
        "status": REGISTERED,
        "due_date": policy.add(petition.reg_date, NOTIFY_DAYS),
        "last_step_date": petition.reg_date,
    }


def deadline_inputs(petition: Petition) -> dict[str, date | None]:
    """The keyword arguments of ``deadlines.petition_deadlines`` for ``petition``."""
    return {
        "registered": petition.reg_date,
        "accepted": petition.accepted_date,
        "transferred_in": petition.transfer_date,
        "extended_until": petition.extended_until,
        "replied": petition.reply_date,
        "review_requested": petition.review_request_date,
        "review_answered": petition.review_answer_date,
        "recheck_requested": petition.recheck_request_date,
    }


# --- consistency ---------------------------------------------------------------------------------

_STATE_DATES: tuple[tuple[str, frozenset[str]], ...] = (
    ("accepted_date", ACCEPTED_STATUSES),
    ("reply_date", REPLIED_STATUSES),
    ("review_request_date", frozenset({REVIEW, REVIEW_ANSWERED, RECHECK, RECHECK_ANSWERED})),
    ("review_answer_date", frozenset({REVIEW_ANSWERED, RECHECK, RECHECK_ANSWERED})),
    ("recheck_request_date", frozenset({RECHECK, RECHECK_ANSWERED, CONCLUDED})),
    ("recheck_answer_date", frozenset({RECHECK_ANSWERED, CONCLUDED})),
    ("concluded_date", frozenset({CONCLUDED})),
)


def consistency_errors(petition: Petition) -> list[str]:
    """What is wrong with the workflow fields of ``petition`` (English, for tests and checks).

    An empty list means the record is in a state the workflow can reach: a known status, a
    known holder at a matching level, the dates its status implies, in order.
    """
    p = petition
    problems: list[str] = []
    if p.status not in STATUSES:
        problems.append(f"unknown status {p.status!r}")
    if p.holder not in SIDES:
        problems.append(f"unknown holder {p.holder!r}")
    if p.level not in LEVELS:
        problems.append(f"unknown level {p.level!r}")
    elif p.holder in LEVELS and p.holder != p.level:
        problems.append(f"holder {p.holder} at level {p.level}")
    elif p.holder == DEPARTMENT and p.level == VILLAGE:
        problems.append("a department at village level")
    for name, states in _STATE_DATES:
        value = getattr(p, name)
        if p.status in states and value is None:
            problems.append(f"{p.status} without {name}")
    if p.status not in ACCEPTED_STATUSES and p.accepted_date is not None:
        problems.append(f"{p.status} with an acceptance date")
    if p.status in REPLIED_STATUSES and not (p.decision and p.reply_text and p.reply_method):
        problems.append(f"{p.status} without decision, reply text and method")
    if p.status == CALLED_BACK and p.callback_date is None:
        problems.append("called back without callback_date")
    if p.status == CLOSED and p.closed_date is None:
        problems.append("closed without closed_date")
    if p.status == EXTENDED and p.extended_until is None:
        problems.append("extended without extended_until")
    if p.status == REJECTED and not p.reject_reason:
        problems.append("rejected without a reason")
    if p.status == TRANSFERRED and (p.transfer_date is None or not p.transferred_from):
        problems.append("transferred without transfer_date and transferred_from")
    if p.satisfaction and p.callback_date is None:
        problems.append("satisfaction without a callback")
    if p.accused_ids and p.kind != ACCUSATION_KIND:
        problems.append("accused persons on a petition that accuses no one")
    order = [
        ("reg_date", p.reg_date),
        ("accepted_date", p.accepted_date),
        ("reply_date", p.reply_date),
        ("callback_date", p.callback_date),
        ("review_request_date", p.review_request_date),
        ("review_answer_date", p.review_answer_date),
        ("recheck_request_date", p.recheck_request_date),
        ("recheck_answer_date", p.recheck_answer_date),
        ("concluded_date", p.concluded_date),
    ]
    known = [(n, d) for n, d in order if d is not None]
    for (n1, d1), (n2, d2) in itertools.pairwise(known):
        if d2 < d1:
            problems.append(f"{n2} {d2} before {n1} {d1}")
    if p.extended_until is not None and p.accepted_date and p.extended_until <= p.accepted_date:
        problems.append("extended_until not after acceptance")
    if p.last_step_date is not None:
        for name in (
            "reg_date",
            "accepted_date",
            "transfer_date",
            "reply_date",
            "callback_date",
            "closed_date",
            "review_request_date",
            "review_answer_date",
            "recheck_request_date",
            "recheck_answer_date",
            "concluded_date",
        ):
            value = getattr(p, name)
            if value is not None and value > p.last_step_date:
                problems.append(f"{name} {value} after the last step {p.last_step_date}")
    return problems


# --- confidentiality -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Visibility:
    """What a viewer may see of a petition beyond its register line (编号, date, status).

    ``content``: summary, content, replies and attachments. ``petitioner``: the petitioners'
    names, ID numbers, phones and addresses.
    """

    content: bool
    petitioner: bool


HIDDEN = Visibility(False, False)
FULL = Visibility(True, True)


def accused_person_ids(petition: Petition) -> frozenset[str]:
    """The persons a 检举控告类 petition accuses (``Petition.accused_ids``)."""
    return frozenset(i.strip() for i in petition.accused_ids.split(",") if i.strip())


def join_person_ids(ids: Collection[str]) -> str:
    """``Petition.accused_ids`` for ``ids`` (sorted, so equal sets store equal text)."""
    return ",".join(sorted({i.strip() for i in ids if i.strip()}))


def visibility(
    petition: Petition, role: str, viewer_person_ids: Collection[str] = ()
) -> Visibility:
    """Who may see a petition's content and its petitioner.

    1. The accused never: a viewer who is one of the persons a 检举控告类 petition accuses
       sees nothing of it, whatever their role (art. 30; ``viewer_person_ids`` are the person
       records of the user, or of a device's users when the sync decides what it sends).
    2. 检举控告类: the county petition bureau, and the offices of the side holding the petition
       (secretary, township or department); never a grid worker, and no other side.
    3. Other petitions: the village (grid worker and secretary — they register and call back),
       the township and the county; a department only while it holds the petition.
    4. A petition not marked ``confidential`` shows its content to every role; the petitioner
       stays as in 3.
    """
    if role not in SIDE_OF_ROLE:
        return HIDDEN
    if accused_person_ids(petition) & set(viewer_person_ids):
        return HIDDEN
    holds = SIDE_OF_ROLE[role] == petition.holder
    if petition.kind == ACCUSATION_KIND:
        return FULL if role == COUNTY or (holds and role != GRID_WORKER) else HIDDEN
    sees = role != DEPARTMENT or holds
    return Visibility(content=sees or not petition.confidential, petitioner=sees)


def may_reach_device(petition: Petition, device_person_ids: Collection[str]) -> bool:
    """False when a person using the device is accused by the petition (the sync's filter)."""
    return not (accused_person_ids(petition) & set(device_person_ids))
