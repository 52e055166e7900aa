"""登记: registering a petition from the window.

:class:`PetitionRegisterDialog` is a :class:`~gridapp.ui.forms.dialog.FormDialog` over every
field of ``PETITION_FIELDS`` (``gridapp/models/petition_register.py``), checked as it is
typed with the model's own ``clean_fields``; the cross-field rules of the registration (人数
not below the petitioners named, 信访次数 of a repeat petition, at most five representatives
of a group visit, one 主信访人) are the model's too and show the moment they break.

Petitioners are a small table:

- **添加已登记人员** is a search field over the register (Ins puts the cursor there): the
  results of :func:`gridapp.store.search.search` drop down as you type, through ``ctx.tasks``
  like the window's own search (:class:`PersonPicker` is a
  :class:`~gridapp.ui.search_box.GlobalSearch` whose Enter links the person instead of
  opening them). A linked petitioner carries ``person_id``; name, ID number, phone and address
  come from the register (shown masked, not editable).
- **手工填写** (Ctrl+Shift+N) opens :class:`PetitionerDialog` for someone not in the register:
  name, ID number (optional, checked), phone, address. A typed ID number that belongs to a
  registered person says so and offers to link them; at saving such a petitioner is linked
  anyway, as ``gridapp petition add`` does.
- The first petitioner is the 主信访人 unless another is made so (Space in the table); Enter
  edits a typed-in petitioner, Del removes one.

Attachments can be chosen in the form; they are checked (size, type by content) when chosen
and added after the petition is saved, through ``AttachmentStore.attach``.

Saving runs ``PetitionRepository.register`` on ``ctx.tasks``; a refusal puts its messages
under the fields (the petitioners' under the table) and nothing is saved. After saving, the
window says "已登记，编号 …", ``data_changed`` is emitted and the new petition is opened.

Entry points: :func:`start_registration` (``ctx.nav.register_petition``), from the petition
list, a member of the household page and a person in the global search (Ctrl+Enter). Design
note: ``docs/petition-register.md``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from gridapp.i18n import QT_TRANSLATE_NOOP, tr
from gridapp.models import petition_flow
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import clean_fields
from gridapp.models.idnumber import mask_id_number, mask_phone, parse_id_number
from gridapp.models.petition import Petition, Petitioner
from gridapp.models.petition_register import (
    MSG_NO_PETITIONER,
    PETITION_FIELDS,
    PETITIONER_FIELDS,
)
from gridapp.models.petition_register import group_errors as registration_errors
from gridapp.models.register import MSG_DUPLICATE_ID, PERSON_FIELDS
from gridapp.store.attachments import (
    FILE_PATTERNS,
    MAX_BYTES,
    AttachmentStore,
    AttachmentTooLargeError,
    AttachmentTypeError,
    AttachmentUnreadableError,
    sniff_mime,
)
from gridapp.store.db import Changes, Store
from gridapp.store.errors import NotFoundError, StoreError
from gridapp.store.household_view import RegisteredPerson, registered_person
from gridapp.store.households import HouseholdRepository, new_id
from gridapp.store.petitions import PetitionRepository
from gridapp.store.scope import load_scope, stored_places
from gridapp.store.search import SearchHit
from gridapp.ui.context import UiContext
from gridapp.ui.forms.dialog import FormDialog
from gridapp.ui.forms.fields import (
    ChoiceField,
    FieldEditor,
    FieldForm,
    while_alive,
)
from gridapp.ui.search_box import GlobalSearch, ResultPopup
from gridapp.ui.tasks import TaskContext

log = logging.getLogger(__name__)
translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

MSG_SAME_PERSON = QT_TRANSLATE_NOOP(
    "Messages", "{name} is named more than once among the petitioners."
)
# The petition fields, two per row, in tab order (None: the field spans the row).
LAYOUT: list[tuple[str, str | None]] = [
    ("reg_date", "channel"),
    ("kind", "category"),
    ("summary", None),
    ("content", None),
    ("is_repeat", "repeat_count"),
    ("headcount", "confidential"),
    ("problem_area_code", "problem_address"),
]
# Fields whose check depends on other fields or on the petitioners (re-checked together).
CROSS_FIELDS = ("headcount", "repeat_count")
PETITIONER_ID_SPEC = replace(PERSON_FIELDS["id_number"], required=False)
SEARCH_KEYS = "Ins"
TYPE_IN_KEYS = "Ctrl+Shift+N"
COLUMNS = ("name", "id_number", "phone", "source", "address")


# --- reading (worker) ----------------------------------------------------------------------


@dataclass
class PetitionerEntry:
    """One row of the petitioners table: the petitioner as it will be saved, and where it
    came from (a linked person's household number)."""

    petitioner: Petitioner
    household_no: str = ""

    @property
    def linked(self) -> bool:
        return bool(self.petitioner.person_id)


@dataclass
class Setup:
    """What the dialog reads when it opens."""

    role: str
    villages: list[tuple[str, str]]
    scope_village: str
    person: PetitionerEntry | None = None
    person_error: str = ""


@dataclass
class Outcome:
    """What a save did: the petition as saved, what changed, the attachments added and the
    ones refused (file name, message)."""

    petition: Petition
    changes: Changes
    attached: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)


def read_person(store: Store, person_id: str) -> PetitionerEntry:
    """A registered person as a linked petitioner (name, ID, phone and household address)."""
    repo = HouseholdRepository(store)
    person = repo.get_person(person_id)
    household = repo.get_household(person.household_id) if person.household_id else None
    petitioner = Petitioner(
        id=new_id(),
        petition_id="",
        name=person.name,
        person_id=person.id,
        id_number=person.id_number,
        phone=person.phone,
        address=household.address if household is not None else "",
    )
    return PetitionerEntry(petitioner, household.household_no if household is not None else "")


def read_setup(store: Store, person_id: str | None) -> Setup:
    places = stored_places(store.conn)
    scope = load_scope(store)
    setup = Setup(
        role=PetitionRepository(store).role(),
        villages=[(p.code, p.name) for p in places if p.level == "village"],
        scope_village=scope.village_code if scope is not None else "",
    )
    if person_id:
        try:
            setup.person = read_person(store, person_id)
        except NotFoundError as exc:
            setup.person_error = exc.text()
    return setup


def attachment_problem(path: Path) -> str:
    """Why ``path`` cannot be attached ("" when it can, as far as size and type tell):
    the attachment store's own refusals, checked early so that the form says so at once."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            shown = f"{math.ceil(size * 10 / (1024 * 1024)) / 10:.1f}"
            return AttachmentTooLargeError(name=path.name, size=shown, limit=MAX_BYTES >> 20).text()
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        return AttachmentUnreadableError(name=path.name, detail=detail).text()
    if sniff_mime(head) is None:
        return AttachmentTypeError(name=path.name).text()
    return ""


def link_by_id_number(store: Store, petitioners: list[Petitioner]) -> list[Petitioner]:
    """Typed-in petitioners whose ID number is registered become linked to that person (as
    ``gridapp petition add`` links them); the same person twice is refused."""
    people = HouseholdRepository(store)
    linked: list[Petitioner] = []
    for petitioner in petitioners:
        if not petitioner.person_id and petitioner.id_number:
            person = people.person_by_id_number(petitioner.id_number)
            if person is not None:
                petitioner = replace(petitioner, person_id=person.id)
        linked.append(petitioner)
    seen: set[str] = set()
    for petitioner in linked:
        if petitioner.person_id in seen:
            raise ValidationError(
                [FieldError("petitioners", MSG_SAME_PERSON, {"name": petitioner.name})]
            )
        if petitioner.person_id:
            seen.add(petitioner.person_id)
    return linked


def register_job(
    store: Store,
    petition: Petition,
    petitioners: list[Petitioner],
    files: list[Path],
) -> Outcome:
    """Save the petition (one user action), then attach the files one by one; a file that
    cannot be attached is reported, the petition stays saved."""
    linked = link_by_id_number(store, petitioners)
    repo = PetitionRepository(store)
    saved = repo.register(petition, linked, date.today())
    changes = Changes()
    changes.add("petition", saved.id)
    for entry in repo.progress(saved.id):
        changes.add("petition_progress", entry.id)
    for petitioner in linked:
        changes.add("petition_petitioner", petitioner.id)
    outcome = Outcome(saved, changes)
    if not files:
        return outcome
    with AttachmentStore(store) as attachments:
        for path in files:
            try:
                row = attachments.attach(saved.id, path)
            except StoreError as exc:
                outcome.refused.append((path.name, exc.text()))
            except Exception:  # the petition is saved: say which file is missing, go on
                log.exception("attaching %s failed", path)
                outcome.refused.append(
                    (path.name, translate("PetitionRegister", "The file could not be attached."))
                )
            else:
                outcome.attached += 1
                changes.add("petition_attachment", row.id)
    return outcome


# --- petitioner forms ----------------------------------------------------------------------


def clean_petitioner(values: dict[str, Any]) -> dict[str, Any]:
    """The petitioner fields checked by the model: ``PETITIONER_FIELDS`` and the ID number
    (optional; checked like a person's when given)."""
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    plain = {k: v for k, v in values.items() if k != "id_number"}
    try:
        cleaned.update(clean_fields(PETITIONER_FIELDS, plain))
    except ValidationError as exc:
        errors.extend(exc.errors)
    if "id_number" in values:
        text = str(values["id_number"] or "")
        cleaned["id_number"] = ""
        if text.strip():
            try:
                cleaned["id_number"] = parse_id_number(text).number
            except ValidationError as exc:
                errors.extend(exc.errors)
    if errors:
        raise ValidationError(errors)
    return cleaned


def registered_hint(found: RegisteredPerson) -> str:
    """此身份证号已登记：王芳（户号 …）…"""
    if found.household_no:
        text = translate(
            "PetitionRegister", "This ID number is registered: {name} (household {number})."
        ).replace("{number}", found.household_no)
    else:
        text = translate("PetitionRegister", "This ID number is registered: {name}.")
    return text.replace("{name}", found.name) + translate(
        "PetitionRegister",
        " The petitioner is linked to this person when the petition is saved.",
    )


class PetitionerForm(FieldForm):
    """Name, ID number, phone, address of a petitioner typed in; ``taken_ids`` are the ID
    numbers of the other petitioners."""

    def __init__(self, taken_ids: set[str], parent: QWidget | None = None) -> None:
        super().__init__(clean_petitioner, parent)
        self.taken_ids = taken_ids
        self.on_id_number: Callable[[str], None] | None = None

    def extra_message(self, name: str, value: Any) -> str:
        if name == "id_number" and value and value in self.taken_ids:
            return tr(MSG_DUPLICATE_ID)
        return ""

    def after_validate(self, name: str, value: Any, message: str) -> None:
        if name == "id_number" and self.on_id_number is not None:
            self.on_id_number("" if message else str(value or ""))


class PetitionerDialog(FormDialog):
    """手工填写: a petitioner who is not (or not known to be) in the register.

    Accepted: ``result_petitioner`` is the petitioner typed in, or ``link_person_id`` the registered
    person the user chose to link instead.
    """

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None = None,
        petitioner: Petitioner | None = None,
        taken_ids: set[str] | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("petitionerDialog")
        self.base = petitioner
        self.result_petitioner: Petitioner | None = None
        self.link_person_id: str | None = None
        self.registered: dict[str, RegisteredPerson | None] = {}
        self._asked: set[str] = set()
        self._number = ""
        self.form = PetitionerForm(taken_ids or set(), self.body)
        self.fields = {
            "name": FieldEditor(PETITIONER_FIELDS["name"], self.form),
            "id_number": FieldEditor(PETITIONER_ID_SPEC, self.form),
            "phone": FieldEditor(PETITIONER_FIELDS["phone"], self.form),
            "address": FieldEditor(PETITIONER_FIELDS["address"], self.form),
        }
        self.form.add_row(self.fields["name"], self.fields["id_number"])
        self.form.add_row(self.fields["phone"])
        self.form.add_row(self.fields["address"])
        id_edit = self.fields["id_number"].editor
        id_edit.setMinimumWidth(id_edit.fontMetrics().horizontalAdvance("0" * 18 + "X") + 12)
        self.hint = QLabel(self.body)
        self.hint.setObjectName("registeredHint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        self.link_button = QPushButton(self.tr("Link this person instead"), self.body)
        self.link_button.setObjectName("linkRegistered")
        self.link_button.setAutoDefault(False)
        self.link_button.hide()
        self.link_button.clicked.connect(self._link)
        hint_row = QHBoxLayout()
        hint_row.addWidget(self.hint, 1)
        hint_row.addWidget(self.link_button, 0, Qt.AlignmentFlag.AlignTop)
        self.body_layout.addWidget(self.form)
        self.body_layout.addLayout(hint_row)
        self.body_layout.addStretch(1)
        self.form.on_id_number = self._id_number_checked
        self.form.state_changed.connect(self.update_state)
        title = self.tr("Edit petitioner") if petitioner else self.tr("Petitioner not registered")
        self.setWindowTitle(title)
        self.heading.setText(title)
        values: dict[str, Any] = {}
        if petitioner is not None:
            values = {
                "name": petitioner.name,
                "id_number": petitioner.id_number,
                "phone": petitioner.phone,
                "address": petitioner.address,
            }
        self.form.load(values)
        self.fit_to_screen(760, 360)
        self.update_state()

    def forms(self) -> list[FieldForm]:
        return [self.form]

    def done_text(self) -> str:
        return self.tr("OK")

    def save_job(self) -> Callable[[TaskContext], Any] | None:
        values = clean_petitioner(self.form.raw_values())
        base = self.base or Petitioner(id=new_id(), petition_id="", name="")
        self.result_petitioner = replace(base, person_id=None, **values)
        return None

    # --- the registered holder of the typed ID number --------------------------------------

    def _id_number_checked(self, number: str) -> None:
        self._number = number
        if number and number not in self.registered and number not in self._asked:
            self._asked.add(number)
            store = self.ctx.store
            self.ctx.tasks.submit(
                lambda _ctx: registered_person(store, number),
                on_done=while_alive(self, lambda found: self._looked_up(number, found)),
                quiet=True,
            )
        self._show_hint()

    def _looked_up(self, number: str, found: RegisteredPerson | None) -> None:
        self.registered[number] = found
        self._show_hint()

    def _show_hint(self) -> None:
        found = self.registered.get(self._number) if self._number else None
        self.hint.setText(registered_hint(found) if found is not None else "")
        self.hint.setVisible(found is not None)
        self.link_button.setVisible(found is not None)

    def _link(self) -> None:
        found = self.registered.get(self._number) if self._number else None
        if found is None:
            return
        self.link_person_id = found.person_id
        self.close_without_asking()


# --- the person search -----------------------------------------------------------------------


class PersonPicker(GlobalSearch):
    """The register's search in the form: Enter (or a click) links the chosen person as a
    petitioner (``picked``); Enter in the empty box and Esc with nothing typed go to the
    dialog (save, cancel)."""

    picked = Signal(object)  # SearchHit
    empty_enter = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.edit.setObjectName("petitionerSearch")
        self.edit.setPlaceholderText(self.tr("Name, pinyin initials, ID number or phone"))

    @property
    def popup(self) -> ResultPopup:
        fresh = self._popup is None
        popup = super().popup
        if fresh:
            popup.hint.setText(self.tr("↑↓ choose · Enter add as petitioner · Esc close"))
        return popup

    def open_hit(self, hit: SearchHit) -> None:
        self.edit.clear()
        self.picked.emit(hit)

    def register_hit(self, hit: SearchHit) -> None:
        self.open_hit(hit)

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        empty = not self.edit.text().strip()
        if key == Qt.Key.Key_Escape and empty and not self.popup_visible():
            return False  # the dialog's Esc: cancel
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and empty:
            self.empty_enter.emit()
            return True
        return super()._key(event)

    def _place_popup(self) -> None:
        """Under the box, or above it when the dialog has no room below."""
        super()._place_popup()
        popup = self.popup
        host = popup.parentWidget()
        assert host is not None
        geometry = popup.geometry()
        if geometry.bottom() < host.height():
            return
        top = self.edit.mapTo(host, QPoint(0, 0)).y()
        if top - geometry.height() - 2 >= 0:
            geometry.moveBottom(top - 2)
        else:
            geometry.setBottom(host.height() - 1)
        popup.setGeometry(geometry)


class PetitionerTable(QTableWidget):
    """The petitioners: Enter edits a typed-in one, Del removes, Space makes the current one
    the 主信访人 — and Enter is kept from reaching the dialog, where it would save."""

    edit_requested = Signal(int)
    remove_requested = Signal(int)
    primary_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        row = self.currentRow()
        signal = {
            Qt.Key.Key_Return: self.edit_requested,
            Qt.Key.Key_Enter: self.edit_requested,
            Qt.Key.Key_Delete: self.remove_requested,
            Qt.Key.Key_Space: self.primary_requested,
        }.get(Qt.Key(key))
        if signal is not None and row >= 0:
            signal.emit(row)
            event.accept()
            return
        super().keyPressEvent(event)


class RegistrationForm(FieldForm):
    """The petition fields; ``cross(name, value)`` adds the registration's rules that span
    fields and petitioners."""

    def __init__(self, cross: Callable[[str, Any], str], parent: QWidget | None = None) -> None:
        super().__init__(partial(clean_fields, PETITION_FIELDS), parent)
        self.cross = cross

    def extra_message(self, name: str, value: Any) -> str:
        return self.cross(name, value) if name in CROSS_FIELDS else ""


# --- the dialog ------------------------------------------------------------------------------


class PetitionRegisterDialog(FormDialog):
    """登记信访 (see the module docstring)."""

    def __init__(
        self, ctx: UiContext, parent: QWidget | None = None, person_id: str | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("petitionRegisterDialog")
        self.person_id = person_id
        self.entries: list[PetitionerEntry] = []
        self.initial_people: list[str] = []  # petitioner ids the dialog opened with
        self.primary = 0
        self.files: list[Path] = []
        self.outcome: Outcome | None = None
        self.petitioner_dialog: PetitionerDialog | None = None
        self.done_box: QMessageBox | None = None
        self._auto_headcount = True
        self.setWindowTitle(self.tr("Register a petition"))
        self.heading.setText(self.tr("Register a petition"))
        self.who = QLabel(self.body)
        self.who.setObjectName("registeringAs")
        self.who.setStyleSheet("color: #555555;")
        self.who.setWordWrap(True)
        self.body_layout.addWidget(self.who)
        self.form = RegistrationForm(self.cross_message, self.body)
        for left, right in LAYOUT:
            self.form.add_row(self._editor(left), self._editor(right) if right else None)
        self.body_layout.addWidget(self.form)
        self._build_petitioners()
        self._build_attachments()
        self.body_layout.addStretch(1)
        self.form.state_changed.connect(self._form_changed)
        self.fields["is_repeat"].edited.connect(self._repeat_toggled)
        self.fields["headcount"].edited.connect(self._headcount_typed)
        self.form.load(
            {
                "reg_date": date.today(),
                "headcount": 1,
                "is_repeat": False,
                "repeat_count": "0",  # set_value shows 0 as empty
                "confidential": True,
            }
        )
        self._repeat_toggled()
        self.form.initial = self.form.raw_values()
        for keys, slot in ((SEARCH_KEYS, self.focus_search), (TYPE_IN_KEYS, self.type_in)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        self.loaded = False
        self._load()
        self.fit_to_screen(940, 760)
        self._refresh_people()

    @property
    def fields(self) -> dict[str, FieldEditor]:
        return self.form.fields

    def _editor(self, name: str) -> FieldEditor:
        spec = PETITION_FIELDS[name]
        if name == "problem_area_code":
            return ChoiceField(spec, self.form, label=self.tr("Problem area"))
        return FieldEditor(spec, self.form)

    def _section_title(self, text: str) -> QLabel:
        title = QLabel(text, self.body)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.body_layout.addWidget(title)
        return title

    def _build_petitioners(self) -> None:
        self._section_title(self.tr("Petitioners"))
        row = QHBoxLayout()
        label = QLabel(
            self.tr("Add a registered person ({keys}):").replace("{keys}", SEARCH_KEYS), self.body
        )
        self.picker = PersonPicker(self.ctx, self.body)
        label.setBuddy(self.picker.edit)
        row.addWidget(label)
        row.addWidget(self.picker, 1)
        self.body_layout.addLayout(row)
        row = QHBoxLayout()
        self.type_in_button = QPushButton(
            self.tr("Type in… ({keys})").replace("{keys}", TYPE_IN_KEYS), self.body
        )
        self.type_in_button.setObjectName("typeInPetitioner")
        self.type_in_button.setAutoDefault(False)
        self.type_in_button.clicked.connect(lambda: self.type_in())
        other = QLabel(self.tr("Someone who is not in the register:"), self.body)
        other.setBuddy(self.type_in_button)
        row.addWidget(other)
        row.addWidget(self.type_in_button)
        row.addStretch(1)
        self.body_layout.addLayout(row)
        self.picker.picked.connect(lambda hit: self.link_person(hit.person_id))
        self.picker.empty_enter.connect(self.save)

        table = PetitionerTable(0, len(COLUMNS), self.body)
        table.setObjectName("petitionerTable")
        table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("ID number"),
                self.tr("Phone"),
                self.tr("Source"),
                self.tr("Address"),
            ]
        )
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setMinimumHeight(table.fontMetrics().lineSpacing() * 6 + 12)
        table.edit_requested.connect(self.edit_petitioner)
        table.remove_requested.connect(self.remove_petitioner)
        table.primary_requested.connect(self.make_primary)
        table.doubleClicked.connect(lambda index: self.edit_petitioner(index.row()))
        table.itemSelectionChanged.connect(self._selection_changed)
        self.table = table
        self.body_layout.addWidget(table)
        self.people_hint = QLabel(
            self.tr(
                "Nobody named yet: find a registered person above, or type one in. "
                "The first petitioner is the main petitioner."
            ),
            self.body,
        )
        self.people_hint.setObjectName("petitionersHint")
        self.people_hint.setStyleSheet("color: #555555;")
        self.people_hint.setWordWrap(True)
        self.body_layout.addWidget(self.people_hint)
        self.people_note = QLabel(self.body)
        self.people_note.setObjectName("petitionersNote")
        self.people_note.setStyleSheet("color: #555555;")
        self.people_note.setWordWrap(True)
        self.people_note.hide()
        self.body_layout.addWidget(self.people_note)
        self.people_problem = QLabel(self.body)
        self.people_problem.setObjectName("petitionersProblem")
        self.people_problem.setStyleSheet("color: #b3261e;")
        self.people_problem.setWordWrap(True)
        self.people_problem.hide()
        self.body_layout.addWidget(self.people_problem)
        buttons = QHBoxLayout()
        self.primary_button = QPushButton(self.tr("Make main petitioner (Space)"), self.body)
        self.edit_button = QPushButton(self.tr("Edit (Enter)"), self.body)
        self.remove_button = QPushButton(self.tr("Remove (Del)"), self.body)
        for button in (self.primary_button, self.edit_button, self.remove_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.body_layout.addLayout(buttons)
        self.primary_button.clicked.connect(lambda: self.make_primary(self.table.currentRow()))
        self.edit_button.clicked.connect(lambda: self.edit_petitioner(self.table.currentRow()))
        self.remove_button.clicked.connect(lambda: self.remove_petitioner(self.table.currentRow()))

    def _build_attachments(self) -> None:
        self._section_title(self.tr("Attachments"))
        note = QLabel(
            self.tr(
                "Photos or scans (JPEG, PNG, TIFF, PDF), at most {limit} MB each; they are "
                "added once the petition is saved."
            ).replace("{limit}", str(MAX_BYTES >> 20)),
            self.body,
        )
        note.setStyleSheet("color: #555555;")
        note.setWordWrap(True)
        self.body_layout.addWidget(note)
        self.file_list = QListWidget(self.body)
        self.file_list.setObjectName("attachmentList")
        self.file_list.setMaximumHeight(self.file_list.fontMetrics().lineSpacing() * 4 + 12)
        self.file_list.hide()
        self.body_layout.addWidget(self.file_list)
        self.file_problem = QLabel(self.body)
        self.file_problem.setObjectName("attachmentProblem")
        self.file_problem.setStyleSheet("color: #b3261e;")
        self.file_problem.setWordWrap(True)
        self.file_problem.hide()
        self.body_layout.addWidget(self.file_problem)
        row = QHBoxLayout()
        self.add_file_button = QPushButton(self.tr("Add files…"), self.body)
        self.add_file_button.setObjectName("addAttachment")
        self.remove_file_button = QPushButton(self.tr("Remove file"), self.body)
        for button in (self.add_file_button, self.remove_file_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        self.body_layout.addLayout(row)
        self.add_file_button.clicked.connect(self.choose_files)
        self.remove_file_button.clicked.connect(self.remove_file)
        self.remove_file_button.setEnabled(False)
        self.file_list.currentRowChanged.connect(
            lambda row: self.remove_file_button.setEnabled(row >= 0)
        )

    # --- loading ----------------------------------------------------------------------------

    def _load(self) -> None:
        store = self.ctx.store
        person_id = self.person_id
        self.ctx.tasks.submit(
            lambda _ctx: read_setup(store, person_id),
            on_done=while_alive(self, self._loaded),
            on_error=while_alive(self, self._load_failed),
            quiet=True,
        )

    def _loaded(self, setup: Setup) -> None:
        self.who.setText(
            self.tr("Registered by {user} · role of this computer: {role}")
            .replace("{user}", self.ctx.store.user_id)
            .replace("{role}", petition_flow.role_label(setup.role))
        )
        area = self.fields["problem_area_code"]
        assert isinstance(area, ChoiceField)
        area.set_choices(setup.villages)
        if setup.scope_village and not area.raw():
            area.set_value(setup.scope_village)
        self.form.validate("problem_area_code", reveal=False)
        self.form.initial["problem_area_code"] = area.raw()
        if setup.person is not None:
            self._add_entry(setup.person)
            self.initial_people = [e.petitioner.id for e in self.entries]
        if setup.person_error:
            self.show_general(setup.person_error)
        self._finish_loading()

    def _load_failed(self, exc: BaseException) -> None:
        text = exc.text() if isinstance(exc, StoreError) else str(exc)
        self.show_general(text)
        self._finish_loading()

    def _finish_loading(self) -> None:
        self.loaded = True
        self.update_state()
        if self.isVisible():
            self.focus_start()

    # --- petitioners -----------------------------------------------------------------------

    def petitioners(self) -> list[Petitioner]:
        """The petitioners as they will be saved (the 主信访人 marked)."""
        return [
            replace(e.petitioner, is_primary=index == self.primary)
            for index, e in enumerate(self.entries)
        ]

    def focus_search(self) -> None:
        """Ins: the cursor into 添加已登记人员."""
        self.scroll_area.ensureWidgetVisible(self.picker)
        self.picker.focus()

    def link_person(self, person_id: str) -> None:
        """Add a registered person as petitioner (read on the worker)."""
        existing = next(
            (i for i, e in enumerate(self.entries) if e.petitioner.person_id == person_id), -1
        )
        if existing >= 0:
            name = self.entries[existing].petitioner.name
            self._note(self.tr("{name} is already a petitioner.").replace("{name}", name))
            self.table.setCurrentCell(existing, 0)
            return
        store = self.ctx.store
        self.ctx.tasks.submit(
            lambda _ctx: read_person(store, person_id),
            on_done=while_alive(self, self._person_read),
            on_error=while_alive(self, self._person_failed),
            quiet=True,
        )

    def _person_read(self, entry: PetitionerEntry) -> None:
        if any(e.petitioner.person_id == entry.petitioner.person_id for e in self.entries):
            return  # picked twice while the first read was on its way
        self._add_entry(entry)
        self.picker.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _person_failed(self, exc: BaseException) -> None:
        self._note(exc.text() if isinstance(exc, StoreError) else str(exc))

    def _add_entry(self, entry: PetitionerEntry) -> None:
        self.entries.append(entry)
        self._refresh_people()
        self.table.setCurrentCell(len(self.entries) - 1, 0)

    def type_in(self, row: int = -1) -> PetitionerDialog | None:
        """手工填写 (``row`` -1) or edit a typed-in petitioner."""
        if self.petitioner_dialog is not None:
            return None
        base = self.entries[row].petitioner if row >= 0 else None
        taken = {
            e.petitioner.id_number
            for i, e in enumerate(self.entries)
            if i != row and e.petitioner.id_number
        }
        dialog = PetitionerDialog(self.ctx, self, base, taken)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda code: self._typed_in(dialog, row, code))
        self.petitioner_dialog = dialog
        dialog.open()
        return dialog

    def _typed_in(self, dialog: PetitionerDialog, row: int, code: int) -> None:
        self.petitioner_dialog = None
        self.activateWindow()
        if dialog.link_person_id is not None:
            if row >= 0:
                self.remove_petitioner(row)
            self.link_person(dialog.link_person_id)
            return
        petitioner = dialog.result_petitioner
        if code != QDialog.DialogCode.Accepted or petitioner is None:
            return
        if row >= 0:
            self.entries[row] = PetitionerEntry(petitioner)
        else:
            self.entries.append(PetitionerEntry(petitioner))
            row = len(self.entries) - 1
        self._refresh_people()
        self.table.setCurrentCell(row, 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def edit_petitioner(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        if self.entries[row].linked:
            self._note(
                self.tr(
                    "A registered person's details come from the register: change them on "
                    "their household page."
                )
            )
            return
        self.type_in(row)

    def remove_petitioner(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        del self.entries[row]
        if self.primary == row or self.primary >= len(self.entries):
            self.primary = 0
        elif self.primary > row:
            self.primary -= 1
        self._refresh_people()
        if self.entries:
            self.table.setCurrentCell(min(row, len(self.entries) - 1), 0)

    def make_primary(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.primary = row
            self._refresh_people()
            self.table.setCurrentCell(row, 0)

    def _note(self, text: str) -> None:
        self.people_note.setText(text)
        self.people_note.setVisible(bool(text))

    def _refresh_people(self) -> None:
        self._note("")
        table = self.table
        table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            p = entry.petitioner
            if entry.linked:
                source = (
                    self.tr("Household {number}").replace("{number}", entry.household_no)
                    if entry.household_no
                    else self.tr("Registered")
                )
                source_tip = self.tr("A registered person: the details come from the register")
            else:
                source, source_tip = self.tr("Typed in"), ""
            name = p.name
            if row == self.primary:
                name = self.tr("{name} (main)").replace("{name}", p.name)
            cells = (
                (name, self.tr("Main petitioner") if row == self.primary else ""),
                (mask_id_number(p.id_number) if p.id_number else "", ""),
                (mask_phone(p.phone) if p.phone else "", ""),
                (source, source_tip),
                (p.address, p.address),
            )
            for column, (text, tip) in enumerate(cells):
                item = QTableWidgetItem(text)
                if tip:
                    item.setToolTip(tip)
                if row == self.primary and column == 0:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                table.setItem(row, column, item)
        table.setVisible(bool(self.entries))
        self.people_hint.setVisible(not self.entries)
        self._selection_changed()
        self._follow_headcount()
        self._recheck()

    def _selection_changed(self) -> None:
        row = self.table.currentRow()
        has_row = 0 <= row < len(self.entries)
        self.primary_button.setEnabled(has_row and row != self.primary)
        self.edit_button.setEnabled(has_row and not self.entries[row].linked)
        self.remove_button.setEnabled(has_row)

    # --- cross-field rules -----------------------------------------------------------------

    def group_errors(self, overrides: dict[str, Any] | None = None) -> list[FieldError]:
        """The registration's rules over the fields and the petitioners, by the model
        (``gridapp.models.petition_register.group_errors``) over the values that
        are valid now; "nobody named" is left to the save button."""
        cleaned = {**self.form.values, **(overrides or {})}
        people = self.petitioners() or [Petitioner(id="", petition_id="", name="-")]
        stub = Petition(
            id="",
            reg_no="",
            reg_date=date.today(),
            channel=str(cleaned.get("channel") or ""),
            kind="",
            headcount=len(people),
        )
        return [
            e for e in registration_errors(stub, cleaned, people) if e.message != MSG_NO_PETITIONER
        ]

    def cross_message(self, name: str, value: Any) -> str:
        return next((e.text() for e in self.group_errors({name: value}) if e.field == name), "")

    def people_messages(self) -> list[str]:
        if not self.entries:
            return []
        return list(
            dict.fromkeys(e.text() for e in self.group_errors() if e.field == "petitioners")
        )

    def _recheck(self) -> None:
        """Re-check what depends on other fields or on the petitioners."""
        for name in CROSS_FIELDS:
            self.form.validate(name, reveal=name in self.form.touched)
        messages = self.people_messages()
        self.people_problem.setText("\n".join(messages))
        self.people_problem.setVisible(bool(messages))
        self.update_state()

    def _form_changed(self) -> None:
        self._recheck()

    def _repeat_toggled(self) -> None:
        repeat = bool(self.fields["is_repeat"].raw())
        count = self.fields["repeat_count"]
        if not repeat:
            count.set_value("0")
        count.set_read_only(
            not repeat, "" if repeat else self.tr("Tick 是否重复信访 to give the number of times.")
        )
        self._recheck()

    def _headcount_typed(self) -> None:
        self._auto_headcount = False

    def _follow_headcount(self) -> None:
        """人数 follows the petitioners named until the user types one."""
        if not self._auto_headcount:
            return
        headcount = self.fields["headcount"]
        headcount.set_value(max(1, len(self.entries)))
        self.form.initial["headcount"] = headcount.raw()

    # --- FormDialog -------------------------------------------------------------------------

    def forms(self) -> list[FieldForm]:
        return [self.form]

    def done_text(self) -> str:
        return self.tr("Register")

    def is_dirty(self) -> bool:
        people = [e.petitioner.id for e in self.entries]
        return super().is_dirty() or people != self.initial_people or bool(self.files)

    def discard_question(self) -> str:
        return self.tr("Discard this registration and everything typed for it?")

    def extra_missing(self) -> list[str]:
        return [] if self.entries else [self.tr("petitioner")]

    def extra_wrong(self) -> list[str]:
        return [self.tr("petitioners")] if self.people_messages() else []

    def extra_problem(self) -> QWidget | None:
        return self.table if self.entries else self.picker.edit

    def save_job(self) -> Callable[[TaskContext], Any] | None:
        values = self.form.cleaned()
        petition = Petition(
            id=new_id(),
            reg_no="",
            reg_date=values["reg_date"],
            channel=values["channel"],
            kind=values["kind"],
            category=values.get("category") or "",
            summary=values["summary"],
            content=values.get("content") or "",
            headcount=values["headcount"],
            is_repeat=values["is_repeat"],
            repeat_count=values.get("repeat_count") or 0,
            problem_area_code=values.get("problem_area_code") or "",
            problem_address=values.get("problem_address") or "",
            confidential=values["confidential"],
        )
        petitioners = [replace(p, petition_id=petition.id) for p in self.petitioners()]
        files = list(self.files)
        store = self.ctx.store
        return lambda _ctx: register_job(store, petition, petitioners, files)

    def show_refusal(self, exc: ValidationError) -> None:
        """The petitioners' problems under their table; the rest under the fields."""
        people = [e for e in exc.errors if e.field.startswith("petitioners")]
        rest = [e for e in exc.errors if not e.field.startswith("petitioners")]
        if people:
            messages = list(dict.fromkeys(self._petitioner_text(e) for e in people))
            self.people_problem.setText("\n".join(messages))
            self.people_problem.setVisible(True)
        super().show_refusal(ValidationError(rest))
        if people and not rest:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _petitioner_text(self, error: FieldError) -> str:
        """``petitioners[1].phone`` → "李四：…"."""
        head, _dot, _name = error.field.partition(".")
        if head.startswith("petitioners[") and head.endswith("]"):
            index = head[len("petitioners[") : -1]
            if index.isdigit() and int(index) < len(self.entries):
                name = self.entries[int(index)].petitioner.name
                return (
                    self.tr("{name}: {message}")
                    .replace("{name}", name)
                    .replace("{message}", error.text())
                )
        return error.text()

    def saved(self, result: Any) -> None:
        assert isinstance(result, Outcome)
        self.outcome = result
        self.ctx.signals.data_changed.emit(result.changes)
        petition_id = result.petition.id
        text = self.registered_text(result)
        host = self.parentWidget()
        nav = self.ctx.nav

        def after(_code: int) -> None:
            nav.open_petition(petition_id)
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Register a petition"),
                text,
                QMessageBox.StandardButton.Ok,
                host,
            )
            box.setObjectName("petitionRegistered")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.done_box = box
            box.open()

        self.finished.connect(after)

    def registered_text(self, outcome: Outcome) -> str:
        """已登记，编号 …, and what became of the attachments."""
        lines = [
            self.tr("Registered, number {number}.").replace("{number}", outcome.petition.reg_no)
        ]
        if outcome.attached:
            lines.append(
                self.tr("{count} attachments added.").replace("{count}", str(outcome.attached))
            )
        if outcome.refused:
            lines.append(self.tr("These files were not attached:"))
            lines += [
                self.tr("{name}: {message}").replace("{name}", name).replace("{message}", message)
                for name, message in outcome.refused
            ]
        return "\n".join(lines)

    # --- attachments -----------------------------------------------------------------------

    def choose_files(self) -> None:
        names, _kind = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add files"),
            "",
            self.tr("Photos and scans ({patterns})").replace("{patterns}", FILE_PATTERNS),
        )
        if names:
            self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> None:
        """Check the files (size, type by content) on the worker; add those that pass."""

        def check(_ctx: TaskContext) -> list[tuple[Path, str]]:
            return [(path, attachment_problem(path)) for path in paths]

        self.ctx.tasks.submit(check, on_done=while_alive(self, self._files_checked), quiet=True)

    def _files_checked(self, results: list[tuple[Path, str]]) -> None:
        problems = [problem for _path, problem in results if problem]
        for path, problem in results:
            if not problem and path not in self.files:
                self.files.append(path)
                item = QListWidgetItem(path.name, self.file_list)
                item.setToolTip(str(path))
        self.file_list.setVisible(bool(self.files))
        self.file_problem.setText("\n".join(problems))
        self.file_problem.setVisible(bool(problems))

    def remove_file(self) -> None:
        row = self.file_list.currentRow()
        if 0 <= row < len(self.files):
            del self.files[row]
            self.file_list.takeItem(row)
        self.file_list.setVisible(bool(self.files))


def start_registration(
    ctx: UiContext, parent: QWidget | None, person_id: str | None = None
) -> PetitionRegisterDialog:
    """Open the registration form, with ``person_id`` as the first petitioner if given."""
    dialog = PetitionRegisterDialog(ctx, parent, person_id)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def registration_dialog(window: QObject) -> PetitionRegisterDialog | None:
    """The registration dialog open over ``window`` (None: none) — for tests and tools."""
    found = window.findChild(PetitionRegisterDialog)
    return found if isinstance(found, PetitionRegisterDialog) else None


__all__ = [
    "PersonPicker",
    "PetitionRegisterDialog",
    "PetitionerDialog",
    "registration_dialog",
    "start_registration",
]
