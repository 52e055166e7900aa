"""The person form (实有人口) and the dialog that edits, adds or collects a person.

:class:`PersonForm` lays out the person fields of ``gridapp/models/register.py`` and checks
each with ``clean_person_fields`` as it is typed. Typing an ID number fills sex and birth date
(they are derived, so they are shown, not typed); a complete ID number that is already in the
register is looked up on the worker and shown as "已登记：王芳（户号 …）" with a button that
opens that person.

:class:`PersonDialog` has three modes:

- ``edit``: change a stored person; only the changed fields are saved, through
  ``HouseholdRepository.update_person`` — the same validation as ``gridapp person set``.
- ``add``: a new member of an existing household, by 迁入 or 出生 with a date, through
  ``RegisterActions.add_member``. When the typed ID number belongs to someone on record who
  moved out, the form offers "迁回本户": the dialog then fills in that person's record and
  saves with ``RegisterActions.return_member`` — the same row made current again, never a
  second person with the same ID number.
- ``collect``: only check and hand back a :class:`Person` (the new-household dialog keeps the
  members until the household is saved as a whole).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from gridapp.i18n import tr
from gridapp.models.fields import FieldSpec, clean_fields
from gridapp.models.household import HEAD_RELATION, Person
from gridapp.models.idnumber import normalize_id_text
from gridapp.models.register import (
    DERIVED,
    MSG_DUPLICATE_ID,
    PERSON_FIELDS,
    clean_person_fields,
    validated_person,
)
from gridapp.store.db import Changes
from gridapp.store.household_view import RegisteredPerson, registered_person
from gridapp.store.households import HouseholdRepository, new_id
from gridapp.store.register_actions import (
    ADD_KINDS,
    DETAIL,
    MSG_HEAD_EXISTS,
    MSG_MUST_BE_HEAD,
    RegisterActions,
)
from gridapp.ui.context import UiContext
from gridapp.ui.forms.dialog import FormDialog
from gridapp.ui.forms.fields import (
    ChoiceField,
    DerivedField,
    FieldEditor,
    FieldForm,
    code_label,
    while_alive,
)
from gridapp.ui.tasks import TaskContext

# The person fields in the form, two per row, in tab order. Status and its date change only
# through the register actions (迁出, 死亡), which keep the history; the grid follows the
# household.
LAYOUT: list[tuple[str, str | None]] = [
    ("id_number", "name"),
    ("sex", "birth_date"),
    ("relation", "phone"),
    ("ethnicity", "marital"),
    ("political", "education"),
    ("population_type", "resident_match"),
    ("reg_area_code", "reg_address"),
    ("cur_area_code", "cur_address"),
    ("native_place", "former_name"),
    ("occupation_cat", "occupation"),
    ("workplace", "religion"),
    ("verified", None),
    ("note", None),
]
FORM_FIELDS = tuple(name for row in LAYOUT for name in row if name is not None)

# The 迁入/出生 part of the add dialog: the kind is one of ADD_KINDS (a fixed choice), the
# date and the detail are checked like the store checks them.
EVENT_KIND = FieldSpec("kind", "", "text", required=True)
EVENT_DATE = FieldSpec("event_date", "", "date", required=True)
EVENT_SPECS = {"kind": EVENT_KIND, "event_date": EVENT_DATE, "detail": DETAIL}

EDIT, ADD, COLLECT = "edit", "add", "collect"
MOVED_OUT = "2"  # person_status 迁出: such a person can be brought back (迁回)
# Person fields a returning person gets from the 迁回 itself (see RegisterActions.return_member).
RETURN_SKIPPED = frozenset({"id_number", "relation"}) | DERIVED

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


def person_values(person: Person) -> dict[str, Any]:
    """The form's fields of a stored person."""
    return {name: getattr(person, name) for name in FORM_FIELDS}


def registered_text(found: RegisteredPerson) -> str:
    """已登记：王芳（户号 360000001）."""
    if found.household_no:
        text = translate("PersonForm", "Already registered: {name} (household {number})").replace(
            "{number}", found.household_no
        )
    else:
        text = translate("PersonForm", "Already registered: {name} (no household)")
    text = text.replace("{name}", found.name)
    if found.status != "1":
        text += translate("PersonForm", ", {status}").replace(
            "{status}", code_label("person_status", found.status)
        )
    return text


class PersonForm(FieldForm):
    """The person fields; see the module docstring.

    ``person_id``: the person being edited (their own ID number is no duplicate).
    ``taken_ids``: ID numbers of the other members being entered with this one.
    """

    open_person_requested = Signal(str)  # person id
    bring_back_requested = Signal(str)  # person id of a moved-out person to bring back

    def __init__(
        self,
        ctx: UiContext | None,
        parent: QWidget | None = None,
        *,
        person_id: str | None = None,
        taken_ids: Collection[str] = (),
    ) -> None:
        super().__init__(clean_person_fields, parent)
        self.ctx = ctx
        self.person_id = person_id
        self.taken_ids = set(taken_ids)
        self.head_message = ""  # shown when 户主 is chosen but not allowed here
        # Offer 迁回 for a moved-out person's ID number (the add dialog: a household to return to).
        self.offer_bring_back = False
        self.registered: dict[str, RegisteredPerson | None] = {}
        self.derived_values: dict[str, Any] = {}  # sex and birth date of the typed ID
        self._asked: set[str] = set()
        for left, right in LAYOUT:
            self.add_row(self._editor(left), self._editor(right) if right else None)
        self.sex = self.fields["sex"]
        self.birth_date = self.fields["birth_date"]
        self.id_field = self.fields["id_number"]
        # The whole 18-character number stays in view at any text size.
        id_edit = self.id_field.editor
        id_edit.setMinimumWidth(id_edit.fontMetrics().horizontalAdvance("0" * 18 + "X") + 12)
        self._build_duplicate_hint()

    def _editor(self, name: str) -> FieldEditor:
        spec = PERSON_FIELDS[name]
        if spec.derived:
            return DerivedField(spec, self)
        return FieldEditor(spec, self)

    def _build_duplicate_hint(self) -> None:
        """ "打开此人" beside the message that the ID number is registered already."""
        self.open_button = QPushButton(
            translate("PersonForm", "Open this person"), self.id_field.container
        )
        self.open_button.setObjectName("openRegisteredPerson")
        self.open_button.hide()
        self.open_button.clicked.connect(self._open_registered)
        self.bring_back_button = QPushButton(
            translate("PersonForm", "Bring back into this household"), self.id_field.container
        )
        self.bring_back_button.setObjectName("bringBackPerson")
        self.bring_back_button.setToolTip(
            translate(
                "PersonForm",
                "Registers the return (迁回) of the person on record: their own record, "
                "with its history, becomes current again in this household.",
            )
        )
        self.bring_back_button.hide()
        self.bring_back_button.clicked.connect(self._bring_back_registered)
        layout = self.id_field.container.layout()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bring_back_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout.addItem(row)  # type: ignore[union-attr]

    # --- checking -----------------------------------------------------------------------

    def reveal_now(self, name: str) -> bool:
        # A complete 18-character number is judged at once (check digit, date, duplicate).
        return name == "id_number" and len(normalize_id_text(str(self.id_field.raw()))) >= 18

    def extra_message(self, name: str, value: Any) -> str:
        if name == "id_number" and value:
            if value in self.taken_ids:
                return tr(MSG_DUPLICATE_ID)
            found = self.registered.get(value)
            if found is not None and found.person_id != self.person_id:
                if self.can_bring_back(found):
                    return registered_text(found) + translate(
                        "PersonForm", ". Bring this person back with the button below."
                    )
                return registered_text(found)
        if name == "relation" and value == HEAD_RELATION and self.head_message:
            return self.head_message
        return ""

    def after_validate(self, name: str, value: Any, message: str) -> None:
        if name != "id_number":
            return
        found = self.registered.get(value) if value else None
        other = bool(message) and found is not None and found.person_id != self.person_id
        self.open_button.setVisible(other)
        self.bring_back_button.setVisible(other and self.can_bring_back(found))
        if not value:
            self.derived_values = {}
            self.sex.show_derived("")  # type: ignore[attr-defined]
            self.birth_date.show_derived("")  # type: ignore[attr-defined]
            return
        derived = clean_person_fields({"id_number": value})
        self.sex.show_derived(code_label("sex", derived["sex"]))  # type: ignore[attr-defined]
        self.birth_date.show_derived(derived["birth_date"].isoformat())  # type: ignore[attr-defined]
        self.derived_values = derived
        if self.ctx is not None and value not in self.registered and value not in self._asked:
            self._lookup(value)

    def _lookup(self, number: str) -> None:
        """Ask the worker who holds ``number``; re-check the field when the answer comes."""
        assert self.ctx is not None
        self._asked.add(number)
        store = self.ctx.store
        self.ctx.tasks.submit(
            lambda _ctx: registered_person(store, number),
            on_done=while_alive(self, lambda found: self._looked_up(number, found)),
            quiet=True,  # checked as the worker types: never a dialog in front of the form
        )

    def _looked_up(self, number: str, found: RegisteredPerson | None) -> None:
        self.registered[number] = found
        current = self.values.get("id_number") or normalize_id_text(str(self.id_field.raw()))
        if current == number:
            self.validate("id_number", reveal=True)
            self.state_changed.emit()

    def can_bring_back(self, found: RegisteredPerson | None) -> bool:
        """Whether 迁回 is offered for the holder of the typed number: they moved out."""
        return self.offer_bring_back and found is not None and found.status == MOVED_OUT

    def registered_holder(self) -> RegisteredPerson | None:
        """Who holds the typed ID number in the register (None: nobody, or not known yet)."""
        number = self.values.get("id_number") or normalize_id_text(str(self.id_field.raw()))
        return self.registered.get(number)

    def _open_registered(self) -> None:
        found = self.registered_holder()
        if found is not None:
            self.open_person_requested.emit(found.person_id)

    def _bring_back_registered(self) -> None:
        found = self.registered_holder()
        if found is not None and self.can_bring_back(found):
            self.bring_back_requested.emit(found.person_id)

    def lookup_pending(self) -> bool:
        """True while the duplicate check of the typed number has not answered."""
        number = self.values.get("id_number")
        return bool(number) and number not in self.registered

    # --- result -------------------------------------------------------------------------

    def person(self, base: Person) -> Person:
        """``base`` with the form's values, checked and normalised (sex and birth from the
        ID number); :class:`ValidationError` if anything is wrong."""
        values = {name: self.fields[name].raw() for name in FORM_FIELDS if name not in DERIVED}
        return validated_person(replace(base, **clean_person_fields(values)))


class PersonDialog(FormDialog):
    """Edit, add or collect a person (see the module docstring).

    ``on_open_person`` is called with a person id when the user chooses to open the person
    who already holds the typed ID number (default: ``ctx.nav.open_person``), after the
    dialog closed.
    """

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        *,
        mode: str,
        person_id: str | None = None,
        person: Person | None = None,
        household_id: str | None = None,
        household_no: str = "",
        kind: str = "move_in",
        taken_ids: Collection[str] = (),
        head_name: str | None = None,
        on_open_person: Callable[[str], None] | None = None,
        discard_question: str = "",
    ) -> None:
        super().__init__(ctx, parent)
        if mode not in (EDIT, ADD, COLLECT):
            raise ValueError(f"unknown mode {mode!r}")
        self.mode = mode
        self.person_id = person_id
        self.household_id = household_id
        self.household_no = household_no
        self.base = person
        self.result_person: Person | None = None
        self.changes: Changes | None = None
        self.on_open_person = on_open_person or ctx.nav.open_person
        self._discard_text = discard_question
        # 迁回: the moved-out person on record being brought back (None: a new person).
        self.returning: Person | None = None
        self.returning_from = ""  # the household number they moved out of
        self.setObjectName("personDialog")
        self.event_form: FieldForm | None = None
        if mode == ADD:
            self._build_event_form(kind)
        self.form = PersonForm(
            ctx, self.body, person_id=person_id if mode == EDIT else None, taken_ids=taken_ids
        )
        self.body_layout.addWidget(self.form)
        self.body_layout.addStretch(1)
        self.form.state_changed.connect(self.update_state)
        self.form.state_changed.connect(self._birth_date_to_event)
        self.form.open_person_requested.connect(self._open_person)
        self.form.bring_back_requested.connect(self.bring_back)
        self.form.offer_bring_back = mode == ADD and household_id is not None
        self.form.id_field.edited.connect(self._id_number_edited)
        self.form.only_changed = mode == EDIT
        self._set_head_rule(head_name)
        if mode == EDIT:
            self.setWindowTitle(self.tr("Edit person"))
            self.heading.setText(self.tr("Reading…"))
            self.loaded = False
            self._load()
        else:
            self._fill_new(person)
        self.fit_to_screen(920, 700)
        self.update_state()

    # --- building ---------------------------------------------------------------------------

    def _build_event_form(self, kind: str) -> None:
        form = FieldForm(clean_person_fields, self.body)
        self.kind_field = ChoiceField(
            EVENT_KIND,
            form,
            [(k, code_label("household_event", k)) for k in ADD_KINDS],
            label=self.tr("Kind of change"),
        )
        self.date_field = FieldEditor(EVENT_DATE, form, label=self.tr("Date of change"))
        self.detail_field = FieldEditor(DETAIL, form, label=self.tr("Moved in from / note"))
        clean = partial(clean_fields, EVENT_SPECS)
        form.add_row(self.kind_field, self.date_field, clean=clean)
        form.add_row(self.detail_field, clean=clean)
        form.load({"kind": kind if kind in ADD_KINDS else ADD_KINDS[0], "event_date": date.today()})
        form.state_changed.connect(self.update_state)
        self.kind_field.edited.connect(self._birth_date_to_event)
        self.event_form = form
        self.body_layout.addWidget(form)
        line = QLabel(self.body)
        line.setFrameShape(QLabel.Shape.HLine)
        self.body_layout.addWidget(line)

    def _set_head_rule(self, head_name: str | None) -> None:
        """Who may be 户主 here: never a second one; when editing, only through 变更户主."""
        form = self.form
        if self.mode == EDIT:
            form.head_message = self.tr(
                "To make this person the head, use 变更户主 on the household page."
            )
        elif head_name:
            form.head_message = tr(MSG_HEAD_EXISTS, name=head_name)
        self.head_name = head_name

    def _fill_new(self, person: Person | None) -> None:
        base = person or Person(id=new_id(), household_id=self.household_id, id_number="", name="")
        self.base = base
        values = person_values(base)
        if person is None and not self.head_name:
            # The first member of a household (or of an empty one) is its head.
            values["relation"] = HEAD_RELATION
        self.form.load(values)
        if self.mode == ADD:
            self.setWindowTitle(self.tr("Add member"))
            self._fill_new_heading()
            if not self.head_name and self.household_id:
                self.show_general(tr(MSG_MUST_BE_HEAD))
        else:
            self.setWindowTitle(self.tr("Member"))
            self.heading.setText(
                self.tr("Member: {name}").replace("{name}", person.name)
                if person
                else self.tr("New member")
            )

    def _fill_new_heading(self) -> None:
        heading = self.tr("New member of household {number}")
        self.heading.setText(
            heading.replace("{number}", self.household_no)
            if self.household_no
            else self.tr("New member")
        )

    def _load(self) -> None:
        store = self.ctx.store
        person_id = self.person_id
        assert person_id is not None

        def read(_ctx: TaskContext) -> tuple[Person, str]:
            repo = HouseholdRepository(store)
            person = repo.get_person(person_id)
            number = ""
            if person.household_id:
                number = repo.get_household(person.household_id).household_no
            return person, number

        self.ctx.tasks.submit(
            read,
            on_done=while_alive(self, self._loaded_person),
            on_error=while_alive(self, self._load_failed),
        )

    def _loaded_person(self, result: tuple[Person, str]) -> None:
        person, number = result
        self.base = person
        self.household_no = number
        self.form.load(person_values(person))
        if person.is_head:
            self.form.fields["relation"].set_read_only(
                True, self.tr("The head changes through 变更户主 on the household page.")
            )
        heading = self.tr("Edit {name}").replace("{name}", person.name)
        if number:
            heading += self.tr(" (household {number})").replace("{number}", number)
        self.heading.setText(heading)
        self.loaded = True
        self.update_state()
        self.focus_start()

    def _load_failed(self, exc: BaseException) -> None:
        text = exc.text() if hasattr(exc, "text") else str(exc)
        self.heading.setText(self.tr("This person could not be read."))
        self.show_general(str(text))

    # --- FormDialog -------------------------------------------------------------------------

    def forms(self) -> list[FieldForm]:
        return [f for f in (self.event_form, self.form) if f is not None]

    def done_text(self) -> str:
        if self.mode == COLLECT:
            return self.tr("OK")
        if self.returning is not None:
            return self.tr("Bring back (迁回)")
        return super().done_text()

    def extra_missing(self) -> list[str]:
        return []

    def discard_question(self) -> str:
        return self._discard_text or super().discard_question()

    def focus_start(self) -> None:
        if self.mode == EDIT:
            field = self.form.first_empty_required() or self.form.first_problem()
            (field or self.form.fields["name"]).focus()
            return
        super().focus_start()

    def save_job(self) -> Callable[[TaskContext], Any] | None:
        store = self.ctx.store
        if self.mode == EDIT:
            changed = self.form.changed_fields()
            values = {k: v for k, v in self.form.cleaned().items() if k in changed}
            values = {k: v for k, v in values.items() if k not in DERIVED}
            if not values:
                return None
            person_id = self.person_id
            assert person_id is not None
            return lambda _ctx: HouseholdRepository(store).update_person(person_id, values)
        assert self.base is not None
        person = self.form.person(self.base)  # ValidationError: shown by FormDialog.save
        if self.mode == COLLECT:
            self.result_person = person
            return None
        assert self.event_form is not None and self.household_id is not None
        event = self.event_form.cleaned()
        household_id = self.household_id
        kind = str(event["kind"])
        event_date = event["event_date"]
        detail = str(event.get("detail") or "")
        returning = self.returning
        if returning is not None and person.id_number == returning.id_number:
            # 迁回: the record on file, with what was changed in the form.
            changed = self.form.changed_fields() - RETURN_SKIPPED
            values = {k: v for k, v in self.form.cleaned().items() if k in changed}
            relation, returning_id = person.relation, returning.id
            return lambda _ctx: RegisterActions(store).return_member(
                household_id, returning_id, event_date, relation, detail, values
            )
        return lambda _ctx: RegisterActions(store).add_member(
            household_id, person, kind, event_date, detail
        )

    def saved(self, result: Any) -> None:
        if isinstance(result, Changes):
            self.changes = result
            self.ctx.signals.data_changed.emit(result)

    # --- events -----------------------------------------------------------------------------

    def _birth_date_to_event(self) -> None:
        """出生: the date of the change is the birth date, unless a date was typed."""
        derived = self.form.derived_values
        if (
            self.event_form is None
            or self.kind_field.raw() != "birth"
            or not derived
            or "event_date" in self.event_form.changed_fields()
        ):
            return
        self.date_field.set_value(derived["birth_date"])
        self.event_form.validate("event_date")
        self.event_form.initial["event_date"] = self.date_field.raw()

    # --- 迁回 ------------------------------------------------------------------------------

    def bring_back(self, person_id: str) -> None:
        """Take the moved-out person on record as the one joining (迁回): read their record
        on the worker, then show it in the form."""
        store = self.ctx.store

        def read(_ctx: TaskContext) -> tuple[Person, str]:
            repo = HouseholdRepository(store)
            person = repo.get_person(person_id)
            number = ""
            if person.household_id:
                number = repo.get_household(person.household_id).household_no
            return person, number

        self.ctx.tasks.submit(
            read,
            on_done=while_alive(self, self._bring_back_loaded),
            on_error=while_alive(self, self._load_failed),
        )

    def _bring_back_loaded(self, result: tuple[Person, str]) -> None:
        person, number = result
        form = self.form
        # What the user typed beyond the ID number stays; the rest comes from the record.
        typed = {
            name: form.fields[name].raw()
            for name in form.changed_fields() - {"id_number"}
            if not form.fields[name].is_empty()
        }
        stored = person_values(person)
        stored["relation"] = ""  # related to the head of this household: chosen anew
        self.returning = person
        self.returning_from = number
        self.base = person
        form.person_id = person.id  # their own number is no longer "registered already"
        form.load(stored)
        for name, value in typed.items():
            form.fields[name].set_value(value)
            form.validate(name)
        if self.event_form is not None:
            self.kind_field.set_value("move_in")
            self.kind_field.set_read_only(True, self.tr("A person who comes back moves in."))
            self.event_form.validate("kind")
        heading = self.tr("Bring back {name} (moved out of household {number} on {date})")
        self.heading.setText(
            heading.replace("{name}", person.name)
            .replace("{number}", number or "—")
            .replace("{date}", person.status_date.isoformat() if person.status_date else "—")
        )
        self.update_state()
        field = form.first_empty_required() or form.first_problem()
        if field is not None:
            self.focus_field(field)

    def _id_number_edited(self) -> None:
        """Another ID number typed after choosing 迁回: back to registering a new person."""
        returning = self.returning
        if returning is None:
            return
        number = normalize_id_text(str(self.form.id_field.raw()))
        if number == returning.id_number:
            return
        self.returning = None
        self.form.person_id = None
        self.base = Person(id=new_id(), household_id=self.household_id, id_number="", name="")
        if self.event_form is not None:
            self.kind_field.set_read_only(False)
        self._fill_new_heading()
        self.form.validate("id_number", reveal=False)
        self.update_state()

    def _open_person(self, person_id: str) -> None:
        found = next(
            (f for f in self.form.registered.values() if f and f.person_id == person_id), None
        )
        name = found.name if found else ""
        question = self._discard_text or self.tr("Discard what you typed and open {name}?")
        if not self.confirm_discard(question.replace("{name}", name)):
            return
        self.close_without_asking()
        self.on_open_person(person_id)


def combo_of(field: FieldEditor) -> QComboBox:
    """The combo box of a code field (for tests and the household dialog)."""
    assert isinstance(field.editor, QComboBox)
    return field.editor
