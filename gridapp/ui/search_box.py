"""The global search at the top of the window: results drop down as you type.

:class:`GlobalSearch` is a line edit with a result list floating under it. The list is a
child of the main window laid over the pages (not a popup window), so it never takes the
keyboard: typing goes on in the line edit while Up/Down move through the results, Enter opens
the chosen person (``ctx.nav.open_person``), Ctrl+Enter registers a petition with them as
petitioner (``ctx.nav.register_petition``) and Esc closes the list.

Every change of the text runs :func:`gridapp.store.search.search` on the background worker
(about 2 ms at a million persons). A newer keystroke supersedes older queries: a query still
queued is cancelled, and results that arrive for an older text are dropped (each query carries
a generation number). Enter pressed before the results of the current text arrived opens the
first of them when they do.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from gridapp.models import codes
from gridapp.store.search import MATCH_PHONE, SearchHit, SearchResult, search
from gridapp.ui.context import UiContext
from gridapp.ui.tasks import Task, TaskContext

RESULT_LIMIT = 30
VISIBLE_ROWS = 10
POPUP_MIN_WIDTH = 760
PERSON_ROLE = Qt.ItemDataRole.UserRole + 1


class ResultPopup(QFrame):
    """The drop-down under the search box: the hits, or a message when there are none."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("searchResults")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.setSpacing(0)
        self.model = QStandardItemModel(0, 4, self)
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing stays in the line edit
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)
        self.view.setHeaderHidden(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setStyleSheet("QTreeView::item { padding: 2px 12px 2px 4px; }")
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.message = QLabel(self)
        self.message.setObjectName("searchMessage")
        self.message.setWordWrap(True)
        self.message.setContentsMargins(8, 6, 8, 6)
        self.hint = QLabel(
            self.tr("↑↓ choose · Enter open · Ctrl+Enter register petition · Esc close"), self
        )
        self.hint.setObjectName("searchHint")
        self.hint.setContentsMargins(8, 3, 8, 6)
        self.hint.setEnabled(False)  # drawn greyed out: a hint, not content
        layout.addWidget(self.view)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)


class GlobalSearch(QWidget):
    """Search box + result list (see the module docstring). ``edit`` is the line edit."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.edit = QLineEdit(self)
        self.edit.setObjectName("globalSearch")
        self.edit.setClearButtonEnabled(True)
        self.edit.setPlaceholderText(
            self.tr("Search: name / pinyin initials / ID number / phone / address (Ctrl+F)")
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.hits: list[SearchHit] = []
        self.result: SearchResult | None = None  # the result shown (None: none yet)
        self._popup: ResultPopup | None = None
        self._generation = 0
        self._task: Task | None = None
        self._open_when_ready = False
        self._register_when_ready = False  # Ctrl+Enter before the results arrived
        self.edit.textChanged.connect(self.search)
        self.edit.installEventFilter(self)

    # --- the popup --------------------------------------------------------------------------

    @property
    def popup(self) -> ResultPopup:
        """The result list, created on first use as a child of the top-level window."""
        if self._popup is None:
            host = self.window()
            self._popup = ResultPopup(host)
            self._popup.hide()
            self._popup.view.clicked.connect(lambda index: self._open_row(index.row()))
            host.installEventFilter(self)  # follow the window's size
        return self._popup

    def popup_visible(self) -> bool:
        return self._popup is not None and self._popup.isVisible()

    def show_popup(self) -> None:
        popup = self.popup
        self._place_popup()
        popup.show()
        popup.raise_()

    def hide_popup(self) -> None:
        if self._popup is not None:
            self._popup.hide()

    def _place_popup(self) -> None:
        popup = self.popup
        host = popup.parentWidget()
        assert host is not None
        below = self.edit.mapTo(host, QPoint(0, self.edit.height()))
        width = min(max(self.edit.width(), POPUP_MIN_WIDTH), host.width() - below.x() - 8)
        view = popup.view
        rows = min(popup.model.rowCount(), VISIBLE_ROWS)
        view.setVisible(rows > 0)
        if rows:
            view.setFixedHeight(view.sizeHintForRow(0) * rows + 2 * view.frameWidth())
        popup.message.setVisible(bool(popup.message.text()))
        layout = popup.layout()
        assert layout is not None
        layout.activate()
        height = (
            layout.heightForWidth(width)
            if layout.hasHeightForWidth()
            else layout.sizeHint().height()
        )
        popup.setGeometry(below.x(), below.y() + 2, width, height)

    # --- searching --------------------------------------------------------------------------

    def search(self, text: str) -> None:
        """Run a search for ``text`` on the worker; supersedes every earlier one."""
        self._generation += 1
        generation = self._generation
        if self._task is not None and not self._task.finished:
            self._task.cancel()  # still queued: the worker skips it
        if not text.strip():
            self._task = None
            self._open_when_ready = False
            self._show(SearchResult(text, []), generation)
            self.hide_popup()
            return
        conn = self.ctx.store.conn

        def run(task_ctx: TaskContext) -> SearchResult:
            return search(conn, text, RESULT_LIMIT)

        self._task = self.ctx.tasks.submit(
            run, on_done=lambda result: self._show(result, generation), quiet=True
        )

    def _show(self, result: SearchResult, generation: int) -> None:
        if generation != self._generation:
            return  # a newer text was typed meanwhile
        self.result = result
        self.hits = list(result.hits)
        popup = self.popup
        popup.model.removeRows(0, popup.model.rowCount())
        for hit in self.hits:
            popup.model.appendRow(self._row(hit))
        if self.hits:
            popup.message.setText("")
            popup.view.setCurrentIndex(popup.model.index(0, 0))
        elif result.message:
            popup.message.setText(result.text())
        elif result.query.strip():
            popup.message.setText(
                self.tr("Nothing found for “{text}”.").replace("{text}", result.query.strip())
            )
        else:
            popup.message.setText("")
        if result.query.strip() and self.edit.hasFocus():
            self.show_popup()
        elif self.popup_visible():
            self._place_popup()
        if self._open_when_ready:
            self._open_when_ready = False
            if self.hits:
                self._open_row(0, register=self._register_when_ready)

    def _row(self, hit: SearchHit) -> list[QStandardItem]:
        name = hit.name
        note = self.status_note(hit.status)
        if note:
            name = (
                self.tr("{name} ({status})").replace("{name}", hit.name).replace("{status}", note)
            )
        elif hit.is_head:
            name = self.tr("{name} (head)").replace("{name}", hit.name)
        number = hit.phone_masked if hit.match == MATCH_PHONE else hit.id_masked
        items = [QStandardItem(text) for text in (name, number, hit.household_no, hit.address)]
        items[0].setData(hit.person_id, PERSON_ROLE)
        if note:
            for item in items:
                item.setForeground(self.palette().placeholderText())
        return items

    def status_note(self, status: str) -> str:
        """ "moved out" / "deceased" for a person who left the register ("" when 正常)."""
        if status in ("", "1"):
            return ""
        if status == "2":
            return self.tr("moved out")
        if status == "3":
            return self.tr("deceased")
        return codes.table("person_status").label(status)

    # --- keys and opening -------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit:
            if event.type() == QEvent.Type.KeyPress:
                assert isinstance(event, QKeyEvent)
                return self._key(event)
            if event.type() == QEvent.Type.FocusOut:
                self.hide_popup()
        elif (
            self._popup is not None
            and watched is self._popup.parentWidget()
            and event.type() == QEvent.Type.Resize
            and self.popup_visible()
        ):
            self._place_popup()
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            if not self.popup_visible():
                if self.edit.text().strip() and self.result is not None:
                    self.show_popup()
                return True
            step = {
                Qt.Key.Key_Down: 1,
                Qt.Key.Key_Up: -1,
                Qt.Key.Key_PageDown: VISIBLE_ROWS,
                Qt.Key.Key_PageUp: -VISIBLE_ROWS,
            }[Qt.Key(key)]
            self.move_selection(step)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            register = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            self.open_current(register=register)
            return True
        if key == Qt.Key.Key_Escape:
            if self.popup_visible():
                self.hide_popup()
            else:
                self.edit.clear()
            return True
        return False

    def current_row(self) -> int:
        if self._popup is None or not self.hits:
            return -1
        return self._popup.view.currentIndex().row()

    def move_selection(self, step: int) -> None:
        if not self.hits:
            return
        row = max(0, min(len(self.hits) - 1, self.current_row() + step))
        view = self.popup.view
        view.setCurrentIndex(self.popup.model.index(row, 0))
        view.scrollTo(view.currentIndex())

    def open_current(self, register: bool = False) -> None:
        """Enter: open the selected hit; before the results arrived, the first one.
        ``register`` (Ctrl+Enter): register a petition with that person instead."""
        if self._task is not None and not self._task.finished:
            self._open_when_ready = True
            self._register_when_ready = register
            return
        row = self.current_row()
        if row >= 0:
            self._open_row(row, register=register)
        elif self.result is not None and self.edit.text().strip():
            self.show_popup()  # nothing to open: show why (not found / too short)

    def _open_row(self, row: int, register: bool = False) -> None:
        if not 0 <= row < len(self.hits):
            return
        hit = self.hits[row]
        self.hide_popup()
        self.edit.selectAll()
        if register:
            self.register_hit(hit)
        else:
            self.open_hit(hit)

    def open_hit(self, hit: SearchHit) -> None:
        """Enter or a click on a result."""
        self.ctx.nav.open_person(hit.person_id)

    def register_hit(self, hit: SearchHit) -> None:
        """Ctrl+Enter on a result: 登记信访 with this person as petitioner."""
        self.ctx.nav.register_petition(hit.person_id)

    def focus(self) -> None:
        """Ctrl+F: put the cursor in the box with its text selected (typing replaces it)."""
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        if self.edit.text().strip() and self.result is not None and self.result.query:
            self.show_popup()
