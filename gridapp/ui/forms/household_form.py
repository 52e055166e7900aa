"""The household dialog: a new household with its members, or a household's own fields.

New household: the household fields (户号, 地址, 网格 from the places in the store, 户别,
人户一致, 备注) and a members table filled through :class:`PersonDialog` in collect mode
(add / edit / remove rows; exactly one 户主 — checked by the model's ``member_errors``). Saving
writes everything as one action with ``HouseholdRepository.create_household``; then the
window opens the new household.

Edit: the household fields only, saved with ``RegisterActions.update_household``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from gridapp.models.errors import ValidationError
from gridapp.models.fields import clean_fields
from gridapp.models.household import HEAD_RELATION, Household, Person
from gridapp.models.idnumber import mask_id_number, mask_phone
from gridapp.models.places import village_of
from gridapp.models.register import HOUSEHOLD_FIELDS, member_errors
from gridapp.store.db import Changes
from gridapp.store.household_view import GridChoice, grid_choices
from gridapp.store.households import HouseholdBundle, HouseholdRepository, new_id
from gridapp.store.register_actions import RegisterActions
from gridapp.ui.context import UiContext
from gridapp.ui.forms.dialog import FormDialog
from gridapp.ui.forms.fields import (
    ChoiceField,
    FieldEditor,
    FieldForm,
    code_label,
    while_alive,
)
from gridapp.ui.forms.person_form import COLLECT, PersonDialog
from gridapp.ui.tasks import TaskContext

LAYOUT: list[tuple[str, str | None]] = [
    ("household_no", "grid_code"),
    ("address", None),
    ("kind", "resident_match"),
    ("note", None),
]


def grid_label(choice: GridChoice) -> str:
    return f"{choice.village_name}·{choice.name}" if choice.village_name else choice.name


class MemberTable(QTableWidget):
    """The members being entered. Enter (or a double-click) edits a row, Delete removes it —
    and Enter is kept from reaching the dialog, where it would save."""

    edit_requested = Signal(int)
    remove_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        row = self.currentRow()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and row >= 0:
            self.edit_requested.emit(row)
            event.accept()
            return
        if key == Qt.Key.Key_Delete and row >= 0:
            self.remove_requested.emit(row)
            event.accept()
            return
        super().keyPressEvent(event)


class HouseholdDialog(FormDialog):
    """New household (``household_id`` None) or edit a household's own fields."""

    def __init__(
        self, ctx: UiContext, parent: QWidget | None = None, household_id: str | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("householdDialog")
        self.household_id = household_id
        self.is_new = household_id is None
        self.members: list[Person] = []
        self.bad_ids: set[str] = set()  # ID numbers the store refused (already registered)
        self.current: Household | None = None
        self.new_household_id: str | None = None
        self.changes: Changes | None = None
        self.member_dialog: PersonDialog | None = None
        self.form = FieldForm(partial(clean_fields, HOUSEHOLD_FIELDS), self.body)
        for left, right in LAYOUT:
            self.form.add_row(self._editor(left), self._editor(right) if right else None)
        self.grid_field: ChoiceField = self.fields["grid_code"]  # type: ignore[assignment]
        self.form.state_changed.connect(self.update_state)
        self.form.only_changed = not self.is_new
        self.body_layout.addWidget(self.form)
        if self.is_new:
            self._build_members()
            self.setWindowTitle(self.tr("New household"))
            self.heading.setText(self.tr("New household"))
            self.form.load({"kind": "1", "resident_match": "01"})
        else:
            self.setWindowTitle(self.tr("Edit household"))
            self.heading.setText(self.tr("Reading…"))
            self.loaded = False
        self.body_layout.addStretch(1)
        self._load()
        self.fit_to_screen(900, 640 if self.is_new else 420)
        self.update_state()

    @property
    def fields(self) -> dict[str, FieldEditor]:
        return self.form.fields

    def _editor(self, name: str) -> FieldEditor:
        spec = HOUSEHOLD_FIELDS[name]
        if name == "grid_code":
            return ChoiceField(spec, self.form)
        return FieldEditor(spec, self.form)

    def _build_members(self) -> None:
        title = QLabel(self.tr("Members"), self.body)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.body_layout.addWidget(title)
        self.member_table = MemberTable(0, 6, self.body)
        self.member_table.setObjectName("newMembers")
        self.member_table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Relation"),
                self.tr("Sex"),
                self.tr("Date of birth"),
                self.tr("ID number"),
                self.tr("Phone"),
            ]
        )
        table = self.member_table
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setMinimumHeight(150)
        table.edit_requested.connect(self.edit_member)
        table.remove_requested.connect(self.remove_member)
        table.doubleClicked.connect(lambda index: self.edit_member(index.row()))
        table.itemSelectionChanged.connect(self._selection_changed)
        self.body_layout.addWidget(table)
        self.members_hint = QLabel(
            self.tr("No members yet: press Ins to add one. The first member is the head."),
            self.body,
        )
        self.members_hint.setObjectName("membersHint")
        self.members_hint.setStyleSheet("color: #555555;")
        self.body_layout.addWidget(self.members_hint)
        self.member_problem = QLabel(self.body)
        self.member_problem.setObjectName("memberProblem")
        self.member_problem.setStyleSheet("color: #b3261e;")
        self.member_problem.setWordWrap(True)
        self.member_problem.hide()
        self.body_layout.addWidget(self.member_problem)
        row = QHBoxLayout()
        self.add_member_button = QPushButton(self.tr("Add member (Ins)"), self.body)
        self.add_member_button.setObjectName("addMember")
        self.edit_member_button = QPushButton(self.tr("Edit member (Enter)"), self.body)
        self.remove_member_button = QPushButton(self.tr("Remove (Del)"), self.body)
        for button in (self.add_member_button, self.edit_member_button, self.remove_member_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        self.body_layout.addLayout(row)
        self.add_member_button.clicked.connect(lambda: self.add_member())
        self.edit_member_button.clicked.connect(lambda: self.edit_member(table.currentRow()))
        self.remove_member_button.clicked.connect(lambda: self.remove_member(table.currentRow()))
        for keys in ("Ins", "Ctrl+Shift+N"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.add_member)
        self._selection_changed()

    # --- loading ----------------------------------------------------------------------------

    def _load(self) -> None:
        store = self.ctx.store
        household_id = self.household_id

        def read(_ctx: TaskContext) -> tuple[Household | None, list[GridChoice]]:
            current = None
            if household_id is not None:
                current = HouseholdRepository(store).get_household(household_id)
            return current, grid_choices(store)

        self.ctx.tasks.submit(
            read,
            on_done=while_alive(self, self._loaded),
            on_error=while_alive(self, self._load_failed),
        )

    def _loaded(self, result: tuple[Household | None, list[GridChoice]]) -> None:
        current, choices = result
        typed = self.grid_field.raw()
        self.grid_field.set_choices([(c.code, grid_label(c)) for c in choices])
        if current is None:
            self.grid_field.set_value(typed or (choices[0].code if len(choices) == 1 else ""))
            self.form.initial["grid_code"] = self.grid_field.raw()
            return
        self.current = current
        self.form.load({name: getattr(current, name) for name in HOUSEHOLD_FIELDS})
        self.heading.setText(
            self.tr("Edit household {number}").replace("{number}", current.household_no)
        )
        self.loaded = True
        self.update_state()
        self.focus_start()

    def _load_failed(self, exc: BaseException) -> None:
        text = exc.text() if hasattr(exc, "text") else str(exc)
        self.heading.setText(self.tr("This household could not be read."))
        self.show_general(str(text))

    # --- members ----------------------------------------------------------------------------

    def head(self, skip: int = -1) -> Person | None:
        return next(
            (m for i, m in enumerate(self.members) if i != skip and m.relation == HEAD_RELATION),
            None,
        )

    def add_member(self) -> PersonDialog | None:
        return self._member_dialog(-1)

    def edit_member(self, row: int) -> PersonDialog | None:
        if not 0 <= row < len(self.members):
            return None
        return self._member_dialog(row)

    def _member_dialog(self, row: int) -> PersonDialog | None:
        if not self.is_new or self.member_dialog is not None:
            return None
        person = self.members[row] if row >= 0 else None
        others = [m for i, m in enumerate(self.members) if i != row]
        head = self.head(skip=row)
        dialog = PersonDialog(
            self.ctx,
            self,
            mode=COLLECT,
            person=person,
            taken_ids=[m.id_number for m in others],
            head_name=head.name if head is not None else None,
            on_open_person=self._open_person,
            discard_question=self.tr("Discard the whole new household and open {name}?"),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda code: self._member_done(dialog, row, code))
        self.member_dialog = dialog
        dialog.open()
        return dialog

    def _member_done(self, dialog: PersonDialog, row: int, code: int) -> None:
        self.member_dialog = None
        self.activateWindow()  # typing goes on here (Ins for the next member …)
        person = dialog.result_person
        if code != QDialog.DialogCode.Accepted or person is None:
            return
        if row >= 0:
            self.members[row] = person
        else:
            self.members.append(person)
            row = len(self.members) - 1
        self.bad_ids.discard(person.id_number)
        self._fill_members()
        self.member_table.setCurrentCell(row, 0)
        self.member_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_member(self, row: int) -> None:
        if not 0 <= row < len(self.members):
            return
        del self.members[row]
        self._fill_members()
        if self.members:
            self.member_table.setCurrentCell(min(row, len(self.members) - 1), 0)

    def _fill_members(self) -> None:
        table = self.member_table
        table.setRowCount(len(self.members))
        for row, person in enumerate(self.members):
            cells = [
                person.name,
                code_label("relation", person.relation),
                code_label("sex", person.sex),
                person.birth_date.isoformat() if person.birth_date else "",
                mask_id_number(person.id_number),
                mask_phone(person.phone),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if person.id_number in self.bad_ids:
                    item.setForeground(Qt.GlobalColor.red)
                table.setItem(row, column, item)
        self.members_hint.setVisible(not self.members)
        self._show_member_problems()
        self.update_state()

    def _member_messages(self) -> list[str]:
        if not self.members:
            return []
        return [e.text() for e in member_errors(self.members)]

    def _show_member_problems(self, extra: list[str] | None = None) -> None:
        messages = list(dict.fromkeys(self._member_messages() + (extra or [])))
        self.member_problem.setText("\n".join(messages))
        self.member_problem.setVisible(bool(messages))

    def _selection_changed(self) -> None:
        has_row = self.member_table.currentRow() >= 0 and bool(self.members)
        self.edit_member_button.setEnabled(has_row)
        self.remove_member_button.setEnabled(has_row)

    def _open_person(self, person_id: str) -> None:
        """Open the person who holds a typed ID number (the user agreed to discard)."""
        self.close_without_asking()
        self.ctx.nav.open_person(person_id)

    # --- FormDialog -------------------------------------------------------------------------

    def forms(self) -> list[FieldForm]:
        return [self.form]

    def is_dirty(self) -> bool:
        return super().is_dirty() or bool(self.members)

    def discard_question(self) -> str:
        if self.is_new:
            return self.tr("Discard the new household and everything typed for it?")
        return super().discard_question()

    def extra_missing(self) -> list[str]:
        if not self.is_new:
            return []
        if not self.members:
            return [self.tr("members")]
        if not any(m.relation == HEAD_RELATION for m in self.members):
            return [self.tr("head of household")]
        return []

    def extra_wrong(self) -> list[str]:
        if not self.is_new:
            return []
        if self.bad_ids or (self.members and member_errors(self.members)):
            return [self.tr("members")]
        return []

    def extra_problem(self) -> QWidget | None:
        if self.members:
            return self.member_table
        return self.add_member_button

    def save_job(self) -> Callable[[TaskContext], Any] | None:
        store = self.ctx.store
        values = self.form.cleaned()
        if not self.is_new:
            household_id = self.household_id
            assert household_id is not None
            changed = self.form.changed_fields()
            values = {k: v for k, v in values.items() if k in changed}
            if not values:
                return None
            return lambda _ctx: RegisterActions(store).update_household(household_id, values)
        grid = str(values.get("grid_code") or "")
        household = Household(id=new_id(), area_code=village_of(grid) if grid else "", **values)
        members = [replace(m, household_id=None) for m in self.members]
        bundle = HouseholdBundle(household, members)
        self.new_household_id = household.id
        return lambda _ctx: HouseholdRepository(store).create_household(bundle)

    def show_refusal(self, exc: ValidationError) -> None:
        """Household fields under their fields; member problems under the members table
        (a registered ID number marks its row)."""
        household_errors = [e for e in exc.errors if e.field in HOUSEHOLD_FIELDS]
        member_problems = [e for e in exc.errors if e.field not in HOUSEHOLD_FIELDS]
        if self.is_new:
            for error in member_problems:
                number = error.params.get("id")
                if isinstance(number, str):
                    self.bad_ids.add(number)
            self._fill_members()
            self._show_member_problems([e.text() for e in member_problems])
            member_problems = []
        super().show_refusal(ValidationError(household_errors + member_problems))
        if self.is_new and self.bad_ids and not household_errors:
            self.member_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def saved(self, result: Any) -> None:
        if isinstance(result, Changes):
            self.changes = result
            self.ctx.signals.data_changed.emit(result)
        if self.is_new and self.new_household_id is not None:
            new_id_ = self.new_household_id
            # Open the new household once this dialog has closed.
            self.finished.connect(lambda _code: self.ctx.nav.open_household(new_id_))


def open_new_household(ctx: UiContext, parent: QWidget | None = None) -> HouseholdDialog:
    """Open the new-household dialog (Ctrl+N on the household list). On success it emits
    ``data_changed`` and opens the new household's page."""
    dialog = HouseholdDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_edit_household(
    ctx: UiContext, parent: QWidget | None, household_id: str
) -> HouseholdDialog:
    """Open the dialog that edits a household's own fields (F2 on the household page)."""
    dialog = HouseholdDialog(ctx, parent, household_id)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


__all__ = ["HouseholdDialog", "open_edit_household", "open_new_household"]
