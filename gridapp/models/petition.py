"""诉求信访: petitions, their petitioners, append-only progress entries and attachments.

The workflow of 《信访工作条例》 (which step may follow which, who may take it, what it needs and
changes) is :mod:`gridapp.models.petition_flow` (``docs/petition-workflow.md``); ``STATUSES``
names the states records may be in so that demo data, lists and ledgers agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Workflow states in order (domain-notes §3.1; labels and transitions in petition_flow).
STATUSES = (
    "registered",  # 登记（待受理）
    "accepted",  # 已受理（已告知）
    "rejected",  # 不予受理
    "transferred",  # 已转送/交办 (waits for the receiving unit)
    "objected",  # 异议退回 (the receiving unit objected; back with the sender)
    "in_progress",  # 办理中
    "extended",  # 延期办理中
    "replied",  # 已答复 (处理意见书)
    "called_back",  # 已回访
    "closed",  # 已办结
    "review",  # 复查中 (requested, the answer is due)
    "review_answered",  # 复查已答复
    "recheck",  # 复核中 (requested, the answer is due)
    "recheck_answered",  # 复核已答复
    "concluded",  # 终结
)


@dataclass
class Petition:
    id: str
    reg_no: str  # 登记编号, device-prefixed
    reg_date: date
    channel: str  # petition_channel
    kind: str  # petition_kind
    category: str = ""  # petition_category
    summary: str = ""
    content: str = ""
    headcount: int = 1
    is_repeat: bool = False
    repeat_count: int = 0
    problem_area_code: str = ""
    problem_address: str = ""
    status: str = "registered"
    level: str = "village"  # village | township | county
    handling_unit: str = ""
    handler: str = ""
    accepted_date: date | None = None
    due_date: date | None = None
    decision: str = ""  # petition_decision
    reply_date: date | None = None
    satisfaction: str = ""  # satisfaction
    closed_date: date | None = None
    confidential: bool = True
    grid_code: str = ""
    # --- workflow (petition_flow): set only by its steps ---
    holder: str = "village"  # who must act now: village | township | county | department
    transferred_from: str = ""  # the holder that made the last 转送/交办 (an 异议 returns it)
    transfer_date: date | None = None  # the last 转送/交办 reached the holder (异议 window)
    extended_until: date | None = None  # 延期 approved until (the new 办理 deadline)
    extension_reason: str = ""  # 延期理由 (told to the petitioner)
    reject_reason: str = ""  # 不予受理 reason
    reply_text: str = ""  # 答复内容 (处理意见书)
    reply_method: str = ""  # petition_reply_method: how the reply reached the petitioner
    callback_date: date | None = None  # 回访 (the latest attempt)
    review_request_date: date | None = None  # 复查 requested
    review_answer_date: date | None = None  # 复查意见 given
    review_decision: str = ""  # petition_decision of the 复查意见
    recheck_request_date: date | None = None  # 复核 requested
    recheck_answer_date: date | None = None  # 复核意见 given
    recheck_decision: str = ""  # petition_decision of the 复核意见
    concluded_date: date | None = None  # 终结
    last_step_date: date | None = None  # date of the latest step (登记 included): no step before it
    accused_ids: str = ""  # 检举控告类: person ids of the accused, comma-separated
    area_code: str = ""
    version: int = 0


@dataclass
class Petitioner:
    id: str
    petition_id: str
    name: str
    person_id: str | None = None
    id_number: str = ""
    phone: str = ""
    address: str = ""
    is_primary: bool = False
    area_code: str = ""
    version: int = 0


@dataclass
class PetitionProgress:
    """One append-only step of a petition: who did what, when."""

    id: str
    petition_id: str
    action: str
    action_date: date
    actor: str = ""
    detail: str = "{}"
    area_code: str = ""
    version: int = 0


@dataclass
class PetitionAttachment:
    id: str
    petition_id: str
    sha256: str
    filename: str
    mime: str = ""
    size: int = 0
    area_code: str = ""
    version: int = 0
