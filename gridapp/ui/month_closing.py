"""结账 / 反结账 (closing and reopening a month, 月结) on the 台账报表 page.

The buttons act on the village of the scope chosen (a grid's village) and the month chosen;
the line under them says where that month stands. Closing keeps a snapshot of the village's
four ledgers and their PDFs as signed (``gridapp.store.month_close``; about 1.4 s for a
village of 1,900 people), so it runs as a worker job; reopening asks for the reason, which
goes into the audit log. Who may: the PC's role, secretary (社区书记) or above, until accounts
exist (issue #8). Rules: docs/month-close.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox, QPushButton, QWidget

from gridapp.models.errors import ValidationError
from gridapp.models.ledger import PARTY_FEEDBACK, LedgerRequest
from gridapp.models.month_close import MonthStatus, month_is_over
from gridapp.reports.amendments import copy_renderer
from gridapp.store.db import Store
from gridapp.store.errors import StoreError
from gridapp.store.ledgers import read_amendments
from gridapp.store.month_close import MonthCloseRepository
from gridapp.ui.context import UiContext


@dataclass(frozen=True)
class ClosingState:
    """What the buttons need: the village's month and whether this PC may act on it."""

    village_code: str
    village_name: str
    month: date
    status: MonthStatus
    may_close: bool
    over: bool


def read_closing_state(store: Store, scope_code: str, month: date) -> ClosingState:
    """Worker side: the month of the village of ``scope_code``."""
    repo = MonthCloseRepository(store)
    village = repo.village(scope_code)
    return ClosingState(
        village.village_code,
        village.village_name,
        month,
        repo.status(month, village.village_code),
        repo.may_close(),
        month_is_over(month, repo.today),
    )


def close_month(store: Store, village_code: str, month: date) -> None:
    """Worker side: close the month, keeping each ledger's PDF as it is signed."""
    render = copy_renderer(
        lambda kind: read_amendments(store, LedgerRequest(kind, month, village_code))
    )
    MonthCloseRepository(store).close(month, village_code, render)


def reopen_month(store: Store, village_code: str, month: date, reason: str) -> None:
    MonthCloseRepository(store).reopen(month, village_code, reason)


class MonthClosing(QObject):
    """Keeps the 结账 / 反结账 buttons and the status line in step with the choices."""

    def __init__(
        self,
        ctx: UiContext,
        close_button: QPushButton,
        reopen_button: QPushButton,
        status: QLabel,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.window = parent
        self.close_button = close_button
        self.reopen_button = reopen_button
        self.status = status
        self.state: ClosingState | None = None
        self._asked: tuple[str, date] | None = None
        self._busy = False
        close_button.clicked.connect(self.close)
        reopen_button.clicked.connect(self.reopen)
        self._show(None)

    # --- reading ---------------------------------------------------------------------------

    def refresh(self, kind: str, scope_code: str, month: date) -> None:
        """Read where the chosen month stands (the feedback sheet has no month to close)."""
        if kind == PARTY_FEEDBACK or not scope_code:
            self._asked = None
            self._show(None)
            self.status.setText(
                self.tr("The feedback sheet is for a period: months are closed with the ledgers.")
                if kind == PARTY_FEEDBACK
                else ""
            )
            return
        self._asked = (scope_code, month)
        store = self.ctx.store
        asked = self._asked
        self.ctx.tasks.submit(
            lambda _ctx: read_closing_state(store, scope_code, month),
            on_done=lambda state: self._arrived(asked, state),
            on_error=lambda _exc: self._show(None),
            quiet=True,
        )

    def _arrived(self, asked: tuple[str, date] | None, state: ClosingState) -> None:
        if asked != self._asked:
            return  # the choice moved on meanwhile
        self._show(state)

    def _show(self, state: ClosingState | None) -> None:
        self.state = state
        if state is None:
            self.close_button.setEnabled(False)
            self.reopen_button.setEnabled(False)
            self.status.setText("")
            return
        closed = state.status.current
        self.close_button.setEnabled(
            not self._busy and state.may_close and state.over and closed is None
        )
        self.reopen_button.setEnabled(not self._busy and state.may_close and closed is not None)
        self.status.setText(self.status_text(state))

    def status_text(self, state: ClosingState) -> str:
        when = self.month_text(state.month)
        closed = state.status.current
        if closed is not None:
            text = self.tr("{village}, {month}: closed on {date}.")
            text = text.replace("{date}", closed.closed_at[:10])
        elif not state.over:
            text = self.tr("{village}, {month}: the month is not over, it cannot be closed yet.")
        elif state.status.history:
            text = self.tr("{village}, {month}: reopened, not closed.")
        else:
            text = self.tr("{village}, {month}: not closed.")
        text = text.replace("{village}", state.village_name).replace("{month}", when)
        if not state.may_close:
            text += " " + self.tr("Only the secretary may close or reopen a month.")
        return text

    def month_text(self, month: date) -> str:
        text = self.tr("{month}/{year}").replace("{year}", str(month.year))
        return text.replace("{month}", str(month.month))

    # --- acting ----------------------------------------------------------------------------

    def close(self) -> None:
        state = self.state
        if state is None or self._busy:
            return
        question = self.tr(
            "Close {month} for {village}?\n\nThe four ledgers are kept as they are now, as "
            "signed. Later changes to records of that month are listed as corrections in the "
            "next month's ledgers."
        )
        question = question.replace("{month}", self.month_text(state.month))
        question = question.replace("{village}", state.village_name)
        answer = QMessageBox.question(self.window, self.tr("Close month"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        store = self.ctx.store
        self._run(lambda _ctx: close_month(store, state.village_code, state.month), state)

    def reopen(self) -> None:
        state = self.state
        if state is None or self._busy:
            return
        prompt = self.tr(
            "Why is {month} reopened? The reason goes into the audit log.\n"
            "Close the month again when the corrections are made."
        ).replace("{month}", self.month_text(state.month))
        reason, ok = QInputDialog.getMultiLineText(self.window, self.tr("Reopen month"), prompt)
        if not ok:
            return
        store = self.ctx.store
        self._run(lambda _ctx: reopen_month(store, state.village_code, state.month, reason), state)

    def _run(self, job: object, state: ClosingState) -> None:
        self._busy = True
        self._show(state)

        def done(_result: object = None) -> None:
            self._busy = False
            self.ctx.signals.data_changed.emit(None)  # ledgers of the month read differently
            self.refresh("", state.village_code, state.month)

        def failed(exc: BaseException) -> None:
            self._busy = False
            self._show(self.state)
            if isinstance(exc, ValidationError | StoreError):
                self.ctx.tasks.show_error(exc)  # refused: a role, a month closed meanwhile

        self.ctx.tasks.submit(job, on_done=done, on_error=failed)  # type: ignore[arg-type]
