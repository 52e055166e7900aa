"""Table models of the household page: members, history, petitions, party members.

They hold plain rows made from one :class:`~gridapp.store.household_view.HouseholdView` read
on the worker; ``data()`` never touches the store. A list never shows a full ID number or
phone number — only the masked forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models import codes
from gridapp.models.household import Person
from gridapp.models.petition_flow import status_label
from gridapp.store.household_view import HouseholdView

ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the row's record id (person id, petition id …)
FORMER_ROLE = Qt.ItemDataRole.UserRole + 3  # True for a member who left (迁出/死亡)
FORMER_COLOR = QColor("#8a8a8a")
AnyIndex = QModelIndex | QPersistentModelIndex

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


def label(table: str, code: str) -> str:
    entry = codes.table(table).get(code) if code else None
    return entry.label if entry is not None else code


def age_on(birth: date | None, day: date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


@dataclass(frozen=True)
class MemberRow:
    """One member as the table shows them."""

    person_id: str
    cells: tuple[str, ...]
    former: bool


def member_rows(view: HouseholdView) -> list[MemberRow]:
    """Current members first (head first), then former ones, as display rows."""
    rows = []
    for person in view.members:
        former = person.status != "1"
        # The age of someone who died stops at the date of death.
        until = person.status_date if person.status == "3" and person.status_date else view.today
        age = age_on(person.birth_date, until)
        status = label("person_status", person.status)
        if former and person.status_date:
            status = (
                translate("HouseholdTables", "{status} ({date})")
                .replace("{status}", status)
                .replace("{date}", person.status_date.isoformat())
            )
        tags = translate("HouseholdTables", ", ").join(
            label("person_tag", t.tag) for t in view.open_person_tags(person.id)
        )
        rows.append(
            MemberRow(
                person.id,
                (
                    person.name,
                    label("relation", person.relation),
                    label("sex", person.sex),
                    "" if age is None else str(age),
                    person.id_number,  # masked by load_household_view (issue #8)
                    person.phone,
                    label("population_type", person.population_type),
                    status,
                    tags,
                ),
                former,
            )
        )
    return rows


class RowsModel(QAbstractTableModel):
    """A read-only table of text rows, each with a record id."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[tuple[str, ...]] = []
        self.ids: list[str] = []

    def set_rows(self, rows: list[tuple[str, ...]], ids: list[str]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.ids = ids
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        if role == ID_ROLE:
            return self.ids[index.row()]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def row_of(self, record_id: str) -> int:
        return self.ids.index(record_id) if record_id in self.ids else -1


class MemberTableModel(RowsModel):
    """The members of a household; former members (迁出/死亡) greyed below the current."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                translate("HouseholdTables", "Name"),
                translate("HouseholdTables", "Relation"),
                translate("HouseholdTables", "Sex"),
                translate("HouseholdTables", "Age"),
                translate("HouseholdTables", "ID number"),
                translate("HouseholdTables", "Phone"),
                translate("HouseholdTables", "Population type"),
                translate("HouseholdTables", "Status"),
                translate("HouseholdTables", "Tags"),
            ],
            parent,
        )
        self.former: list[bool] = []

    def set_view(self, view: HouseholdView) -> None:
        rows = member_rows(view)
        self.beginResetModel()
        self.rows = [r.cells for r in rows]
        self.ids = [r.person_id for r in rows]
        self.former = [r.former for r in rows]
        self.endResetModel()

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role == FORMER_ROLE:
            return self.former[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and self.former[index.row()]:
            return QBrush(FORMER_COLOR)
        return super().data(index, role)


def history_rows(view: HouseholdView) -> tuple[list[tuple[str, ...]], list[str]]:
    rows: list[tuple[str, ...]] = [
        (e.event_date.isoformat(), label("household_event", e.kind), e.detail) for e in view.events
    ]
    return rows, [e.id for e in view.events]


PETITION_STATUS = {
    "registered": QT_TRANSLATE_NOOP("HouseholdTables", "Registered"),
    "accepted": QT_TRANSLATE_NOOP("HouseholdTables", "Accepted"),
    "rejected": QT_TRANSLATE_NOOP("HouseholdTables", "Not accepted"),
    "transferred": QT_TRANSLATE_NOOP("HouseholdTables", "Transferred"),
    "in_progress": QT_TRANSLATE_NOOP("HouseholdTables", "In progress"),
    "extended": QT_TRANSLATE_NOOP("HouseholdTables", "Extended"),
    "replied": QT_TRANSLATE_NOOP("HouseholdTables", "Replied"),
    "closed": QT_TRANSLATE_NOOP("HouseholdTables", "Closed"),
    "review": QT_TRANSLATE_NOOP("HouseholdTables", "Under review"),
    "recheck": QT_TRANSLATE_NOOP("HouseholdTables", "Under recheck"),
}


def petition_status(status: str) -> str:
    """A petition's workflow state in words (gridapp.models.petition.STATUSES)."""
    return (
        translate("HouseholdTables", PETITION_STATUS[status])
        if status in PETITION_STATUS
        else status_label(status)
    )


def petition_rows(view: HouseholdView) -> tuple[list[tuple[str, ...]], list[str]]:
    rows: list[tuple[str, ...]] = [
        (
            p.reg_no,
            p.reg_date.isoformat(),
            translate("HouseholdTables", ", ").join(p.petitioners),
            label("petition_channel", p.channel),
            label("petition_category", p.category),
            petition_status(p.status),
            _date(p.due_date),
            p.summary,
        )
        for p in view.petitions
    ]
    return rows, [p.petition_id for p in view.petitions]


def party_rows(view: HouseholdView) -> tuple[list[tuple[str, ...]], list[str]]:
    rows: list[tuple[str, ...]] = []
    for m in view.party_members:
        if m.report_status == "active":
            report = translate("HouseholdTables", "Reported {date}").replace(
                "{date}", _date(m.report_date)
            )
        elif m.report_status == "cancelled":
            report = translate("HouseholdTables", "Cancelled {date}").replace(
                "{date}", _date(m.cancel_date)
            )
        else:
            report = translate("HouseholdTables", "Not reported")
        rows.append(
            (
                m.name,
                label("party_membership", m.membership),
                _date(m.joined_date),
                m.work_unit,
                m.party_org,
                report,
            )
        )
    return rows, [m.member_id for m in view.party_members]


def history_headers() -> list[str]:
    return [
        translate("HouseholdTables", "Date"),
        translate("HouseholdTables", "Change"),
        translate("HouseholdTables", "Details"),
    ]


def petition_headers() -> list[str]:
    return [
        translate("HouseholdTables", "Reg. no."),
        translate("HouseholdTables", "Registered on"),
        translate("HouseholdTables", "Petitioner"),
        translate("HouseholdTables", "Channel"),
        translate("HouseholdTables", "Category"),
        translate("HouseholdTables", "Status"),
        translate("HouseholdTables", "Due"),
        translate("HouseholdTables", "Summary"),
    ]


def party_headers() -> list[str]:
    return [
        translate("HouseholdTables", "Name"),
        translate("HouseholdTables", "Membership"),
        translate("HouseholdTables", "Joined"),
        translate("HouseholdTables", "Work unit"),
        translate("HouseholdTables", "Party organisation"),
        translate("HouseholdTables", "Reporting"),
    ]


def member_of(view: HouseholdView, person_id: str | None) -> Person | None:
    return next((m for m in view.members if m.id == person_id), None)
