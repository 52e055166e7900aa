"""党员双报到 dialogs for one member: 新增党员 / 修改党员信息, 报到 and 注销.

- :class:`MemberDialog` holds every field of ``MEMBER_FIELDS`` (``gridapp/models/
  party_register.py``) plus the ID number, each checked as it is typed by the model's own
  cleaning. **Ins** puts the cursor into a search over the household register (the window's
  search, :class:`MemberPersonPicker`): Enter links the chosen person — ID number, name, sex and
  birth date come from the register (not typed), phone, address, education and grid are filled
  where empty. Anyone else is typed in; a complete ID number is looked up on the worker: an ID
  already registered as a member is refused at the field, a person living here is linked as if
  picked, a person recorded as deceased is refused. The joined date may not lie before the
  18th birthday (the rule of ``validated_member``, shown as you type).
- :class:`SpecDialog` is a small form over a few field specs whose save is one repository call
  (报到 ``REPORT_FIELDS``, 注销 ``CANCEL_FIELDS``; the unit organisation dialogs of
  ``party_org.py`` use it too). The store's refusals (a second 报到, 报到 after 注销 …) are shown
  at the top or under their field, and nothing is saved.

Every dialog: Enter saves, Esc cancels (asking first when something was typed). Every read and
write runs on ``ctx.tasks``. Strings use ``QCoreApplication.translate("PartyDialogs", …)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import FieldSpec, clean_fields
from gridapp.models.idnumber import parse_id_number
from gridapp.models.party import PartyMember
from gridapp.models.party_register import (
    CANCEL_FIELDS,
    MEMBER_FIELDS,
    REPORT_FIELDS,
    eighteenth_birthday,
)
from gridapp.models.register import PERSON_FIELDS
from gridapp.store.db import Changes, Store
from gridapp.store.errors import StoreError
from gridapp.store.households import HouseholdRepository, new_id
from gridapp.store.party import MSG_NOTHING_CHANGED, PartyRepository
from gridapp.store.scope import load_scope, stored_places
from gridapp.store.search import SearchHit
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
from gridapp.ui.search_box import GlobalSearch, ResultPopup
from gridapp.ui.tasks import TaskContext

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

SEARCH_KEYS = "Ins"
LIVING = "1"
DECEASED = "3"
ID_SPEC = PERSON_FIELDS["id_number"]
MEMBER_LAYOUT: list[tuple[str, str | None]] = [
    ("id_number", "name"),
    ("sex", "birth_date"),
    ("party_org", None),
    ("joined_date", "membership"),
    ("work_unit", "phone"),
    ("education", "grid_code"),
    ("address", None),
    ("skills", None),
    ("note", None),
]
EDITABLE_FIELDS = tuple(name for name in MEMBER_FIELDS if name not in ("sex", "birth_date"))


# --- reading (worker) ------------------------------------------------------------------------


@dataclass
class Places:
    """Villages and grids of the places table, and this PC's village."""

    villages: list[tuple[str, str]] = field(default_factory=list)
    grids: list[tuple[str, str, str]] = field(default_factory=list)  # code, name, village
    scope_village: str = ""

    def grid_choices(self, village: str = "") -> list[tuple[str, str]]:
        return [(c, n) for c, n, v in self.grids if not village or v == village]

    def name_of(self, code: str) -> str:
        for c, n in self.villages:
            if c == code:
                return n
        for c, n, _v in self.grids:
            if c == code:
                return n
        return code


def read_places(store: Store) -> Places:
    places = Places()
    for p in stored_places(store.conn):
        if p.level == "village":
            places.villages.append((p.code, p.name))
        elif p.level == "grid":
            places.grids.append((p.code, p.name, p.parent_code or p.code.split("-", 1)[0]))
    scope = load_scope(store)
    places.scope_village = scope.village_code if scope is not None else ""
    return places


@dataclass
class RegisterPerson:
    """A person of the household register as a member is linked to them."""

    person_id: str
    id_number: str
    name: str
    status: str
    phone: str = ""
    address: str = ""
    education: str = ""
    grid_code: str = ""
    household_no: str = ""


@dataclass
class IdLookup:
    """What a typed ID number is: a member already, a registered person, or neither."""

    number: str
    member_name: str = ""
    person: RegisterPerson | None = None


def read_register_person(store: Store, person_id: str) -> RegisterPerson:
    repo = HouseholdRepository(store)
    person = repo.get_person(person_id)
    household = repo.get_household(person.household_id) if person.household_id else None
    return RegisterPerson(
        person_id=person.id,
        id_number=person.id_number,
        name=person.name,
        status=person.status,
        phone=person.phone,
        address=person.cur_address or (household.address if household is not None else ""),
        education=person.education,
        grid_code=person.grid_code,
        household_no=household.household_no if household is not None else "",
    )


def lookup_id(store: Store, number: str) -> IdLookup:
    found = IdLookup(number)
    member = PartyRepository(store).member_by_id_number(number)
    if member is not None:
        found.member_name = member.name
    person = HouseholdRepository(store).person_by_id_number(number)
    if person is not None:
        found.person = read_register_person(store, person.id)
    return found


# --- the person search -------------------------------------------------------------------------


class MemberPersonPicker(GlobalSearch):
    """The register's search in the member form: Enter (or a click) links the chosen person
    (``picked``); Enter in the empty box and Esc with nothing typed go to the dialog."""

    picked = Signal(object)  # SearchHit
    empty_enter = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.edit.setObjectName("memberSearch")
        self.edit.setPlaceholderText(
            translate(
                "PartyDialogs", "Name, pinyin initials, ID number or phone of a registered person"
            )
        )

    @property
    def popup(self) -> ResultPopup:
        fresh = self._popup is None
        popup = super().popup
        if fresh:
            popup.hint.setText(
                translate("PartyDialogs", "↑↓ choose · Enter link as member · Esc close")
            )
        return popup

    def open_hit(self, hit: SearchHit) -> None:
        self.edit.clear()
        self.hide_popup()
        self.picked.emit(hit)

    def register_hit(self, hit: SearchHit) -> None:
        self.open_hit(hit)

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        empty = not self.edit.text().strip()
        if key == Qt.Key.Key_Escape and empty and not self.popup_visible():
            return False
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


# --- the member form -----------------------------------------------------------------------------


def clean_member(values: dict[str, Any]) -> dict[str, Any]:
    return clean_fields(MEMBER_FIELDS, values)


def clean_id(values: dict[str, Any]) -> dict[str, Any]:
    raw = str(values.get("id_number") or "")
    if not raw.strip():
        return clean_fields({"id_number": ID_SPEC}, {"id_number": ""})
    return {"id_number": parse_id_number(raw).number}


class MemberForm(FieldForm):
    """The member's fields; the ID number's own rules, "already a member", and the joined
    date against the 18th birthday."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(clean_member, parent)
        self.members: dict[str, str] = {}  # ID number -> member name (looked up)
        self.deceased: set[str] = set()
        self.own_number = ""  # editing: the member's own ID number is no duplicate
        self._cleaners["id_number"] = clean_id  # the ID number's own rules

    def birth(self) -> date | None:
        raw = self.fields["id_number"].raw() if "id_number" in self.fields else ""
        try:
            return parse_id_number(str(raw or "")).birth_date
        except ValidationError:
            return None

    def extra_message(self, name: str, value: Any) -> str:
        if name == "id_number" and value and value != self.own_number:
            if value in self.members:
                return translate(
                    "PartyDialogs", "Already registered as a party member: {name}."
                ).replace("{name}", self.members[value])
            if value in self.deceased:
                return translate(
                    "PartyDialogs", "The household register records this person as deceased."
                )
        if name == "joined_date" and isinstance(value, date):
            birth = self.birth()
            if birth is not None and value < eighteenth_birthday(birth):
                return translate(
                    "PartyDialogs",
                    "Before the member's 18th birthday ({date}): members join from 18.",
                ).replace("{date}", eighteenth_birthday(birth).isoformat())
        return ""

    def after_validate(self, name: str, value: Any, message: str) -> None:
        if name != "id_number":
            return
        sex, birth = self.fields["sex"], self.fields["birth_date"]
        assert isinstance(sex, DerivedField) and isinstance(birth, DerivedField)
        try:
            idn = parse_id_number(str(self.fields["id_number"].raw() or ""))
        except ValidationError:
            sex.show_derived("")
            birth.show_derived("")
            return
        sex.show_derived(code_label("sex", idn.sex))
        birth.show_derived(idn.birth_date.isoformat())

    def reveal_now(self, name: str) -> bool:
        # A complete ID number is judged at once (18 characters typed).
        if name == "id_number":
            return len(str(self.fields[name].raw() or "").strip()) >= 18
        return False


class MemberDialog(FormDialog):
    """新增党员 (``member`` None) or 修改党员信息. ``saved_member`` holds the member as saved."""

    def __init__(
        self, ctx: UiContext, parent: QWidget | None, member: PartyMember | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.member = member
        self.saved_member: PartyMember | None = None
        self.linked: RegisterPerson | None = None
        self.places = Places()
        self._looked_up: set[str] = set()
        editing = member is not None
        self.setObjectName("partyMemberDialog")
        title = (
            translate("PartyDialogs", "Edit party member")
            if editing
            else translate("PartyDialogs", "New party member")
        )
        self.setWindowTitle(title)
        self.heading.setText(title if member is None else f"{title} · {member.name}")
        if not editing:
            self._build_search()
        self.link_note = QLabel(self.body)
        self.link_note.setObjectName("memberLinkNote")
        self.link_note.setWordWrap(True)
        self.link_note.setStyleSheet("color: #1f4e79;")
        self.link_note.hide()
        self.body_layout.addWidget(self.link_note)
        self.form = MemberForm(self.body)
        for left, right in MEMBER_LAYOUT:
            self.form.add_row(self._editor(left), self._editor(right) if right else None)
        self.body_layout.addWidget(self.form)
        self.body_layout.addStretch(1)
        self.form.state_changed.connect(self._form_changed)
        self.form.fields["id_number"].edited.connect(self._id_edited)
        if member is not None:
            self.form.only_changed = True
            self.form.own_number = member.id_number
            self.form.load({"id_number": member.id_number, **self._values_of(member)})
            self.form.fields["id_number"].set_read_only(
                True,
                translate(
                    "PartyDialogs", "The ID number identifies the member and cannot be changed."
                ),
            )
            if member.person_id:
                self.form.fields["name"].set_read_only(
                    True,
                    translate(
                        "PartyDialogs", "Taken from the household register: correct it there."
                    ),
                )
                self.link_note.setText(
                    translate(
                        "PartyDialogs",
                        "Linked to the household register: name, sex and date of birth are"
                        " corrected there.",
                    )
                )
                self.link_note.show()
        else:
            self.form.load({"membership": "full"})
        self.loaded = False
        store = ctx.store
        ctx.tasks.submit(
            lambda _t: read_places(store),
            on_done=while_alive(self, self._places_read),
            on_error=while_alive(self, self._read_failed),
            quiet=True,
        )
        self.update_state()
        self.fit_to_screen(860, 640)

    # --- building -------------------------------------------------------------------------

    def _build_search(self) -> None:
        row = QHBoxLayout()
        label = QLabel(
            translate("PartyDialogs", "Find in the household register ({keys}):").replace(
                "{keys}", SEARCH_KEYS
            ),
            self.body,
        )
        self.picker = MemberPersonPicker(self.ctx, self.body)
        label.setBuddy(self.picker.edit)
        row.addWidget(label)
        row.addWidget(self.picker, 1)
        self.unlink_button = QPushButton(translate("PartyDialogs", "Type in instead"), self.body)
        self.unlink_button.setObjectName("unlinkMember")
        self.unlink_button.setAutoDefault(False)
        self.unlink_button.hide()
        self.unlink_button.clicked.connect(self.unlink)
        row.addWidget(self.unlink_button)
        self.body_layout.addLayout(row)
        hint = QLabel(
            translate(
                "PartyDialogs",
                "A member who lives here is linked to the register (name, sex and date of"
                " birth from there); anyone else is typed in below.",
            ),
            self.body,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        self.body_layout.addWidget(hint)
        self.picker.picked.connect(lambda hit: self.link_person(hit.person_id))
        self.picker.empty_enter.connect(self.save)
        QShortcut(QKeySequence(SEARCH_KEYS), self).activated.connect(self.focus_search)

    def _editor(self, name: str) -> FieldEditor:
        if name == "id_number":
            return FieldEditor(ID_SPEC, self.form)
        spec = MEMBER_FIELDS[name]
        if name in ("sex", "birth_date"):
            return DerivedField(spec, self.form)
        if name == "grid_code":
            return ChoiceField(spec, self.form)
        return FieldEditor(spec, self.form)

    def _places_read(self, places: Places) -> None:
        self.places = places
        grid = self.form.fields["grid_code"]
        assert isinstance(grid, ChoiceField)
        current = self.member.grid_code if self.member is not None else grid.raw()
        grid.set_choices(places.grid_choices())
        grid.set_value(current)
        self.form.initial["grid_code"] = grid.raw()
        self.form.validate("grid_code", reveal=False)
        self._finish_loading()

    def _read_failed(self, exc: BaseException) -> None:
        self.show_general(exc.text() if isinstance(exc, StoreError) else str(exc))
        self._finish_loading()

    def _finish_loading(self) -> None:
        self.loaded = True
        self.update_state()
        if self.isVisible():
            self.focus_start()

    @staticmethod
    def _values_of(member: PartyMember) -> dict[str, Any]:
        return {name: getattr(member, name) for name in MEMBER_FIELDS}

    # --- linking --------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Ins: the cursor into the register search (new members only)."""
        if self.member is None and self.linked is None:
            self.scroll_area.ensureWidgetVisible(self.picker)
            self.picker.focus()

    def link_person(self, person_id: str) -> None:
        store = self.ctx.store
        self.ctx.tasks.submit(
            lambda _t: read_register_person(store, person_id),
            on_done=while_alive(self, self._link),
            on_error=while_alive(self, self._read_failed),
            quiet=True,
        )

    def _link(self, person: RegisterPerson) -> None:
        if person.status == DECEASED:
            self.form.deceased.add(person.id_number)
            self.form.fields["id_number"].set_value(person.id_number)
            self.form.touched.add("id_number")
            self.form.validate("id_number")
            self.update_state()
            return
        if person.status != LIVING:
            # Moved away: typed in, with what the register knows as a start.
            self._fill(person, link=False)
            return
        self._fill(person, link=True)

    def _fill(self, person: RegisterPerson, link: bool) -> None:
        fields = self.form.fields
        fields["id_number"].set_value(person.id_number)
        fields["name"].set_value(person.name)
        for name in ("phone", "address", "education", "grid_code"):
            if fields[name].is_empty() and getattr(person, name):
                fields[name].set_value(getattr(person, name))
        self.linked = person if link else None
        if link:
            hint = translate("PartyDialogs", "Taken from the household register.")
            fields["id_number"].set_read_only(True, hint)
            fields["name"].set_read_only(True, hint)
            text = translate(
                "PartyDialogs",
                "Linked to {name} of household {household} in the register: ID number, name,"
                " sex and date of birth come from there.",
            )
            self.link_note.setText(
                text.replace("{name}", person.name).replace("{household}", person.household_no)
            )
            self.link_note.show()
            self.unlink_button.show()
        for name in fields:
            self.form.validate(name, reveal=not fields[name].is_empty())
        self.form.state_changed.emit()
        first = self.form.first_empty_required()
        if first is not None:
            first.focus()

    def unlink(self) -> None:
        """Type the member in after all (the fields stay, now editable)."""
        self.linked = None
        for name in ("id_number", "name"):
            self.form.fields[name].set_read_only(False)
        self.link_note.hide()
        self.unlink_button.hide()
        self.form.fields["id_number"].focus()

    def _id_edited(self) -> None:
        """A complete, valid ID number typed: is it a member already, a registered person?"""
        value = self.form.values.get("id_number")
        if not value or value in self._looked_up or self.member is not None:
            return
        self._looked_up.add(value)
        store = self.ctx.store
        self.ctx.tasks.submit(
            lambda _t: lookup_id(store, value),
            on_done=while_alive(self, self._id_looked_up),
            quiet=True,
        )

    def _id_looked_up(self, found: IdLookup) -> None:
        if found.member_name:
            self.form.members[found.number] = found.member_name
        if found.person is not None and found.person.status == DECEASED:
            self.form.deceased.add(found.number)
        if self.form.values.get("id_number") != found.number and found.number not in str(
            self.form.fields["id_number"].raw()
        ):
            return  # typed on meanwhile
        self.form.touched.add("id_number")
        self.form.validate("id_number")
        if (
            not found.member_name
            and found.person is not None
            and found.person.status == LIVING
            and self.linked is None
        ):
            typed = str(self.form.fields["name"].raw() or "").strip()
            if not typed or typed == found.person.name:
                self._fill(found.person, link=True)
        self.update_state()

    def _form_changed(self) -> None:
        self.form.validate("joined_date", reveal="joined_date" in self.form.touched)
        self.update_state()

    # --- FormDialog -----------------------------------------------------------------------

    def forms(self) -> list[FieldForm]:
        return [self.form]

    def done_text(self) -> str:
        if self.member is None:
            return translate("PartyDialogs", "Register the member")
        return translate("PartyDialogs", "Save changes")

    def discard_question(self) -> str:
        return translate("PartyDialogs", "Discard the member you typed?")

    def is_dirty(self) -> bool:
        return self.form.is_dirty() or self.linked is not None

    def save_job(self) -> Callable[[TaskContext], Any] | None:
        store = self.ctx.store
        raw = self.form.raw_values()
        if self.member is not None:
            member_id = self.member.id
            values = {name: raw[name] for name in self.form.changed_fields() if name != "id_number"}
            if not values:
                raise ValidationError([FieldError("values", MSG_NOTHING_CHANGED)])

            def update(_t: TaskContext) -> tuple[PartyMember, Changes]:
                saved = PartyRepository(store).update_member(member_id, values)
                changes = Changes()
                changes.add("party_member", saved.id)
                return saved, changes

            return update
        linked = self.linked
        fields = {name: raw.get(name, "") for name in EDITABLE_FIELDS}
        draft = PartyMember(
            id=new_id(),
            id_number=str(raw.get("id_number") or ""),
            person_id=linked.person_id if linked is not None else None,
            **fields,
        )

        def add(_t: TaskContext) -> tuple[PartyMember, Changes]:
            saved = PartyRepository(store).add_member(draft)
            changes = Changes()
            changes.add("party_member", saved.id)
            return saved, changes

        return add

    def saved(self, result: Any) -> None:
        member, changes = result
        self.saved_member = member
        self.ctx.signals.data_changed.emit(changes)


# --- small forms over a few specs --------------------------------------------------------


class SpecDialog(FormDialog):
    """A dialog over a few field specs whose save is one repository call.

    ``job(values)`` returns the write for the worker; it gets the raw values of every field
    (the store checks them again) and returns ``(result, Changes)``.
    """

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None,
        *,
        title: str,
        heading: str,
        intro: str,
        specs: dict[str, FieldSpec],
        layout: list[tuple[str, str | None]],
        initial: dict[str, Any],
        job: Callable[[dict[str, Any]], Callable[[TaskContext], Any]],
        done: str,
        choices: dict[str, list[tuple[str, str]]] | None = None,
        object_name: str = "",
    ) -> None:
        super().__init__(ctx, parent)
        self.setObjectName(object_name or "partySpecDialog")
        self.setWindowTitle(title)
        self.heading.setText(heading)
        self._job = job
        self._done = done
        self.result_value: Any = None
        if intro:
            note = QLabel(intro, self.body)
            note.setObjectName("specIntro")
            note.setWordWrap(True)
            self.body_layout.addWidget(note)
        self.form = FieldForm(partial(clean_fields, specs), self.body)
        choices = choices or {}
        for left, right in layout:
            self.form.add_row(
                self._editor(specs, left, choices),
                self._editor(specs, right, choices) if right else None,
            )
        self.body_layout.addWidget(self.form)
        self.body_layout.addStretch(1)
        self.form.state_changed.connect(self.update_state)
        self.form.load(initial)
        self.update_state()
        self.fit_to_screen(640, 380)

    def _editor(
        self, specs: dict[str, FieldSpec], name: str, choices: dict[str, list[tuple[str, str]]]
    ) -> FieldEditor:
        if name in choices:
            return ChoiceField(specs[name], self.form, choices[name])
        return FieldEditor(specs[name], self.form)

    def field(self, name: str) -> FieldEditor:
        return self.form.fields[name]

    def forms(self) -> list[FieldForm]:
        return [self.form]

    def done_text(self) -> str:
        return self._done

    def save_job(self) -> Callable[[TaskContext], Any] | None:
        return self._job(self.form.raw_values())

    def saved(self, result: Any) -> None:
        value, changes = result
        self.result_value = value
        self.ctx.signals.data_changed.emit(changes)


def report_dialog(
    ctx: UiContext, parent: QWidget | None, member: PartyMember, places: Places
) -> SpecDialog:
    """报到 of ``member``: date (today), community (where the member lives, else this PC's),
    grid (the member's when it lies there), channel."""
    store = ctx.store
    community = member.area_code or places.scope_village
    grid = member.grid_code if member.grid_code.split("-", 1)[0] == community else ""

    def job(values: dict[str, Any]) -> Callable[[TaskContext], Any]:
        def run(_t: TaskContext) -> tuple[Any, Changes]:
            saved = PartyRepository(store).report(
                member.id,
                values.get("report_date"),
                community_code=str(values.get("community_code") or ""),
                grid_code=str(values.get("grid_code") or ""),
                channel=str(values.get("channel") or ""),
            )
            changes = Changes()
            changes.add("party_report", saved.id)
            changes.add("party_member", member.id)
            return saved, changes

        return run

    villages = list(places.villages)
    title = translate("PartyDialogs", "Report (报到)")
    dialog = SpecDialog(
        ctx,
        parent,
        title=title,
        heading=f"{title} · {member.name}",
        intro=translate(
            "PartyDialogs",
            "The member reports to the community and is assigned to a grid. A member reports"
            " once, and not again after 注销.",
        ),
        specs=REPORT_FIELDS,
        layout=[("report_date", "channel"), ("community_code", "grid_code")],
        initial={
            "report_date": date.today().isoformat(),
            "community_code": community,
            "grid_code": grid,
            "channel": "offline",
        },
        job=job,
        done=translate("PartyDialogs", "Record the report"),
        choices={"community_code": villages, "grid_code": places.grid_choices()},
        object_name="partyReportDialog",
    )
    return dialog


def cancel_dialog(ctx: UiContext, parent: QWidget | None, member: PartyMember) -> SpecDialog:
    """注销 of ``member``'s report in force: date and reason."""
    store = ctx.store

    def job(values: dict[str, Any]) -> Callable[[TaskContext], Any]:
        def run(_t: TaskContext) -> tuple[Any, Changes]:
            saved = PartyRepository(store).cancel_report(
                member.id, values.get("cancel_date"), values.get("cancel_reason")
            )
            changes = Changes()
            changes.add("party_report", saved.id)
            return saved, changes

        return run

    title = translate("PartyDialogs", "Cancel the report (注销)")
    return SpecDialog(
        ctx,
        parent,
        title=title,
        heading=f"{title} · {member.name}",
        intro=translate(
            "PartyDialogs",
            "注销 ends the member's report; the history is kept. After 注销 the member cannot"
            " report again.",
        ),
        specs=CANCEL_FIELDS,
        layout=[("cancel_date", None), ("cancel_reason", None)],
        initial={"cancel_date": date.today().isoformat()},
        job=job,
        done=translate("PartyDialogs", "Cancel the report"),
        object_name="partyCancelDialog",
    )
