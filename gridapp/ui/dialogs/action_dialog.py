"""The frame shared by the small register-action dialogs (迁出, 死亡, 变更户主, 分户, 标签).

Two columns, labels right-aligned, required fields marked with a red asterisk, a red message
under a field the store refused, a save button that says what is still missing. Loading and
saving run on ``ctx.tasks``; a refusal keeps the dialog open with everything typed.

Strings here use ``QCoreApplication.translate("ActionDialog", …)``: ``self.tr`` in a base
class would look them up under the subclass's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp.models import codes
from gridapp.models.errors import ValidationError
from gridapp.models.household import Person
from gridapp.store.db import Changes
from gridapp.store.errors import StoreError
from gridapp.ui.context import UiContext
from gridapp.ui.tasks import TaskContext

ERROR_STYLE = "color: #b3261e;"
MIN_WIDTH = 440  # member labels (张小明（子，31岁）) fit beside their label at 150 %
REQUIRED_MARK = '<span style="color:#b3261e;">*</span>'


def age_on(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def relation_label(code: str) -> str:
    entry = codes.table("relation").get(code)
    return entry.label if entry is not None else code


def person_label(person: Person, today: date | None = None) -> str:
    """张小明（子，30岁） — how a member is named in the dialogs."""
    parts = [relation_label(person.relation)] if person.relation else []
    age = age_on(person.birth_date, today or date.today())
    if age is not None:
        parts.append(
            QCoreApplication.translate("ActionDialog", "{age} years").replace("{age}", str(age))
        )
    if not parts:
        return person.name
    inner = QCoreApplication.translate("ActionDialog", ", ").join(parts)
    return (
        QCoreApplication.translate("ActionDialog", "{name} ({details})")
        .replace("{name}", person.name)
        .replace("{details}", inner)
    )


def date_edit(parent: QWidget) -> QDateEdit:
    """A date field: today by default, no later than today, typed as YYYY-MM-DD."""
    edit = QDateEdit(QDate.currentDate(), parent)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setMaximumDate(QDate.currentDate())
    edit.setMinimumDate(QDate(1900, 1, 1))
    return edit


def picked_date(edit: QDateEdit) -> date:
    value = edit.date().toPython()
    assert isinstance(value, date)
    return value


@dataclass
class FieldRow:
    label: QLabel
    widget: QWidget
    error: QLabel
    missing_text: str  # what the save button says while it is empty ("" = not required)


class ActionDialog(QDialog):
    """Base of the action dialogs. Subclasses add fields, then call :meth:`load` (or
    :meth:`loaded` when nothing must be read), implement :meth:`missing` and
    :meth:`save_job`; a destructive action also :meth:`confirmation`."""

    def __init__(self, ctx: UiContext, parent: QWidget | None, title: str, save_text: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(MIN_WIDTH)
        self.save_text = save_text
        self.fields: dict[str, FieldRow] = {}
        self.busy = False
        self.is_loaded = False
        self.confirm_box: QMessageBox | None = None
        outer = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.hide()
        outer.addWidget(self.intro)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.grid.setHorizontalSpacing(12)
        outer.addLayout(self.grid)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)
        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(save_text, self)
        self.save_button.setDefault(True)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(QCoreApplication.translate("ActionDialog", "Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.cancel_button.clicked.connect(self.reject)
        outer.addWidget(self.buttons)
        self._row = 0
        self.refresh_state()

    # --- building ----------------------------------------------------------------------------

    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def add_field(self, name: str, label: str, widget: QWidget, missing_text: str = "") -> None:
        """A labelled field; ``missing_text`` marks it required (what the button asks for)."""
        caption = QLabel(f"{label} {REQUIRED_MARK}" if missing_text else label, self)
        caption.setTextFormat(Qt.TextFormat.RichText)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        caption.setBuddy(widget)
        error = QLabel(self)
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        self.grid.addWidget(caption, self._row, 0)
        self.grid.addWidget(widget, self._row, 1)
        self.grid.addWidget(error, self._row + 1, 1)
        self._row += 2
        self.fields[name] = FieldRow(caption, widget, error, missing_text)

    def add_full_row(self, widget: QWidget) -> None:
        self.grid.addWidget(widget, self._row, 0, 1, 2)
        self._row += 1

    def add_error_slot(self, name: str, widget: QWidget, error: QLabel) -> None:
        """Errors for ``name`` (e.g. ``relation.<id>``) show in ``error`` beside ``widget``."""
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        self.fields[name] = FieldRow(QLabel(self), widget, error, "")

    # --- state -------------------------------------------------------------------------------

    def missing(self) -> list[str]:
        """What is still missing, as the button should say it (translated)."""
        return []

    def refresh_state(self) -> None:
        missing = [] if self.busy or not self.is_loaded else self.missing()
        if self.busy:
            text = QCoreApplication.translate("ActionDialog", "Saving…")
        elif not self.is_loaded:
            text = QCoreApplication.translate("ActionDialog", "Loading…")
        elif missing:
            sep = QCoreApplication.translate("ActionDialog", ", ")
            text = QCoreApplication.translate("ActionDialog", "Still needed: {what}").replace(
                "{what}", sep.join(missing)
            )
        else:
            text = self.save_text
        self.save_button.setText(text)
        self.save_button.setEnabled(self.is_loaded and not self.busy and not missing)

    # --- loading -----------------------------------------------------------------------------

    def load(self, fn: Callable[[], Any], on_loaded: Callable[[Any], None]) -> None:
        """Read what the dialog needs on the worker; ``on_loaded`` fills the fields."""

        def done(result: Any) -> None:
            on_loaded(result)
            self.loaded()

        self.ctx.tasks.submit(
            lambda _task: fn(),
            on_done=done,
            on_error=self.on_failed,
            label=QCoreApplication.translate("ActionDialog", "Loading…"),
        )

    def loaded(self) -> None:
        self.is_loaded = True
        self.refresh_state()
        # What was read (member rows, the button's "still missing" text) may need more room
        # than the empty dialog had: grow to fit now, not at some later layout pass.
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.resize(self.size().expandedTo(self.sizeHint()))
        first = self.first_field()
        if first is not None:
            first.setFocus()

    def first_field(self) -> QWidget | None:
        for row in self.fields.values():
            if row.widget.isEnabled() and row.widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                return row.widget
        return None

    # --- saving ------------------------------------------------------------------------------

    def on_save_clicked(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.clear_errors()
        question = self.confirmation()
        if question is None:
            self.submit()
            return
        text, confirm_text = question
        box = QMessageBox(QMessageBox.Icon.Warning, self.windowTitle(), text, parent=self)
        confirm = box.addButton(confirm_text, QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(
            QCoreApplication.translate("ActionDialog", "Go back"), QMessageBox.ButtonRole.RejectRole
        )
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        self.confirm_box = box

        def answered() -> None:
            self.confirm_box = None
            if box.clickedButton() is confirm:
                self.submit()

        box.finished.connect(answered)
        box.open()

    def confirmation(self) -> tuple[str, str] | None:
        """(what will happen, confirm button text) for a destructive action; else None."""
        return None

    def save_job(self) -> Callable[[], Changes]:
        """Read the fields (UI thread) and return the store call to run on the worker —
        which must not touch any widget."""
        raise NotImplementedError

    def submit(self) -> None:
        job = self.save_job()
        self.busy = True
        self.refresh_state()

        def run(_task: TaskContext) -> Changes:
            return job()

        self.ctx.tasks.submit(
            run,
            on_done=self.on_saved,
            on_error=self.on_failed,
            label=QCoreApplication.translate("ActionDialog", "Saving…"),
        )

    def on_saved(self, changes: Changes) -> None:
        self.busy = False
        self.ctx.signals.data_changed.emit(changes)
        self.accept()

    def on_failed(self, exc: BaseException) -> None:
        self.busy = False
        if isinstance(exc, ValidationError):
            self.show_errors(exc)
        elif isinstance(exc, StoreError):
            self.show_message(exc.text())
        else:
            self.show_message(
                QCoreApplication.translate(
                    "ActionDialog", "Something went wrong; nothing was saved. Please try again."
                )
            )
        self.refresh_state()

    # --- messages ----------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for row in self.fields.values():
            row.error.clear()
            row.error.hide()
        self.message.clear()
        self.message.hide()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def show_errors(self, exc: ValidationError) -> None:
        """Each message under its field (the first one focused); others above the buttons."""
        self.clear_errors()
        general: list[str] = []
        first: QWidget | None = None
        for field, text in exc.messages().items():
            row = self.fields.get(self.error_field(field))
            if row is None:
                general.append(text)
                continue
            row.error.setText(text)
            row.error.show()
            first = first or row.widget
        if general:
            self.show_message("\n".join(general))
        if first is not None:
            first.setFocus()

    def error_field(self, field: str) -> str:
        """Which registered field shows the store's error on ``field`` (subclasses map)."""
        return field

    def error_text(self, name: str) -> str:
        """The message shown under field ``name`` ('' when none) — for tests and checks."""
        row = self.fields.get(name)
        return row.error.text() if row is not None and not row.error.isHidden() else ""
