"""诉求信访台账: what the monthly petition ledger shows (the store reads it, a renderer draws it).

**Which petitions:** every live petition of the scope that was registered in the month, or
registered before it and not yet finished at the month's start — finished means 办结, 不予受理
or 终结 (``petition_flow.DONE_STATUSES``) on the date of its last step. A petition that is
finished now but was finished only during or after the month stays on that month's ledger.
(The rule reads the state now: a petition finished before the month and reopened by a 复查
request after it counts as unfinished at the month's start.)
The state shown is the petition's state when the ledger is drawn (a closed month keeps its
printed copy). A petition belongs to a grid scope by its grid, to a village scope by its
village (``area_code``) or a grid of the village.

Rows are grouped by grid (grid-code order; petitions without a grid last), and within a grid
in the order registered (登记日期, then 登记编号). Values stay raw: codes of the code tables
(``petition_channel``, ``petition_kind``, ``petition_category``, ``petition_decision``,
``satisfaction``, status labels in ``petition_flow.STATUS_LABELS``) and dates; the renderer
labels, formats and masks. Fields named in :data:`SENSITIVE_FIELDS` are personal data
(masked unless the role may print them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gridapp.models.ledger import LedgerScope
from gridapp.models.petition_metrics import MonthMetrics

SENSITIVE_FIELDS = frozenset({"petitioner_id_number", "petitioner_phone"})


@dataclass(frozen=True)
class PetitionLedgerRow:
    """One petition: the ledger's columns 编号, 登记日期, 形式, 信访人/人数, 属地, 类别, 概况,
    承办, 受理告知日, 限办日期, 结果, 答复日, 满意度, 状态."""

    reg_no: str  # 编号
    reg_date: date  # 登记日期
    channel: str  # 形式 (petition_channel code)
    petitioner: str  # 信访人: the main petitioner's name
    petitioner_id_number: str  # sensitive
    petitioner_phone: str  # sensitive
    petitioners: int  # petitioners recorded (联名)
    headcount: int  # 人数
    problem_area_code: str  # 属地: the place code of the problem
    problem_address: str  # 属地: the address of the problem
    kind: str  # 类别: petition_kind (建议意见 / 检举控告 / 申诉求决)
    category: str  # 类别: petition_category (content)
    summary: str  # 概况 (long: the renderer wraps it)
    handling_unit: str  # 承办 unit
    handler: str  # 承办 person
    accepted_date: date | None  # 受理告知日
    handle_by: date | None  # 限办日期: the 办理 deadline (an approved extension included)
    due_date: date | None  # the deadline of the step owed now (None when nothing is owed)
    decision: str  # 结果: petition_decision code
    reply_date: date | None  # 答复日
    satisfaction: str  # 满意度 code ("" : not called back)
    status: str  # 状态 (petition_flow status)
    closed_date: date | None  # 办结日期
    is_repeat: bool  # 重复信访
    registered_in_month: bool  # registered in the ledger's month (else carried over)
    finished: bool  # 办结 / 不予受理 / 终结 now
    overdue: bool  # open and past its due date at the month's end (today, for the running month)
    grid_code: str


@dataclass(frozen=True)
class PetitionGroup:
    """One grid's petitions with the subtotals (the same figures as the ledger's totals)."""

    grid_code: str  # "" : petitions without a grid
    grid_name: str
    rows: tuple[PetitionLedgerRow, ...]
    count: int  # rows
    registered: int  # registered in the month
    carried_over: int  # registered before the month, still unfinished at its start
    finished: int  # finished now
    overdue: int  # overdue at the month's end
    headcount: int  # sum of 人数
    metrics: MonthMetrics  # the grid's month metrics


@dataclass(frozen=True)
class PetitionLedger:
    """诉求信访台账 of ``month`` (its first day) for ``scope``: ``groups`` in display order,
    totals over all rows, and the month's metrics block for the whole scope (the petition
    metrics of ``gridapp.models.petition_metrics``: 登记件数, 重复信访, 响应率, 按期受理率,
    按期办结率, 解决率, 满意率, 超期数, 综合; a rate None is shown "—")."""

    month: date
    end: date
    scope: LedgerScope
    groups: tuple[PetitionGroup, ...]
    count: int
    registered: int
    carried_over: int
    finished: int
    overdue: int
    headcount: int
    metrics: MonthMetrics
    sensitive_fields: frozenset[str] = SENSITIVE_FIELDS
