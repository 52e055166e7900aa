"""One workflow step of a petition (受理告知, 延期, 答复, 回访 …) as a small dialog.

The dialog is built from the step's declaration in :mod:`gridapp.models.petition_flow`: the
step's date first, then the values of its :class:`~gridapp.models.petition_flow.Rule`
(required, then optional) with their :data:`~gridapp.models.petition_flow.VALUE_SPECS` —
dates as date editors, codes as combo boxes with their Chinese labels, sides (转往, 部门层级)
as lists, texts as lines or boxes, yes/no as a check box.

Checking as you type runs the workflow's own :func:`~gridapp.models.petition_flow.advance`
over the petition the page holds (pure, no SQL): the messages under the fields are the ones
the store would give — a missing value, a date before the previous step, an extension beyond
30 days, a satisfaction without reaching the petitioner. Saving runs
:meth:`PetitionRepository.advance` on ``ctx.tasks``, which checks again against the stored
petition; a refusal shows its Chinese messages next to the fields (or above them) and
changes nothing. Enter saves, Esc cancels (asking first when something was typed).

Strings use ``QCoreApplication.translate("PetitionStep", …)``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QWidget

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.i18n import translate as i18n_translate
from gridapp.models import petition_flow
from gridapp.models.deadlines import max_extension
from gridapp.models.errors import ValidationError
from gridapp.models.fields import FieldSpec
from gridapp.store.db import Changes
from gridapp.store.petitions import PetitionRepository
from gridapp.ui.context import UiContext
from gridapp.ui.forms.dialog import FormDialog
from gridapp.ui.forms.fields import (
    REQUIRED_MARK,
    ChoiceField,
    FieldEditor,
    FieldForm,
    field_label,
)
from gridapp.ui.petition_view import ACTION_DETAIL_LABELS, PetitionView
from gridapp.ui.tasks import TaskContext

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

ON = "on"  # the step's own date (PetitionRepository.advance(on=…))
ON_SPEC = FieldSpec(ON, "Date", "date", required=True)  # labelled by the form
LATEST_DAY = date(2100, 12, 31)
MIN_WIDTH = 520


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class DateField(FieldEditor):
    """A date typed as YYYY-MM-DD or picked from a calendar (never empty)."""

    def _make_editor(self) -> QWidget:
        edit = QDateEdit(QDate.currentDate(), self.container)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setMinimumDate(QDate(1900, 1, 1))
        edit.setMaximumDate(QDate(LATEST_DAY.year, LATEST_DAY.month, LATEST_DAY.day))
        edit.dateChanged.connect(self._changed)
        edit.editingFinished.connect(self.finished)
        return edit

    @property
    def date_edit(self) -> QDateEdit:
        assert isinstance(self.editor, QDateEdit)
        return self.editor

    def set_maximum(self, day: date) -> None:
        self.date_edit.setMaximumDate(QDate(day.year, day.month, day.day))

    def raw(self) -> Any:
        value = self.date_edit.date().toPython()
        assert isinstance(value, date)
        return value

    def set_value(self, value: Any) -> None:
        if not isinstance(value, date):
            return
        self.date_edit.blockSignals(True)
        try:
            self.date_edit.setDate(QDate(value.year, value.month, value.day))
        finally:
            self.date_edit.blockSignals(False)

    def is_empty(self) -> bool:
        return False

    def focus(self) -> None:
        self.date_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.date_edit.selectAll()


class SideField(ChoiceField):
    """One of the workflow's sides (村, 乡镇, 县, 承办部门), with an empty first entry."""

    def set_choices(self, choices: Iterable[tuple[str, str]], empty: str = "") -> None:
        combo = self.editor
        assert isinstance(combo, QComboBox)
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(empty, "")
        for value, label in choices:
            combo.addItem(label, value)
        combo.setCurrentIndex(0)
        combo.blockSignals(False)


def value_label(action: str, name: str, spec: FieldSpec) -> str:
    """The label of a step's value: the step's own word where it has one (答复方式, 复查意见,
    不予受理理由 …), else the field's."""
    source = ACTION_DETAIL_LABELS.get((action, name))
    if source:
        return i18n_translate("PetitionView", source)
    return field_label(spec)


class StepForm(FieldForm):
    """The values of one step, checked together by ``petition_flow.advance`` as you type."""

    def __init__(self, view: PetitionView, action: str, parent: QWidget | None = None) -> None:
        super().__init__(lambda values: values, parent)
        self.view = view
        self.action = action
        self.rule = petition_flow.RULES[action]
        self.labels: dict[str, str] = {}
        self._cache: tuple[dict[str, Any], dict[str, str]] | None = None
        self._syncing = False
        on_label = translate("PetitionStep", "Date")
        self.on_field = DateField(ON_SPEC, self, on_label)
        self.on_field.set_maximum(view.today)
        self._add(self.on_field, on_label)
        for name in (*self.rule.required, *self.rule.optional):
            spec = petition_flow.VALUE_SPECS[name]
            if name in self.rule.required:
                spec = dataclasses.replace(spec, required=True)
            label = value_label(action, name, spec)
            self._add(self._editor(spec, label), label)

    def _editor(self, spec: FieldSpec, label: str) -> FieldEditor:
        if spec.kind == "date":
            return DateField(spec, self, label)
        if spec.kind == "choice":
            sides = petition_flow.SIDES if spec.name == "to" else petition_flow.LEVELS[1:]
            choices = [(s, petition_flow.side_label(s)) for s in sides]
            return SideField(spec, self, choices, label)
        return FieldEditor(spec, self, label)

    def _add(self, editor: FieldEditor, label: str) -> None:
        self.labels[editor.name] = label
        self.add_row(editor)

    # --- which fields count now -------------------------------------------------------------

    def required(self, name: str) -> bool:
        """Whether ``name`` must be filled in now (some values depend on others)."""
        field = self.fields[name]
        if field.read_only:
            return False
        if self.action == petition_flow.CALLBACK:
            reached = bool(self.fields["reached"].raw())
            if name == "satisfaction":
                return reached
            if name == "note":
                return not reached
        if self.action == petition_flow.TRANSFER and name == "level":
            return bool(self.fields["to"].raw() == petition_flow.DEPARTMENT)
        return field.spec.required

    def sync_enabled(self) -> None:
        """Satisfaction only when the petitioner was reached; a level only for a department."""
        if self.action == petition_flow.CALLBACK:
            reached = bool(self.fields["reached"].raw())
            satisfaction = self.fields["satisfaction"]
            if not reached and not satisfaction.is_empty():
                satisfaction.set_value("")
            satisfaction.set_read_only(not reached)
        if self.action == petition_flow.TRANSFER:
            level = self.fields["level"]
            department = self.fields["to"].raw() == petition_flow.DEPARTMENT
            if not department and not level.is_empty():
                level.set_value("")
            level.set_read_only(not department)
        self._mark_required()

    def _mark_required(self) -> None:
        for name, field in self.fields.items():
            mark = REQUIRED_MARK if self.required(name) else ""
            field.label.setText(f"{mark}{self.labels[name]}")

    # --- values ---------------------------------------------------------------------------

    def on(self) -> date:
        value = self.on_field.raw()
        assert isinstance(value, date)
        return value

    def step_values(self) -> dict[str, Any]:
        """The values to hand to ``advance``: what was filled in, in the fields in use."""
        values: dict[str, Any] = {}
        for name, field in self.fields.items():
            if name == ON or field.read_only:
                continue
            raw = field.raw()
            if isinstance(raw, bool) or not _empty(raw):
                values[name] = raw
        return values

    def step_messages(self) -> dict[str, str]:
        """What ``advance`` says about the values now ({} when the step would be taken)."""
        snapshot = {**self.step_values(), ON: self.on()}
        if self._cache is not None and self._cache[0] == snapshot:
            return self._cache[1]
        view = self.view
        try:
            petition_flow.advance(
                view.petition,
                self.action,
                self.step_values(),
                actor="",
                role=view.role,
                on=self.on(),
                policy=view.policy,
            )
            messages: dict[str, str] = {}
        except ValidationError as exc:
            messages = exc.messages()
        self._cache = (snapshot, messages)
        return messages

    def general_messages(self) -> list[str]:
        """Messages of the step as a whole (no field here shows them)."""
        return [text for name, text in self.step_messages().items() if name not in self.fields]

    # --- FieldForm hooks ------------------------------------------------------------------

    def check(self, name: str) -> tuple[Any, str]:
        field = self.fields[name]
        if field.read_only:
            return field.raw(), ""
        return field.raw(), self.step_messages().get(name, "")

    def after_validate(self, name: str, value: Any, message: str) -> None:
        # One value may change what another needs (回访 reached → satisfaction): check the
        # others again; their messages show if they were shown before.
        if self._syncing:
            return
        self._syncing = True
        try:
            self.sync_enabled()
            for other in self.fields:
                if other != name:
                    self.validate(other, reveal=other in self.touched)
        finally:
            self._syncing = False

    def missing(self) -> list[str]:
        return [
            self.labels[name]
            for name, field in self.fields.items()
            if self.required(name) and field.is_empty()
        ]

    def wrong(self) -> list[str]:
        return [
            self.labels[name]
            for name, field in self.fields.items()
            if name in self.errors
            and not field.read_only
            and not (self.required(name) and field.is_empty())
        ]

    def first_empty_required(self) -> FieldEditor | None:
        for name, field in self.fields.items():
            if self.required(name) and field.is_empty():
                return field
        return None


# --- the dialog ------------------------------------------------------------------------------

INTROS: dict[str, str] = {
    petition_flow.ACCEPT: QT_TRANSLATE_NOOP(
        "PetitionStep",
        "Accepting starts the 60-day handling period: accepted today, the reply is due "
        "by {due}. Tell the petitioner in writing.",
    ),
    petition_flow.EXTEND: QT_TRANSLATE_NOOP(
        "PetitionStep",
        "The handling period ends on {due}; it may be extended once, by at most 30 days "
        "(until {latest}), with the approval of the unit's head. Tell the petitioner why.",
    ),
    petition_flow.OBJECT: QT_TRANSLATE_NOOP(
        "PetitionStep",
        "An objection is possible within 5 working days of receiving the petition "
        "(until {objection}). The petition goes back to the sender.",
    ),
    petition_flow.REVIEW_REQUEST: QT_TRANSLATE_NOOP(
        "PetitionStep",
        "A review may be requested within 30 days of the reply (until {review}).",
    ),
    petition_flow.RECHECK_REQUEST: QT_TRANSLATE_NOOP(
        "PetitionStep",
        "A recheck may be requested within 30 days of the review answer (until {recheck}).",
    ),
    petition_flow.CALLBACK: QT_TRANSLATE_NOOP(
        "PetitionStep",
        "If the petitioner could not be reached, clear “Petitioner reached” and say why in "
        "the note; the call-back can be tried again.",
    ),
    petition_flow.TRANSFER: QT_TRANSLATE_NOOP(
        "PetitionStep",
        "Name the unit that receives the petition; a department also needs its level. The "
        "receiver has 15 days to accept and 5 working days to object.",
    ),
    petition_flow.REJECT: QT_TRANSLATE_NOOP(
        "PetitionStep", "Tell the petitioner in writing why the petition is not accepted."
    ),
}


def intro_text(view: PetitionView, action: str) -> str:
    """The sentence above a step's fields: the period it starts or the window it has."""
    source = INTROS.get(action)
    if source is None:
        return ""
    text = translate("PetitionStep", source)
    policy, d = view.policy, view.deadlines
    values: dict[str, date | None] = {
        "due": policy.add(view.today, 60) if action == petition_flow.ACCEPT else d.handle_by,
        "objection": d.objection_by,
        "review": d.review_request_by,
        "recheck": d.recheck_request_by,
    }
    if action == petition_flow.EXTEND and d.handle_by is not None:
        values["latest"] = max_extension(policy, d.handle_by)
    for key, day in values.items():
        text = text.replace("{" + key + "}", day.isoformat() if day else "—")
    return text


class StepDialog(FormDialog):
    """The dialog of one step (see the module docstring). ``result`` holds the petition as
    saved once the step was taken."""

    def __init__(
        self, ctx: UiContext, parent: QWidget | None, view: PetitionView, action: str
    ) -> None:
        super().__init__(ctx, parent)
        self.view = view
        self.action = action
        self.result: Any = None
        title = petition_flow.action_label(action)
        self.setObjectName(f"stepDialog_{action}")
        self.setWindowTitle(title)
        self.setMinimumWidth(MIN_WIDTH)
        self.heading.setText(
            translate("PetitionStep", "{step} · No. {number}")
            .replace("{step}", title)
            .replace("{number}", view.petition.reg_no)
        )
        self.intro = QLabel(intro_text(view, action), self.body)
        self.intro.setObjectName("stepIntro")
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(self.intro.text()))
        self.body_layout.addWidget(self.intro)
        self.form = StepForm(view, action, self.body)
        self.body_layout.addWidget(self.form)
        self.body_layout.addStretch(1)
        self.form.state_changed.connect(self.update_state)
        self.form.load(self._defaults())
        self.form.sync_enabled()
        self.update_state()
        # As high as its fields need (the form scrolls inside on a small screen).
        width = max(MIN_WIDTH, self.fontMetrics().averageCharWidth() * 70)
        self.body.setFixedWidth(width - 40)
        height = (
            self.body.sizeHint().height()
            + self.heading.sizeHint().height()
            + self.buttons.sizeHint().height()
            + 60
        )
        self.body.setMinimumWidth(0)
        self.body.setMaximumWidth(16777215)
        self.fit_to_screen(width, height)

    def _defaults(self) -> dict[str, Any]:
        view = self.view
        values: dict[str, Any] = {ON: view.today}
        fields = self.form.fields
        if "told_date" in fields:
            values["told_date"] = view.today
        if "until" in fields and view.deadlines.handle_by is not None:
            values["until"] = max_extension(view.policy, view.deadlines.handle_by)
        if "reached" in fields:
            values["reached"] = True
        return values

    def field(self, name: str) -> FieldEditor:
        return self.form.fields[name]

    # --- FormDialog ---------------------------------------------------------------------------

    def forms(self) -> list[FieldForm]:
        return [self.form]

    def done_text(self) -> str:
        return petition_flow.action_label(self.action)

    def is_dirty(self) -> bool:
        return self.form.is_dirty()

    def save_job(self) -> Callable[[TaskContext], Any] | None:
        store = self.ctx.store
        petition_id = self.view.petition.id
        action, role = self.action, self.view.role
        values, on = self.form.step_values(), self.form.on()

        def job(_task: TaskContext) -> tuple[Any, Changes]:
            repo = PetitionRepository(store)
            saved = repo.advance(petition_id, action, values, on=on, role=role)
            changes = Changes()
            changes.add("petition", petition_id)
            entries = repo.progress(petition_id)
            if entries:
                changes.add("petition_progress", entries[-1].id)
            return saved, changes

        return job

    def saved(self, result: Any) -> None:
        petition, changes = result
        self.result = petition
        self.ctx.signals.data_changed.emit(changes)


def open_step(ctx: UiContext, parent: QWidget, view: PetitionView, action: str) -> StepDialog:
    """Open the dialog of ``action`` for the petition ``view`` shows (window-modal)."""
    dialog = StepDialog(ctx, parent, view, action)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
