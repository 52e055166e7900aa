"""Reading the facts the petition metrics need (gridapp.models.petition_metrics computes).

For month M the facts of every petition registered up to M's end that can still count in
M: registered within ``LOOKBACK_DAYS`` before M (a 受理告知, 办理 or 回访 that far after
registration is not expected: 15 + 60 + 30 日 plus routing) or still open. The first
response is the earliest 受理告知 / 不予受理 / 转送 progress entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from gridapp.models import petition_flow
from gridapp.models.deadlines import NOTIFY_DAYS, DeadlinePolicy
from gridapp.models.petition import Petition
from gridapp.models.petition_metrics import PetitionFacts, month_bounds
from gridapp.store.connection import Connection
from gridapp.store.rows import from_row

LOOKBACK_DAYS = 400
RESPONSES = ("accept", "reject", "transfer")

FACTS_SQL = (
    "SELECT p.*, (SELECT min(g.action_date) FROM petition_progress g"
    " WHERE g.petition_id = p.id AND g.deleted = 0 AND g.action IN ({responses})) AS responded"
    " FROM petition p WHERE p.deleted = 0 AND p.reg_date <= ?"
    " AND (p.reg_date >= ? OR p.status IN ({open_marks}))"
)


def read_facts(
    conn: Connection,
    policy: DeadlinePolicy,
    month: str,
    where: str = "",
    params: Sequence[Any] = (),
) -> list[PetitionFacts]:
    """The facts of ``month``; ``where`` (over ``petition p``, with ``params``) narrows them
    to a scope (the monthly ledgers)."""
    first, last = month_bounds(month)
    opened = petition_flow.OPEN_STATUSES
    sql = FACTS_SQL.format(
        responses=",".join("?" for _ in RESPONSES), open_marks=",".join("?" for _ in opened)
    )
    if where:
        sql += f" AND ({where})"
    cursor = conn.execute(
        sql,
        [
            *RESPONSES,
            last.isoformat(),
            (first - timedelta(days=LOOKBACK_DAYS)).isoformat(),
            *opened,
            *params,
        ],
    )
    names = [c[0] for c in cursor.description]
    facts = []
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        petition = from_row(Petition, row)
        responded = row["responded"]
        facts.append(
            PetitionFacts(
                grid_code=petition.grid_code,
                reg_date=petition.reg_date,
                is_repeat=petition.is_repeat,
                status=petition.status,
                open=petition.status in opened,
                due_date=petition.due_date,
                responded=date.fromisoformat(responded) if responded else None,
                notify_by=policy.add(petition.reg_date, NOTIFY_DAYS),
                replied=petition.reply_date,
                handle_by=petition_flow.handle_by(petition, policy),
                decision=petition.decision,
                # 回访 that reached the petitioner record a satisfaction (petition_flow).
                called_back=petition.callback_date if petition.satisfaction else None,
                satisfaction=petition.satisfaction,
            )
        )
    return facts
