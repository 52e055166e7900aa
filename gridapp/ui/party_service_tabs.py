"""The service tabs of the 党员双报到 page: 服务岗位, 活动 and 反馈.

Each tab is a plain QWidget the page puts into its QTabWidget. Each reads through
``ctx.tasks`` (quiet jobs), has :meth:`reload`, and reloads when ``ctx.signals.data_changed``
touches its tables — at once when visible, else the next time it is shown.

- :class:`PostsTab` — the 公示 board (``ServiceRepository.board``): 名称, 类别, 岗位/项目,
  计划, 已认领, 认领人. 新增岗位… (Ins), 认领… (Enter on a row or F2), 撤回认领 (Del).
  ("Ins" is not written on the page: the language walk accepts it in dialogs only.)
- :class:`ActivitiesTab` — activities, newest first: 日期, 主题, 地点, 组织方, 人数, 总时长.
  新增活动… (Ins) opens :class:`~gridapp.ui.dialogs.party_activity.ActivityDialog`.
- :class:`FeedbackTab` — a period chooser (periods of the settings' 反馈周期, the current
  one first) and every member's activities, hours, points and saved 等次 for it; Enter on a
  row opens the feedback sheet. 本年未达标 switches to the members below the yearly hours
  threshold in the chosen period's year (``ServiceRepository.below_threshold``).

Design note: docs/party-service-ui.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.models import codes
from gridapp.models import party_rules as rules
from gridapp.models.party import PartyActivity, PartyMember, ServicePost
from gridapp.store.db import Changes, Store
from gridapp.store.party import PartyRepository
from gridapp.store.party_service import BelowRow, BoardRow, ServiceRepository
from gridapp.ui.context import UiContext
from gridapp.ui.dialogs.party_feedback import period_text
from gridapp.ui.forms.fields import while_alive

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

POST_TABLES = ("service_post", "post_claim", "party_member", "party_org")
ACTIVITY_TABLES = ("party_activity", "activity_participation", "service_post")
FEEDBACK_TABLES = (
    "party_activity",
    "activity_participation",
    "party_feedback",
    "party_member",
    "party_report",
)
PERIODS_SHOWN = 8  # the period chooser offers the current period and the seven before it


def number(value: float) -> str:
    """1.0 -> "1", 1.5 -> "1.5", 0.38 -> "0.38"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def code_text(table: str, code: str) -> str:
    entry = codes.table(table).get(code) if code else None
    return entry.label if entry is not None else code


class Table(QTableWidget):
    """A read-only list: whole rows selected; Enter activates the current row."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(list(headers))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def fill(self, rows: Sequence[Sequence[str]], keys: Sequence[Any]) -> None:
        """Replace the rows; ``keys[i]`` is kept on row i (``key(row)``). The selected key
        stays selected when it is still there."""
        keep = self.key(self.currentRow())
        self.setRowCount(0)
        self.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text if len(text) > 12 else "")
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, keys[r])
                self.setItem(r, c, item)
        if rows:
            found = next((r for r, k in enumerate(keys) if keep is not None and k == keep), 0)
            self.setCurrentCell(found, 0)

    def key(self, row: int) -> Any:
        item = self.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def current_key(self) -> Any:
        return self.key(self.currentRow())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.cellActivated.emit(self.currentRow(), 0)
            return
        super().keyPressEvent(event)


class ServiceTab(QWidget):
    """What the three tabs share: reading on ``ctx.tasks`` and reloading on changes."""

    tables: tuple[str, ...] = ()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False  # the first read has arrived
        self._stale = True
        self._reading = False
        ctx.signals.data_changed.connect(self._data_changed)

    def read(self, store: Store) -> Any:
        """The tab's data (worker thread)."""
        raise NotImplementedError

    def show_data(self, data: Any) -> None:
        """Show what :meth:`read` returned (main thread)."""
        raise NotImplementedError

    def reload(self) -> None:
        """Read the tab's data again (on ``ctx.tasks``)."""
        self._stale = False
        store = self.ctx.store
        read = self.read
        self._reading = True
        self.ctx.tasks.submit(
            lambda _t: read(store), on_done=while_alive(self, self._arrived), quiet=True
        )

    def _arrived(self, data: Any) -> None:
        self._reading = False
        self.loaded = True
        self.show_data(data)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _data_changed(self, changes: Changes | None) -> None:
        if changes is not None and not any(changes.touches(t) for t in self.tables):
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def shortcut(self, keys: str, slot: Callable[[], Any]) -> None:
        sc = QShortcut(QKeySequence(keys), self)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sc.activated.connect(slot)


def button_bar(parent: QWidget, *buttons: QPushButton) -> QHBoxLayout:
    bar = QHBoxLayout()
    for button in buttons:
        button.setAutoDefault(False)
        bar.addWidget(button)
    bar.addStretch(1)
    return bar


# --- 服务岗位 ------------------------------------------------------------------------------


class PostsTab(ServiceTab):
    """服务岗位: the 公示 board with 新增岗位…, 认领… and 撤回认领."""

    tables = POST_TABLES

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("partyPostsTab")
        self.rows: list[BoardRow] = []
        layout = QVBoxLayout(self)
        self.add_button = QPushButton(self.tr("New post…"), self)
        self.claim_button = QPushButton(self.tr("Claim… (F2)"), self)
        self.withdraw_button = QPushButton(self.tr("Withdraw a claim (Del)"), self)
        layout.addLayout(button_bar(self, self.add_button, self.claim_button, self.withdraw_button))
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = Table(
            [
                self.tr("Name"),
                self.tr("Category"),
                self.tr("Post/project"),
                self.tr("Planned"),
                self.tr("Claimed"),
                self.tr("Claimed by"),
            ],
            self,
        )
        self.table.setObjectName("postsTable")
        layout.addWidget(self.table, 1)
        self.add_button.clicked.connect(self.new_post)
        self.claim_button.clicked.connect(self.claim)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.table.cellActivated.connect(lambda _r, _c: self.claim())
        self.table.currentCellChanged.connect(lambda *_a: self._enable())
        self.shortcut("Ins", self.new_post)
        self.shortcut("F2", self.claim)
        self.shortcut("Del", self.withdraw)
        self._enable()

    def read(self, store: Store) -> list[BoardRow]:
        return ServiceRepository(store).board()

    def show_data(self, data: list[BoardRow]) -> None:
        self.rows = data
        kinds = {"post": self.tr("Post"), "project": self.tr("Project")}
        self.table.fill(
            [
                [
                    row.post.name,
                    code_text("party_post_category", row.post.category),
                    kinds.get(row.post.kind, row.post.kind),
                    str(row.planned),
                    str(row.claimed) + (self.tr(" (full)") if row.claimed >= row.planned else ""),
                    "、".join(row.who),
                ]
                for row in data
            ],
            [row.post.id for row in data],
        )
        self.note.setText(
            self.tr("{count} posts and projects; Enter on a row claims it.").replace(
                "{count}", str(len(data))
            )
            if data
            else self.tr("No service posts yet.")
        )
        self._enable()

    def current_post(self) -> ServicePost | None:
        key = self.table.current_key()
        return next((r.post for r in self.rows if r.post.id == key), None)

    def _enable(self) -> None:
        row = next((r for r in self.rows if r.post.id == self.table.current_key()), None)
        self.claim_button.setEnabled(row is not None)
        self.withdraw_button.setEnabled(row is not None and row.claimed > 0)

    def new_post(self) -> QWidget:
        from gridapp.ui.dialogs.party_post import open_post

        return open_post(self.ctx, self)

    def claim(self) -> QWidget | None:
        post = self.current_post()
        if post is None:
            return None
        from gridapp.ui.dialogs.party_post import open_claim

        return open_claim(self.ctx, self, post)

    def withdraw(self) -> QWidget | None:
        post = self.current_post()
        if post is None or not self.withdraw_button.isEnabled():
            return None
        from gridapp.ui.dialogs.party_post import open_withdraw

        return open_withdraw(self.ctx, self, post)


# --- 活动 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityRow:
    activity: PartyActivity
    people: int
    hours: float
    post: str


def read_activities(store: Store) -> list[ActivityRow]:
    repo = ServiceRepository(store)
    posts = {p.id: p.name for p in repo.posts()}
    out = []
    for activity in repo.activities():
        parts = repo.participations(activity.id)
        out.append(
            ActivityRow(
                activity,
                len(parts),
                sum(p.hours for p in parts),
                posts.get(activity.post_id or "", ""),
            )
        )
    return out


class ActivitiesTab(ServiceTab):
    """活动: the activities, newest first, and 新增活动…."""

    tables = ACTIVITY_TABLES

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("partyActivitiesTab")
        self.rows: list[ActivityRow] = []
        layout = QVBoxLayout(self)
        self.add_button = QPushButton(self.tr("New activity…"), self)
        layout.addLayout(button_bar(self, self.add_button))
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = Table(
            [
                self.tr("Date"),
                self.tr("Theme"),
                self.tr("Place"),
                self.tr("Organiser"),
                self.tr("People"),
                self.tr("Total hours"),
                self.tr("Service post"),
            ],
            self,
        )
        self.table.setObjectName("activitiesTable")
        layout.addWidget(self.table, 1)
        self.add_button.clicked.connect(self.new_activity)
        self.shortcut("Ins", self.new_activity)

    def read(self, store: Store) -> list[ActivityRow]:
        return read_activities(store)

    def show_data(self, data: list[ActivityRow]) -> None:
        self.rows = data
        self.table.fill(
            [
                [
                    row.activity.activity_date.isoformat(),
                    row.activity.theme,
                    row.activity.place,
                    row.activity.organiser,
                    str(row.people),
                    number(row.hours),
                    row.post,
                ]
                for row in data
            ],
            [row.activity.id for row in data],
        )
        self.note.setText(
            self.tr("{count} activities.").replace("{count}", str(len(data)))
            if data
            else self.tr("No activities yet.")
        )

    def new_activity(self) -> QWidget:
        from gridapp.ui.dialogs.party_activity import open_activity

        return open_activity(self.ctx, self)


# --- 反馈 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackRow:
    member: PartyMember
    totals: rules.Totals
    rating: str  # the saved 等次 (a code), "" when none is saved


@dataclass(frozen=True)
class FeedbackData:
    period: str
    kind: rules.PeriodKind
    rows: list[FeedbackRow]
    below: list[BelowRow]
    year: int
    threshold: float


def recent_periods(today: date, kind: rules.PeriodKind, count: int = PERIODS_SHOWN) -> list[str]:
    """The current period of ``kind`` and the ``count - 1`` before it, newest first."""
    period = rules.period_of(today, kind)
    out = []
    for _ in range(count):
        out.append(period.code())
        period = period.previous()
    return out


def read_feedback(store: Store, period: str | None, today: date) -> FeedbackData:
    repo = ServiceRepository(store)
    settings = repo.settings()
    kind = settings.feedback_period
    chosen = rules.Period.parse(period) if period else rules.period_of(today, kind)
    members = PartyRepository(store).members()
    items = repo.participation_items(chosen.start(), chosen.end())
    sums = rules.totals(items, chosen, [m.id for m in members])
    rows = []
    for member in members:
        saved = repo.feedback(member.id, chosen.code())
        rows.append(FeedbackRow(member, sums[member.id], saved.rating if saved else ""))
    below = repo.below_threshold(chosen.year)
    return FeedbackData(
        chosen.code(), kind, rows, below, chosen.year, settings.yearly_hours_threshold
    )


class FeedbackTab(ServiceTab):
    """反馈: each member's totals and 等次 for a period; the feedback sheet; 本年未达标."""

    tables = FEEDBACK_TABLES

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("partyFeedbackTab")
        self.data: FeedbackData | None = None
        self.kind: rules.PeriodKind | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        period_label = QLabel(self.tr("&Period:"), self)
        self.period_box = QComboBox(self)
        self.period_box.setObjectName("periodBox")
        self.period_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        period_label.setBuddy(self.period_box)
        self.sheet_button = QPushButton(self.tr("Feedback sheet… (Enter)"), self)
        self.below_button = QPushButton(self.tr("Below the yearly hours"), self)
        self.below_button.setObjectName("belowButton")
        self.below_button.setCheckable(True)
        bar.addWidget(period_label)
        bar.addWidget(self.period_box)
        for button in (self.sheet_button, self.below_button):
            button.setAutoDefault(False)
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.note = QLabel(self)
        self.note.setObjectName("feedbackNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.stack = QStackedWidget(self)
        self.table = Table(
            [
                self.tr("Name"),
                self.tr("Party organisation"),
                self.tr("Activities"),
                self.tr("Hours"),
                self.tr("Points"),
                self.tr("Rating"),
            ],
            self,
        )
        self.table.setObjectName("feedbackTable")
        self.below_table = Table(
            [
                self.tr("Name"),
                self.tr("Party organisation"),
                self.tr("Hours this year"),
                self.tr("Yearly hours required"),
            ],
            self,
        )
        self.below_table.setObjectName("belowTable")
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.below_table)
        layout.addWidget(self.stack, 1)
        self.period_box.activated.connect(lambda _i: self.reload())
        self.sheet_button.clicked.connect(self.open_sheet)
        self.below_button.toggled.connect(self._below_toggled)
        self.table.cellActivated.connect(lambda r, _c: self.open_sheet(r))
        self.below_table.cellActivated.connect(lambda r, _c: self._open_below(r))

    def period(self) -> str | None:
        data = self.period_box.currentData()
        return str(data) if data else None

    def read(self, store: Store) -> FeedbackData:
        return read_feedback(store, self.period(), date.today())

    def show_data(self, data: FeedbackData) -> None:
        self.data = data
        if self.kind != data.kind or self.period_box.findData(data.period) < 0:
            self.kind = data.kind
            self.period_box.clear()
            for code in recent_periods(date.today(), data.kind):
                self.period_box.addItem(period_text(code), code)
        self.period_box.setCurrentIndex(max(self.period_box.findData(data.period), 0))
        self.table.fill(
            [
                [
                    row.member.name,
                    row.member.party_org or row.member.work_unit,
                    str(row.totals.activities),
                    number(row.totals.hours),
                    number(row.totals.points),
                    code_text("feedback_rating", row.rating) if row.rating else self.tr("—"),
                ]
                for row in data.rows
            ],
            [row.member.id for row in data.rows],
        )
        self.below_table.fill(
            [
                [
                    row.member.name,
                    row.member.party_org or row.member.work_unit,
                    number(row.hours),
                    number(row.threshold),
                ]
                for row in data.below
            ],
            [row.member.id for row in data.below],
        )
        self._show_note()

    def _show_note(self) -> None:
        data = self.data
        if data is None:
            return
        if self.below_button.isChecked():
            text = (
                self.tr("{count} members below {hours} hours in {year}.")
                .replace("{count}", str(len(data.below)))
                .replace("{hours}", number(data.threshold))
                .replace("{year}", str(data.year))
            )
        elif data.rows:
            saved = sum(1 for r in data.rows if r.rating)
            text = (
                self.tr("{period}: {saved} of {count} feedback sheets saved; Enter opens one.")
                .replace("{period}", period_text(data.period))
                .replace("{saved}", str(saved))
                .replace("{count}", str(len(data.rows)))
            )
        else:
            text = self.tr("No party members yet.")
        self.note.setText(text)

    def _below_toggled(self, below: bool) -> None:
        self.stack.setCurrentWidget(self.below_table if below else self.table)
        self._show_note()

    def open_sheet(self, row: int | None = None) -> QWidget | None:
        """The feedback sheet of the member on ``row`` (default: the current row)."""
        if self.data is None:
            return None
        key = self.table.key(self.table.currentRow() if row is None else row)
        if key is None:
            return None
        from gridapp.ui.dialogs.party_feedback import open_feedback

        return open_feedback(self.ctx, self, str(key), self.data.period)

    def _open_below(self, row: int) -> None:
        key = self.below_table.key(row)
        if key is not None and self.data is not None:
            from gridapp.ui.dialogs.party_feedback import open_feedback

            open_feedback(self.ctx, self, str(key), self.data.period)
