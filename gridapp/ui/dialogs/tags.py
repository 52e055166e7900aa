"""The tags of a person or a household (低保, 残疾人, 留守儿童 … / 低保户, 空巢老人户 …) with
their periods: the list, adding a tag from the code table, ending a tag on a date.

The dialog stays open after each change (one list is often edited several times) and
reloads its list; every change emits ``ctx.signals.data_changed``. Esc or 关闭 closes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from gridapp.models import codes
from gridapp.models.household import HouseholdTag, PersonTag
from gridapp.store.db import Changes
from gridapp.store.households import HouseholdRepository
from gridapp.store.register_actions import RegisterActions
from gridapp.ui.context import UiContext
from gridapp.ui.dialogs.action_dialog import ERROR_STYLE, ActionDialog, date_edit, picked_date

OWNERS = ("person", "household")


@dataclass
class TagList:
    """What the dialog reads: whose tags (a name or household number) and the tags."""

    owner_name: str
    tags: Sequence[PersonTag | HouseholdTag]


class TagsDialog(ActionDialog):
    """Tags of one person (``owner="person"``) or one household (``owner="household"``)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None, owner: str, owner_id: str) -> None:
        if owner not in OWNERS:
            raise ValueError(f"owner must be one of {OWNERS}")
        title = self.tr("Person tags") if owner == "person" else self.tr("Household tags")
        super().__init__(ctx, parent, title, self.tr("Add tag"))
        self.owner = owner
        self.owner_id = owner_id
        self.table_name = "person_tag" if owner == "person" else "household_tag"
        self.tags: Sequence[PersonTag | HouseholdTag] = []
        self.operation = "add"
        self.cancel_button.setText(self.tr("Close"))

        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("tags")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Tag"), self.tr("From"), self.tr("Until"), self.tr("State"), self.tr("Note")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Room for every column at any text size (设置 → 字号), without a scroll bar.
        self.table.setMinimumWidth(max(480, self.fontMetrics().horizontalAdvance("网") * 32))
        self.table.setMinimumHeight(120)
        self.add_full_row(self.table)

        self.end_group = QGroupBox(self.tr("End the selected tag"), self)
        end_row = QHBoxLayout(self.end_group)
        end_label = QLabel(self.tr("Ended on"), self.end_group)
        self.close_date = date_edit(self.end_group)
        self.close_date.setObjectName("close_date")
        end_label.setBuddy(self.close_date)
        self.end_button = QPushButton(self.tr("End tag"), self.end_group)
        self.end_button.setObjectName("end_tag")
        self.end_button.setAutoDefault(False)
        end_row.addWidget(end_label)
        end_row.addWidget(self.close_date)
        end_row.addWidget(self.end_button)
        end_row.addStretch(1)
        self.add_full_row(self.end_group)
        self.close_error = QLabel(self)
        self.add_full_row(self.close_error)
        self.add_error_slot("close_date", self.close_date, self.close_error)

        self.add_title = QLabel(self.tr("Add a tag:"), self)
        self.add_title.setStyleSheet("font-weight: bold;")
        self.add_full_row(self.add_title)
        self.tag_box = QComboBox(self)
        self.tag_box.setObjectName("tag")
        self.tag_box.addItem(self.tr("Choose…"), "")
        for code in codes.table(self.table_name).items():
            self.tag_box.addItem(code.label, code.code)
        self.add_field("tag", self.tr("Tag"), self.tag_box, self.tr("the tag"))
        self.start_date = date_edit(self)
        self.start_date.setObjectName("start_date")
        self.add_field("start_date", self.tr("From"), self.start_date, self.tr("the start date"))
        until = QWidget(self)
        until_row = QHBoxLayout(until)
        until_row.setContentsMargins(0, 0, 0, 0)
        self.has_end = QCheckBox(self.tr("Known end date"), until)
        self.has_end.setObjectName("has_end")
        self.end_date = QDateEdit(QDate.currentDate(), until)
        self.end_date.setObjectName("end_date")
        self.end_date.setDisplayFormat("yyyy-MM-dd")
        self.end_date.setCalendarPopup(True)
        self.end_date.setEnabled(False)
        until_row.addWidget(self.has_end)
        until_row.addWidget(self.end_date)
        until_row.addStretch(1)
        self.add_field("end_date", self.tr("Until"), until)
        self.note = QLineEdit(self)
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("Optional"))
        self.add_field("note", self.tr("Note"), self.note)

        self.close_error.setStyleSheet(ERROR_STYLE)
        self.has_end.toggled.connect(self.end_date.setEnabled)
        self.tag_box.currentIndexChanged.connect(self.refresh_state)
        self.table.itemSelectionChanged.connect(self.refresh_end_button)
        self.end_button.clicked.connect(self.on_end_clicked)
        for widget in (self.close_date, self.end_button):
            widget.installEventFilter(self)
        tab_order: list[tuple[QWidget, QWidget]] = [
            (self.table, self.close_date),
            (self.close_date, self.end_button),
            (self.end_button, self.tag_box),
            (self.tag_box, self.start_date),
            (self.start_date, self.has_end),
            (self.has_end, self.end_date),
            (self.end_date, self.note),
            (self.note, self.save_button),
        ]
        for previous, following in tab_order:
            QWidget.setTabOrder(previous, following)
        self.refresh_end_button()
        self.reload()

    # --- reading -----------------------------------------------------------------------------

    def reload(self) -> None:
        self.is_loaded = False
        self.refresh_state()
        self.load(self.read_job(), self.fill)

    def read_job(self) -> Callable[[], TagList]:
        store, owner, owner_id = self.ctx.store, self.owner, self.owner_id

        def read() -> TagList:
            repo = HouseholdRepository(store)
            actions = RegisterActions(store)
            if owner == "person":
                return TagList(repo.get_person(owner_id).name, actions.person_tags(owner_id))
            return TagList(
                repo.get_household(owner_id).household_no, actions.household_tags(owner_id)
            )

        return read

    def fill(self, data: TagList) -> None:
        if self.owner == "person":
            intro = self.tr("Tags of {name}")
        else:
            intro = self.tr("Tags of household {name}")
        if not data.tags:
            intro += self.tr(": none yet. Add one below.")
        self.set_intro(intro.replace("{name}", data.owner_name))
        self.tags = data.tags
        table = codes.table(self.table_name)
        today = date.today()
        self.table.setRowCount(len(data.tags))
        for row, tag in enumerate(data.tags):
            entry = table.get(tag.tag)
            running = tag.end_date is None or tag.end_date >= today  # its last day counts
            cells = [
                entry.label if entry is not None else tag.tag,
                tag.start_date.isoformat() if tag.start_date else "",
                tag.end_date.isoformat() if tag.end_date else "",
                self.tr("Current") if running else self.tr("Ended"),
                tag.note,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, tag.id)
                self.table.setItem(row, column, item)
        self.table.clearSelection()
        self.refresh_end_button()

    def first_field(self) -> QWidget | None:
        return self.tag_box

    # --- state -------------------------------------------------------------------------------

    def missing(self) -> list[str]:
        return [] if self.tag_box.currentData() else [self.fields["tag"].missing_text]

    def selected_tag(self) -> PersonTag | HouseholdTag | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.tags[rows[0].row()]

    def refresh_end_button(self) -> None:
        tag = self.selected_tag()
        if tag is None:
            self.end_button.setText(self.tr("Select a tag to end"))
            self.end_button.setEnabled(False)
        else:
            self.end_button.setText(self.tr("End tag"))
            self.end_button.setEnabled(not self.busy)

    def refresh_state(self) -> None:
        super().refresh_state()
        if hasattr(self, "end_button"):
            self.refresh_end_button()

    # --- saving ------------------------------------------------------------------------------

    def on_save_clicked(self) -> None:
        self.operation = "add"
        super().on_save_clicked()

    def on_end_clicked(self) -> None:
        if self.selected_tag() is None or self.busy:
            return
        self.operation = "end"
        self.clear_errors()
        self.submit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the end-date field ends the selected tag (not "add tag")."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.on_end_clicked()
            return True
        return super().eventFilter(watched, event)

    def error_field(self, field: str) -> str:
        if self.operation == "end" and field == "end_date":
            return "close_date"
        return field

    def save_job(self) -> Callable[[], Changes]:
        store = self.ctx.store
        if self.operation == "end":
            tag = self.selected_tag()
            assert tag is not None
            tag_id, day = tag.id, picked_date(self.close_date)
            if self.owner == "person":
                return lambda: RegisterActions(store).end_person_tag(tag_id, day)
            return lambda: RegisterActions(store).end_household_tag(tag_id, day)
        code = str(self.tag_box.currentData())
        start = picked_date(self.start_date)
        end = picked_date(self.end_date) if self.has_end.isChecked() else None
        note, owner_id = self.note.text(), self.owner_id
        if self.owner == "person":
            return lambda: RegisterActions(store).add_person_tag(owner_id, code, start, end, note)
        return lambda: RegisterActions(store).add_household_tag(owner_id, code, start, end, note)

    def on_saved(self, changes: Changes) -> None:
        """Stay open: clear the add fields, reload the list, tell the pages."""
        self.busy = False
        self.ctx.signals.data_changed.emit(changes)
        if self.operation == "add":
            self.tag_box.setCurrentIndex(0)
            self.note.clear()
            self.has_end.setChecked(False)
        self.reload()
