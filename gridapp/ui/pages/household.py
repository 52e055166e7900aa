"""One household: heading, and tabs 成员 · 房屋 · 变动记录 · 诉求 · 党员.

Everything shown comes from one :func:`~gridapp.store.household_view.load_household_view`
job on ``ctx.tasks``, run when the page is shown and when ``data_changed`` says that
something it shows was written. The actions:

- 编辑户 (F2) and 添加成员 (迁入/出生, Ctrl+Shift+N) and 编辑成员 (Enter or a double-click on
  a member) open the forms of ``gridapp/ui/forms``;
- 迁出, 死亡, 分户, 变更户主 and 标签 open the register-action dialogs
  (``gridapp.ui.dialogs.register_actions.start_register_action``);
- 登记信访 (Ctrl+Shift+P, also in the member table's context menu) registers a petition with
  the selected member as petitioner (``ctx.nav.register_petition``).

Buttons that need a member stay disabled until a current member is selected.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gridapp.models.errors import ValidationError
from gridapp.models.household import Person
from gridapp.store.db import Changes
from gridapp.store.errors import NotFoundError, StoreError
from gridapp.store.household_view import HouseholdView, household_of_person, load_household_view
from gridapp.store.households import HouseholdRepository
from gridapp.ui.context import UiContext
from gridapp.ui.forms.fields import while_alive
from gridapp.ui.forms.household_form import HouseholdDialog, open_edit_household
from gridapp.ui.forms.person_form import ADD, EDIT, PersonDialog
from gridapp.ui.pages.base import Page
from gridapp.ui.pages.household_tables import (
    ID_ROLE,
    MemberTableModel,
    RowsModel,
    history_headers,
    history_rows,
    label,
    member_of,
    party_headers,
    party_rows,
    petition_headers,
    petition_rows,
)
from gridapp.ui.tasks import TaskContext

# Tables whose changes this page shows.
WATCHED = (
    "household",
    "person",
    "person_tag",
    "household_tag",
    "household_event",
    "petition",
    "petition_petitioner",
    "party_member",
    "party_report",
    "place",
)


class MemberView(QTableView):
    """The member table: Enter edits the current member (a double-click does too)."""

    edit_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.edit_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


def _table(
    parent: QWidget, model: RowsModel, name: str, cls: type[QTableView] = QTableView
) -> QTableView:
    view = cls(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    # Rows as high as their text at any text size (设置 → 字号); the tables are small.
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    view.setWordWrap(False)
    return view


class HouseholdPage(Page):
    name = "household"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.household_id: str | None = None
        self.view: HouseholdView | None = None
        self.dialog: Any = None  # the form or action dialog opened last (tests look at it)
        self._select_person: str | None = None
        self._focus_person = False
        self._requested: str | None = None
        self._generation = 0
        self._stale = False
        self._resolving = False
        self.loading = False

        outer = QVBoxLayout(self)
        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack)
        self.empty = QLabel(self)
        self.empty.setObjectName("householdEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setText(self._empty_text())
        self.stack.addWidget(self.empty)
        self.content = QWidget(self)
        self.stack.addWidget(self.content)
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_heading())
        layout.addLayout(self._build_actions())
        self.tabs = QTabWidget(self.content)
        self.tabs.setObjectName("householdTabs")
        layout.addWidget(self.tabs, 1)
        self._build_tabs()
        self._install_shortcuts()
        ctx.signals.data_changed.connect(self._data_changed)
        self._selection_changed()

    # --- building ---------------------------------------------------------------------------

    def _empty_text(self) -> str:
        return self.tr(
            "No household is open. Open one from the household list (Alt+2) or the search "
            "(Ctrl+F), or create one with Ctrl+N."
        )

    def _build_heading(self) -> QVBoxLayout:
        box = QVBoxLayout()
        self.heading = QLabel(self.content)
        self.heading.setObjectName("householdHeading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.heading.setFont(font)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subheading = QLabel(self.content)
        self.subheading.setObjectName("householdSubheading")
        self.subheading.setWordWrap(True)
        self.subheading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.heading)
        box.addWidget(self.subheading)
        return box

    def _button(self, text: str, tip: str, slot: Any, name: str) -> QPushButton:
        button = QPushButton(text, self.content)
        button.setObjectName(name)
        if tip:
            button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.edit_household_button = self._button(
            self.tr("Edit household"), self.tr("F2"), self.edit_household, "editHousehold"
        )
        self.add_member_button = self._button(
            self.tr("Add member"),
            self.tr("Move in or birth (Ctrl+Shift+N)"),
            lambda: self.add_member(),
            "addMember",
        )
        self.edit_member_button = self._button(
            self.tr("Edit member"), self.tr("Enter"), self.edit_member, "editMember"
        )
        self.move_out_button = self._button(
            self.tr("Move out"), "", lambda: self.register_action("move_out"), "moveOut"
        )
        self.death_button = self._button(
            self.tr("Death"), "", lambda: self.register_action("death"), "death"
        )
        self.split_button = self._button(
            self.tr("Split household"), "", lambda: self.register_action("split"), "split"
        )
        self.head_button = self._button(
            self.tr("Change head"), "", lambda: self.register_action("head_change"), "headChange"
        )
        self.petition_button = self._button(
            self.tr("Register petition"),
            self.tr("A petition of the selected member (Ctrl+Shift+P)"),
            self.register_petition,
            "registerPetition",
        )
        # Issue #8: one member's full ID number and phone, logged (shown to roles that may).
        self.unmask_button = self._button(
            self.tr("Show full numbers"),
            self.tr("The selected member's full ID number and phone (recorded in the audit log)"),
            self.unmask_member,
            "unmaskMember",
        )
        self.unmask_button.setVisible(False)
        self.tags_button = QToolButton(self.content)
        self.tags_button.setObjectName("tags")
        self.tags_button.setText(self.tr("Tags"))
        self.tags_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.tags_button)
        self.person_tags_action = menu.addAction(
            self.tr("Tags of the member"), lambda: self.register_action("person_tags")
        )
        menu.addAction(
            self.tr("Tags of the household"), lambda: self.register_action("household_tags")
        )
        self.tags_button.setMenu(menu)
        for widget in (
            self.edit_household_button,
            self.add_member_button,
            self.edit_member_button,
            self.move_out_button,
            self.death_button,
            self.split_button,
            self.head_button,
            self.tags_button,
            self.petition_button,
            self.unmask_button,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _build_tabs(self) -> None:
        self.member_model = MemberTableModel(self)
        self.member_table = _table(self.content, self.member_model, "memberTable", MemberView)
        assert isinstance(self.member_table, MemberView)
        self.member_table.edit_requested.connect(self.edit_member)
        self.member_table.doubleClicked.connect(lambda _index: self.edit_member())
        self.member_table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.member_table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        # The page's Ctrl+Shift+P does it too (a second shortcut here would be ambiguous).
        self.petition_action = QAction(
            self.tr("Register petition (Ctrl+Shift+P)"), self.member_table
        )
        self.petition_action.triggered.connect(self.register_petition)
        self.member_table.addAction(self.petition_action)
        self.members_empty = QLabel(
            self.tr("Nobody is registered in this household. Add a member with Ctrl+Shift+N."),
            self.content,
        )
        self.tabs.addTab(self._with_empty(self.member_table, self.members_empty), "")

        self.house = QWidget(self.content)
        self.house.setObjectName("houseTab")
        form = QFormLayout(self.house)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.house_labels: dict[str, QLabel] = {}
        for key, text in (
            ("household_no", self.tr("Household number")),
            ("address", self.tr("Address")),
            ("grid", self.tr("Grid")),
            ("kind", self.tr("Household kind")),
            ("resident_match", self.tr("Lives at registered address")),
            ("tags", self.tr("Household tags")),
            ("note", self.tr("Note")),
        ):
            value = QLabel(self.house)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.house_labels[key] = value
            form.addRow(text, value)
        self.tabs.addTab(self.house, "")

        self.history_model = RowsModel(history_headers(), self)
        self.history_table = _table(self.content, self.history_model, "historyTable")
        self.history_table.setWordWrap(True)
        self.tabs.addTab(self.history_table, "")

        self.petition_model = RowsModel(petition_headers(), self)
        self.petition_table = _table(self.content, self.petition_model, "petitionTable")
        self.petitions_empty = QLabel(
            self.tr("No member of this household has petitioned. Register a petition on 诉求信访."),
            self.content,
        )
        self.tabs.addTab(self._with_empty(self.petition_table, self.petitions_empty), "")

        self.party_model = RowsModel(party_headers(), self)
        self.party_table = _table(self.content, self.party_model, "partyTable")
        self.party_empty = QLabel(self.tr("No party member lives in this household."), self.content)
        self.tabs.addTab(self._with_empty(self.party_table, self.party_empty), "")
        self._set_tab_titles(None)

    def _with_empty(self, table: QTableView, empty: QLabel) -> QStackedWidget:
        """A table, or a sentence saying what to do when it has no rows."""
        stack = QStackedWidget(self.content)
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        stack.addWidget(table)
        stack.addWidget(empty)
        return stack

    def _set_tab_titles(self, view: HouseholdView | None) -> None:
        def count(text: str, n: int | None) -> str:
            return text if n is None else f"{text} ({n})"

        titles = [
            count(self.tr("Members"), None if view is None else len(view.current_members)),
            self.tr("House"),
            count(self.tr("History"), None if view is None else len(view.events)),
            count(self.tr("Petitions"), None if view is None else len(view.petitions)),
            count(self.tr("Party members"), None if view is None else len(view.party_members)),
        ]
        for index, title in enumerate(titles):
            self.tabs.setTabText(index, title)

    def _install_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("F2", self.edit_household),
            ("Ctrl+Shift+N", self.add_member),
            ("Ctrl+Shift+P", self.register_petition),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

    # --- Page -------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Household")

    def focus_widget(self) -> QWidget | None:
        return self.member_table if self.household_id else None

    def activated(self) -> None:
        if self._resolving or self.household_id is None:
            return
        if self._stale or self._requested != self.household_id:
            self.reload()

    # --- opening ----------------------------------------------------------------------------

    def show_household(self, household_id: str, person_id: str | None = None) -> None:
        """Show ``household_id`` (selecting ``person_id`` among its members)."""
        if household_id != self.household_id:
            self.view = None
            self.member_model.set_rows([], [])
            self.tabs.setCurrentIndex(0)
        self.household_id = household_id
        self._select_person = person_id
        self._focus_person = person_id is not None
        self.reload()

    def show_person(self, person_id: str) -> None:
        """Open the person's household with them selected; a person without a household
        opens in the person form."""
        store = self.ctx.store
        self._resolving = True

        def find(_ctx: TaskContext) -> tuple[str | None, HouseholdView | None]:
            household_id = household_of_person(store, person_id)
            if household_id is None:
                return None, None
            return household_id, load_household_view(store, household_id)

        def found(result: tuple[str | None, HouseholdView | None]) -> None:
            self._resolving = False
            household_id, view = result
            if household_id is None or view is None:
                self.dialog = PersonDialog(self.ctx, self, mode=EDIT, person_id=person_id)
                self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                self.dialog.open()
                return
            self.household_id = household_id
            self._requested = household_id
            self._select_person = person_id
            self._focus_person = True
            self._generation += 1
            self._show(view)

        def failed(exc: BaseException) -> None:
            self._resolving = False
            self._failed(exc)

        self.ctx.tasks.submit(
            find, on_done=while_alive(self, found), on_error=while_alive(self, failed)
        )

    def reload(self) -> None:
        """Read the household again on the worker; a newer request wins over an older one."""
        household_id = self.household_id
        if household_id is None:
            return
        store = self.ctx.store
        self._generation += 1
        generation = self._generation
        self._requested = household_id
        self._stale = False
        self.loading = True
        if self._select_person is None:
            self._select_person = self.selected_person_id()

        def done(view: HouseholdView) -> None:
            if generation == self._generation:
                self._show(view)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._failed(exc)

        self.ctx.tasks.submit(
            lambda _ctx: load_household_view(store, household_id),
            on_done=while_alive(self, done),
            on_error=while_alive(self, failed),
        )

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.view = None
        if isinstance(exc, NotFoundError):
            self.empty.setText(
                self.tr("This household no longer exists.") + "\n" + self._empty_text()
            )
        elif isinstance(exc, StoreError | ValidationError):
            text = exc.text() if isinstance(exc, StoreError) else str(exc)
            self.empty.setText(text)
        self.stack.setCurrentWidget(self.empty)

    def _data_changed(self, changes: Changes | None) -> None:
        if self.household_id is None:
            return
        if self.touches(changes, WATCHED):
            self.refresh_when_seen(self.reload)

    # --- showing ----------------------------------------------------------------------------

    def _show(self, view: HouseholdView) -> None:
        self.loading = False
        self.view = view
        household = view.household
        head = view.head
        self.heading.setText(
            self.tr("Household {number} · Head: {head}")
            .replace("{number}", household.household_no)
            .replace("{head}", head.name if head else self.tr("(none)"))
        )
        parts = [household.address]
        if view.grid_name or household.grid_code:
            parts.append(
                self.tr("Grid: {grid}").replace("{grid}", view.grid_name or household.grid_code)
            )
        parts.append(
            self.tr("{count} living here").replace("{count}", str(len(view.current_members)))
        )
        tags = [label("household_tag", t.tag) for t in view.open_household_tags()]
        if tags:
            parts.append(self.tr("Tags: {tags}").replace("{tags}", self.tr(", ").join(tags)))
        self.subheading.setText(" · ".join(p for p in parts if p))
        self.member_model.set_view(view)
        self._fill_house(view)
        self.history_model.set_rows(*history_rows(view))
        self.petition_model.set_rows(*petition_rows(view))
        self.party_model.set_rows(*party_rows(view))
        for table, model in (
            (self.member_table, self.member_model),
            (self.petition_table, self.petition_model),
            (self.party_table, self.party_model),
        ):
            stack = table.parentWidget()
            assert isinstance(stack, QStackedWidget)
            stack.setCurrentIndex(0 if model.rowCount() else 1)
        self._set_tab_titles(view)
        self.stack.setCurrentWidget(self.content)
        self._restore_selection()

    def _fill_house(self, view: HouseholdView) -> None:
        household = view.household
        tags = [
            self.tr("{tag} (since {start})")
            .replace("{tag}", label("household_tag", t.tag))
            .replace("{start}", t.start_date.isoformat() if t.start_date else "?")
            for t in view.open_household_tags()
        ]
        values = {
            "household_no": household.household_no,
            "address": household.address,
            "grid": view.grid_name or household.grid_code,
            "kind": label("household_kind", household.kind),
            "resident_match": label("resident_match", household.resident_match),
            "tags": self.tr(", ").join(tags) or self.tr("(none)"),
            "note": household.note,
        }
        for key, value in values.items():
            self.house_labels[key].setText(value)

    def _restore_selection(self) -> None:
        wanted = self._select_person
        self._select_person = None
        row = self.member_model.row_of(wanted) if wanted else -1
        if row < 0 and self.member_model.rowCount():
            row = 0
        if row >= 0:
            self.member_table.selectRow(row)
            self.member_table.setCurrentIndex(self.member_model.index(row, 0))
            if self._focus_person:
                # Opened for this person (search, show_person): show them, ready for Enter.
                self.tabs.setCurrentIndex(0)
                self.member_table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus_person = False
        self._selection_changed()

    # --- selection --------------------------------------------------------------------------

    def selected_person_id(self) -> str | None:
        rows = self.member_table.selectionModel().selectedRows()
        if not rows:
            return None
        value = self.member_model.data(rows[0], ID_ROLE)
        return str(value) if value else None

    def selected_person(self) -> Person | None:
        if self.view is None:
            return None
        return member_of(self.view, self.selected_person_id())

    def _selection_changed(self, *_args: QItemSelection) -> None:
        person = self.selected_person()
        has_household = self.view is not None
        current = person is not None and person.status == "1"
        self.edit_member_button.setEnabled(person is not None)
        self.unmask_button.setVisible(self.view is not None and self.view.may_unmask)
        self.unmask_button.setEnabled(person is not None)
        for button in (self.move_out_button, self.death_button):
            button.setEnabled(current)
        self.person_tags_action.setEnabled(current)
        can_petition = person is not None and person.status != "3"  # not someone who died
        self.petition_button.setEnabled(can_petition)
        self.petition_action.setEnabled(can_petition)
        for widget in (
            self.edit_household_button,
            self.add_member_button,
            self.split_button,
            self.head_button,
            self.tags_button,
        ):
            widget.setEnabled(has_household)

    # --- actions ----------------------------------------------------------------------------

    def edit_household(self) -> HouseholdDialog | None:
        if self.household_id is None or self.view is None:
            return None
        self.dialog = open_edit_household(self.ctx, self, self.household_id)
        return self.dialog  # type: ignore[no-any-return]

    def add_member(self, kind: str = "move_in") -> PersonDialog | None:
        if self.view is None:
            return None
        head = self.view.head
        dialog = PersonDialog(
            self.ctx,
            self,
            mode=ADD,
            household_id=self.view.household.id,
            household_no=self.view.household.household_no,
            kind=kind,
            head_name=head.name if head else None,
        )
        self._open(dialog)
        return dialog

    def edit_member(self) -> PersonDialog | None:
        person_id = self.selected_person_id()
        if person_id is None:
            return None
        dialog = PersonDialog(self.ctx, self, mode=EDIT, person_id=person_id)
        self._open(dialog)
        return dialog

    def _open(self, dialog: PersonDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def register_petition(self) -> None:
        """登记信访 with the selected member as petitioner."""
        person = self.selected_person()
        if person is not None and person.status != "3":
            self.ctx.nav.register_petition(person.id)

    def unmask_member(self) -> None:
        """显示完整号码: read the selected member's numbers on the worker (the repository
        refuses a role without the right and logs the unmasking), then show them."""
        person = self.selected_person()
        if person is None:
            return
        store = self.ctx.store
        person_id, name = person.id, person.name

        def shown(numbers: tuple[str, str]) -> None:
            id_number, phone = numbers
            QMessageBox.information(
                self,
                self.tr("Full numbers"),
                self.tr("{name}\nID number: {id}\nPhone: {phone}")
                .replace("{name}", name)
                .replace("{id}", id_number or "—")
                .replace("{phone}", phone or "—"),
            )

        self.ctx.tasks.submit(
            lambda _ctx: HouseholdRepository(store).unmask_person(person_id),
            on_done=while_alive(self, shown),
            on_error=while_alive(self, self.ctx.tasks.show_error),
            quiet=True,
        )

    def register_action(self, kind: str) -> None:
        """迁出 / 死亡 / 分户 / 变更户主 / 标签: the register-action dialogs."""
        if self.household_id is None:
            return
        # Imported here: the dialogs module is written alongside this page.
        from gridapp.ui.dialogs.register_actions import start_register_action

        person_id = self.selected_person_id()
        self.dialog = start_register_action(self.ctx, self, kind, self.household_id, person_id)
