"""The main window: top bar with the global search, navigation, the pages, the status bar.

Layout after ``../shared/design/UI.md``. Pages are created once and kept; each gets the
shared :class:`~gridapp.ui.context.UiContext`. Navigation between pages goes through the
methods of :class:`MainWindow` that implement :class:`~gridapp.ui.context.Navigator`.

The window's own reads (the status bar, the navigation counts, the work scope in the top bar)
are one small background job, run at start and after every write (``data_changed``); a job
already queued is not queued twice.

Syncing runs in :class:`~gridapp.ui.sync_controller.SyncController` (its own thread and
connection); the status bar shows its state (● 在线 / ○ 离线 / ⟳ 同步中 / ⚠ …), the last
success, the pending count and a warning when the PC clock is more than 5 minutes off the
server's. The 同步 page drives the same controller.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import httpx
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gridapp.store import home
from gridapp.store.db import Store
from gridapp.store.scope import WorkScope, load_scope
from gridapp.store.sync_log import clock_offset_ms
from gridapp.sync.client import CLOCK_WARNING_MS
from gridapp.sync.credentials import CredentialStore
from gridapp.ui import sync_controller as sc
from gridapp.ui.context import AppSignals, UiContext
from gridapp.ui.elided_label import ElidedLabel
from gridapp.ui.heading import Heading
from gridapp.ui.login import UserLabel, user_text
from gridapp.ui.pages.base import Page
from gridapp.ui.pages.home import pending_text
from gridapp.ui.search_box import GlobalSearch
from gridapp.ui.session_guard import SessionGuard
from gridapp.ui.tasks import Task, TaskContext, TaskRunner

log = logging.getLogger(__name__)

NAME_ROLE = Qt.ItemDataRole.UserRole + 1
TITLE_ROLE = Qt.ItemDataRole.UserRole + 2

# Pages in the navigation, in order. "household" (one household) is opened from the list
# and the search, not from the navigation.
NAV_PAGES = ("home", "households", "party", "petitions", "reports", "sync", "settings")
ALL_PAGES = (*NAV_PAGES[:2], "household", *NAV_PAGES[2:4], "petition", *NAV_PAGES[4:])
# One household is part of 户籍人口, one petition of 诉求信访.
NAV_OF_PAGE = {"household": "households", "petition": "petitions"}
# One restrained look (UI.md): neutral greys, one accent; sizes in em follow 设置 → 字号.
STYLE_SHEET = """
#topBar { background: #f4f6f8; border-bottom: 1px solid #d5dae0; }
#navigation { background: #f4f6f8; border: none; border-right: 1px solid #d5dae0; }
#navigation::item { padding: 0.45em 0.8em; }
#navigation::item:selected { background: #1f4e79; color: white; }
#workCard { background: white; border: 1px solid #d5dae0; border-radius: 6px; text-align: left; }
#workCard:hover { border-color: #1f4e79; }
#workCard:focus { border: 2px solid #1f4e79; }
QTableView::item { padding: 0.1em 0.3em; }
QHeaderView::section { padding: 0.1em 0.2em; }
QStatusBar::item { border: none; }
QStatusBar QLabel { padding: 0.1em 0.7em; border-left: 1px solid #c8ced6; }
QStatusBar QLabel#online { border-left: none; color: #555; }
#emptyRegister { background: #fff8e1; border: 1px solid #e0c070; border-radius: 6px; }
"""


def page_factories() -> dict[str, Callable[[UiContext], Page]]:
    from gridapp.ui.pages import (
        home,
        household,
        households,
        party,
        petition,
        petitions,
        reports,
        settings,
        sync,
    )

    return {
        "home": home.HomePage,
        "households": households.HouseholdsPage,
        "household": household.HouseholdPage,
        "party": party.PartyPage,
        "petitions": petitions.PetitionsPage,
        "petition": petition.PetitionPage,
        "reports": reports.ReportsPage,
        "sync": sync.SyncPage,
        "settings": settings.SettingsPage,
    }


@dataclass(frozen=True)
class ShellState:
    """What the window itself shows: the status bar, navigation counts, the scope."""

    sync: home.SyncState
    overdue_petitions: int
    scope: WorkScope | None
    clock_offset_ms: int | None = None  # the server's clock minus ours at the last round


def read_shell_state(store: Store) -> ShellState:
    """The window's own read (runs on the worker)."""
    return ShellState(
        sync=home.sync_state(store),
        overdue_petitions=home.petition_counts(store.conn, date.today()).overdue,
        scope=load_scope(store),
        clock_offset_ms=clock_offset_ms(store),
    )


class MainWindow(QMainWindow):
    def __init__(
        self,
        store: Store,
        first_run: bool = False,
        credentials: CredentialStore | None = None,
        sync_transport: httpx.BaseTransport | None = None,
    ) -> None:
        """``credentials`` (the device credentials of ``store``'s data directory by
        default) and ``sync_transport`` (httpx's own by default) are for tests."""
        super().__init__()
        self.store = store
        # All store access from the window goes through this one worker (STYLE.md point 2).
        self.tasks = TaskRunner(self)
        self.signals = AppSignals(self)
        self.ctx = UiContext(store=store, tasks=self.tasks, signals=self.signals, nav=self)
        self.sync = sc.SyncController(self.ctx, credentials, sync_transport, self)
        self.shell: ShellState | None = None
        self._shell_task: Task | None = None
        self._first_run = first_run  # open the first-run wizard when no scope is chosen
        self.wizard: QWidget | None = None
        self.setWindowTitle(self.tr("GridApp"))
        self.resize(1280, 800)
        try:
            self._build()
        except BaseException:
            self.tasks.shutdown()  # a running worker thread must not outlive a failed window
            self.sync.shutdown()
            raise
        # Issue #8: the idle lock and 切换账户 (inert while the PC has no account).
        self.guard = SessionGuard(self)
        self.guard.session_changed.connect(self._show_user)
        self.show_page("home")
        self.refresh_shell()
        self.sync.start()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_top_bar(central))

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        self.nav = QListWidget(central)
        self.nav.setObjectName("navigation")
        self.nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack = QStackedWidget(central)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)
        self.setStyleSheet(STYLE_SHEET)

        self.pages: dict[str, Page] = {}
        factories = page_factories()
        for name in ALL_PAGES:
            page = factories[name](self.ctx)
            self.pages[name] = page
            self.stack.addWidget(page)
        for name in NAV_PAGES:
            title = self.pages[name].title()
            item = QListWidgetItem(title, self.nav)
            item.setData(NAME_ROLE, name)
            item.setData(TITLE_ROLE, title)
        self._fit_navigation()
        self.nav.currentItemChanged.connect(self._nav_changed)

        self._build_status_bar()
        self.sync.state_changed.connect(self._sync_state_changed)
        self.sync.round_finished.connect(lambda _entry: self.refresh_shell())
        self.pages["sync"].attach(self.sync)  # type: ignore[attr-defined]
        self._install_shortcuts()
        self.signals.data_changed.connect(lambda _changes: self.refresh_shell())
        self.signals.appearance_changed.connect(self._appearance_changed)

    def _build_top_bar(self, parent: QWidget) -> QWidget:
        bar = QWidget(parent)
        bar.setObjectName("topBar")
        layout = QHBoxLayout(bar)
        self.app_label = Heading(self.tr("GridApp"), bar, factor=1.3)
        self.search = GlobalSearch(self.ctx, bar)
        self.search_box = self.search.edit
        # The scope this PC works for; a click opens the settings where it is changed.
        self.scope_button = QToolButton(bar)
        self.scope_button.setObjectName("scope")
        self.scope_button.setAutoRaise(True)
        self.scope_button.setToolTip(self.tr("The village and grid this computer works for"))
        self.scope_button.clicked.connect(lambda: self.show_page("settings"))
        self.user_label = QLabel(user_text(self.store), bar)
        self.user_label.setObjectName("user")
        self.user_label.setToolTip(self.tr("Current user"))
        layout.addWidget(self.app_label)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.scope_button)
        layout.addWidget(self.user_label)
        return bar

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.online_label = QLabel(self.tr("○ Offline (no sync server set up)"), bar)
        self.online_label.setObjectName("online")
        self.last_sync_label = QLabel(bar)
        self.pending_label = QLabel(bar)
        self.clock_label = QLabel(bar)
        self.clock_label.setObjectName("clockWarning")
        self.clock_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.clock_label.hide()
        self.integrity_label = QLabel(self.tr("Database damaged: see the message"), bar)
        self.integrity_label.setObjectName("integrityWarning")
        self.integrity_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.integrity_label.hide()
        self.integrity: list[str] | None = None  # problems found; None until checked
        # The path gives up width first (elided in the middle; the whole path in the tooltip).
        self.data_dir_label = ElidedLabel(
            self.tr("Data: {path}").replace("{path}", "{value}"), str(self.store.data_dir), bar
        )
        # A long role (网格长/社区书记) at 150 % is cut at its end, never the name.
        self.status_user_label = UserLabel(
            self.tr("User: {user}").replace("{user}", "{value}"), self.store, bar
        )
        for label in (self.online_label, self.last_sync_label, self.pending_label):
            bar.addWidget(label)
        bar.addWidget(self.integrity_label)
        bar.addWidget(self.clock_label, 1)
        bar.addPermanentWidget(self.data_dir_label)
        bar.addPermanentWidget(self.status_user_label)
        self.status_label = self.pending_label  # the skeleton's name

    def _show_user(self) -> None:
        """The logged-in account (name and role) in the top bar and the status bar."""
        self.user_label.setText(user_text(self.store))
        self.status_user_label.show_user(self.store)

    def _install_shortcuts(self) -> None:
        def add(
            sequence: QKeySequence | QKeySequence.StandardKey | str, slot: Callable[[], None]
        ) -> None:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

        add(QKeySequence.StandardKey.Find, self.focus_search)
        add("Ctrl+N", self.new_household)
        for number, name in enumerate(NAV_PAGES, start=1):
            add(f"Alt+{number}", functools.partial(self.show_page, name))

    def _appearance_changed(self) -> None:
        # Widgets under a style sheet keep the font they were polished with: polish again so
        # that a new text size (设置 → 字号) reaches every one of them.
        self.setStyleSheet("")
        self.setStyleSheet(STYLE_SHEET)
        self._fit_navigation()

    def _fit_navigation(self) -> None:
        # Room for the longest title with a count behind it, at the current text size.
        metrics = self.nav.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(str(self.nav.item(row).data(TITLE_ROLE)) + "  (88888)")
            for row in range(self.nav.count())
        )
        self.nav.setFixedWidth(max(140, widest + 40))

    # --- the window's own data --------------------------------------------------------------

    def refresh_shell(self) -> None:
        """Re-read the status bar, the navigation counts and the scope (in the background)."""
        if self._shell_task is not None and not self._shell_task.finished:
            return  # one is queued or running: it will see this change too
        store = self.store

        def run(task_ctx: TaskContext) -> ShellState:
            return read_shell_state(store)

        self._shell_task = self.tasks.submit(run, on_done=self._show_shell, quiet=True)

    def _show_shell(self, state: ShellState) -> None:
        self.shell = state
        sync = state.sync
        if sync.last_sync:
            when = sync.last_sync[5:16].replace("T", " ")
            self.last_sync_label.setText(self.tr("Last sync: {time}").replace("{time}", when))
        else:
            self.last_sync_label.setText(self.tr("Last sync: never"))
        self.pending_label.setText(
            self.tr("{count} changes waiting to sync").replace(
                "{count}", pending_text(sync.pending_changes)
            )
        )
        offset = state.clock_offset_ms
        if offset is not None and abs(offset) > CLOCK_WARNING_MS:
            self.clock_label.setText(
                self.tr(
                    "The clock of this computer is {minutes} minutes off the county server's. "
                    "Please check the date and time."
                ).replace("{minutes}", str(round(abs(offset) / 60_000)))
            )
            self.clock_label.show()
        elif sync.clock_behind and sync.newest_change:
            self.clock_label.setText(
                self.tr(
                    "The clock of this computer looks wrong: it is earlier than the last saved "
                    "change ({time}). Please check the date and time."
                ).replace("{time}", sync.newest_change.replace("T", " "))
            )
            self.clock_label.show()
        else:
            self.clock_label.hide()
        self._set_nav_count("sync", sync.pending_changes, pending_text(sync.pending_changes))
        self._set_nav_count("petitions", state.overdue_petitions)
        self.scope_button.setText(self.scope_text(state.scope))
        if self._first_run and state.scope is None and self.wizard is None:
            self.open_first_run()

    def _sync_state_changed(self, state: str, detail: str) -> None:
        texts = {
            sc.NOT_ENROLLED: self.tr("○ Offline (no sync server set up)"),
            sc.OFFLINE: self.tr("○ Offline"),
            sc.SYNCING: self.tr("⟳ Syncing"),
            sc.ONLINE: self.tr("● Online"),
            sc.ERROR: self.tr("⚠ Sync failed, will retry"),
            sc.STOPPED: self.tr("⚠ Syncing stopped"),
        }
        self.online_label.setText(texts.get(state, state))
        self.online_label.setToolTip(detail)
        self.online_label.setProperty("syncState", state)

    def scope_text(self, scope: WorkScope | None) -> str:
        if scope is None:
            return self.tr("No work area chosen")
        if scope.grid_name:
            return f"{scope.village_name} · {scope.grid_name}"
        return scope.village_name

    def _set_nav_count(self, name: str, count: int, text: str = "") -> None:
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if item.data(NAME_ROLE) == name:
                title = str(item.data(TITLE_ROLE))
                item.setText(f"{title}  ({text or f'{count:,}'})" if count else title)

    def check_integrity(self) -> None:
        """Check the database file beside the window's work (the start-up check).

        The store was opened without it so the window is usable at once; a damaged file
        still gets a clear message within seconds to minutes, and a red mark that stays. A
        sound file then gets fresh planner statistics (:meth:`Store.optimize`).
        """
        store = self.store

        def check(stopping: Callable[[], bool]) -> list[str] | None:
            problems = store.check_integrity(stopping)
            if problems == []:
                store.optimize()  # planner statistics, while nobody waits for them
            return problems

        self.tasks.beside(
            check,
            on_done=self._integrity_checked,
            on_error=lambda exc: self._integrity_checked([str(exc)]),
        )

    def _integrity_checked(self, problems: list[str] | None) -> None:
        if problems is None:
            return  # stopped: the window is closing
        self.integrity = problems
        if not problems:
            from gridapp.ui.backup_recovery import DailyBackups

            self.backups = DailyBackups(self)  # the day's backup, beside the work (issue #8)
            self.backups.start()
            return
        log.error("integrity check failed: %s", "; ".join(problems[:20]))
        self.integrity_label.show()
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            self.tr("GridApp"),
            self.tr(
                "The database failed its integrity check: part of the file is damaged "
                "(a power cut or a failing disk). Do not go on entering data and do not "
                "delete anything. Call the county's IT staff: they recover the data from "
                "the folder “backups” in the data folder or from the county server. The "
                "details below are for them."
            ),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setDetailedText("\n".join(problems[:20]))
        box.setObjectName("integrityMessage")
        from gridapp.ui.backup_recovery import offer_recovery

        restore = box.addButton(
            self.tr("Restore from a backup…"), QMessageBox.ButtonRole.ActionRole
        )
        restore.setObjectName("recoverButton")
        restore.clicked.connect(lambda: offer_recovery(self, problems))
        self.integrity_box = box
        box.open()

    def open_first_run(self) -> None:
        """The first-run wizard: work scope, and data when the register is empty."""
        from gridapp.ui.wizard import FirstRunWizard

        wizard = FirstRunWizard(self.ctx, self)
        self.wizard = wizard
        wizard.open()

    # --- Navigator ------------------------------------------------------------------------

    def show_page(self, name: str) -> None:
        page = self.pages[name]
        self.search.hide_popup()
        self.stack.setCurrentWidget(page)
        nav_name = NAV_OF_PAGE.get(name, name)
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if item.data(NAME_ROLE) == nav_name and self.nav.currentRow() != row:
                self.nav.blockSignals(True)
                self.nav.setCurrentRow(row)
                self.nav.blockSignals(False)
        page.activated()
        target = page.focus_widget()
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_household(self, household_id: str, person_id: str | None = None) -> None:
        page = self.pages["household"]
        page.show_household(household_id, person_id)  # type: ignore[attr-defined]
        self.show_page("household")

    def open_person(self, person_id: str) -> None:
        page = self.pages["household"]
        page.show_person(person_id)  # type: ignore[attr-defined]
        self.show_page("household")

    def new_household(self) -> None:
        page = self.pages["households"]
        page.new_household()  # type: ignore[attr-defined]

    def open_petition(self, petition_id: str) -> None:
        page = self.pages["petition"]
        page.show_petition(petition_id)  # type: ignore[attr-defined]
        self.show_page("petition")

    def record_activity(self) -> None:
        """新增活动 of 党员双报到 (the home page's quick action)."""
        self.show_page("party")
        self.pages["party"].record_activity()  # type: ignore[attr-defined]

    def register_petition(self, person_id: str | None = None) -> None:
        """登记: the registration dialog, for ``person_id`` as petitioner when given."""
        from gridapp.ui.dialogs.petition_register import start_registration

        start_registration(self.ctx, self, person_id)

    def show_petitions(self, kind: str = "") -> None:
        page = self.pages["petitions"]
        if kind:
            page.show_filtered(kind)  # type: ignore[attr-defined]
        self.show_page("petitions")

    def focus_search(self) -> None:
        self.search.focus()

    # --- events ---------------------------------------------------------------------------

    def _nav_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.show_page(str(current.data(NAME_ROLE)))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sync.shutdown()
        self.tasks.shutdown()
        super().closeEvent(event)
