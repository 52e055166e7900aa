"""One sync conflict side by side: per field 字段 | 本机 | 县里 and the choice.

For a ``field`` conflict each field has three choices: 采用本机 (the value the server did not
take), 采用县里 (the value the server kept; chosen at the start) and 手动修改 (an edit box,
checked like the forms when saved). The other kinds offer what the server supports
(``docs/sync-conflicts.md``): an edit that met a deletion and a refused create can only be
acknowledged (the record stays deleted / was never on the server); a deletion that met
others' edits keeps the record or deletes it after all; a duplicate number is acknowledged,
and 打开另一条记录 shows the record that holds the number.

Saving runs :func:`gridapp.store.conflicts.resolve` on ``ctx.tasks``: ONE edit of the row
whose outbox entry settles the conflict on the server. A refusal (a bad typed value, a PC
that may not choose) is shown in the dialog and nothing changes.

Strings use ``QCoreApplication.translate("ConflictDialog", …)``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gridapp.models.errors import ValidationError
from gridapp.store import conflicts as conflict_store
from gridapp.store.conflicts import Conflict
from gridapp.store.errors import StoreError
from gridapp.ui.conflicts_panel import kind_text, record_text, time_text
from gridapp.ui.context import UiContext
from gridapp.ui.forms.fields import ERROR_STYLE, while_alive

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

LOCAL, SERVER, TYPED = 0, 1, 2


class FieldChoice:
    """The widgets of one field's row."""

    def __init__(self, dialog: ConflictDialog, conflict: Conflict, name: str, row: int) -> None:
        grid = dialog.grid
        parent = dialog.choices
        self.name = name
        local = conflict.local_values.get(name)
        server = conflict.server_values.get(name)
        self.values = {LOCAL: local, SERVER: server}
        self.label = QLabel(conflict_store.field_label(conflict.tbl, name), parent)
        self.local = QLabel(conflict_store.value_text(conflict.tbl, name, local), parent)
        self.server = QLabel(conflict_store.value_text(conflict.tbl, name, server), parent)
        for label in (self.local, self.server):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.group = QButtonGroup(parent)
        self.take_local = QRadioButton(
            translate("ConflictDialog", "Take this PC's")
            if conflict.own
            else translate("ConflictDialog", "Take the other PC's"),
            parent,
        )
        self.take_server = QRadioButton(translate("ConflictDialog", "Take the county's"), parent)
        self.typed = QRadioButton(translate("ConflictDialog", "Change by hand"), parent)
        for button, key in (
            (self.take_local, LOCAL),
            (self.take_server, SERVER),
            (self.typed, TYPED),
        ):
            button.setObjectName(f"{('local', 'server', 'typed')[key]}_{name}")
            self.group.addButton(button, key)
        self.edit = QLineEdit(parent)
        self.edit.setObjectName(f"edit_{name}")
        self.edit.setText("" if server is None else str(server))
        self.edit.setEnabled(False)
        self.message = QLabel(parent)
        self.message.setObjectName(f"message_{name}")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.take_server.setChecked(True)
        self.group.idToggled.connect(self._toggled)
        grid.addWidget(self.label, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.local, row, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.server, row, 2, Qt.AlignmentFlag.AlignTop)
        box = QWidget(parent)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for widget in (self.take_local, self.take_server, self.typed, self.edit, self.message):
            column.addWidget(widget)
        grid.addWidget(box, row, 3)

    def _toggled(self, key: int, checked: bool) -> None:
        if key == TYPED:
            self.edit.setEnabled(checked)
            if checked:
                self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
                self.edit.selectAll()

    def choose(self, key: int) -> None:
        button = self.group.button(key)
        button.setChecked(True)

    def value(self) -> Any:
        key = self.group.checkedId()
        if key == TYPED:
            return self.edit.text()
        return self.values[key]

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


class ConflictDialog(QDialog):
    """See the module docstring. ``resolved`` carries the conflict as saved."""

    resolved = Signal(object)

    def __init__(self, ctx: UiContext, conflict: Conflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.conflict = conflict
        self.saving = False
        self.result_conflict: Conflict | None = None
        self.setObjectName("conflictDialog")
        self.setWindowTitle(translate("ConflictDialog", "Sync conflict"))
        outer = QVBoxLayout(self)
        heading = QLabel(f"{kind_text(conflict.kind)} · {record_text(conflict)}", self)
        heading.setObjectName("dialogHeading")
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        outer.addWidget(heading)
        who = conflict.user_id or "—"
        self.intro = QLabel(
            translate(
                "ConflictDialog",
                "Recorded by the county server on {time}: the edit by {user} was not taken"
                " as it was. {explain}",
            )
            .replace("{time}", time_text(conflict))
            .replace("{user}", who)
            .replace("{explain}", self._explanation()),
            self,
        )
        self.intro.setObjectName("conflictIntro")
        self.intro.setWordWrap(True)
        outer.addWidget(self.intro)
        self.general = QLabel(self)
        self.general.setObjectName("generalMessage")
        self.general.setStyleSheet(ERROR_STYLE)
        self.general.setWordWrap(True)
        self.general.hide()
        outer.addWidget(self.general)
        self.choices = QWidget(self)
        self.grid = QGridLayout(self.choices)
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(10)
        titles = (
            translate("ConflictDialog", "Field"),
            translate("ConflictDialog", "This PC")
            if conflict.own
            else translate("ConflictDialog", "Other PC"),
            translate("ConflictDialog", "County"),
            translate("ConflictDialog", "Choice"),
        )
        for column, text in enumerate(titles[: 4 if conflict.kind == "field" else 3]):
            title = QLabel(f"<b>{text}</b>", self.choices)
            self.grid.addWidget(title, 0, column)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        self.fields: dict[str, FieldChoice] = {}
        self.keep: QRadioButton | None = None
        self.delete: QRadioButton | None = None
        if conflict.kind == "field":
            for row, name in enumerate(conflict.shown_fields, 1):
                self.fields[name] = FieldChoice(self, conflict, name, row)
        else:
            for row, name in enumerate(conflict.shown_fields, 1):
                self.grid.addWidget(
                    QLabel(conflict_store.field_label(conflict.tbl, name), self.choices), row, 0
                )
                for column, values in ((1, conflict.local_values), (2, conflict.server_values)):
                    text = conflict_store.value_text(conflict.tbl, name, values.get(name))
                    self.grid.addWidget(QLabel(text, self.choices), row, column)
        self.grid.setRowStretch(self.grid.rowCount(), 1)  # rows stay at the top
        # Many fields scroll inside the dialog (a 1366×768 screen at 150 % is 910×512).
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.choices)
        outer.addWidget(self.scroll_area, 1)
        self.scroll_area.setVisible(bool(conflict.shown_fields))
        need = self.choices.sizeHint()
        bar = self.scroll_area.verticalScrollBar().sizeHint().width()
        self.scroll_area.setMinimumSize(min(need.width() + bar, 820), min(need.height(), 300))
        if conflict.kind == "delete_update":
            self.keep = QRadioButton(translate("ConflictDialog", "Keep the record"), self)
            self.keep.setObjectName("keepRecord")
            self.delete = QRadioButton(translate("ConflictDialog", "Delete it after all"), self)
            self.delete.setObjectName("deleteRecord")
            self.keep.setChecked(True)
            outer.addWidget(self.keep)
            outer.addWidget(self.delete)
        if not conflict.shown_fields:
            outer.addStretch(1)
        self.buttons = QDialogButtonBox(self)
        acknowledge = conflict.kind != "field" and conflict.kind != "delete_update"
        self.save_button = QPushButton(
            translate("ConflictDialog", "Acknowledge")
            if acknowledge
            else translate("ConflictDialog", "Save the choice"),
            self,
        )
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.other_button: QPushButton | None = None
        if conflict.other_id and conflict.tbl in ("person", "household", "petition"):
            self.other_button = QPushButton(
                translate("ConflictDialog", "Open the other record"), self
            )
            self.other_button.setObjectName("openOtherButton")
            self.other_button.setAutoDefault(False)
            self.other_button.clicked.connect(self.open_other)
            self.buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.ActionRole)
        cancel = QPushButton(translate("ConflictDialog", "Cancel"), self)
        cancel.setAutoDefault(False)
        self.buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        outer.addWidget(self.buttons)
        hint = self.sizeHint()
        self._fit(max(760, hint.width()), max(300, hint.height()))

    def _fit(self, width: int, height: int) -> None:
        """Start at ``width`` × ``height`` but never larger than the screen."""
        parent = self.parentWidget()
        screen = self.screen() if parent is None else parent.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width = min(width, int(room.width() * 0.95))
            height = min(height, int(room.height() * 0.9))
        self.resize(width, height)

    def _explanation(self) -> str:
        kind = self.conflict.kind
        if kind == "field":
            return translate(
                "ConflictDialog",
                "For each field choose which value the record keeps; the county's value stays"
                " until you save.",
            )
        if kind == "update_delete":
            return translate(
                "ConflictDialog",
                "The record had been deleted on the server; it stays deleted. To keep the"
                " data, register the record again.",
            )
        if kind == "delete_update":
            return translate(
                "ConflictDialog",
                "The record was deleted here while it was edited elsewhere; the server kept"
                " it. Keep it, or delete it after all.",
            )
        if kind == "duplicate":
            return translate(
                "ConflictDialog",
                "Another record already holds this number, so this one was not written."
                " Check the other record and correct the number there or here.",
            )
        return translate(
            "ConflictDialog",
            "The server did not write this record; it can only be acknowledged.",
        )

    def choice(self) -> tuple[dict[str, Any], bool]:
        """(values, delete) as :func:`gridapp.store.conflicts.resolve` takes them."""
        values = {name: field.value() for name, field in self.fields.items()}
        return values, bool(self.delete is not None and self.delete.isChecked())

    def save(self) -> None:
        if self.saving:
            return
        self.saving = True
        self.save_button.setEnabled(False)
        self.show_general("")
        for field in self.fields.values():
            field.show_message("")
        values, delete = self.choice()
        store, conflict_id = self.ctx.store, self.conflict.conflict_id

        def job(_task: object) -> Conflict:
            return conflict_store.resolve(store, conflict_id, values, delete=delete)

        self.ctx.tasks.submit(
            job,
            on_done=while_alive(self, self._saved),
            on_error=while_alive(self, self._refused),
            label=translate("ConflictDialog", "Saving the choice…"),
        )

    def _saved(self, conflict: Conflict) -> None:
        self.saving = False
        self.result_conflict = conflict
        self.resolved.emit(conflict)
        self.ctx.signals.data_changed.emit(None)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            general = []
            for error in exc.errors:
                if error.field in self.fields:
                    self.fields[error.field].show_message(error.text())
                else:
                    general.append(error.text())
            self.show_general("\n".join(general))
        elif isinstance(exc, StoreError):
            self.show_general(exc.text())
        else:
            self.show_general(str(exc))

    def show_general(self, text: str) -> None:
        self.general.setText(text)
        self.general.setVisible(bool(text))

    def open_other(self) -> None:
        other, tbl = self.conflict.other_id, self.conflict.tbl
        nav = self.ctx.nav
        if tbl == "person":
            nav.open_person(other)
        elif tbl == "household":
            nav.open_household(other)
        elif tbl == "petition":
            nav.open_petition(other)
        self.reject()
