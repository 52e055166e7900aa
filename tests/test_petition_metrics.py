"""Petition metrics against a hand-computed fixture of 24 petitions (November 2026).

Each line of FIXTURE is one petition; the comment says what it counts for. The expected
figures at the bottom were counted by hand from those comments, not by the code.
"""

from __future__ import annotations

from datetime import date

import pytest

from gridapp.models.petition_metrics import (
    ALL_GRIDS,
    MetricWeights,
    PetitionFacts,
    compute,
)

A, B = "G-A", "G-B"  # two grids
TODAY = date(2026, 12, 10)  # November is over


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def fact(
    grid: str,
    reg: date,
    *,
    repeat: bool = False,
    status: str = "in_progress",
    open_: bool = True,
    due: date | None = None,
    responded: date | None = None,
    notify_by: date | None = None,
    replied: date | None = None,
    handle_by: date | None = None,
    decision: str = "",
    called_back: date | None = None,
    satisfaction: str = "",
) -> PetitionFacts:
    return PetitionFacts(
        grid,
        reg,
        repeat,
        status,
        open_,
        due,
        responded,
        notify_by,
        replied,
        handle_by,
        decision,
        called_back,
        satisfaction,
    )


LATE = d(12, 31)  # a due date after November: not overdue

FIXTURE = [
    # Grid A, registered in November.
    fact(A, d(11, 2), responded=d(11, 5), notify_by=d(11, 17), due=LATE),  # 1 in time
    fact(A, d(11, 3), responded=d(11, 20), notify_by=d(11, 18), due=LATE),  # 2 late
    fact(A, d(11, 10), notify_by=d(11, 25), due=d(11, 25)),  # 3 no answer: overdue
    fact(A, d(11, 20), notify_by=d(12, 5), due=d(12, 5)),  # 4 not due in November
    fact(A, d(11, 21), repeat=True, responded=d(11, 22), notify_by=d(12, 7), due=LATE),  # 5
    fact(A, d(11, 25), repeat=True, responded=d(12, 2), notify_by=d(12, 10), due=LATE),  # 6
    fact(A, d(11, 28), status="rejected", open_=False, responded=d(11, 29), notify_by=d(12, 14)),
    fact(A, d(11, 30), responded=d(11, 30), notify_by=d(12, 15), due=LATE),  # 8
    # Grid B, registered in November.
    fact(B, d(11, 1), responded=d(11, 14), notify_by=d(11, 16), due=LATE),  # 9 in time
    fact(B, d(11, 4), responded=d(11, 19), notify_by=d(11, 19), due=LATE),  # 10 on the day
    fact(
        B,
        d(11, 6),
        repeat=True,
        status="transferred",
        open_=False,
        responded=d(11, 7),
        notify_by=d(11, 21),
    ),  # 11 in time
    fact(B, d(11, 12), notify_by=d(11, 27), due=d(11, 27)),  # 12 no answer: overdue
    # Registered earlier, replied in November.
    fact(
        A,
        d(9, 1),
        status="replied",
        open_=False,
        responded=d(9, 3),
        notify_by=d(9, 16),
        replied=d(11, 2),
        handle_by=d(11, 2),
        decision="support",
    ),  # 13
    fact(
        A,
        d(9, 5),
        status="replied",
        open_=False,
        responded=d(9, 6),
        notify_by=d(9, 20),
        replied=d(11, 9),
        handle_by=d(11, 5),
        decision="explain",
    ),  # 14 late
    fact(
        A,
        d(9, 20),
        status="closed",
        open_=False,
        responded=d(9, 21),
        notify_by=d(10, 5),
        replied=d(11, 12),
        handle_by=d(11, 20),
        decision="mediation",
        called_back=d(11, 18),
        satisfaction="satisfied",
    ),  # 15
    fact(
        B,
        d(9, 10),
        status="closed",
        open_=False,
        responded=d(9, 11),
        notify_by=d(9, 25),
        replied=d(11, 3),
        handle_by=d(11, 10),
        decision="reject",
        called_back=d(11, 8),
        satisfaction="unsatisfied",
    ),  # 16
    fact(
        B,
        d(9, 15),
        status="called_back",
        open_=False,
        responded=d(9, 16),
        notify_by=d(9, 30),
        replied=d(11, 14),
        handle_by=d(11, 15),
        decision="settlement",
        called_back=d(11, 24),
        satisfaction="basic",
    ),  # 17
    fact(
        B,
        d(9, 25),
        status="replied",
        open_=False,
        responded=d(9, 26),
        notify_by=d(10, 10),
        replied=d(11, 26),
        handle_by=d(12, 8),
        decision="support",
    ),  # 18
    # 办理 due in November, not replied.
    fact(A, d(9, 2), responded=d(9, 4), notify_by=d(9, 17), handle_by=d(11, 3), due=d(11, 3)),
    fact(
        B,
        d(9, 3),
        status="extended",
        responded=d(9, 5),
        notify_by=d(9, 18),
        handle_by=d(11, 30),
        due=d(11, 30),
    ),  # 20 due on the last day: not yet overdue
    # Replied earlier, called back in November.
    fact(
        A,
        d(8, 1),
        status="called_back",
        open_=False,
        responded=d(8, 2),
        notify_by=d(8, 16),
        replied=d(10, 1),
        handle_by=d(10, 1),
        decision="support",
        called_back=d(11, 5),
        satisfaction="basic",
    ),  # 21
    fact(
        B,
        d(8, 3),
        status="closed",
        open_=False,
        responded=d(8, 4),
        notify_by=d(8, 18),
        replied=d(10, 20),
        handle_by=d(10, 3),
        decision="explain",
        called_back=d(11, 27),
        satisfaction="satisfied",
    ),  # 22
    # Registered in December: not part of November.
    fact(A, d(12, 1), notify_by=d(12, 16), due=d(12, 16)),  # 23
    # Replied in October before its 办理 deadline of November 1.
    fact(
        B,
        d(10, 1),
        status="closed",
        open_=False,
        responded=d(10, 2),
        notify_by=d(10, 16),
        replied=d(10, 30),
        handle_by=d(11, 1),
        decision="support",
    ),  # 24
]

# Counted by hand from the comments above (numbers are the petitions' positions).
EXPECTED = {
    # registered, repeat, responded, notify due/in time, handle due/in time, replied/resolved,
    # rated/satisfied/basic, overdue
    ALL_GRIDS: (12, 3, 8, 7, 4, 8, 5, 6, 4, 5, 2, 2, 3),
    A: (8, 2, 5, 3, 1, 4, 2, 3, 2, 2, 1, 1, 2),
    B: (4, 1, 3, 4, 3, 4, 3, 3, 2, 3, 1, 1, 1),
}


def counts(m: object) -> tuple[int, ...]:
    names = [
        "registered",
        "repeat",
        "responded",
        "notify_due",
        "notified_in_time",
        "handle_due",
        "handled_in_time",
        "replied",
        "resolved",
        "rated",
        "satisfied",
        "basic",
        "overdue",
    ]
    return tuple(getattr(m, n) for n in names)


def test_the_fixture_is_big_enough() -> None:
    assert len(FIXTURE) >= 20


@pytest.mark.parametrize("grid", [ALL_GRIDS, A, B])
def test_november_counts_per_grid(grid: str) -> None:
    assert counts(compute(FIXTURE, "2026-11", TODAY)[grid]) == EXPECTED[grid]


def test_november_rates() -> None:
    m = compute(FIXTURE, "2026-11", TODAY)[ALL_GRIDS]
    assert m.response_rate == pytest.approx(8 / 12)
    assert m.on_time_acceptance_rate == pytest.approx(4 / 7)
    assert m.on_time_completion_rate == pytest.approx(5 / 8)
    assert m.resolution_rate == pytest.approx(4 / 6)
    assert m.satisfaction_rate == pytest.approx(4 / 5)  # 基本满意 counts in full
    assert m.composite == pytest.approx(0.1 * 8 / 12 + 0.5 * 4 / 6 + 0.4 * 0.8)


def test_weights_are_a_setting() -> None:
    weights = MetricWeights.from_settings({"basic_satisfied": 0.9, "response": 0.2})
    m = compute(FIXTURE, "2026-11", TODAY, weights)[ALL_GRIDS]
    assert m.satisfaction_rate == pytest.approx((2 + 0.9 * 2) / 5)
    assert m.composite == pytest.approx(0.2 * 8 / 12 + 0.5 * 4 / 6 + 0.4 * 3.8 / 5)
    assert MetricWeights.from_settings(weights.settings()) == weights


def test_the_running_month_counts_overdue_to_today_and_empty_rates_are_none() -> None:
    m = compute(FIXTURE, "2026-12", TODAY)[ALL_GRIDS]
    assert m.registered == 1 and m.responded == 0 and m.response_rate == 0.0
    assert m.overdue == 5  # 3, 4 (Dec 5), 12, 19, 20 (Nov 30) — 23 is due on Dec 16
    assert m.resolution_rate is None and m.satisfaction_rate is None and m.composite is None
