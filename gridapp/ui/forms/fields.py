"""Field widgets and the two-column form that validates them as you type.

Every field is declared once in the core (:class:`~gridapp.models.fields.FieldSpec` in
``gridapp/models/register.py``); a :class:`FieldEditor` is the widget for one spec and a
:class:`FieldForm` lays them out (two columns, labels right-aligned, required fields marked
with a red asterisk, a red message under a field that is wrong) and checks each field with the
model's own cleaning function — the UI has no second set of rules.

When a message appears: at once when a field becomes valid (the red text goes away as soon as
the mistake is fixed), when the user leaves the field, when a save is tried — and otherwise
after a short pause in typing (:data:`MESSAGE_DELAY_MS`), so a half-typed phone number is not
called wrong at every keystroke.

Strings use ``QCoreApplication.translate("Forms", …)``: ``self.tr`` in a base class would be
looked up under the subclass's name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from gridapp.models import codes
from gridapp.models.errors import ValidationError
from gridapp.models.fields import FieldSpec

ERROR_COLOR = "#b3261e"
ERROR_STYLE = f"color: {ERROR_COLOR};"
REQUIRED_MARK = f'<span style="color:{ERROR_COLOR};">*</span>'
MESSAGE_DELAY_MS = 700
READ_ONLY_STYLE = "QLineEdit { background: palette(window); }"

Cleaner = Callable[[dict[str, Any]], dict[str, Any]]

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


def while_alive(owner: QObject, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    """``callback`` for ``ctx.tasks`` that does nothing once ``owner`` is gone (a dialog closed
    before the worker answered)."""

    def call(value: Any) -> None:
        if isValid(owner):
            callback(value)

    return call


def field_label(spec: FieldSpec) -> str:
    """The translated label of a field (the specs' labels are in the "Fields" context)."""
    return QCoreApplication.translate("Fields", spec.label)


def code_label(table: str, code: str) -> str:
    """The Chinese label of a code, or the code itself when the table does not know it."""
    entry = codes.table(table).get(code) if code else None
    return entry.label if entry is not None else code


class FieldEditor(QObject):
    """One field: its label, its editor widget and the message under it.

    ``edited`` is emitted for every change the user makes; ``finished`` when they leave the
    field (or press Enter in it).
    """

    edited = Signal()
    finished = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget, label: str | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.name = spec.name
        self.container = QWidget(parent)
        self.container.setObjectName(f"field_{spec.name}")
        text = label if label is not None else field_label(spec)
        self.label = QLabel(f"{REQUIRED_MARK}{text}" if spec.required else text, parent)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.editor = self._make_editor()
        self.editor.setObjectName(f"edit_{spec.name}")
        self.label.setBuddy(self.editor)
        self.message = QLabel(self.container)
        self.message.setObjectName(f"message_{spec.name}")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.hide()
        box = QVBoxLayout(self.container)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.editor)
        box.addWidget(self.message)
        box.addStretch(1)  # editor at the top of its cell, level with its label
        # The label sits level with the editor (its first line) even when a message grows
        # below it.
        if spec.multiline:
            self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.label.setContentsMargins(0, 4, 0, 0)
        else:
            self.label.setMinimumHeight(self.editor.sizeHint().height())
        self.read_only = False

    # --- per kind -----------------------------------------------------------------------

    def _make_editor(self) -> QWidget:
        parent = self.container
        spec = self.spec
        if spec.kind == "bool":
            box = QCheckBox(parent)
            box.toggled.connect(self._changed)
            return box
        if spec.multiline:
            note = QPlainTextEdit(parent)
            note.setTabChangesFocus(True)
            note.setFixedHeight(note.fontMetrics().lineSpacing() * 3 + 12)
            note.textChanged.connect(self._changed)
            return note
        if spec.kind == "code":
            return self._make_combo(parent)
        edit = QLineEdit(parent)
        if spec.kind == "date":
            edit.setPlaceholderText(translate("Forms", "e.g. 2024-03-01"))
        elif spec.kind == "area6":
            edit.setPlaceholderText(translate("Forms", "6 digits, e.g. 360423"))
        elif spec.kind == "phone":
            edit.setPlaceholderText(translate("Forms", "mobile or landline, e.g. 0792-1234567"))
        if spec.max_len:
            # Room for spaces people paste; the model's cleaning says when it is too long.
            edit.setMaxLength(spec.max_len + 20)
        edit.textEdited.connect(self._changed)
        edit.editingFinished.connect(self.finished)
        return edit

    def _make_combo(self, parent: QWidget) -> QComboBox:
        """A code as an editable box with type-ahead: the label, its code or an alias."""
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setMaxVisibleItems(15)
        if not self.spec.required:
            combo.addItem("", "")
        for entry in codes.table(self.spec.table).items():
            combo.addItem(entry.label, entry.code)
        if self.spec.required:
            combo.setCurrentIndex(-1)
        completer = combo.completer()
        assert completer is not None  # an editable combo box always has a completer
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.setMinimumContentsLength(8)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        line = combo.lineEdit()
        assert line is not None  # an editable combo box always has a line edit
        line.textEdited.connect(self._changed)
        line.editingFinished.connect(self.finished)
        combo.activated.connect(self._picked)
        return combo

    def _changed(self, *_args: object) -> None:
        self.edited.emit()

    def _picked(self, *_args: object) -> None:
        self.edited.emit()
        self.finished.emit()

    # --- values -------------------------------------------------------------------------

    def raw(self) -> Any:
        """What the user typed or chose, as the model's cleaning function takes it."""
        editor = self.editor
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, QComboBox):
            text = editor.currentText().strip()
            index = editor.findText(text, Qt.MatchFlag.MatchFixedString)
            return editor.itemData(index) if index >= 0 else text
        assert isinstance(editor, QLineEdit)
        return editor.text()

    def set_value(self, value: Any) -> None:
        """Show a stored value (a code, a date, a flag or text)."""
        editor = self.editor
        editor.blockSignals(True)
        try:
            if isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText(str(value or ""))
            elif isinstance(editor, QComboBox):
                index = editor.findData(value or "")
                if index >= 0:
                    editor.setCurrentIndex(index)
                else:
                    editor.setEditText(str(value or ""))
            else:
                assert isinstance(editor, QLineEdit)
                shown = value.isoformat() if isinstance(value, date) else str(value or "")
                editor.setText(shown)
        finally:
            editor.blockSignals(False)

    def is_empty(self) -> bool:
        value = self.raw()
        return value is None or (isinstance(value, str) and not value.strip())

    def set_read_only(self, read_only: bool, hint: str = "") -> None:
        self.read_only = read_only
        editor = self.editor
        if isinstance(editor, QLineEdit | QPlainTextEdit):
            editor.setReadOnly(read_only)
        else:
            editor.setEnabled(not read_only)
        editor.setFocusPolicy(Qt.FocusPolicy.NoFocus if read_only else Qt.FocusPolicy.StrongFocus)
        editor.setToolTip(hint)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def focus(self) -> None:
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(self.editor, QLineEdit):
            self.editor.selectAll()


class DerivedField(FieldEditor):
    """A field filled from another one (sex and birth date from the ID number): shown, not
    typed — the model refuses them as input."""

    def _make_editor(self) -> QWidget:
        edit = QLineEdit(self.container)
        edit.setReadOnly(True)
        edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        edit.setStyleSheet(READ_ONLY_STYLE)
        edit.setPlaceholderText(translate("Forms", "from the ID number"))
        return edit

    def show_derived(self, text: str) -> None:
        assert isinstance(self.editor, QLineEdit)
        self.editor.setText(text)

    def raw(self) -> Any:
        assert isinstance(self.editor, QLineEdit)
        return self.editor.text()


class ChoiceField(FieldEditor):
    """A fixed list of (value, label) choices, e.g. the grids of the places table."""

    def __init__(
        self,
        spec: FieldSpec,
        parent: QWidget,
        choices: Sequence[tuple[str, str]] = (),
        label: str | None = None,
    ) -> None:
        super().__init__(spec, parent, label)
        self.set_choices(choices)

    def _make_editor(self) -> QWidget:
        combo = QComboBox(self.container)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        combo.currentIndexChanged.connect(self._picked)
        return combo

    def set_choices(self, choices: Iterable[tuple[str, str]], empty: str = "") -> None:
        combo = self.editor
        assert isinstance(combo, QComboBox)
        current = self.raw() if combo.count() else ""
        combo.blockSignals(True)
        combo.clear()
        if not self.spec.required:
            combo.addItem(empty or translate("Forms", "(none)"), "")
        for value, label in choices:
            combo.addItem(label, value)
        combo.blockSignals(False)
        self.set_value(current)

    def raw(self) -> Any:
        combo = self.editor
        assert isinstance(combo, QComboBox)
        data = combo.currentData()
        return "" if data is None else data

    def set_value(self, value: Any) -> None:
        combo = self.editor
        assert isinstance(combo, QComboBox)
        index = combo.findData(value or "")
        if index < 0 and value:
            # A value the list does not offer (a retired grid): keep it, shown as it is.
            combo.addItem(str(value), value)
            index = combo.count() - 1
        combo.blockSignals(True)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)


class FieldForm(QWidget):
    """A two-column form over :class:`FieldEditor` s, validated by ``clean``.

    ``clean`` is the model's own function (``clean_person_fields``, ``clean_fields`` with
    ``HOUSEHOLD_FIELDS`` …): it takes ``{name: raw}`` and returns the stored values or raises
    :class:`ValidationError`. ``state_changed`` is emitted whenever what is missing or wrong
    may have changed (the dialog rewrites its save button).
    """

    state_changed = Signal()

    def __init__(self, clean: Cleaner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clean = clean
        self.fields: dict[str, FieldEditor] = {}
        self.errors: dict[str, str] = {}
        self.values: dict[str, Any] = {}
        self.initial: dict[str, Any] = {}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(6)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        # Not Maximum: a layout caps a Maximum widget at its size hint, which ignores how
        # many lines a wrapped message needs at the width it gets (cut off at 150 %).
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._row = 0
        self._timers: dict[str, QTimer] = {}
        self._cleaners: dict[str, Cleaner] = {}
        # Editing a stored record: only what the user changed must be valid (old data that
        # breaks today's rules is shown, not held against the edit) — like `person set`.
        self.only_changed = False
        # Fields whose message is shown live (the user left them once, or a save was tried).
        self.touched: set[str] = set()

    # --- building -----------------------------------------------------------------------

    def add_field(self, editor: FieldEditor, clean: Cleaner | None = None) -> FieldEditor:
        """Register a field; ``clean`` checks it instead of the form's function (for fields
        that are not the entity's own, like the date of a 迁入)."""
        self.fields[editor.name] = editor
        if clean is not None:
            self._cleaners[editor.name] = clean
        editor.edited.connect(lambda name=editor.name: self._on_edited(name))
        editor.finished.connect(lambda name=editor.name: self._on_finished(name))
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(MESSAGE_DELAY_MS)
        timer.timeout.connect(lambda name=editor.name: self.reveal(name))
        self._timers[editor.name] = timer
        return editor

    def add_row(
        self,
        left: FieldEditor | None,
        right: FieldEditor | None = None,
        clean: Cleaner | None = None,
    ) -> None:
        """One row of two fields (``right`` None: ``left`` alone, across both columns);
        ``clean`` as for :meth:`add_field`."""
        top = Qt.AlignmentFlag.AlignTop
        span = right is None
        for column, editor in ((0, left), (2, right)):
            if editor is None:
                continue
            self.add_field(editor, clean)
            self.grid.addWidget(editor.label, self._row, column, top)
            self.grid.addWidget(editor.container, self._row, column + 1, 1, 3 if span else 1)
        self._row += 1

    def add_widget_row(self, widget: QWidget) -> None:
        """A widget under the fields spanning the whole width (a hint, a table)."""
        self.grid.addWidget(widget, self._row, 0, 1, 4)
        self._row += 1

    # --- values -------------------------------------------------------------------------

    def load(self, values: dict[str, Any]) -> None:
        """Show stored values and take them as the starting point (nothing edited yet)."""
        for name, value in values.items():
            if name in self.fields:
                self.fields[name].set_value(value)
        for name in self.fields:
            self.validate(name, reveal=False)
        self.initial = self.raw_values()
        self.state_changed.emit()

    def raw_values(self) -> dict[str, Any]:
        return {name: f.raw() for name, f in self.fields.items() if not isinstance(f, DerivedField)}

    def cleaned(self) -> dict[str, Any]:
        """The stored values of every valid field (call :meth:`validate_all` first)."""
        return dict(self.values)

    def is_dirty(self) -> bool:
        """Whether anything differs from what was loaded (or from the empty form)."""
        return self.raw_values() != self.initial

    def changed_fields(self) -> set[str]:
        now = self.raw_values()
        return {name for name, value in now.items() if self.initial.get(name) != value}

    # --- checking -----------------------------------------------------------------------

    def check(self, name: str) -> tuple[Any, str]:
        """(stored value, "") or (None, message) for one field, by the model's rules."""
        raw = self.fields[name].raw()
        clean = self._cleaners.get(name, self.clean)
        try:
            cleaned = clean({name: raw})
        except ValidationError as exc:
            messages = exc.messages()
            return None, messages.get(name) or next(iter(messages.values()), "")
        return cleaned.get(name), ""

    def validate(self, name: str, reveal: bool = True) -> str:
        """Check one field, remember the result; show its message if ``reveal``."""
        field = self.fields[name]
        if isinstance(field, DerivedField):
            return ""
        value, message = self.check(name)
        message = message or self.extra_message(name, value)
        if message:
            self.errors[name] = message
            self.values.pop(name, None)
        else:
            self.errors.pop(name, None)
            self.values[name] = value
        if reveal or not message:
            self.reveal(name)
        self.after_validate(name, value, message)
        return message

    def extra_message(self, name: str, value: Any) -> str:
        """A further problem the form knows of (subclasses: a duplicate ID number …)."""
        return ""

    def after_validate(self, name: str, value: Any, message: str) -> None:
        """Hook: a field was checked (subclasses fill derived fields)."""

    def reveal(self, name: str) -> None:
        """Show the field's current message (or clear it)."""
        self._timers[name].stop()
        self.fields[name].show_message(self.errors.get(name, ""))

    def validate_all(self) -> bool:
        """Check every field and show every message (a save was tried); True if nothing
        holds up the save."""
        for name in self.fields:
            self.touched.add(name)
            self.validate(name)
        self.state_changed.emit()
        return not self.blocking()

    def set_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """Show messages from a refused save under their fields; returns those that have no
        field here (the dialog shows them at the top)."""
        rest: dict[str, str] = {}
        for name, text in errors.items():
            field = self.fields.get(name)
            if field is None or isinstance(field, DerivedField):
                rest[name] = text
                continue
            self.errors[name] = text
            self.touched.add(name)
            field.show_message(text)
        self.state_changed.emit()
        return rest

    def _counts(self, name: str) -> bool:
        """Whether a problem of this field holds up a save."""
        field = self.fields[name]
        if field.read_only or isinstance(field, DerivedField):
            return False
        return not self.only_changed or name in self.changed_fields()

    def missing(self) -> list[str]:
        """Labels of the required fields still empty."""
        return [
            field_label(f.spec)
            for name, f in self.fields.items()
            if f.spec.required and f.is_empty() and self._counts(name)
        ]

    def wrong(self) -> list[str]:
        """Labels of the fields with a problem other than being empty."""
        return [
            field_label(f.spec)
            for name, f in self.fields.items()
            if name in self.errors and not (f.spec.required and f.is_empty()) and self._counts(name)
        ]

    def blocking(self) -> list[str]:
        """Names of the fields whose problems hold up a save."""
        return [name for name in self.fields if name in self.errors and self._counts(name)]

    def first_problem(self) -> FieldEditor | None:
        names = self.blocking()
        return self.fields[names[0]] if names else None

    def first_empty_required(self) -> FieldEditor | None:
        for field in self.fields.values():
            if field.spec.required and not field.read_only and field.is_empty():
                return field
        return None

    # --- events -------------------------------------------------------------------------

    def _on_edited(self, name: str) -> None:
        live = name in self.touched or self.reveal_now(name)
        message = self.validate(name, reveal=live)
        if message and not live:
            self._timers[name].start()
        self.state_changed.emit()

    def _on_finished(self, name: str) -> None:
        # Tabbing through an empty field is not a mistake: say so only once it was edited
        # (the save button already says what is missing).
        field = self.fields[name]
        if field.raw() != self.initial.get(name) or (name in self.errors and not field.is_empty()):
            self.touched.add(name)
            self.validate(name)
            self.state_changed.emit()

    def reveal_now(self, name: str) -> bool:
        """Hook: show this field's message at once while typing (e.g. a complete ID)."""
        return False


def still_missing_text(missing: list[str], wrong: list[str], done: str) -> str:
    """The save button's text: what is still missing, what is wrong, or ``done``."""
    separator = translate("Forms", ", ")
    if missing:
        return translate("Forms", "Still missing: {fields}").replace(
            "{fields}", separator.join(missing)
        )
    if wrong:
        return translate("Forms", "Please correct: {fields}").replace(
            "{fields}", separator.join(wrong)
        )
    return done
