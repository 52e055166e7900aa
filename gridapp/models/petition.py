"""诉求信访: petitions, their petitioners, append-only progress entries and attachments.

The workflow of 《信访工作条例》 (states, allowed transitions, deadlines) arrives with issue #4;
``STATUSES`` names the states records may be in so that demo data and ledgers agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Workflow states in order (domain-notes §3.1). 复查/复核 follow a reply.
STATUSES = (
    "registered",  # 登记
    "accepted",  # 已受理(已告知)
    "rejected",  # 不予受理
    "transferred",  # 转送/交办
    "in_progress",  # 办理中
    "extended",  # 延期
    "replied",  # 已答复
    "closed",  # 已办结
    "review",  # 复查
    "recheck",  # 复核
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
