"""Dialogs for the household register's actions: 迁出, 死亡, 变更户主, 分户 (and the entry point
that also opens the tag dialogs).

Each dialog reads what it needs (the household's members) through ``ctx.tasks``, saves
through ``ctx.tasks`` with :class:`~gridapp.store.register_actions.RegisterActions`, shows
the store's refusals under the fields and stays open, and on success emits
``ctx.signals.data_changed`` and closes. 迁出 and 死亡 ask for confirmation first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from gridapp.models import codes
from gridapp.models.household import HEAD_RELATION, Household, Person
from gridapp.store.db import Changes
from gridapp.store.households import HouseholdRepository, new_id
from gridapp.store.register_actions import RegisterActions
from gridapp.ui.context import UiContext
from gridapp.ui.dialogs.action_dialog import (
    ActionDialog,
    date_edit,
    person_label,
    picked_date,
)

KINDS = ("move_out", "death", "head_change", "split", "person_tags", "household_tags")


@dataclass
class HouseholdMembers:
    """What the member dialogs read: the household and its active members, head first."""

    household: Household
    members: list[Person]

    @property
    def head(self) -> Person | None:
        return next((m for m in self.members if m.is_head), None)


def read_members(ctx: UiContext, household_id: str) -> Callable[[], HouseholdMembers]:
    def read() -> HouseholdMembers:
        household = HouseholdRepository(ctx.store).get_household(household_id)
        return HouseholdMembers(household, RegisterActions(ctx.store).active_members(household_id))

    return read


def relation_combo(parent: QWidget, current: str) -> QComboBox:
    """Every relation to the head except 户主 itself, set to ``current``; when ``current`` is
    not one of them (a former head, an empty or unknown code) the box starts on "choose", so
    nothing is changed that nobody chose."""
    combo = QComboBox(parent)
    # Sized for the usual labels (配偶, 长子, 儿媳), not the longest (孙子、孙女或外孙子、外孙女).
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(7)
    for code in codes.table("relation").items():
        if code.code != HEAD_RELATION:
            combo.addItem(code.label, code.code)
    index = combo.findData(current)
    if index < 0:
        combo.insertItem(0, QCoreApplication.translate("RegisterActions", "Choose…"), "")
        index = 0
    combo.setCurrentIndex(index)
    return combo


def select_code(combo: QComboBox, code: str) -> None:
    index = combo.findData(code)
    combo.setCurrentIndex(max(index, 0))


# --- 迁出 / 死亡 -------------------------------------------------------------------------------


class LeaveDialog(ActionDialog):
    """迁出 or 死亡 of one member: who, when, (where to), a note; confirmed before saving."""

    kind = ""

    def __init__(
        self,
        ctx: UiContext,
        parent: QWidget | None,
        household_id: str,
        person_id: str | None,
        title: str,
        save_text: str,
    ) -> None:
        super().__init__(ctx, parent, title, save_text)
        self.household_id = household_id
        self.person_id = person_id
        self.members: list[Person] = []
        self.person_box = QComboBox(self)
        self.person_box.setObjectName("person")
        self.add_field("person_id", self.tr("Person"), self.person_box, self.tr("the person"))
        self.date = date_edit(self)
        self.date.setObjectName("event_date")
        self.add_field("event_date", self.date_label(), self.date, self.tr("the date"))
        self.add_specific_fields()
        self.detail = QLineEdit(self)
        self.detail.setObjectName("detail")
        self.detail.setPlaceholderText(self.tr("Optional"))
        self.add_field("detail", self.tr("Note"), self.detail)
        self.person_box.currentIndexChanged.connect(self.refresh_state)
        self.load(read_members(ctx, household_id), self.fill)

    def date_label(self) -> str:
        raise NotImplementedError

    def add_specific_fields(self) -> None:
        """Fields between the date and the note (迁出: the destination)."""

    def fill(self, data: HouseholdMembers) -> None:
        self.members = data.members
        self.person_box.clear()
        preset = self.person_id in {m.id for m in data.members}
        if not preset:  # a destructive action: nobody is chosen unless the page chose them
            self.person_box.addItem(self.tr("Choose…"), None)
        for member in data.members:
            self.person_box.addItem(person_label(member), member.id)
        if preset:
            select_code(self.person_box, str(self.person_id))
        self.person_box.setEnabled(not preset)
        self.set_intro(self.intro_text(data))

    def intro_text(self, data: HouseholdMembers) -> str:
        return (
            self.tr("Household {number}, {address}")
            .replace("{number}", data.household.household_no)
            .replace("{address}", data.household.address)
        )

    def chosen(self) -> Person | None:
        person_id = self.person_box.currentData()
        return next((m for m in self.members if m.id == person_id), None)

    def missing(self) -> list[str]:
        return [self.fields["person_id"].missing_text] if self.chosen() is None else []


class MoveOutDialog(LeaveDialog):
    """迁出: the member's status becomes 迁出 on the date; where they went is recorded."""

    kind = "move_out"

    def __init__(
        self, ctx: UiContext, parent: QWidget | None, household_id: str, person_id: str | None
    ) -> None:
        super().__init__(
            ctx,
            parent,
            household_id,
            person_id,
            self.tr("Move out (迁出)"),
            self.tr("Record move-out"),
        )

    def date_label(self) -> str:
        return self.tr("Moved out on")

    def add_specific_fields(self) -> None:
        self.destination = QLineEdit(self)
        self.destination.setObjectName("destination")
        self.destination.setPlaceholderText(self.tr("e.g. 南昌市东湖区, or another village"))
        self.destination.textChanged.connect(self.refresh_state)
        self.add_field("destination", self.tr("Moved to"), self.destination, self.tr("where to"))

    def missing(self) -> list[str]:
        missing = super().missing()
        if not self.destination.text().strip():
            missing.append(self.fields["destination"].missing_text)
        return missing

    def confirmation(self) -> tuple[str, str]:
        person = self.chosen()
        name = person.name if person is not None else ""
        text = self.tr(
            "{name} will be recorded as moved out on {date} (to {destination}). "
            "{name} stays in the household's records but no longer counts as living here; "
            "their open tags end on that date."
        )
        text = (
            text.replace("{name}", name)
            .replace("{date}", picked_date(self.date).isoformat())
            .replace("{destination}", self.destination.text().strip())
        )
        return text, self.tr("Confirm move-out")

    def save_job(self) -> Callable[[], Changes]:
        person_id = str(self.person_box.currentData())
        day, where, detail = picked_date(self.date), self.destination.text(), self.detail.text()
        store = self.ctx.store
        return lambda: RegisterActions(store).move_out(person_id, day, where, detail)


class DeathDialog(LeaveDialog):
    """死亡: the member's status becomes 死亡 on the date."""

    kind = "death"

    def __init__(
        self, ctx: UiContext, parent: QWidget | None, household_id: str, person_id: str | None
    ) -> None:
        super().__init__(
            ctx,
            parent,
            household_id,
            person_id,
            self.tr("Record a death (死亡)"),
            self.tr("Record death"),
        )

    def date_label(self) -> str:
        return self.tr("Date of death")

    def confirmation(self) -> tuple[str, str]:
        person = self.chosen()
        text = self.tr(
            "{name} will be recorded as deceased on {date}. {name} stays in the household's "
            "records but no longer counts as living here; their open tags end on that date."
        )
        text = text.replace("{name}", person.name if person is not None else "").replace(
            "{date}", picked_date(self.date).isoformat()
        )
        return text, self.tr("Confirm death")

    def save_job(self) -> Callable[[], Changes]:
        person_id = str(self.person_box.currentData())
        day, detail = picked_date(self.date), self.detail.text()
        store = self.ctx.store
        return lambda: RegisterActions(store).record_death(person_id, day, detail)


# --- 变更户主 ----------------------------------------------------------------------------------


class HeadChangeDialog(ActionDialog):
    """变更户主: the new head, the date, and every other member's relation to the new head."""

    def __init__(self, ctx: UiContext, parent: QWidget | None, household_id: str) -> None:
        super().__init__(ctx, parent, self.tr("Change the head (变更户主)"), self.tr("Change head"))
        self.household_id = household_id
        self.members: list[Person] = []
        self.old_head: Person | None = None
        self.head_box = QComboBox(self)
        self.head_box.setObjectName("new_head")
        self.add_field("new_head_id", self.tr("New head"), self.head_box, self.tr("the new head"))
        self.date = date_edit(self)
        self.date.setObjectName("event_date")
        self.add_field("event_date", self.tr("Changed on"), self.date, self.tr("the date"))
        self.relations_title = QLabel(self.tr("Relation of each member to the new head:"), self)
        self.add_full_row(self.relations_title)
        self.relations_widget = QWidget(self)
        self.relations_grid = QGridLayout(self.relations_widget)
        self.relations_grid.setContentsMargins(0, 0, 0, 0)
        self.relations_grid.setColumnStretch(1, 1)
        self.add_full_row(self.relations_widget)
        self.relation_boxes: dict[str, QComboBox] = {}
        self.head_box.currentIndexChanged.connect(self.rebuild_relations)
        self.load(read_members(ctx, household_id), self.fill)

    def fill(self, data: HouseholdMembers) -> None:
        self.members = data.members
        self.old_head = data.head
        self.set_intro(
            self.tr("Household {number}; head now: {head}")
            .replace("{number}", data.household.household_no)
            .replace("{head}", data.head.name if data.head else self.tr("none"))
        )
        self.head_box.blockSignals(True)
        self.head_box.clear()
        for member in data.members:
            if not member.is_head:
                self.head_box.addItem(person_label(member), member.id)
        self.head_box.blockSignals(False)
        self.rebuild_relations()

    def rebuild_relations(self) -> None:
        """One relation row per member but the new head, pre-set to their relation now; the
        former head starts empty, as a person must choose it."""
        while self.relations_grid.count():
            item = self.relations_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for name in [n for n in self.fields if n.startswith("relation.")]:
            del self.fields[name]
        self.relation_boxes = {}
        new_head = self.head_box.currentData()
        row = 0
        previous: QWidget = self.date
        for member in self.members:
            if member.id == new_head:
                continue
            label = QLabel(person_label(member), self.relations_widget)
            combo = relation_combo(self.relations_widget, member.relation)
            combo.setObjectName(f"relation_{member.id}")
            combo.currentIndexChanged.connect(self.refresh_state)
            error = QLabel(self.relations_widget)
            self.relations_grid.addWidget(label, row, 0)
            self.relations_grid.addWidget(combo, row, 1)
            self.relations_grid.addWidget(error, row + 1, 1)
            self.add_error_slot(f"relation.{member.id}", combo, error)
            self.relation_boxes[member.id] = combo
            QWidget.setTabOrder(previous, combo)
            previous = combo
            row += 2
        self.refresh_state()

    def missing(self) -> list[str]:
        missing = []
        if self.head_box.currentData() is None:
            missing.append(self.fields["new_head_id"].missing_text)
        for member in self.members:
            combo = self.relation_boxes.get(member.id)
            if combo is not None and not combo.currentData():
                missing.append(self.tr("relation of {name}").replace("{name}", member.name))
        return missing

    def save_job(self) -> Callable[[], Changes]:
        new_head = str(self.head_box.currentData())
        day = picked_date(self.date)
        relations = {pid: str(combo.currentData()) for pid, combo in self.relation_boxes.items()}
        store, household_id = self.ctx.store, self.household_id
        return lambda: RegisterActions(store).change_head(household_id, new_head, day, relations)


# --- 分户 ------------------------------------------------------------------------------------


class SplitDialog(ActionDialog):
    """分户: the new household's number and address, the members who leave, its head, and
    their relations to that head."""

    def __init__(self, ctx: UiContext, parent: QWidget | None, household_id: str) -> None:
        super().__init__(ctx, parent, self.tr("Split the household (分户)"), self.tr("Split"))
        self.household_id = household_id
        self.source: Household | None = None
        self.members: list[Person] = []
        self.number = QLineEdit(self)
        self.number.setObjectName("household_no")
        self.number.textChanged.connect(self.refresh_state)
        self.add_field(
            "household_no", self.tr("New household no."), self.number, self.tr("household no.")
        )
        self.address = QLineEdit(self)
        self.address.setObjectName("address")
        self.address.textChanged.connect(self.refresh_state)
        self.add_field("address", self.tr("Address"), self.address, self.tr("address"))
        self.date = date_edit(self)
        self.date.setObjectName("event_date")
        self.add_field("event_date", self.tr("Split on"), self.date, self.tr("the date"))
        self.members_title = QLabel(
            self.tr("Members who leave (tick), the new head, and relations to the new head:"),
            self,
        )
        self.members_title.setWordWrap(True)
        self.add_full_row(self.members_title)
        self.members_widget = QWidget(self)
        self.members_grid = QGridLayout(self.members_widget)
        self.members_grid.setContentsMargins(0, 0, 0, 0)
        self.members_grid.setColumnStretch(0, 1)
        self.add_full_row(self.members_widget)
        members_error = QLabel(self)
        self.add_full_row(members_error)
        self.add_error_slot("person_ids", self.members_widget, members_error)
        head_error = QLabel(self)
        self.add_full_row(head_error)
        self.add_error_slot("new_head_id", self.members_widget, head_error)
        self.head_group = QButtonGroup(self)
        self.head_group.setExclusive(True)
        self.checks: dict[str, QCheckBox] = {}
        self.head_buttons: dict[str, QRadioButton] = {}
        self.relation_boxes: dict[str, QComboBox] = {}
        self.load(read_members(ctx, household_id), self.fill)

    def fill(self, data: HouseholdMembers) -> None:
        self.source = data.household
        self.members = data.members
        self.address.setText(data.household.address)
        self.set_intro(
            self.tr("Members of household {number} form a new household.").replace(
                "{number}", data.household.household_no
            )
        )
        previous: QWidget = self.date
        row = 0
        for member in data.members:
            check = QCheckBox(person_label(member), self.members_widget)
            check.setObjectName(f"leave_{member.id}")
            self.members_grid.addWidget(check, row, 0)
            if member.is_head:
                check.setEnabled(False)
                check.setToolTip(self.tr("The head stays; change the head first to let them go."))
                row += 1
                continue
            head = QRadioButton(self.tr("New head"), self.members_widget)
            head.setObjectName(f"head_{member.id}")
            head.setEnabled(False)
            self.head_group.addButton(head)
            combo = relation_combo(self.members_widget, member.relation)
            combo.setObjectName(f"relation_{member.id}")
            combo.currentIndexChanged.connect(self.refresh_state)
            combo.setEnabled(False)
            error = QLabel(self.members_widget)
            self.members_grid.addWidget(head, row, 1)
            self.members_grid.addWidget(combo, row, 2)
            self.members_grid.addWidget(error, row + 1, 0, 1, 3)
            self.add_error_slot(f"relation.{member.id}", combo, error)
            self.checks[member.id] = check
            self.head_buttons[member.id] = head
            self.relation_boxes[member.id] = combo
            check.toggled.connect(self.update_rows)
            head.toggled.connect(self.update_rows)
            for widget in (check, head, combo):
                QWidget.setTabOrder(previous, widget)
                previous = widget
            row += 2

    def update_rows(self) -> None:
        """A member's head button and relation follow their tick; the new head has no
        relation to choose (户主)."""
        for person_id, check in self.checks.items():
            head = self.head_buttons[person_id]
            leaving = check.isChecked()
            head.setEnabled(leaving)
            if not leaving and head.isChecked():
                self.head_group.setExclusive(False)
                head.setChecked(False)
                self.head_group.setExclusive(True)
            self.relation_boxes[person_id].setEnabled(leaving and not head.isChecked())
        leaving_ids = self.leaving()
        if len(leaving_ids) == 1 and self.new_head() is None:
            self.head_buttons[leaving_ids[0]].setChecked(True)  # one person: their own head
        self.refresh_state()

    def leaving(self) -> list[str]:
        return [pid for pid, check in self.checks.items() if check.isChecked()]

    def new_head(self) -> str | None:
        return next((pid for pid, b in self.head_buttons.items() if b.isChecked()), None)

    def missing(self) -> list[str]:
        missing = [
            row.missing_text
            for name, row in self.fields.items()
            if name in ("household_no", "address")
            and isinstance(row.widget, QLineEdit)
            and not row.widget.text().strip()
        ]
        if not self.leaving():
            missing.append(self.tr("members who leave"))
        elif self.new_head() is None:
            missing.append(self.tr("the new head"))
        for member in self.members:
            if (
                member.id in self.leaving()
                and member.id != self.new_head()
                and not self.relation_boxes[member.id].currentData()
            ):
                missing.append(self.tr("relation of {name}").replace("{name}", member.name))
        return missing

    def save_job(self) -> Callable[[], Changes]:
        assert self.source is not None
        target = Household(
            id=new_id(),
            household_no=self.number.text(),
            address=self.address.text(),
            kind=self.source.kind,
            resident_match=self.source.resident_match,
        )
        leaving = self.leaving()
        head = self.new_head() or ""
        relations = {
            pid: str(self.relation_boxes[pid].currentData()) for pid in leaving if pid != head
        }
        day = picked_date(self.date)
        store, household_id = self.ctx.store, self.household_id
        return lambda: RegisterActions(store).split_household(
            household_id, leaving, target, head, day, relations
        )


# --- the entry point ---------------------------------------------------------------------------


def start_register_action(
    ctx: UiContext,
    parent: QWidget,
    kind: str,
    household_id: str,
    person_id: str | None = None,
) -> QDialog:
    """Open the dialog of ``kind`` (one of :data:`KINDS`) without blocking; returns it.

    ``person_id`` preselects the member for 迁出/死亡 and names the person for person tags.
    """
    from gridapp.ui.dialogs.tags import TagsDialog

    dialog: QDialog
    if kind == "move_out":
        dialog = MoveOutDialog(ctx, parent, household_id, person_id)
    elif kind == "death":
        dialog = DeathDialog(ctx, parent, household_id, person_id)
    elif kind == "head_change":
        dialog = HeadChangeDialog(ctx, parent, household_id)
    elif kind == "split":
        dialog = SplitDialog(ctx, parent, household_id)
    elif kind == "person_tags":
        if person_id is None:
            raise ValueError("person_tags needs a person_id")
        dialog = TagsDialog(ctx, parent, "person", person_id)
    elif kind == "household_tags":
        dialog = TagsDialog(ctx, parent, "household", household_id)
    else:
        raise ValueError(f"unknown register action {kind!r}")
    dialog.setObjectName(f"register_action_{kind}")
    dialog.open()
    return dialog


__all__ = [
    "KINDS",
    "DeathDialog",
    "HeadChangeDialog",
    "MoveOutDialog",
    "SplitDialog",
    "start_register_action",
]
