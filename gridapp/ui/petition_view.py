"""What the petition page shows, read in one background job and put into words.

:func:`load_petition_view` runs on the worker (``ctx.tasks``): the petition, its petitioners,
progress entries, deadlines, attachments (with the thumbnails kept so far), the role of this
PC, what that role may see and which steps it may take now. Everything the role may not see
(``petition_flow.visibility``) is blanked here, before it reaches a widget: the page cannot
show, copy or put into a tooltip what it never received.

The rest of the module turns those values into Chinese text: the traffic light's words, the
deadline rows, and the detail of a progress entry as labelled "key：value" pairs (never raw
JSON). Plain Python — no Qt — so it is cheap to test; the labels are marked for the ``.ts``
(context ``PetitionView``) and translated with :func:`gridapp.i18n.translate`.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP, translate
from gridapp.models import codes, petition_flow
from gridapp.models.deadlines import DeadlinePolicy, Light, PetitionDeadlines, traffic_light
from gridapp.models.petition import Petition, PetitionAttachment, Petitioner, PetitionProgress
from gridapp.models.petition_flow import Visibility
from gridapp.models.petition_register import PETITION_FIELDS
from gridapp.store.attachments import PDF, AttachmentStore
from gridapp.store.db import Store
from gridapp.store.household_view import grid_name
from gridapp.store.petitions import CORRECTION_REASON, PetitionRepository

CONTEXT = "PetitionView"

DOT = "●"
# Fields blanked when the role may not see the content (petition_flow.visibility).
CONTENT_FIELDS = (
    "summary",
    "content",
    "problem_address",
    "problem_area_code",
    "reply_text",
    "reject_reason",
    "extension_reason",
)
# Detail keys of progress entries that carry content (texts the petitioner or an office wrote).
CONTENT_KEYS = frozenset({"text", "reason", "note"})


def _t(text: str) -> str:
    return translate(CONTEXT, text)


def _flow(text: str) -> str:
    return translate(petition_flow.CONTEXT, text)


def code_label(table: str, code: str) -> str:
    """The Chinese label of a code ('' for none; an unknown code as it is)."""
    entry = codes.table(table).get(code) if code else None
    return entry.label if entry is not None else code


def yes_no(value: bool) -> str:
    return _t(YES) if value else _t(NO)


YES = QT_TRANSLATE_NOOP("PetitionView", "Yes")
NO = QT_TRANSLATE_NOOP("PetitionView", "No")
CONFIDENTIAL = QT_TRANSLATE_NOOP("PetitionView", "Content confidential")


def confidential_text() -> str:
    """「内容保密」: shown where the role may not see the text."""
    return _t(CONFIDENTIAL)


# --- the view --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttachmentInfo:
    """One attachment as the page shows it."""

    attachment: PetitionAttachment
    present: bool  # the bytes are on this computer (after sync a row may come first)
    thumbnail: bytes | None  # PNG kept by AttachmentStore.set_thumbnail, or None

    @property
    def is_pdf(self) -> bool:
        return self.attachment.mime == PDF

    @property
    def needs_thumbnail(self) -> bool:
        return self.present and self.thumbnail is None and not self.is_pdf


@dataclass
class PetitionView:
    """Everything the petition page shows about one petition (hidden parts blanked)."""

    petition: Petition
    petitioners: list[Petitioner]
    progress: list[PetitionProgress]
    deadlines: PetitionDeadlines
    attachments: list[AttachmentInfo]
    role: str
    visibility: Visibility
    actions: list[str]  # the steps this role may take now (petition_flow.allowed_actions)
    policy: DeadlinePolicy
    grid_name: str
    today: date = field(default_factory=date.today)

    @property
    def done(self) -> bool:
        """No step is owed against ``due_date`` (the list's and the CLI's rule)."""
        return self.petition.status not in petition_flow.OPEN_STATUSES


def load_petition_view(store: Store, petition_id: str, today: date | None = None) -> PetitionView:
    """Read one petition for the page (worker thread). Raises NotFoundError when it is gone."""
    repo = PetitionRepository(store)
    petition = repo.get(petition_id)
    role = repo.role()
    seen = repo.visibility(petition)  # the workflow's rule and the role's (issue #8)
    actions = petition_flow.allowed_actions(petition, role)
    deadlines = repo.deadlines(petition)
    progress = repo.progress(petition_id)
    petitioners = repo.petitioners(petition_id) if seen.petitioner else []
    attachments: list[AttachmentInfo] = []
    if seen.content:
        with AttachmentStore(store) as files:
            for row in files.attachments_of(petition_id):
                present = files.exists(row.sha256)
                thumb = files.thumbnail(row.sha256) if present else None
                attachments.append(AttachmentInfo(row, present, thumb))
    else:
        hidden: dict[str, Any] = {name: "" for name in CONTENT_FIELDS}
        petition = dataclasses.replace(petition, **hidden)
    return PetitionView(
        petition=petition,
        petitioners=petitioners,
        progress=progress,
        deadlines=deadlines,
        attachments=attachments,
        role=role,
        visibility=seen,
        actions=actions,
        policy=repo.policy(),
        grid_name=grid_name(store, petition.grid_code),
        today=today or date.today(),
    )


# --- traffic lights --------------------------------------------------------------------------

OVERDUE = QT_TRANSLATE_NOOP("PetitionView", "Overdue by {days} days")
DUE_TODAY = QT_TRANSLATE_NOOP("PetitionView", "Due today")
DAYS_LEFT = QT_TRANSLATE_NOOP("PetitionView", "{days} days left")
NO_DEADLINE = "—"


def light_words(light: Light, due: date | None, today: date) -> str:
    """已超期 N 天 / 今天到期 / 还剩 N 天, or — when no deadline runs."""
    if light is Light.NONE or due is None:
        return NO_DEADLINE
    left = (due - today).days
    if left < 0:
        return _t(OVERDUE).replace("{days}", str(-left))
    if left == 0:
        return _t(DUE_TODAY)
    return _t(DAYS_LEFT).replace("{days}", str(left))


def current_light(view: PetitionView) -> Light:
    """The light of the petition's current deadline (``due_date``)."""
    return traffic_light(view.petition.due_date, view.today, done=view.done)


# --- deadlines -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRow:
    """One deadline that applies, in words."""

    key: str  # the PetitionDeadlines field
    label: str
    due: date
    light: Light
    words: str  # 还剩 N 天 / 已超期 N 天 / 已于 … 办理 / 已截止 …


DEADLINE_LABELS: dict[str, str] = {
    "notify_by": QT_TRANSLATE_NOOP("PetitionView", "Acceptance notice (15 days)"),
    "objection_by": QT_TRANSLATE_NOOP("PetitionView", "Objection to the transfer (5 working days)"),
    "handle_by": QT_TRANSLATE_NOOP("PetitionView", "Handling and reply (60 days)"),
    "review_request_by": QT_TRANSLATE_NOOP("PetitionView", "Petitioner may request a review until"),
    "review_answer_by": QT_TRANSLATE_NOOP("PetitionView", "Review answer"),
    "recheck_request_by": QT_TRANSLATE_NOOP(
        "PetitionView", "Petitioner may request a recheck until"
    ),
    "recheck_answer_by": QT_TRANSLATE_NOOP("PetitionView", "Recheck answer"),
}
HANDLE_EXTENDED = QT_TRANSLATE_NOOP("PetitionView", "Handling and reply (extended)")
DONE_ON = QT_TRANSLATE_NOOP("PetitionView", "Done in time")
DONE_LATE = QT_TRANSLATE_NOOP("PetitionView", "Done {days} days late")
DONE = QT_TRANSLATE_NOOP("PetitionView", "Done")
REQUESTED_ON = QT_TRANSLATE_NOOP("PetitionView", "Requested on {date}")
WINDOW_CLOSED = QT_TRANSLATE_NOOP("PetitionView", "Closed")
NO_LONGER = QT_TRANSLATE_NOOP("PetitionView", "No longer applies")


def _done_words(due: date, on: date | None) -> str:
    """按期办理 / 超期 N 天办理 (the day itself is in the progress entries)."""
    if on is None:
        return _t(DONE)
    if on > due:
        return _t(DONE_LATE).replace("{days}", str((on - due).days))
    return _t(DONE_ON)


def _notify_done(p: Petition) -> tuple[bool, date | None]:
    if p.status == petition_flow.REGISTERED:
        return False, None
    if p.accepted_date is not None:
        return True, p.accepted_date
    if p.transfer_date is not None:
        return True, p.transfer_date
    return True, p.last_step_date if p.status == petition_flow.REJECTED else None


def _handle_done(p: Petition) -> tuple[bool, date | None]:
    if p.reply_date is not None:
        return True, p.reply_date
    return p.status in petition_flow.DONE_STATUSES, None


# Deadlines the office owes: (done?, done on) from the petition.
_OWED: dict[str, Callable[[Petition], tuple[bool, date | None]]] = {
    "notify_by": _notify_done,
    "objection_by": lambda p: (p.status != petition_flow.TRANSFERRED, None),
    "handle_by": _handle_done,
    "review_answer_by": lambda p: (p.review_answer_date is not None, p.review_answer_date),
    "recheck_answer_by": lambda p: (p.recheck_answer_date is not None, p.recheck_answer_date),
}
# The petitioner's windows: requested on (or None).
_WINDOWS: dict[str, Callable[[Petition], date | None]] = {
    "review_request_by": lambda p: p.review_request_date,
    "recheck_request_by": lambda p: p.recheck_request_date,
}


def deadline_rows(view: PetitionView) -> list[DeadlineRow]:
    """Every deadline that applies to the petition, with its light and words.

    A deadline the office owes is red, amber or green until the step is taken (then it says
    when, and whether late). The petitioner's windows for 复查/复核 get no light — they are
    not the office's duty — and say how long they stay open.
    """
    p, today = view.petition, view.today
    rows: list[DeadlineRow] = []
    for key, source in DEADLINE_LABELS.items():
        due = getattr(view.deadlines, key)
        if due is None:
            continue
        label = _t(HANDLE_EXTENDED if key == "handle_by" and p.extended_until else source)
        if key in _OWED:
            done, on = _OWED[key](p)
            if key == "objection_by" and done:
                rows.append(DeadlineRow(key, label, due, Light.NONE, _t(NO_LONGER)))
                continue
            light = traffic_light(due, today, done=done)
            words = _done_words(due, on) if done else light_words(light, due, today)
        else:
            requested = _WINDOWS[key](p)
            light = Light.NONE
            if requested is not None:
                words = _t(REQUESTED_ON).replace("{date}", requested.isoformat())
            elif today > due:
                words = _t(WINDOW_CLOSED)
            else:
                words = light_words(Light.GREEN, due, today)
        rows.append(DeadlineRow(key, label, due, light, words))
    return rows


# --- progress entries ------------------------------------------------------------------------

# Labels of the detail keys; an action may name a key differently (the "method" of a 受理告知
# is how the petitioner was told, of a 回访 how they were called back).
DETAIL_LABELS: dict[str, str] = {
    "reg_no": QT_TRANSLATE_NOOP("PetitionView", "Registration number"),
    "channel": QT_TRANSLATE_NOOP("PetitionView", "Channel"),
    "role": QT_TRANSLATE_NOOP("PetitionView", "As"),
    "to_status": QT_TRANSLATE_NOOP("PetitionView", "Status afterwards"),
    "method": QT_TRANSLATE_NOOP("PetitionView", "How the petitioner was told"),
    "handler": QT_TRANSLATE_NOOP("PetitionView", "Handler"),
    "unit": QT_TRANSLATE_NOOP("PetitionView", "Handling unit"),
    "handle_by": QT_TRANSLATE_NOOP("PetitionView", "Handling deadline"),
    "notified_in_time": QT_TRANSLATE_NOOP("PetitionView", "Notified in time"),
    "reason": QT_TRANSLATE_NOOP("PetitionView", "Reason"),
    "to": QT_TRANSLATE_NOOP("PetitionView", "Sent to"),
    "level": QT_TRANSLATE_NOOP("PetitionView", "Level"),
    "from": QT_TRANSLATE_NOOP("PetitionView", "Sent by"),
    "from_unit": QT_TRANSLATE_NOOP("PetitionView", "Previous handling unit"),
    "direction": QT_TRANSLATE_NOOP("PetitionView", "Direction"),
    "notify_by": QT_TRANSLATE_NOOP("PetitionView", "Acceptance notice due"),
    "objection_by": QT_TRANSLATE_NOOP("PetitionView", "Objection possible until"),
    "back_to": QT_TRANSLATE_NOOP("PetitionView", "Returned to"),
    "decide_by": QT_TRANSLATE_NOOP("PetitionView", "New decision due"),
    "approver": QT_TRANSLATE_NOOP("PetitionView", "Approved by"),
    "until": QT_TRANSLATE_NOOP("PetitionView", "Extended until"),
    "told_date": QT_TRANSLATE_NOOP("PetitionView", "Reason told to the petitioner on"),
    "previous_due": QT_TRANSLATE_NOOP("PetitionView", "Previous deadline"),
    "decision": QT_TRANSLATE_NOOP("PetitionView", "Decision"),
    "text": QT_TRANSLATE_NOOP("PetitionView", "Reply text"),
    "in_time": QT_TRANSLATE_NOOP("PetitionView", "In time"),
    "review_request_by": QT_TRANSLATE_NOOP("PetitionView", "Review may be requested until"),
    "satisfaction": QT_TRANSLATE_NOOP("PetitionView", "Satisfaction"),
    "reached": QT_TRANSLATE_NOOP("PetitionView", "Petitioner reached"),
    "organ": QT_TRANSLATE_NOOP("PetitionView", "Reviewing organ"),
    "request_by": QT_TRANSLATE_NOOP("PetitionView", "Request possible until"),
    "answer_by": QT_TRANSLATE_NOOP("PetitionView", "Answer due"),
    "recheck_request_by": QT_TRANSLATE_NOOP("PetitionView", "Recheck may be requested until"),
    "note": QT_TRANSLATE_NOOP("PetitionView", "Note"),
}
ACTION_DETAIL_LABELS: dict[tuple[str, str], str] = {
    ("reply", "method"): QT_TRANSLATE_NOOP("PetitionView", "Reply method"),
    ("callback", "method"): QT_TRANSLATE_NOOP("PetitionView", "Call-back method"),
    ("reject", "reason"): QT_TRANSLATE_NOOP("PetitionView", "Reason for not accepting"),
    ("object", "reason"): QT_TRANSLATE_NOOP("PetitionView", "Reason for the objection"),
    ("extend", "reason"): QT_TRANSLATE_NOOP("PetitionView", "Reason for the extension"),
    ("review_request", "reason"): QT_TRANSLATE_NOOP("PetitionView", "Reason for the request"),
    ("recheck_request", "reason"): QT_TRANSLATE_NOOP("PetitionView", "Reason for the request"),
    ("review_answer", "decision"): QT_TRANSLATE_NOOP("PetitionView", "Review decision"),
    ("review_answer", "text"): QT_TRANSLATE_NOOP("PetitionView", "Review opinion"),
    ("recheck_answer", "decision"): QT_TRANSLATE_NOOP("PetitionView", "Recheck decision"),
    ("recheck_answer", "text"): QT_TRANSLATE_NOOP("PetitionView", "Recheck opinion"),
    ("review_answer", "in_time"): QT_TRANSLATE_NOOP("PetitionView", "Answered in time"),
    ("recheck_answer", "in_time"): QT_TRANSLATE_NOOP("PetitionView", "Answered in time"),
    ("reply", "in_time"): QT_TRANSLATE_NOOP("PetitionView", "Replied in time"),
    ("close", "satisfaction"): QT_TRANSLATE_NOOP("PetitionView", "Satisfaction"),
    ("object", "unit"): QT_TRANSLATE_NOOP("PetitionView", "Objecting unit"),
}
DIRECTIONS: dict[str, str] = {
    "up": QT_TRANSLATE_NOOP("PetitionView", "Up a level (上报)"),
    "down": QT_TRANSLATE_NOOP("PetitionView", "Assigned down (交办)"),
    "across": QT_TRANSLATE_NOOP("PetitionView", "To another unit at the same level"),
}
# Shown in the table's own columns (date, step, who) or implied by the step: not repeated.
# The role is shown with the actor, the status after the step by the step's name.
SKIPPED_KEYS = frozenset({"action", "from_status", "to_status", "actor", "role", "date"})
CODE_TABLES: dict[str, str] = {
    "channel": "petition_channel",
    "decision": "petition_decision",
    "satisfaction": "satisfaction",
    "method": "petition_reply_method",
}
SIDE_KEYS = frozenset({"to", "level", "from", "back_to"})


# 更正登记信息: each changed field is a detail {"old": …, "new": …} under the field's name.
CORRECTED = QT_TRANSLATE_NOOP("PetitionView", "from “{old}” to “{new}”")
EMPTY_VALUE = QT_TRANSLATE_NOOP("PetitionView", "(empty)")
CORRECTED_MAX = 200  # a corrected text is cut here in the timeline (the entry keeps it whole)


def corrected_value(key: str, value: Any) -> str:
    """One side of a corrected field in words: a code as its label, a flag as 是/否."""
    spec = PETITION_FIELDS.get(key)
    if value in ("", None):
        return _t(EMPTY_VALUE)
    if isinstance(value, bool):
        return yes_no(value)
    text = str(value)
    if spec is not None and spec.kind == "code":
        return code_label(spec.table, text)
    return text if len(text) <= CORRECTED_MAX else text[:CORRECTED_MAX] + "…"


def corrected_text(key: str, change: dict[str, Any]) -> str:
    """由“旧”改为“新”."""
    return (
        _t(CORRECTED)
        .replace("{old}", corrected_value(key, change.get("old")))
        .replace("{new}", corrected_value(key, change.get("new")))
    )


def detail_label(action: str, key: str) -> str:
    """The Chinese label of a detail key (a key this version does not know, as it is)."""
    if action == petition_flow.CORRECT and key in PETITION_FIELDS:
        return translate("Fields", PETITION_FIELDS[key].label)
    if (action, key) == (petition_flow.CORRECT, "reason"):
        return translate("Fields", CORRECTION_REASON.label)
    source = ACTION_DETAIL_LABELS.get((action, key)) or DETAIL_LABELS.get(key)
    return _t(source) if source else key


def detail_value(key: str, value: Any) -> str:
    """A detail value in words: codes as their labels, flags as 是/否, dates as they are."""
    if isinstance(value, bool):
        return yes_no(value)
    if value is None:
        return NO_DEADLINE
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)  # not written by this version
    text = str(value)
    if key in CODE_TABLES:
        return code_label(CODE_TABLES[key], text)
    if key in SIDE_KEYS:
        return petition_flow.side_label(text)
    if key == "role":
        return petition_flow.role_label(text)
    if key == "to_status":
        return petition_flow.status_label(text)
    if key == "direction":
        return _t(DIRECTIONS[text]) if text in DIRECTIONS else text
    return text


def parse_detail(entry: PetitionProgress) -> dict[str, Any]:
    """The entry's detail as a dict ({} for empty or damaged JSON)."""
    try:
        value = json.loads(entry.detail or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def detail_pairs(entry: PetitionProgress, content_visible: bool = True) -> list[tuple[str, str]]:
    """(label, value) of every detail worth showing, in the order the step wrote them.

    Texts the petitioner or an office wrote (reason, reply, note) read 「内容保密」 when the
    role may not see the content.
    """
    pairs: list[tuple[str, str]] = []
    for key, value in parse_detail(entry).items():
        if key in SKIPPED_KEYS or value in ("", None):
            continue
        corrected = entry.action == petition_flow.CORRECT and isinstance(value, dict)
        secret = key in CONTENT_KEYS or (corrected and key in CONTENT_FIELDS)
        if secret and not content_visible:
            shown = confidential_text()
        elif corrected:
            shown = corrected_text(key, value)
        else:
            shown = detail_value(key, value)
        pairs.append((detail_label(entry.action, key), shown))
    return pairs


PAIR = QT_TRANSLATE_NOOP("PetitionView", "{label}: {value}")
ACTOR_ROLE = QT_TRANSLATE_NOOP("PetitionView", "{actor} ({role})")


def actor_text(entry: PetitionProgress) -> str:
    """Who took the step, with the role they took it as when the entry says (张三（社区书记）)."""
    role = parse_detail(entry).get("role")
    if not isinstance(role, str) or not role:
        return entry.actor
    return (
        _t(ACTOR_ROLE)
        .replace("{actor}", entry.actor)
        .replace("{role}", petition_flow.role_label(role))
    )


def detail_text(entry: PetitionProgress, content_visible: bool = True) -> str:
    """The detail as lines "标签：值"."""
    pattern = _t(PAIR)
    return "\n".join(
        pattern.replace("{label}", label).replace("{value}", value)
        for label, value in detail_pairs(entry, content_visible)
    )


# --- the petition's fields -------------------------------------------------------------------

FIELD_LABELS: dict[str, str] = {
    "reg_date": QT_TRANSLATE_NOOP("PetitionView", "Date received"),
    "channel": QT_TRANSLATE_NOOP("PetitionView", "Channel"),
    "kind": QT_TRANSLATE_NOOP("PetitionView", "Kind"),
    "category": QT_TRANSLATE_NOOP("PetitionView", "Content category"),
    "headcount": QT_TRANSLATE_NOOP("PetitionView", "Headcount"),
    "repeat": QT_TRANSLATE_NOOP("PetitionView", "Repeat petition"),
    "problem": QT_TRANSLATE_NOOP("PetitionView", "Problem location"),
    "grid": QT_TRANSLATE_NOOP("PetitionView", "Grid"),
    "holder": QT_TRANSLATE_NOOP("PetitionView", "Now with"),
    "level": QT_TRANSLATE_NOOP("PetitionView", "Handling level"),
    "handling_unit": QT_TRANSLATE_NOOP("PetitionView", "Handling unit"),
    "handler": QT_TRANSLATE_NOOP("PetitionView", "Handler"),
    "confidential": QT_TRANSLATE_NOOP("PetitionView", "Confidential"),
    "summary": QT_TRANSLATE_NOOP("PetitionView", "Summary"),
    "content": QT_TRANSLATE_NOOP("PetitionView", "Full content"),
    "accepted_date": QT_TRANSLATE_NOOP("PetitionView", "Accepted on"),
    "reject_reason": QT_TRANSLATE_NOOP("PetitionView", "Reason for not accepting"),
    "extended_until": QT_TRANSLATE_NOOP("PetitionView", "Extended until"),
    "extension_reason": QT_TRANSLATE_NOOP("PetitionView", "Reason for the extension"),
    "decision": QT_TRANSLATE_NOOP("PetitionView", "Decision"),
    "reply_date": QT_TRANSLATE_NOOP("PetitionView", "Replied on"),
    "reply_method": QT_TRANSLATE_NOOP("PetitionView", "Reply method"),
    "reply_text": QT_TRANSLATE_NOOP("PetitionView", "Reply text"),
    "callback_date": QT_TRANSLATE_NOOP("PetitionView", "Called back on"),
    "satisfaction": QT_TRANSLATE_NOOP("PetitionView", "Satisfaction"),
    "closed_date": QT_TRANSLATE_NOOP("PetitionView", "Closed on"),
    "review": QT_TRANSLATE_NOOP("PetitionView", "Review (复查)"),
    "recheck": QT_TRANSLATE_NOOP("PetitionView", "Recheck (复核)"),
    "concluded_date": QT_TRANSLATE_NOOP("PetitionView", "Concluded on"),
}
TIMES = QT_TRANSLATE_NOOP("PetitionView", "Yes ({count} times)")
REQUESTED_ANSWERED = QT_TRANSLATE_NOOP(
    "PetitionView", "requested {requested}, answered {answered}: {decision}"
)
REQUESTED = QT_TRANSLATE_NOOP("PetitionView", "requested {requested}")


def field_label(key: str) -> str:
    return _t(FIELD_LABELS[key])


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _appeal(requested: date | None, answered: date | None, decision: str) -> str:
    if requested is None:
        return ""
    if answered is None:
        return _t(REQUESTED).replace("{requested}", requested.isoformat())
    return (
        _t(REQUESTED_ANSWERED)
        .replace("{requested}", requested.isoformat())
        .replace("{answered}", answered.isoformat())
        .replace("{decision}", code_label("petition_decision", decision))
    )


def register_fields(view: PetitionView) -> list[tuple[str, str]]:
    """(key, value) of the registration's short fields, in the page's order."""
    p = view.petition
    if p.is_repeat:
        repeat = _t(TIMES).replace("{count}", str(p.repeat_count)) if p.repeat_count else _t(YES)
    else:
        repeat = _t(NO)
    problem = p.problem_address or p.problem_area_code
    if not view.visibility.content:
        problem = confidential_text()
    return [
        ("reg_date", p.reg_date.isoformat()),
        ("channel", code_label("petition_channel", p.channel)),
        ("kind", code_label("petition_kind", p.kind)),
        ("category", code_label("petition_category", p.category)),
        ("headcount", str(p.headcount)),
        ("repeat", repeat),
        ("problem", problem),
        ("grid", view.grid_name or p.grid_code),
        ("holder", petition_flow.side_label(p.holder)),
        ("level", petition_flow.side_label(p.level)),
        ("handling_unit", p.handling_unit),
        ("handler", p.handler),
        ("confidential", yes_no(p.confidential)),
    ]


def outcome_fields(view: PetitionView) -> list[tuple[str, str]]:
    """(key, value) of what the workflow recorded so far (only what is set).

    Reasons and the reply text are content: 「内容保密」 when the role may not see it.
    """
    p = view.petition
    secret = None if view.visibility.content else confidential_text()
    rows = [
        ("accepted_date", _iso(p.accepted_date)),
        ("reject_reason", p.reject_reason and (secret or p.reject_reason)),
        ("extended_until", _iso(p.extended_until)),
        ("extension_reason", p.extension_reason and (secret or p.extension_reason)),
        ("decision", code_label("petition_decision", p.decision)),
        ("reply_date", _iso(p.reply_date)),
        ("reply_method", code_label("petition_reply_method", p.reply_method)),
        ("reply_text", p.reply_text and (secret or p.reply_text)),
        ("callback_date", _iso(p.callback_date)),
        ("satisfaction", code_label("satisfaction", p.satisfaction)),
        ("closed_date", _iso(p.closed_date)),
        ("review", _appeal(p.review_request_date, p.review_answer_date, p.review_decision)),
        ("recheck", _appeal(p.recheck_request_date, p.recheck_answer_date, p.recheck_decision)),
        ("concluded_date", _iso(p.concluded_date)),
    ]
    if secret and p.status in petition_flow.REPLIED_STATUSES:
        rows = [(k, secret if k == "reply_text" else v) for k, v in rows]
    return [(key, value) for key, value in rows if value]


# --- attachments -----------------------------------------------------------------------------

KB = QT_TRANSLATE_NOOP("PetitionView", "{size} KB")
MB = QT_TRANSLATE_NOOP("PetitionView", "{size} MB")


def size_text(size: int) -> str:
    """340 KB, 1.2 MB."""
    if size < 1024 * 1024:
        return _t(KB).replace("{size}", str(max(1, round(size / 1024))))
    return _t(MB).replace("{size}", f"{size / (1024 * 1024):.1f}")
