"""设置 → 审计日志…: the audit log in the window (issue #8, ``docs/audit.md``).

A dialog with the log newest first, read a page at a time in the background
(:class:`~gridapp.ui.keyset_model.KeysetTableModel` over :class:`AuditSource`): the log grows
for years and is never loaded whole. Filters: a date range (each end optional), an action
and a user, both chosen from what the log holds. 校验 walks the whole chain on the worker
thread (progress, cancellable) and shows the result under the list: 完整, or every problem
with the entry numbers it names, those rows drawn in red.

Only a role that may read the audit log (:data:`Permission.VIEW_AUDIT`) gets the button in
the settings; the reads refuse everyone else anyway (:class:`gridapp.store.audit.AuditLog`).
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridapp.models.errors import ValidationError
from gridapp.store.audit import AuditFilter, AuditLog, AuditRow, Verification
from gridapp.store.audit_labels import detail_text, label, record_text
from gridapp.ui.context import UiContext
from gridapp.ui.keyset_model import SORT_ROLE, KeysetTableModel
from gridapp.ui.tasks import Task, TaskContext, TaskRunner, TaskState

BAD = QColor("#b3261e")  # a row a finding names; the verdict when something is wrong
GOOD = QColor("#1b6e20")
SHOWN_FINDINGS = 12  # lines of findings under the list; the rest counted


class AuditSource:
    """Where the audit list reads (on the worker thread): keyset pages on ``seq``."""

    def __init__(self, log: AuditLog) -> None:
        self.log = log

    def count(self, flt: AuditFilter) -> int:
        return self.log.count(flt)

    def page(
        self, flt: AuditFilter, sort_key: str, after: Any, limit: int, descending: bool
    ) -> list[AuditRow]:
        return self.log.page(flt, after, limit, descending)

    def anchors(
        self, flt: AuditFilter, sort_key: str, every: int, descending: bool
    ) -> list[int | None]:
        return self.log.anchors(flt, every, descending)

    def position(
        self, flt: AuditFilter, sort_key: str, row_id: str, descending: bool
    ) -> int | None:
        return self.log.position(flt, int(row_id), descending)

    def row_key(self, row: AuditRow, sort_key: str) -> int:
        return row.seq


class AuditTableModel(KeysetTableModel):
    """Audit entries matching an :class:`AuditFilter`, newest first."""

    columns: ClassVar[list[tuple[str, str | None]]] = [
        ("seq", "seq"),
        ("at", None),
        ("user", None),
        ("action", None),
        ("record", None),
        ("detail", None),
    ]
    default_sort_key = "seq"

    def __init__(
        self,
        log: AuditLog,
        tasks: TaskRunner,
        parent: QObject | None = None,
        *,
        page_size: int = 200,
    ) -> None:
        super().__init__(
            AuditSource(log),
            tasks,
            parent,
            empty_filter=AuditFilter(),
            page_size=page_size,
            sort_column=0,
            descending=True,
        )
        self.bad: set[int] = set()  # seqs the last verification named
        self.busy_label = self.tr("Reading the audit log…")

    def titles(self) -> list[str]:
        return [
            self.tr("No."),
            self.tr("Time"),
            self.tr("User"),
            self.tr("Action"),
            self.tr("Record"),
            self.tr("Details"),
        ]

    def display(self, row: AuditRow, name: str, role: int) -> Any:
        if role == SORT_ROLE:
            return row.seq
        if role == Qt.ItemDataRole.ForegroundRole:
            return BAD if row.seq in self.bad else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, name)
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = {"detail": row.detail, "record": f"{row.tbl} {row.row_id}", "action": row.action}
            return tips.get(name)
        return None

    def _text(self, row: AuditRow, name: str) -> str:
        if name == "seq":
            return str(row.seq)
        if name == "at":
            return row.at.replace("T", " ")
        if name == "user":
            return row.user_id
        if name == "action":
            return label(row.action)
        if name == "record":
            return record_text(row.tbl, row.row_id)
        return detail_text(row.detail)

    def alignment(self, name: str) -> Any:
        if name == "seq":
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def mark_bad(self, seqs: set[int]) -> None:
        self.bad = seqs
        if self.rowCount():
            last = self.index(self.rowCount() - 1, len(self.columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.ForegroundRole])


class AuditDialog(QDialog):
    """The audit log: filters, the list, 校验 (see the module docstring)."""

    def __init__(
        self, ctx: UiContext, parent: QWidget | None = None, *, page_size: int = 200
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.log = AuditLog(ctx.store)
        self.setWindowTitle(self.tr("Audit log"))
        self.resize(1000, 620)
        layout = QVBoxLayout(self)

        filters = QHBoxLayout()
        today = QDate.currentDate()
        self.since_on = QCheckBox(self.tr("From"), self)
        self.since = self._date_edit(today.addMonths(-1))
        self.until_on = QCheckBox(self.tr("to"), self)
        self.until = self._date_edit(today)
        self.action = QComboBox(self)
        self.action.setObjectName("auditAction")
        self.action.setMinimumContentsLength(10)
        self.action.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.action.addItem(self.tr("All actions"), "")
        self.user = QComboBox(self)
        self.user.setObjectName("auditUser")
        self.user.setMinimumContentsLength(8)
        self.user.addItem(self.tr("All users"), "")
        for widget in (self.since_on, self.since, self.until_on, self.until):
            filters.addWidget(widget)
        filters.addSpacing(12)
        filters.addWidget(QLabel(self.tr("Action"), self))
        filters.addWidget(self.action)
        filters.addWidget(QLabel(self.tr("User"), self))
        filters.addWidget(self.user)
        filters.addStretch(1)
        self.count_label = QLabel(self)
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        self.model = AuditTableModel(self.log, ctx.tasks, self, page_size=page_size)
        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate((64, 150, 90, 130, 160)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout.addWidget(self.table, 1)

        self.verdict = QLabel(self)
        self.verdict.setObjectName("auditVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdict.setText(
            self.tr("Verify checks that no entry was changed, removed or inserted.")
        )
        buttons = QHBoxLayout()
        self.verify_button = QPushButton(self.tr("Verify"), self)
        self.verify_button.setObjectName("auditVerify")
        self.verify_button.clicked.connect(self.verify)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        buttons.addWidget(self.verdict, 1)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        for box in (self.since_on, self.until_on):
            box.toggled.connect(self._filter_changed)
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self._filter_changed)
        for combo in (self.action, self.user):
            combo.currentIndexChanged.connect(self._filter_changed)
        self.model.modelReset.connect(self._show_count)
        self.model.rowsInserted.connect(self._show_count)
        self.model.loading_changed.connect(self._show_count)
        self.verifying = False
        self.last: Verification | None = None
        self._verify_task: Task | None = None
        ctx.tasks.task_finished.connect(self._task_finished)
        self._read_choices()

    def _date_edit(self, initial: QDate) -> QDateEdit:
        edit = QDateEdit(initial, self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setEnabled(False)
        return edit

    # --- filters ---------------------------------------------------------------------------

    def _read_choices(self) -> None:
        log = self.log

        def run(task_ctx: TaskContext) -> tuple[list[str], list[str]]:
            return log.actions(), log.users()

        self.ctx.tasks.submit(run, on_done=self._choices_read, on_error=self._refused, quiet=True)

    def _refused(self, exc: BaseException) -> None:
        """A role that may not read the log: said under the (empty) list, no box."""
        if isinstance(exc, ValidationError):
            self.verify_button.setEnabled(False)
            self.verdict.setText("\n".join(exc.messages().values()))
            self.verdict.setStyleSheet(f"color: {BAD.name()};")

    def _choices_read(self, choices: tuple[list[str], list[str]]) -> None:
        actions, users = choices
        for combo in (self.action, self.user):
            combo.blockSignals(True)
        for code in actions:
            self.action.addItem(label(code), code)
        for user in users:
            self.user.addItem(user, user)
        for combo in (self.action, self.user):
            combo.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        code = str(self.action.currentData() or "")
        return AuditFilter(
            since=_day(self.since.date()) if self.since_on.isChecked() else None,
            until=_day(self.until.date()) if self.until_on.isChecked() else None,
            actions=(code,) if code else (),
            user=str(self.user.currentData() or ""),
        )

    def _filter_changed(self, *_args: object) -> None:
        self.since.setEnabled(self.since_on.isChecked())
        self.until.setEnabled(self.until_on.isChecked())
        flt = self.current_filter()
        if flt != self.model.filter:
            self.model.set_filter(flt)

    def _show_count(self, *_args: object) -> None:
        if not self.model.loaded or self.model.reloading:
            self.count_label.setText(self.tr("Reading…"))
        elif self.model.counting:
            self.count_label.setText(self.tr("Counting…"))
        else:
            self.count_label.setText(
                self.tr("{count} entries").replace("{count}", str(self.model.rowCount()))
            )

    # --- verifying -------------------------------------------------------------------------

    def verify(self) -> None:
        """Walk the whole chain on the worker thread; the verdict shows under the list."""
        if self.verifying:
            return
        self.verifying = True
        self.verify_button.setEnabled(False)
        self.verdict.setStyleSheet("")
        self.verdict.setText(self.tr("Verifying the audit log…"))
        log = self.log

        def run(task_ctx: TaskContext) -> Verification:
            return log.verify(task_ctx.progress, task_ctx.check_cancelled)

        self._verify_task = self.ctx.tasks.submit(
            run,
            on_done=self._verified,
            on_error=self._verify_failed,
            label=self.tr("Verifying the audit log…"),
            cancellable=True,
        )

    def _verified(self, result: Verification) -> None:
        self.verifying = False
        self.verify_button.setEnabled(True)
        self.last = result
        lines = [result.summary()]
        lines += [f.text() for f in result.findings[:SHOWN_FINDINGS]]
        hidden = len(result.findings) - SHOWN_FINDINGS
        if hidden > 0:
            lines.append(self.tr("… and {count} more.").replace("{count}", str(hidden)))
        self.verdict.setText("\n".join(lines))
        colour = GOOD if result.ok else BAD
        self.verdict.setStyleSheet(f"color: {colour.name()};")
        self.model.mark_bad(set(result.seqs()))

    def _task_finished(self, task: Task) -> None:
        if task is self._verify_task and task.state == TaskState.CANCELLED:
            self.verifying = False
            self.verify_button.setEnabled(True)
            self.verdict.setText(self.tr("Verification cancelled."))

    def _verify_failed(self, exc: BaseException) -> None:
        self.verifying = False
        self.verify_button.setEnabled(True)
        self.verdict.setText("")
        self.ctx.tasks.show_error(exc)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
