"""同步: enrolment with the county server, the state of syncing, and what needs a person.

Not enrolled: a form (server address, enrolment code, 注册本机) that enrols in the
background through :class:`~gridapp.ui.sync_controller.SyncController`; a refusal is shown in
words under the form. Enrolled: the server, this PC's device id and number prefix, its scope
(with place names when the register has them), role, state, last success, the pending count,
the clock offset, 立即同步, and tabs: the recent rounds (``gridapp.store.sync_log``), edits the
server refused with their reasons, rows taken out of this PC's scope while edits of them were
waiting, and the conflicts (``gridapp.ui.conflicts_panel.ConflictsPanel`` when present).

The page reads through the window's worker (``ctx.tasks``, one small read); the network runs
in the controller, never here.
"""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.store.errors import PassphraseRequiredError, StoreError, WrongPassphraseError
from gridapp.store.sync_log import SyncOverview, overview
from gridapp.sync.credentials import DeviceCredentials
from gridapp.sync.transfer import AuditRefusedError
from gridapp.ui.context import UiContext
from gridapp.ui.heading import Heading
from gridapp.ui.pages.base import Page
from gridapp.ui.pages.home import pending_text
from gridapp.ui.sync_controller import (
    ERROR,
    NOT_ENROLLED,
    OFFLINE,
    ONLINE,
    ROUND_ERROR,
    ROUND_OFFLINE,
    ROUND_OK,
    ROUND_STOPPED,
    STOP_CREDENTIALS,
    STOP_PASSPHRASE,
    STOPPED,
    SYNCING,
    SyncController,
)
from gridapp.ui.tasks import TaskContext

STATE_TEXT = {
    NOT_ENROLLED: QT_TRANSLATE_NOOP("SyncPage", "Not enrolled with a county server"),
    OFFLINE: QT_TRANSLATE_NOOP("SyncPage", "Offline: the server cannot be reached"),
    SYNCING: QT_TRANSLATE_NOOP("SyncPage", "Syncing…"),
    ONLINE: QT_TRANSLATE_NOOP("SyncPage", "Online"),
    ERROR: QT_TRANSLATE_NOOP("SyncPage", "Sync failed; trying again later"),
    STOPPED: QT_TRANSLATE_NOOP("SyncPage", "Syncing stopped"),
}
RESULT_TEXT = {
    ROUND_OK: QT_TRANSLATE_NOOP("SyncPage", "Done"),
    ROUND_OFFLINE: QT_TRANSLATE_NOOP("SyncPage", "Server not reached"),
    ROUND_ERROR: QT_TRANSLATE_NOOP("SyncPage", "Failed"),
    ROUND_STOPPED: QT_TRANSLATE_NOOP("SyncPage", "Refused: stopped"),
}
AUDIT_REFUSED = QT_TRANSLATE_NOOP("SyncPage", "Done; the audit log was refused")
ROLE_TEXT = {
    "worker": QT_TRANSLATE_NOOP("SyncPage", "Grid worker"),
    "chief": QT_TRANSLATE_NOOP("SyncPage", "Village chief"),
    "county": QT_TRANSLATE_NOOP("SyncPage", "County"),
}
TABLE_TEXT = {
    "place": QT_TRANSLATE_NOOP("SyncPage", "Place"),
    "household": QT_TRANSLATE_NOOP("SyncPage", "Household"),
    "person": QT_TRANSLATE_NOOP("SyncPage", "Person"),
    "person_tag": QT_TRANSLATE_NOOP("SyncPage", "Person tag"),
    "household_tag": QT_TRANSLATE_NOOP("SyncPage", "Household tag"),
    "household_event": QT_TRANSLATE_NOOP("SyncPage", "Household change"),
    "party_member": QT_TRANSLATE_NOOP("SyncPage", "Party member"),
    "party_report": QT_TRANSLATE_NOOP("SyncPage", "Party report-in"),
    "party_org": QT_TRANSLATE_NOOP("SyncPage", "Party organisation"),
    "service_post": QT_TRANSLATE_NOOP("SyncPage", "Service post"),
    "post_claim": QT_TRANSLATE_NOOP("SyncPage", "Post claim"),
    "party_activity": QT_TRANSLATE_NOOP("SyncPage", "Activity"),
    "activity_participation": QT_TRANSLATE_NOOP("SyncPage", "Activity sign-in"),
    "party_feedback": QT_TRANSLATE_NOOP("SyncPage", "Feedback"),
    "petition": QT_TRANSLATE_NOOP("SyncPage", "Petition"),
    "petition_petitioner": QT_TRANSLATE_NOOP("SyncPage", "Petitioner"),
    "petition_progress": QT_TRANSLATE_NOOP("SyncPage", "Petition step"),
    "petition_attachment": QT_TRANSLATE_NOOP("SyncPage", "Petition attachment"),
}
OP_TEXT = {
    "create": QT_TRANSLATE_NOOP("SyncPage", "New"),
    "update": QT_TRANSLATE_NOOP("SyncPage", "Edit"),
    "delete": QT_TRANSLATE_NOOP("SyncPage", "Delete"),
}
# The server's reasons for refusing one record (contract §7), in words.
REASON_TEXT = {
    "unknown_field": QT_TRANSLATE_NOOP("SyncPage", "a field the server does not know"),
    "bad_value": QT_TRANSLATE_NOOP("SyncPage", "a value the server does not accept"),
    "unknown_table": QT_TRANSLATE_NOOP("SyncPage", "a kind of record the server does not know"),
    "bad_id": QT_TRANSLATE_NOOP("SyncPage", "the record's id is not valid"),
    "bad_op": QT_TRANSLATE_NOOP("SyncPage", "an operation the server does not know"),
    "bad_base_version": QT_TRANSLATE_NOOP("SyncPage", "the record's version is not valid"),
    "bad_changes": QT_TRANSLATE_NOOP("SyncPage", "the changes are not valid"),
    "append_only": QT_TRANSLATE_NOOP("SyncPage", "this record cannot be changed afterwards"),
    "unknown_record": QT_TRANSLATE_NOOP("SyncPage", "the server has no such record"),
    "base_version_ahead": QT_TRANSLATE_NOOP(
        "SyncPage", "the edit is based on a version the server does not have"
    ),
    "seq_reused": QT_TRANSLATE_NOOP("SyncPage", "the change number was already used"),
    "parent_missing": QT_TRANSLATE_NOOP(
        "SyncPage", "the record it belongs to does not exist on the server"
    ),
}


def _t(text: str) -> str:
    return QCoreApplication.translate("SyncPage", text)


def reason_text(reason: str) -> str:
    """A refused record's reason in words: "bad_value: phone" → the words (phone)."""
    code, _, detail = (reason or "").partition(":")
    words = REASON_TEXT.get(code.strip())
    if words is None:
        return reason
    return f"{_t(words)}（{detail.strip()}）" if detail.strip() else _t(words)


OFFSET_UNKNOWN = QT_TRANSLATE_NOOP("SyncPage", "not known yet")
OFFSET_SECONDS = QT_TRANSLATE_NOOP("SyncPage", "{seconds} s (server minus this PC)")
OFFSET_MINUTES = QT_TRANSLATE_NOOP("SyncPage", "{minutes} min (server minus this PC)")


def offset_text(offset_ms: int | None) -> str:
    if offset_ms is None:
        return _t(OFFSET_UNKNOWN)
    seconds = round(offset_ms / 1000)
    if abs(seconds) < 60:
        return _t(OFFSET_SECONDS).replace("{seconds}", f"{seconds:+d}")
    return _t(OFFSET_MINUTES).replace("{minutes}", f"{seconds / 60:+.1f}")


def _when(stamp: str | None) -> str:
    return (stamp or "")[:16].replace("T", " ")


def _item(text: object, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(parent: QWidget, headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


class SyncPage(Page):
    name = "sync"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.controller: SyncController | None = None
        self.data: SyncOverview | None = None
        self._loading = False
        self._stale = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(Heading(self.title(), self))
        layout.addWidget(self._build_enrol_box())
        layout.addWidget(self._build_status_box())
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("syncTabs")
        layout.addWidget(self.tabs, 1)
        self.filler = QWidget(self)  # takes the height while the tabs are hidden
        layout.addWidget(self.filler, 1)
        self._build_tabs()
        ctx.signals.data_changed.connect(self._data_changed)
        self._show_enrolled(False)

    # --- building -------------------------------------------------------------------------

    def _build_enrol_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Enrol this PC with the county server"), self)
        box.setObjectName("enrolBox")
        outer = QVBoxLayout(box)
        intro = QLabel(
            self.tr(
                "Until this PC is enrolled, every change is kept here and counted as waiting "
                "to be synced. Ask the county's IT staff for the server address and a one-time "
                "enrolment code (valid for 24 hours)."
            ),
            box,
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        form = QFormLayout()
        self.server_edit = QLineEdit(box)
        self.server_edit.setObjectName("serverAddress")
        self.server_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 28)
        self.code_edit = QLineEdit(box)
        self.code_edit.setObjectName("enrolmentCode")
        form.addRow(self.tr("Server address"), self.server_edit)
        form.addRow(self.tr("Enrolment code"), self.code_edit)
        outer.addLayout(form)
        row = QHBoxLayout()
        self.enrol_button = QPushButton(self.tr("Enrol this PC"), box)
        self.enrol_button.setObjectName("enrolButton")
        self.enrol_button.clicked.connect(self.enrol)
        self.code_edit.returnPressed.connect(self.enrol)
        row.addWidget(self.enrol_button)
        row.addStretch(1)
        outer.addLayout(row)
        self.enrol_message = QLabel(box)
        self.enrol_message.setObjectName("enrolMessage")
        self.enrol_message.setWordWrap(True)
        self.enrol_message.setStyleSheet("color: #b00020;")
        self.enrol_message.hide()
        outer.addWidget(self.enrol_message)
        self.enrol_box = box
        return box

    def _build_status_box(self) -> QWidget:
        box = QGroupBox(self.tr("This PC and the county server"), self)
        box.setObjectName("statusBox")
        columns = QHBoxLayout(box)
        left, right = QFormLayout(), QFormLayout()
        self.fields: dict[str, QLabel] = {}
        rows = (
            (left, "server", self.tr("Server")),
            (left, "device", self.tr("Device")),
            (left, "scope", self.tr("Scope")),
            (left, "role", self.tr("Role")),
            (right, "state", self.tr("State")),
            (right, "last", self.tr("Last success")),
            (right, "pending", self.tr("Waiting to sync")),
            (right, "clock", self.tr("Clock offset")),
        )
        for form, key, label in rows:
            value = QLabel(box)
            value.setObjectName(f"sync_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.fields[key] = value
            form.addRow(label, value)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        side = QVBoxLayout()
        self.sync_button = QPushButton(self.tr("Sync now"), box)
        self.sync_button.setObjectName("syncNow")
        self.sync_button.clicked.connect(self.sync_now)
        side.addWidget(self.sync_button)
        side.addStretch(1)
        columns.addLayout(side)
        self.state_message = QLabel(self)
        self.state_message.setObjectName("syncMessage")
        self.state_message.setWordWrap(True)
        self.state_message.setStyleSheet("color: #b00020;")
        self.state_message.hide()
        wrapper = QWidget(self)
        inner = QVBoxLayout(wrapper)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(box)
        inner.addWidget(self.state_message)
        self.status_box = wrapper
        return wrapper

    def _build_tabs(self) -> None:
        self.rounds_table = _table(
            self.tabs,
            [
                self.tr("Time"),
                self.tr("Sent"),
                self.tr("Accepted"),
                self.tr("Conflicts"),
                self.tr("Refused"),
                self.tr("Received"),
                self.tr("Result"),
            ],
            "roundsTable",
        )
        self.rejected_table = _table(
            self.tabs,
            [self.tr("Saved"), self.tr("Record"), self.tr("Change"), self.tr("Reason")],
            "rejectedTable",
        )
        self.removed_table = _table(
            self.tabs, [self.tr("Record"), self.tr("Id"), self.tr("Removed")], "removedTable"
        )
        self.tabs.addTab(self.rounds_table, self.tr("Recent rounds"))
        self.tabs.addTab(self.rejected_table, self.tr("Refused"))
        self.tabs.addTab(self.removed_table, self.tr("Left this PC's scope"))
        # 冲突: helper D's panel when it exists; otherwise a note in its place.
        self.conflicts: Any = None
        try:
            module = importlib.import_module("gridapp.ui.conflicts_panel")
        except ImportError:
            module = None
        if module is not None and hasattr(module, "ConflictsPanel"):
            self.conflicts = module.ConflictsPanel(self.ctx, self.tabs)
            if hasattr(self.conflicts, "count_changed"):
                self.conflicts.count_changed.connect(self._conflicts_counted)
            self.tabs.addTab(self.conflicts, self.tr("Conflicts"))
        else:
            note = QLabel(
                self.tr("Conflicts are listed here once the conflicts panel is installed."),
                self.tabs,
            )
            note.setObjectName("conflictsPlaceholder")
            note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.tabs.addTab(note, self.tr("Conflicts"))
        self._tab_titles = [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def title(self) -> str:
        return self.tr("Sync")

    # --- the controller ---------------------------------------------------------------------

    def attach(self, controller: SyncController) -> None:
        """Show and drive ``controller`` (the window's; one per window)."""
        self.controller = controller
        controller.state_changed.connect(self._state_changed)
        controller.round_finished.connect(lambda _entry: self.reload())
        controller.enrol_finished.connect(self._enrol_finished)
        self._state_changed(controller.state, controller.detail)

    def enrol(self) -> None:
        controller = self.controller
        if controller is None:
            return
        server, code = self.server_edit.text().strip(), self.code_edit.text().strip()
        if not server.startswith(("http://", "https://")):
            self._enrol_error(
                self.tr("Type the server address as given, beginning with https:// or http://.")
            )
            return
        if not code:
            self._enrol_error(self.tr("Type the enrolment code."))
            return
        if controller.enrol(server, code):
            self.enrol_button.setEnabled(False)
            self.enrol_message.setStyleSheet("color: #555;")
            self.enrol_message.setText(self.tr("Enrolling…"))
            self.enrol_message.show()

    def sync_now(self) -> None:
        controller = self.controller
        if controller is None:
            return
        locked = controller.state == STOPPED and controller.stop_reason == STOP_PASSPHRASE
        if locked and not self._ask_passphrase():
            return
        controller.sync_now()

    def _ask_passphrase(self) -> bool:
        """Ask for the passphrase that protects the device secret (no secure keyring)."""
        passphrase, ok = QInputDialog.getText(
            self,
            self.tr("Sync"),
            self.tr("The device secret is protected by the database passphrase. Passphrase:"),
            QLineEdit.EchoMode.Password,
        )
        if not ok or not passphrase or self.controller is None:
            return False
        self.controller.use_passphrase(passphrase)
        return True

    def _enrol_error(self, text: str) -> None:
        self.enrol_message.setStyleSheet("color: #b00020;")
        self.enrol_message.setText(text)
        self.enrol_message.show()

    def _enrol_finished(self, result: object) -> None:
        self.enrol_button.setEnabled(True)
        if isinstance(result, DeviceCredentials):
            self.code_edit.clear()
            self.enrol_message.hide()
            self.reload()
            return
        if isinstance(result, PassphraseRequiredError | WrongPassphraseError):
            if isinstance(result, WrongPassphraseError):
                self._enrol_error(result.text())
            if self._ask_passphrase():
                self.enrol()  # again, with the passphrase that keeps the device secret
        elif isinstance(result, StoreError):
            self._enrol_error(result.text())
        else:
            self._enrol_error(str(result))

    def _state_changed(self, state: str, detail: str) -> None:
        self.fields["state"].setText(_t(STATE_TEXT.get(state, state)))
        self.sync_button.setEnabled(state not in (NOT_ENROLLED, SYNCING))
        if detail and state in (STOPPED, ERROR, OFFLINE):
            self.state_message.setText(detail)
            self.state_message.show()
        else:
            self.state_message.hide()
        reason = self.controller.stop_reason if self.controller is not None else ""
        # A revoked device id can never enrol again (the county decides); a lost or refused
        # secret, or a server that forgot this PC, is mended by enrolling with a new code.
        again = state == STOPPED and reason == STOP_CREDENTIALS
        self._show_enrolled(state != NOT_ENROLLED, enrol_again=again)
        if state != SYNCING:
            self.reload()

    def _show_enrolled(self, enrolled: bool, enrol_again: bool = False) -> None:
        self.enrol_box.setVisible(not enrolled or enrol_again)
        self.status_box.setVisible(enrolled)
        self.tabs.setVisible(enrolled)
        self.filler.setVisible(not enrolled)

    # --- reading ----------------------------------------------------------------------------

    def activated(self) -> None:
        self.reload()

    def _data_changed(self, _changes: object) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def reload(self) -> None:
        """Read the overview in the background (one read queued at a time)."""
        if self._loading:
            self._stale = True
            return
        self._loading = True
        self._stale = False
        store = self.ctx.store
        creds = self.controller.credentials_info() if self.controller is not None else None
        scopes = list(creds.scopes) if creds is not None else []

        def run(_task: TaskContext) -> SyncOverview:
            return overview(store, scopes)

        self.ctx.tasks.submit(run, on_done=self._show, on_error=self._read_failed, quiet=True)
        if self.conflicts is not None and hasattr(self.conflicts, "reload"):
            self.conflicts.reload()

    def _read_failed(self, _exc: BaseException) -> None:
        self._loading = False

    def _show(self, data: SyncOverview) -> None:
        self._loading = False
        self.data = data
        creds = self.controller.credentials_info() if self.controller is not None else None
        self._show_credentials(creds, data)
        self.fields["last"].setText(_when(data.last_sync) or self.tr("never"))
        self.fields["pending"].setText(
            self.tr("{count} changes").replace("{count}", pending_text(data.pending))
        )
        self.fields["clock"].setText(offset_text(data.clock_offset_ms))
        self._fill_rounds(data.rounds)
        self._fill_rejected(data.rejected)
        self._fill_removed(data.removed)
        if self._stale:
            self.reload()

    def _show_credentials(self, creds: DeviceCredentials | None, data: SyncOverview) -> None:
        if creds is None:
            for key in ("server", "device", "scope", "role"):
                self.fields[key].setText("—")
            return
        self.fields["server"].setText(creds.server_url)
        self.fields["device"].setText(
            self.tr("{device} (number prefix {prefix})")
            .replace("{device}", creds.device_id)
            .replace("{prefix}", data.device_prefix)
        )
        self.fields["scope"].setText(
            "、".join(
                f"{data.place_names[code]}（{code}）" if code in data.place_names else code
                for code in creds.scopes
            )
        )
        self.fields["role"].setText(_t(ROLE_TEXT.get(creds.role, creds.role)))

    def _fill_rounds(self, rounds: list[dict[str, Any]]) -> None:
        table = self.rounds_table
        table.setRowCount(len(rounds))
        for row, entry in enumerate(rounds):
            ok = entry.get("result") == ROUND_OK
            values = [
                entry.get(key, "") if ok else ""
                for key in ("pushed", "applied", "conflicts", "rejected", "pulled")
            ]
            table.setItem(row, 0, _item(_when(str(entry.get("at", "")))))
            for column, value in enumerate(values, start=1):
                table.setItem(row, column, _item(value, align_right=True))
            result = _t(RESULT_TEXT.get(str(entry.get("result")), str(entry.get("result"))))
            tooltip = str(entry.get("message") or "")
            if ok and entry.get("audit_error"):
                result = _t(AUDIT_REFUSED)
                tooltip = AuditRefusedError(entry["audit_error"]).text()
            item = _item(result)
            item.setToolTip(tooltip)
            if entry.get("result") in (ROUND_ERROR, ROUND_STOPPED) or result == _t(AUDIT_REFUSED):
                item.setForeground(QColor("#b00020"))
            table.setItem(row, 6, item)
        self._count_tab(0, 0)

    def _fill_rejected(self, entries: list[dict[str, Any]]) -> None:
        table = self.rejected_table
        table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            record = _t(TABLE_TEXT.get(entry["tbl"], entry["tbl"]))
            fields = ", ".join(sorted((entry.get("changes") or {}).keys()))
            op = _t(OP_TEXT.get(entry["op"], entry["op"]))
            table.setItem(row, 0, _item(_when(entry.get("client_wall"))))
            table.setItem(row, 1, _item(f"{record} {entry['row_id'][:8]}"))
            table.setItem(row, 2, _item(f"{op}: {fields}" if fields else op))
            table.setItem(row, 3, _item(reason_text(str(entry.get("reason") or ""))))
        self._count_tab(1, len(entries))

    def _fill_removed(self, entries: list[dict[str, Any]]) -> None:
        table = self.removed_table
        table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            table.setItem(row, 0, _item(_t(TABLE_TEXT.get(entry["tbl"], entry["tbl"]))))
            table.setItem(row, 1, _item(entry["row_id"]))
            table.setItem(row, 2, _item(_when(entry.get("removed_at"))))
        self._count_tab(2, len(entries))

    def _conflicts_counted(self, count: int) -> None:
        self._count_tab(3, count)

    def _count_tab(self, index: int, count: int) -> None:
        title = self._tab_titles[index]
        self.tabs.setTabText(index, f"{title} ({count})" if count else title)
