"""The counts of the home page and the status bar: today's work, the register, the outbox.

Each function is one small read meant for the UI's background worker. They are split by cost
so that no single job keeps the worker (and the search typed after it) waiting: the register
and petition counts use indexes and stored summaries (tens of milliseconds at 300,000
households); the pending outbox count reads the ``outbox_state`` index over the pending
entries only, and stops at :data:`PENDING_CAP` (a 300,000-household demo leaves two million
entries waiting: 1.5 s to count them from a cold cache); this month's register changes read
``household_event`` by date.

The person count is ``sum(household.member_count)`` (the stored member count): since
schema 6 the CURRENT members of every household (status 正常; moved-out and deceased members
stay on record but are not counted), the figure the household list's 人数 column adds up to,
without reading the person table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from gridapp.store.connection import Connection
from gridapp.store.db import Store

# Petition states in which the office still owes the petitioner something before a deadline
# (gridapp.models.petition_flow.OPEN_STATUSES). 已答复 waits for the call-back (回访), not a
# deadline; 不予受理, 转送/交办 (the receiving unit's now), 已办结 and 终结 are done here; an
# 异议退回 is back with the sender, who must route it again.
OPEN_PETITION_STATUSES = (
    "registered",
    "accepted",
    "objected",
    "in_progress",
    "extended",
    "review",
    "recheck",
)
CALLBACK_PETITION_STATUSES = ("replied",)
DUE_SOON_DAYS = 7  # 本周到期: due today or in the next six days
PENDING_CAP = 100_000  # pending changes are counted up to this many (see pending_changes)

META_LAST_SYNC = "last_sync"  # ISO time of the last successful sync round (written by sync)
CLOCK_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True)
class RegisterCounts:
    households: int
    persons: int  # current members of a household (sum of household.member_count)
    party_members: int
    petitions: int


@dataclass(frozen=True)
class PetitionCounts:
    overdue: int  # open and past its deadline
    due_soon: int  # open and due within DUE_SOON_DAYS (today included)
    awaiting_callback: int  # answered, waiting for the 回访


@dataclass(frozen=True)
class MonthChanges:
    """Register changes dated in the month of ``today`` (up to and including it)."""

    month: str  # YYYY-MM
    new_households: int  # 立户 + households formed by 分户
    moved_out: int  # persons
    moved_in: int
    births: int
    deaths: int


@dataclass(frozen=True)
class SyncState:
    """What the status bar says about syncing and the PC clock."""

    pending_changes: int  # at most PENDING_CAP
    last_sync: str | None  # ISO time or None: never synced
    newest_change: str | None  # local wall time of the newest saved change
    clock_behind: bool  # the PC clock is earlier than that change (beyond a tolerance)


def _count(conn: Connection, sql: str, params: tuple[object, ...] = ()) -> int:
    return int(conn.execute(sql, params).fetchone()[0] or 0)


def _marks(values: tuple[str, ...]) -> str:
    return ",".join("?" for _ in values)


def register_counts(conn: Connection) -> RegisterCounts:
    """Households, persons, party members and petitions in the register."""
    row = conn.execute(
        "SELECT count(*), coalesce(sum(member_count), 0) FROM household WHERE deleted = 0"
    ).fetchone()
    return RegisterCounts(
        households=int(row[0]),
        persons=int(row[1]),
        party_members=_count(conn, "SELECT count(*) FROM party_member WHERE deleted = 0"),
        petitions=_count(conn, "SELECT count(*) FROM petition WHERE deleted = 0"),
    )


def petition_counts(conn: Connection, today: date) -> PetitionCounts:
    """Overdue, due-soon and awaiting-call-back petitions (the ``petition_status`` index)."""
    open_marks = _marks(OPEN_PETITION_STATUSES)
    overdue = _count(
        conn,
        f"SELECT count(*) FROM petition WHERE status IN ({open_marks})"
        " AND due_date < ? AND deleted = 0",
        (*OPEN_PETITION_STATUSES, today.isoformat()),
    )
    due_soon = _count(
        conn,
        f"SELECT count(*) FROM petition WHERE status IN ({open_marks})"
        " AND due_date BETWEEN ? AND ? AND deleted = 0",
        (
            *OPEN_PETITION_STATUSES,
            today.isoformat(),
            (today + timedelta(days=DUE_SOON_DAYS - 1)).isoformat(),
        ),
    )
    callback = _count(
        conn,
        f"SELECT count(*) FROM petition WHERE status IN ({_marks(CALLBACK_PETITION_STATUSES)})"
        " AND deleted = 0",
        CALLBACK_PETITION_STATUSES,
    )
    return PetitionCounts(overdue, due_soon, callback)


def pending_changes(conn: Connection, cap: int | None = None) -> int:
    """Outbox entries not yet sent to the county server, counted up to ``cap``.

    The count reads one index entry per pending change; beyond ``cap`` the exact figure is
    not worth the wait (a cold read of two million entries takes over a second), so the
    result is ``cap`` (default :data:`PENDING_CAP`) and the screens say "more than".
    """
    return _count(
        conn,
        "SELECT count(*) FROM (SELECT 1 FROM outbox WHERE state = 'pending' LIMIT ?)",
        (PENDING_CAP if cap is None else cap,),
    )


def month_changes(conn: Connection, today: date) -> MonthChanges:
    """This month's register changes, from ``household_event`` (one row per change).

    A 分户 writes one ``split`` event on the old household and one on the new: half of them
    are new households.
    """
    first = today.replace(day=1)
    kinds = dict(
        conn.execute(
            "SELECT kind, count(*) FROM household_event"
            " WHERE event_date BETWEEN ? AND ? AND deleted = 0 GROUP BY kind",
            (first.isoformat(), today.isoformat()),
        ).fetchall()
    )
    return MonthChanges(
        month=first.strftime("%Y-%m"),
        new_households=int(kinds.get("created", 0)) + int(kinds.get("split", 0)) // 2,
        moved_out=int(kinds.get("move_out", 0)),
        moved_in=int(kinds.get("move_in", 0)),
        births=int(kinds.get("birth", 0)),
        deaths=int(kinds.get("death", 0)),
    )


def newest_change(conn: Connection) -> str | None:
    """Local wall time (ISO, seconds) of the newest saved change: the last audit entry."""
    row = conn.execute("SELECT client_wall FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return None if row is None else str(row[0])


def clock_behind(newest: str | None, now: datetime) -> bool:
    """Whether ``now`` (the PC clock) is earlier than the newest saved change by more than
    :data:`CLOCK_TOLERANCE`: the clock was set back, or changes came from a PC ahead of it."""
    if not newest:
        return False
    try:
        saved = datetime.fromisoformat(newest)
    except ValueError:
        return False
    return now < saved - CLOCK_TOLERANCE


def sync_state(store: Store, now: datetime | None = None) -> SyncState:
    """Pending changes, last sync and the clock check for the status bar."""
    now = now or datetime.now()
    newest = newest_change(store.conn)
    return SyncState(
        pending_changes=pending_changes(store.conn),
        last_sync=store.meta(META_LAST_SYNC),
        newest_change=newest,
        clock_behind=clock_behind(newest, now),
    )
