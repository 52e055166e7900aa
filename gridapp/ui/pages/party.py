"""党员双报到: the page of in-service party members reporting to the community.

A tab widget:

- **党员** (:class:`MembersTab`): the roster — 姓名, 单位党组织, 正式/预备, 报到日期, 网格, 状态
  (已报到 / 已注销 / 未报到), 本年服务时长 — with a filter box, and the buttons 新增党员
  (Ctrl+Shift+M), 修改 (F2), 报到… (Ctrl+Shift+B) and 注销… (Ctrl+Shift+D). The selected member's
  details are on the right: fields, 报到 history, posts claimed, activities, and the totals per
  feedback period (``ServiceRepository.member_record``).
- **单位党组织** (:class:`OrgsTab`): the unit party organisations that reported, with 党组织报到
  (Ctrl+Shift+O), 签收回执… and 注销….
- **岗位项目**, **活动**, **反馈**: ``PostsTab``, ``ActivitiesTab`` and ``FeedbackTab`` of
  ``gridapp/ui/party_service_tabs.py`` when that module is there; until then a note that the
  tab is being built.

Every read runs on ``ctx.tasks`` (quiet); the page reloads after ``data_changed`` touching
the party tables. Design note: docs/party-page.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gridapp.models.idnumber import mask_id_number, mask_phone
from gridapp.models.party import PartyMember, PartyOrg, PartyReport
from gridapp.models.party_register import ACTIVE
from gridapp.store.db import Changes, Store
from gridapp.store.party import PartyRepository
from gridapp.store.party_service import member_record
from gridapp.ui.context import UiContext
from gridapp.ui.dialogs.party_member import (
    MemberDialog,
    Places,
    SpecDialog,
    cancel_dialog,
    read_places,
    report_dialog,
)
from gridapp.ui.dialogs.party_org import org_cancel_dialog, org_dialog, receipt_dialog
from gridapp.ui.forms.dialog import FormDialog
from gridapp.ui.forms.fields import code_label, while_alive
from gridapp.ui.heading import Heading
from gridapp.ui.pages.base import Page

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

PARTY_TABLES = (
    "party_member",
    "party_report",
    "party_org",
    "service_post",
    "post_claim",
    "party_activity",
    "activity_participation",
    "party_feedback",
    "place",
)
NEW_MEMBER_KEYS = "Ctrl+Shift+M"
EDIT_KEYS = "F2"
REPORT_KEYS = "Ctrl+Shift+B"
CANCEL_KEYS = "Ctrl+Shift+D"
NEW_ORG_KEYS = "Ctrl+Shift+O"
MEMBER_COLUMNS = 7
ORG_COLUMNS = 7


# --- formatting ----------------------------------------------------------------------------------


def hours_text(hours: float) -> str:
    """2.5 -> "2.5 小时"; 0 -> "0 小时"."""
    number = f"{hours:.2f}".rstrip("0").rstrip(".")
    return translate("PartyPage", "{hours} h").replace("{hours}", number)


def points_text(points: float) -> str:
    return f"{points:.2f}".rstrip("0").rstrip(".")


def period_text(code: str) -> str:
    """2026Q3 -> 2026年第3季度, 2026H1 -> 2026年上半年, 2026 -> 2026年."""
    if len(code) == 6 and code[4] == "Q":
        return (
            translate("PartyPage", "{year} Q{n}")
            .replace("{year}", code[:4])
            .replace("{n}", code[5])
        )
    if code.endswith("H1"):
        return translate("PartyPage", "{year} first half").replace("{year}", code[:4])
    if code.endswith("H2"):
        return translate("PartyPage", "{year} second half").replace("{year}", code[:4])
    return translate("PartyPage", "{year}").replace("{year}", code)


def status_text(status: str) -> str:
    if status == ACTIVE:
        return translate("PartyPage", "Reported")
    if status:
        return translate("PartyPage", "Cancelled (注销)")
    return translate("PartyPage", "Not reported")


# --- reading (worker) ----------------------------------------------------------------------------


@dataclass
class MemberRow:
    id: str
    id_number: str
    name: str
    party_org: str
    membership: str
    report_status: str
    report_date: str
    grid_code: str
    grid_name: str
    hours: float
    member: PartyMember


@dataclass
class Roster:
    year: int
    rows: list[MemberRow]
    places: Places


def read_roster(store: Store, year: int) -> Roster:
    repo = PartyRepository(store)
    places = read_places(store)
    members = {m.id: m for m in repo.members()}
    rows = []
    for item in repo.roster(year):
        member = members[str(item["member_id"])]
        rows.append(
            MemberRow(
                id=member.id,
                id_number=member.id_number,
                name=member.name,
                party_org=member.party_org,
                membership=member.membership,
                report_status=str(item["report_status"]),
                report_date=str(item["report_date"]),
                grid_code=member.grid_code,
                grid_name=places.name_of(member.grid_code) if member.grid_code else "",
                hours=float(item["hours"]),
                member=member,
            )
        )
    return Roster(year, rows, places)


@dataclass
class MemberDetail:
    member: PartyMember
    reports: list[PartyReport]
    record: dict[str, Any]
    places: Places = field(default_factory=Places)


def read_detail(store: Store, member_id: str) -> MemberDetail:
    repo = PartyRepository(store)
    member = repo.get_member(member_id)
    return MemberDetail(
        member=member,
        reports=repo.reports(member_id),
        record=member_record(store, member_id),
        places=read_places(store),
    )


def read_orgs(store: Store) -> tuple[list[PartyOrg], Places]:
    return PartyRepository(store).orgs(), read_places(store)


# --- small helpers -------------------------------------------------------------------------------


ORG_COLUMN = 1  # 单位党组织 in the roster
ORG_COLUMN_EM = 7


def make_table(parent: QWidget, headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(text))


def compact(table: QTableWidget) -> None:
    """A detail table as tall as its rows (the detail pane scrolls, not each table), with
    room for the horizontal scroll bar a narrow pane needs."""
    table.resizeRowsToContents()
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    if not table.rowCount():
        rows = table.fontMetrics().lineSpacing() + 8
    header = table.horizontalHeader().sizeHint().height()
    bar = table.horizontalScrollBar().sizeHint().height()
    table.setFixedHeight(header + rows + bar + 2 * table.frameWidth() + 2)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


def button(parent: QWidget, text: str, keys: str = "") -> QPushButton:
    shown = f"{text}（{keys}）" if keys else text
    result = QPushButton(shown, parent)
    result.setAutoDefault(False)
    return result


# --- 党员 ----------------------------------------------------------------------------------------


class MembersTab(QWidget):
    """The roster with the selected member's details (see the module docstring)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("partyMembersTab")
        self.roster: Roster | None = None
        self.rows: list[MemberRow] = []  # shown (filtered)
        self.detail: MemberDetail | None = None
        self.dialog: FormDialog | None = None
        self._select_id = ""
        self._loading = False
        self._again = False

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        filter_label = QLabel(translate("PartyPage", "Filter:"), self)
        self.filter = QLineEdit(self)
        self.filter.setObjectName("memberFilter")
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(
            translate("PartyPage", "Name, ID number, party organisation or grid")
        )
        filter_label.setBuddy(self.filter)
        self.filter.textChanged.connect(self._show_rows)
        top.addWidget(filter_label)
        top.addWidget(self.filter, 1)
        self.new_button = button(self, translate("PartyPage", "New member"), NEW_MEMBER_KEYS)
        self.new_button.setObjectName("newMember")
        self.edit_button = button(self, translate("PartyPage", "Edit…"), EDIT_KEYS)
        self.report_button = button(self, translate("PartyPage", "Report…"), REPORT_KEYS)
        self.report_button.setObjectName("reportMember")
        self.cancel_button = button(self, translate("PartyPage", "Cancel (注销)…"), CANCEL_KEYS)
        self.cancel_button.setObjectName("cancelMember")
        # The buttons on a row of their own, the filter and the summary under them: at 150 %
        # text size the four buttons would leave the filter no room.
        actions = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.report_button, self.cancel_button):
            actions.addWidget(b)
        actions.addStretch(1)
        outer.addLayout(actions)
        outer.addLayout(top)
        self.summary = QLabel(self)
        self.summary.setObjectName("memberSummary")
        self.summary.setStyleSheet("color: #555555;")
        top.addWidget(self.summary)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.table = make_table(
            splitter,
            [
                translate("PartyPage", "Name"),
                translate("PartyPage", "Party organisation"),
                translate("PartyPage", "Full/probationary"),
                translate("PartyPage", "Report date"),
                translate("PartyPage", "Grid"),
                translate("PartyPage", "Status"),
                translate("PartyPage", "Hours this year"),
            ],
            "memberTable",
        )
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.edit_member())
        splitter.addWidget(self.table)
        self._build_detail(splitter)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self._split = False
        outer.addWidget(splitter, 1)
        self.empty = QLabel(
            translate(
                "PartyPage",
                "No party members yet. Press {keys} to register the first one.",
            ).replace("{keys}", NEW_MEMBER_KEYS),
            self,
        )
        self.empty.setObjectName("membersEmpty")
        self.empty.setWordWrap(True)
        self.empty.hide()
        outer.addWidget(self.empty)

        self.new_button.clicked.connect(self.new_member)
        self.edit_button.clicked.connect(self.edit_member)
        self.report_button.clicked.connect(self.report_member)
        self.cancel_button.clicked.connect(self.cancel_member)
        for keys, slot in (
            (NEW_MEMBER_KEYS, self.new_member),
            (EDIT_KEYS, self.edit_member),
            (REPORT_KEYS, self.report_member),
            (CANCEL_KEYS, self.cancel_member),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._update_buttons()

    def _build_detail(self, splitter: QSplitter) -> None:
        scroll = QScrollArea(splitter)
        scroll.setWidgetResizable(True)
        scroll.setObjectName("memberDetail")
        pane = QWidget(scroll)
        box = QVBoxLayout(pane)
        self.detail_title = Heading("", pane, factor=1.2)
        self.detail_title.setObjectName("memberDetailTitle")
        box.addWidget(self.detail_title)
        self.detail_info = QLabel(pane)
        self.detail_info.setObjectName("memberDetailInfo")
        self.detail_info.setWordWrap(True)
        self.detail_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.detail_info)

        def section(text: str) -> None:
            label = QLabel(text, pane)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            box.addWidget(label)

        section(translate("PartyPage", "Totals per period"))
        self.totals_table = make_table(
            pane,
            [
                translate("PartyPage", "Period"),
                translate("PartyPage", "Activities"),
                translate("PartyPage", "Hours"),
                translate("PartyPage", "Points"),
            ],
            "memberTotals",
        )
        box.addWidget(self.totals_table)
        section(translate("PartyPage", "Reports"))
        self.reports_table = make_table(
            pane,
            [
                translate("PartyPage", "Report date"),
                translate("PartyPage", "Community"),
                translate("PartyPage", "Grid"),
                translate("PartyPage", "Channel"),
                translate("PartyPage", "Status"),
                translate("PartyPage", "注销"),
            ],
            "memberReports",
        )
        box.addWidget(self.reports_table)
        section(translate("PartyPage", "Posts claimed"))
        self.claims_table = make_table(
            pane,
            [
                translate("PartyPage", "Post or project"),
                translate("PartyPage", "Category"),
                translate("PartyPage", "Claimed on"),
                translate("PartyPage", "Status"),
            ],
            "memberClaims",
        )
        box.addWidget(self.claims_table)
        section(translate("PartyPage", "Activities"))
        self.activities_table = make_table(
            pane,
            [
                translate("PartyPage", "Date"),
                translate("PartyPage", "Theme"),
                translate("PartyPage", "Hours"),
                translate("PartyPage", "Points"),
                translate("PartyPage", "Evaluation"),
            ],
            "memberActivities",
        )
        box.addWidget(self.activities_table)
        box.addStretch(1)
        scroll.setWidget(pane)
        self.detail_pane = pane
        splitter.addWidget(scroll)
        self._show_detail(None)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._split and self.splitter.width() > 0:
            # The roster first: its seven columns fit; the details scroll.
            self._split = True
            width = self.splitter.width()
            self.splitter.setSizes([width * 58 // 100, width * 42 // 100])

    # --- reading ----------------------------------------------------------------------------

    def reload(self) -> None:
        if self._loading:
            self._again = True
            return
        self._loading = True
        store, year = self.ctx.store, date.today().year
        self.ctx.tasks.submit(
            lambda _t: read_roster(store, year),
            on_done=while_alive(self, self._roster_read),
            on_error=while_alive(self, self._read_failed),
            quiet=True,
        )

    def _read_failed(self, _exc: BaseException) -> None:
        self._loading = False

    def _roster_read(self, roster: Roster) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.reload()
        current = self.current_row()
        keep = self._select_id or (current.id if current is not None else "")
        self.roster = roster
        self._show_rows(select=keep)

    def _fit_org_column(self, rows: list[Any]) -> None:
        """单位党组织 names run long (县市场监督管理局机关党支部): the column takes at most
        ORG_COLUMN_EM characters, elided, the whole name in the tooltip — so the roster's
        last column (本年服务时长) stays in view beside the details."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ORG_COLUMN, QHeaderView.ResizeMode.Interactive)
        most = self.table.fontMetrics().horizontalAdvance("网" * ORG_COLUMN_EM) + 16
        needed = max([self.table.sizeHintForColumn(ORG_COLUMN), header.sectionSizeHint(ORG_COLUMN)])
        self.table.setColumnWidth(ORG_COLUMN, min(needed, most))
        for index, row in enumerate(rows):
            item = self.table.item(index, ORG_COLUMN)
            if item is not None:
                item.setToolTip(row.party_org)

    def _show_rows(self, *_args: object, select: str = "") -> None:
        if self.roster is None:
            return
        if not select:
            current = self.current_row()
            select = current.id if current is not None else ""
        needle = self.filter.text().strip().lower()
        rows = [
            r
            for r in self.roster.rows
            if not needle
            or any(
                needle in text.lower()
                for text in (r.name, r.id_number, r.party_org, r.grid_name, r.grid_code)
            )
        ]
        self.rows = rows
        self.table.blockSignals(True)
        fill_table(
            self.table,
            [
                [
                    r.name,
                    r.party_org,
                    code_label("party_membership", r.membership),
                    r.report_date,
                    r.grid_name,
                    status_text(r.report_status),
                    hours_text(r.hours),
                ]
                for r in rows
            ],
        )
        self._fit_org_column(rows)
        self.table.blockSignals(False)
        total = len(self.roster.rows)
        reported = sum(1 for r in self.roster.rows if r.report_status == ACTIVE)
        self.summary.setText(
            translate("PartyPage", "{total} members, {reported} reported; hours of {year}.")
            .replace("{total}", str(total))
            .replace("{reported}", str(reported))
            .replace("{year}", str(self.roster.year))
        )
        self.empty.setVisible(total == 0)
        index = next((i for i, r in enumerate(rows) if r.id == select), 0 if rows else -1)
        self._select_id = ""
        if index >= 0:
            self.table.selectRow(index)
            self.table.setCurrentCell(index, 0)
        self._selection_changed()

    def current_row(self) -> MemberRow | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows) and self.table.selectionModel().hasSelection():
            return self.rows[row]
        return None

    def select_member(self, member_id: str) -> None:
        """Select that member (now, or once the next read arrives)."""
        index = next((i for i, r in enumerate(self.rows) if r.id == member_id), -1)
        if index >= 0:
            self.table.selectRow(index)
        self._select_id = member_id

    def _selection_changed(self) -> None:
        self._update_buttons()
        row = self.current_row()
        if row is None:
            self._show_detail(None)
            return
        store, member_id = self.ctx.store, row.id
        self.ctx.tasks.submit(
            lambda _t: read_detail(store, member_id),
            on_done=while_alive(self, self._detail_read),
            quiet=True,
        )

    def _detail_read(self, detail: MemberDetail) -> None:
        row = self.current_row()
        if row is None or row.id != detail.member.id:
            return  # another member was selected meanwhile
        self._show_detail(detail)

    def _show_detail(self, detail: MemberDetail | None) -> None:
        self.detail = detail
        self.detail_pane.setVisible(detail is not None)
        if detail is None:
            return
        m = detail.member
        self.detail_title.setText(m.name)
        linked = (
            translate("PartyPage", "linked to the household register")
            if m.person_id
            else translate("PartyPage", "typed in")
        )
        joined = m.joined_date.isoformat() if m.joined_date else "—"
        pairs = [
            (translate("PartyPage", "ID number"), f"{mask_id_number(m.id_number)}（{linked}）"),
            (translate("PartyPage", "Party organisation"), m.party_org),
            (translate("PartyPage", "Work unit"), m.work_unit or "—"),
            (
                translate("PartyPage", "Joined"),
                f"{joined} · {code_label('party_membership', m.membership)}",
            ),
            (translate("PartyPage", "Phone"), mask_phone(m.phone) if m.phone else "—"),
            (translate("PartyPage", "Grid"), detail.places.name_of(m.grid_code) or "—"),
        ]
        if m.skills:
            pairs.append((translate("PartyPage", "Skills"), m.skills))
        lines = [f"{label}：{value}" for label, value in pairs]
        self.detail_info.setText("\n".join(lines))
        fill_table(
            self.totals_table,
            [
                [
                    period_text(str(t["period"])),
                    str(t["activities"]),
                    hours_text(float(t["hours"])),
                    points_text(float(t["points"])),
                ]
                for t in detail.record.get("totals", [])
            ],
        )
        fill_table(
            self.reports_table,
            [
                [
                    r.report_date.isoformat(),
                    detail.places.name_of(r.community_code),
                    detail.places.name_of(r.grid_code) if r.grid_code else "",
                    code_label("report_channel", r.channel),
                    status_text(r.status),
                    (
                        f"{r.cancel_date.isoformat()} {r.cancel_reason}"
                        if r.cancel_date is not None
                        else ""
                    ),
                ]
                for r in detail.reports
            ],
        )
        fill_table(
            self.claims_table,
            [
                [
                    str(c["post"]),
                    code_label("party_post_category", str(c["category"])),
                    str(c["claim_date"]),
                    translate("PartyPage", "Held")
                    if c["status"] == ACTIVE
                    else translate("PartyPage", "Withdrawn"),
                ]
                for c in detail.record.get("claims", [])
            ],
        )
        fill_table(
            self.activities_table,
            [
                [
                    str(a["date"]),
                    str(a["theme"]),
                    hours_text(float(a["hours"])),
                    points_text(float(a["points"])),
                    str(a["evaluation"]),
                ]
                for a in detail.record.get("activities", [])
            ],
        )
        for table in (
            self.totals_table,
            self.reports_table,
            self.claims_table,
            self.activities_table,
        ):
            compact(table)

    def _update_buttons(self) -> None:
        has = self.current_row() is not None
        for b in (self.edit_button, self.report_button, self.cancel_button):
            b.setEnabled(has)

    # --- actions ----------------------------------------------------------------------------

    def _open(self, dialog: FormDialog) -> FormDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _code: self.table.setFocus())
        dialog.open()
        return dialog

    def new_member(self) -> MemberDialog:
        dialog = MemberDialog(self.ctx, self.window())
        dialog.accepted.connect(lambda: self._member_saved(dialog))
        self._open(dialog)
        return dialog

    def edit_member(self) -> MemberDialog | None:
        row = self.current_row()
        if row is None:
            return None
        dialog = MemberDialog(self.ctx, self.window(), row.member)
        dialog.accepted.connect(lambda: self._member_saved(dialog))
        self._open(dialog)
        return dialog

    def _member_saved(self, dialog: MemberDialog) -> None:
        if dialog.saved_member is not None:
            self.filter.clear()
            self.select_member(dialog.saved_member.id)

    def report_member(self) -> SpecDialog | None:
        row = self.current_row()
        if row is None or self.roster is None:
            return None
        dialog = report_dialog(self.ctx, self.window(), row.member, self.roster.places)
        self._open(dialog)
        return dialog

    def cancel_member(self) -> SpecDialog | None:
        row = self.current_row()
        if row is None:
            return None
        dialog = cancel_dialog(self.ctx, self.window(), row.member)
        self._open(dialog)
        return dialog


# --- 单位党组织 ---------------------------------------------------------------------------------


class OrgsTab(QWidget):
    """Unit party organisations: their report, 回执 and 注销."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("partyOrgsTab")
        self.orgs: list[PartyOrg] = []
        self.places = Places()
        self.dialog: FormDialog | None = None
        self._select_id = ""
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.new_button = button(
            self, translate("PartyPage", "Organisation reports…"), NEW_ORG_KEYS
        )
        self.new_button.setObjectName("newOrg")
        self.receipt_button = button(self, translate("PartyPage", "Countersign receipt…"))
        self.receipt_button.setObjectName("orgReceipt")
        self.cancel_button = button(self, translate("PartyPage", "Cancel (注销)…"))
        self.cancel_button.setObjectName("orgCancel")
        for b in (self.new_button, self.receipt_button, self.cancel_button):
            top.addWidget(b)
        top.addStretch(1)
        outer.addLayout(top)
        self.table = make_table(
            self,
            [
                translate("PartyPage", "Unit party organisation"),
                translate("PartyPage", "Kind"),
                translate("PartyPage", "Contact"),
                translate("PartyPage", "Phone"),
                translate("PartyPage", "Report date"),
                translate("PartyPage", "Receipt"),
                translate("PartyPage", "Status"),
            ],
            "orgTable",
        )
        self.table.itemSelectionChanged.connect(self._update_buttons)
        outer.addWidget(self.table, 1)
        self.empty = QLabel(
            translate(
                "PartyPage",
                "No unit party organisation has reported yet. Press {keys} to record one.",
            ).replace("{keys}", NEW_ORG_KEYS),
            self,
        )
        self.empty.setObjectName("orgsEmpty")
        self.empty.setWordWrap(True)
        self.empty.hide()
        outer.addWidget(self.empty)
        self.new_button.clicked.connect(self.new_org)
        self.receipt_button.clicked.connect(self.sign_receipt)
        self.cancel_button.clicked.connect(self.cancel_org)
        shortcut = QShortcut(QKeySequence(NEW_ORG_KEYS), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.new_org)
        self._update_buttons()

    def reload(self) -> None:
        store = self.ctx.store
        self.ctx.tasks.submit(
            lambda _t: read_orgs(store), on_done=while_alive(self, self._read), quiet=True
        )

    def _read(self, result: tuple[list[PartyOrg], Places]) -> None:
        current = self.current_org()
        keep = self._select_id or (current.id if current is not None else "")
        self.orgs, self.places = result
        fill_table(
            self.table,
            [
                [
                    o.name,
                    o.org_type,
                    o.contact,
                    o.phone,
                    o.report_date.isoformat() if o.report_date else "",
                    (
                        f"{o.receipt_date.isoformat()} {o.receipt_signer}"
                        if o.receipt_date
                        else translate("PartyPage", "Not countersigned")
                    ),
                    status_text(o.status),
                ]
                for o in self.orgs
            ],
        )
        self.empty.setVisible(not self.orgs)
        index = next((i for i, o in enumerate(self.orgs) if o.id == keep), 0 if self.orgs else -1)
        self._select_id = ""
        if index >= 0:
            self.table.selectRow(index)
        self._update_buttons()

    def current_org(self) -> PartyOrg | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.orgs) and self.table.selectionModel().hasSelection():
            return self.orgs[row]
        return None

    def _update_buttons(self) -> None:
        org = self.current_org()
        self.receipt_button.setEnabled(org is not None)
        self.cancel_button.setEnabled(org is not None)

    def _open(self, dialog: SpecDialog) -> SpecDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _code: self.table.setFocus())
        dialog.open()
        return dialog

    def new_org(self) -> SpecDialog:
        dialog = org_dialog(self.ctx, self.window(), self.places)

        def saved() -> None:
            if isinstance(dialog.result_value, PartyOrg):
                self._select_id = dialog.result_value.id

        dialog.accepted.connect(saved)
        return self._open(dialog)

    def sign_receipt(self) -> SpecDialog | None:
        org = self.current_org()
        return self._open(receipt_dialog(self.ctx, self.window(), org)) if org else None

    def cancel_org(self) -> SpecDialog | None:
        org = self.current_org()
        return self._open(org_cancel_dialog(self.ctx, self.window(), org)) if org else None


# --- the page ------------------------------------------------------------------------------------


class UnderConstruction(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            translate(
                "PartyPage",
                "This tab is being built.",
            ),
            parent,
        )
        self.setObjectName("underConstruction")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setContentsMargins(12, 12, 12, 12)


def service_tabs(ctx: UiContext, parent: QWidget) -> list[tuple[str, QWidget]]:
    """岗位项目, 活动, 反馈: the other helper's tabs when built, else a note each."""
    titles = (
        translate("PartyPage", "Posts and projects"),
        translate("PartyPage", "Activities"),
        translate("PartyPage", "Feedback"),
    )
    try:
        from gridapp.ui.party_service_tabs import (  # type: ignore[import-not-found,unused-ignore]
            ActivitiesTab,
            FeedbackTab,
            PostsTab,
        )
    except ImportError:
        return [(title, UnderConstruction(parent)) for title in titles]
    return [
        (titles[0], PostsTab(ctx)),
        (titles[1], ActivitiesTab(ctx)),
        (titles[2], FeedbackTab(ctx)),
    ]


class PartyPage(Page):
    name = "party"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        heading = Heading(self.title(), self)
        heading.setObjectName("pageHeading")
        layout.addWidget(heading)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("partyTabs")
        self.members = MembersTab(ctx, self.tabs)
        self.orgs = OrgsTab(ctx, self.tabs)
        self.tabs.addTab(self.members, translate("PartyPage", "Members"))
        self.tabs.addTab(self.orgs, translate("PartyPage", "Unit party organisations"))
        self.service: list[QWidget] = []
        for title, tab in service_tabs(ctx, self.tabs):
            self.tabs.addTab(tab, title)
            self.service.append(tab)
        layout.addWidget(self.tabs, 1)

        self.tabs.currentChanged.connect(lambda _i: self._tab_shown())
        self._started = False
        self._stale = False
        ctx.signals.data_changed.connect(self._data_changed)

    def record_activity(self) -> QWidget | None:
        """新增活动 from anywhere (the home page's quick action): the 活动 tab and its form."""
        for tab in self.service:
            if hasattr(tab, "new_activity"):
                self.tabs.setCurrentWidget(tab)
                return tab.new_activity()  # type: ignore[no-any-return]
        return None

    def title(self) -> str:
        return self.tr("Party members")

    def activated(self) -> None:
        if not self._started or self._stale:
            self._started = True
            self._stale = False
            self.members.reload()
            self.orgs.reload()
        self._tab_shown()

    def _tab_shown(self) -> None:
        tab = self.tabs.currentWidget()
        refresh = getattr(tab, "activated", None)
        if tab in self.service and callable(refresh):
            refresh()

    def focus_widget(self) -> QWidget | None:
        return self.members.table if self.tabs.currentWidget() is self.members else None

    def _data_changed(self, changes: Changes | None) -> None:
        if self._started and self.touches(changes, PARTY_TABLES):
            self.refresh_when_seen(self._refresh)

    def _refresh(self) -> None:
        self.members.reload()
        self.orgs.reload()
