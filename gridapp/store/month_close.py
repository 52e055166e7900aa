"""Closing a village's month (月结), its amendments (更正) and reopening — the API the command
line and the window call (``docs/month-close.md``):

- :meth:`MonthCloseRepository.status` — is the month closed, by whom, and its history;
- :meth:`MonthCloseRepository.close` — one user action (audit ``month_close``): a snapshot of
  the village-scope ledgers of the month (and, with ``render``, their PDFs);
- :meth:`MonthCloseRepository.reopen` — one user action (audit ``month_reopen`` with the
  reason); the close stays in the history;
- :meth:`MonthCloseRepository.amendments` — what changed in a closed month since it was
  closed, for a village or one grid;
- :meth:`MonthCloseRepository.copy` — the PDF kept when the month was closed.

Only a role holding ``Permission.CLOSE_MONTH`` may close or reopen (the secretary, township,
county: ``gridapp.models.access``; the PC's petition role until accounts exist, issue #8).
Refusals raise :class:`ValidationError` with a Chinese message, and nothing changes. Reading
a kept copy is a print (``Permission.PRINT``, audit ``print``). The records are local to this
PC: nothing is synced.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.access import Permission
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.ledger import GRID, PETITIONS, LedgerRequest, LedgerScope
from gridapp.models.month_close import (
    CLOSED_KINDS,
    Amendment,
    MonthClose,
    MonthStatus,
    Rows,
    diff_rows,
    dumps_snapshot,
    loads_snapshot,
    month_is_over,
    month_key,
    of_grid,
    reduce_ledger,
    snapshot_digest,
)
from gridapp.models.petition_flow import role_label
from gridapp.store import masking
from gridapp.store.access import AccessDenied, allowed, current_role, require
from gridapp.store.db import Store
from gridapp.store.ledger_scope import month_start, resolve_scope

MSG_ROLE = QT_TRANSLATE_NOOP(
    "Messages",
    "Only the community secretary (or the township or county) may close or reopen a month;"
    " this PC works as: {role}.",
)
MSG_NOT_OVER = QT_TRANSLATE_NOOP(
    "Messages", "{year}-{month:02d} is not over yet: a month can be closed after its last day."
)
MSG_CLOSED_ALREADY = QT_TRANSLATE_NOOP(
    "Messages", "{year}-{month:02d} of {village} was already closed on {when} by {user}."
)
MSG_NOT_CLOSED = QT_TRANSLATE_NOOP(
    "Messages", "{year}-{month:02d} of {village} is not closed: there is nothing to reopen."
)
MSG_NEED_REASON = QT_TRANSLATE_NOOP("Messages", "Say why the month is reopened (a reason).")
MSG_REASON_LONG = QT_TRANSLATE_NOOP("Messages", "The reason is too long (at most 200 characters).")
MSG_VILLAGE_ONLY = QT_TRANSLATE_NOOP(
    "Messages",
    "A month is closed for a whole village (the unit that signs): give the village code,"
    " not the grid {scope}.",
)

CLOSE_ACTION = "month_close"
REOPEN_ACTION = "month_reopen"
REASON_MAX = 200

# (kind, the ledger's data) -> (PDF bytes, pages), or None when that ledger cannot be drawn
# (yet); given by the caller: drawing is not a store concern.
Renderer = Callable[[str, object], "tuple[bytes, int] | None"]


def _fail(field: str, message: str, **params: object) -> ValidationError:
    return ValidationError([FieldError(field, message, dict(params))])


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _close_of(row: dict[str, Any]) -> MonthClose:
    return MonthClose(
        id=str(row["id"]),
        village_code=str(row["village_code"]),
        month=date.fromisoformat(str(row["month"]) + "-01"),
        closed_at=str(row["closed_at"]),
        closed_by=str(row["closed_by"]),
        role=str(row["role"]),
        reopened_at=str(row["reopened_at"]),
        reopened_by=str(row["reopened_by"]),
        reopen_reason=str(row["reopen_reason"]),
    )


_COLUMNS = (
    "id, village_code, month, closed_at, closed_by, role, reopened_at, reopened_by, reopen_reason"
)


class MonthCloseRepository:
    """Month closes of this PC's villages. ``today`` decides which months are over (tests
    give it; by default the computer's date)."""

    def __init__(self, store: Store, today: date | None = None) -> None:
        self.store = store
        self.today = today or date.today()

    # --- reading -------------------------------------------------------------------------

    def village(self, scope_code: str) -> LedgerScope:
        """The village a scope code belongs to (a grid's village for a grid code); an unknown
        code raises :class:`ValidationError`."""
        scope = resolve_scope(self.store, scope_code)
        if scope.level == GRID:
            return resolve_scope(self.store, scope.village_code)
        return scope

    def status(self, month: date, scope_code: str) -> MonthStatus:
        """The month of the village of ``scope_code`` (a grid code: its village)."""
        village = self.village(scope_code).village_code
        month = month_start(month)
        rows = self.store.query(
            f"SELECT {_COLUMNS} FROM month_close WHERE village_code = ? AND month = ?"
            " ORDER BY closed_at, rowid",
            (village, month_key(month)),
        )
        return MonthStatus(village, month, tuple(_close_of(r) for r in rows))

    def history(self, scope_code: str) -> list[MonthStatus]:
        """Every month of the village that was ever closed, newest first."""
        village = self.village(scope_code).village_code
        rows = self.store.query(
            f"SELECT {_COLUMNS} FROM month_close WHERE village_code = ?"
            " ORDER BY month DESC, closed_at, rowid",
            (village,),
        )
        months: dict[str, list[MonthClose]] = {}
        for row in rows:
            months.setdefault(str(row["month"]), []).append(_close_of(row))
        return [MonthStatus(village, closes[0].month, tuple(closes)) for closes in months.values()]

    def may_close(self) -> bool:
        """Whether whoever works at this PC may close and reopen months."""
        return allowed(self.store, Permission.CLOSE_MONTH)

    def snapshot(self, close: MonthClose) -> dict[str, Rows]:
        rows = self.store.query("SELECT snapshot FROM month_close WHERE id = ?", (close.id,))
        return loads_snapshot(str(rows[0]["snapshot"])) if rows else {}

    def amendments(
        self, month: date, scope_code: str, kinds: Iterable[str] = CLOSED_KINDS
    ) -> list[Amendment]:
        """The 更正 of ``month`` if it is closed: the rows of its ledgers (of ``kinds``) that
        differ now from the snapshot taken when it was closed, for the village of
        ``scope_code`` or — for a grid code — the rows listed under that grid before or
        after. An open month has none."""
        scope = resolve_scope(self.store, scope_code)
        status = self.status(month, scope_code)
        close = status.current
        if close is None:
            return []
        snapshot = self.snapshot(close)
        out: list[Amendment] = []
        for kind in kinds:
            if kind not in CLOSED_KINDS:
                continue
            now = self._rows(kind, status.month, status.village_code)
            out += diff_rows(kind, status.month, close.closed_at, snapshot.get(kind, {}), now)
        return of_grid(out, scope.grid_code) if scope.level == GRID else out

    def copy(self, month: date, scope_code: str, kind: str) -> bytes | None:
        """The PDF of ``kind``'s village ledger kept when ``month`` was closed (the close
        that stands); None when the month is open or no copy was kept.

        A print (issue #8): requires ``Permission.PRINT`` — and for the petition ledger,
        which shows every petition's content, ``Permission.SEE_PETITION_CONTENT`` — and
        writes the audit entry ``print`` (kind, month, scope, ``copy``)."""
        require(self.store, Permission.PRINT)
        if kind == PETITIONS:
            require(self.store, Permission.SEE_PETITION_CONTENT)
        close = self.status(month, scope_code).current
        if close is None:
            return None
        pdf = self._copy(close, kind)
        if pdf is not None:
            detail = {"kind": kind, "month": month.strftime("%Y-%m"), "scope": scope_code}
            masking.log_action(self.store, "print", {**detail, "unmasked": False, "copy": True})
        return pdf

    def has_copy(self, month: date, scope_code: str, kind: str) -> bool:
        """Whether a PDF of ``kind`` was kept when ``month`` was closed (nothing is read)."""
        close = self.status(month, scope_code).current
        return close is not None and self._copy(close, kind, probe=True) is not None

    def _copy(self, close: MonthClose, kind: str, probe: bool = False) -> bytes | None:
        column = "1" if probe else "pdf"
        rows = self.store.conn.execute(
            f"SELECT {column} FROM month_close_copy WHERE close_id = ? AND kind = ?",
            (close.id, kind),
        ).fetchall()
        return (b"" if probe else bytes(rows[0][0])) if rows else None

    def _rows(self, kind: str, month: date, village_code: str) -> Rows:
        return reduce_ledger(kind, self._read(kind, month, village_code))

    # --- writing -------------------------------------------------------------------------

    def _check_role(self) -> str:
        """The role closing or reopening; :class:`AccessDenied` without
        ``Permission.CLOSE_MONTH`` (its message says who may)."""
        role = current_role(self.store)
        try:
            require(self.store, Permission.CLOSE_MONTH)
        except AccessDenied as exc:
            if role:
                exc.errors = [FieldError("role", MSG_ROLE, {"role": role_label(role)})]
            raise
        return role

    def close(self, month: date, scope_code: str, render: Renderer | None = None) -> MonthClose:
        """Close ``month`` of the village ``scope_code``: one user action (audit entry
        ``month_close`` with the snapshot's SHA-256) that keeps the snapshot of its four
        village-scope ledgers and, when ``render`` is given, each ledger's PDF. Refused
        (:class:`ValidationError`, nothing changed) for a role below the secretary, a month
        not over, a grid code, or a month closed already."""
        role = self._check_role()
        month = month_start(month)
        scope = resolve_scope(self.store, scope_code)
        if scope.level == GRID:
            raise _fail("scope", MSG_VILLAGE_ONLY, scope=scope.code)
        if not month_is_over(month, self.today):
            raise _fail("month", MSG_NOT_OVER, year=month.year, month=month.month)
        self._refuse_closed(month, scope)
        close_id = uuid.uuid4().hex
        detail: dict[str, Any] = {"village": scope.village_code, "month": month_key(month)}
        with self.store.write(
            CLOSE_ACTION, detail, table="month_close", row_id=close_id
        ) as capture:
            self._refuse_closed(month, scope)  # another connection may have closed it
            snapshot: dict[str, Rows] = {}
            copies: list[tuple[str, int, bytes]] = []
            for kind in CLOSED_KINDS:
                data = self._read(kind, month, scope.village_code)
                snapshot[kind] = reduce_ledger(kind, data)
                copy = render(kind, data) if render is not None else None
                if copy is not None:
                    copies.append((kind, copy[1], copy[0]))
            detail["snapshot_sha256"] = snapshot_digest(snapshot)
            detail["rows"] = {kind: len(rows) for kind, rows in snapshot.items()}
            detail["copies"] = [kind for kind, _, _ in copies]
            closed_at = _now()
            self.store.conn.execute(
                "INSERT INTO month_close (id, village_code, month, closed_at, closed_by, role,"
                " snapshot) VALUES (?,?,?,?,?,?,?)",
                (
                    close_id,
                    scope.village_code,
                    month_key(month),
                    closed_at,
                    capture.user_id,
                    role,
                    dumps_snapshot(snapshot),
                ),
            )
            self.store.conn.executemany(
                "INSERT INTO month_close_copy (close_id, kind, pages, pdf) VALUES (?,?,?,?)",
                [(close_id, kind, pages, pdf) for kind, pages, pdf in copies],
            )
        current = self.status(month, scope.village_code).current
        assert current is not None
        return current

    def _read(self, kind: str, month: date, village_code: str) -> object:
        from gridapp.store.ledgers import read_ledger  # ledgers.py imports this module

        return read_ledger(self.store, LedgerRequest(kind, month, village_code), self.today)

    def _refuse_closed(self, month: date, scope: LedgerScope) -> None:
        current = self.status(month, scope.village_code).current
        if current is not None:
            raise _fail(
                "month",
                MSG_CLOSED_ALREADY,
                year=month.year,
                month=month.month,
                village=scope.village_name or scope.village_code,
                when=current.closed_at.replace("T", " "),
                user=current.closed_by,
            )

    def reopen(self, month: date, scope_code: str, reason: str) -> MonthClose:
        """Reopen a closed month: one user action (audit entry ``month_reopen`` with the
        reason); the close keeps its snapshot in the history, and the month can be closed
        again later (a new snapshot). Refused for a role below the secretary, an empty or
        over-long reason, a grid code, or a month that is not closed."""
        self._check_role()
        month = month_start(month)
        scope = resolve_scope(self.store, scope_code)
        if scope.level == GRID:
            raise _fail("scope", MSG_VILLAGE_ONLY, scope=scope.code)
        why = " ".join(str(reason or "").split())
        if not why:
            raise _fail("reason", MSG_NEED_REASON)
        if len(why) > REASON_MAX:
            raise _fail("reason", MSG_REASON_LONG)
        current = self.status(month, scope.village_code).current
        if current is None:
            raise _fail(
                "month",
                MSG_NOT_CLOSED,
                year=month.year,
                month=month.month,
                village=scope.village_name or scope.village_code,
            )
        detail = {
            "village": scope.village_code,
            "month": month_key(month),
            "closed_at": current.closed_at,
            "reason": why,
        }
        with self.store.write(
            REOPEN_ACTION, detail, table="month_close", row_id=current.id
        ) as capture:
            changed = self.store.conn.execute(
                "UPDATE month_close SET reopened_at = ?, reopened_by = ?, reopen_reason = ?"
                " WHERE id = ? AND reopened_at = ''",
                (_now(), capture.user_id, why, current.id),
            ).rowcount
            if changed != 1:  # reopened meanwhile on another connection
                raise _fail(
                    "month",
                    MSG_NOT_CLOSED,
                    year=month.year,
                    month=month.month,
                    village=scope.village_name or scope.village_code,
                )
        history = self.status(month, scope.village_code).history
        return next(c for c in history if c.id == current.id)
