"""One petition: heading with its light, the steps allowed now, fields, petitioners,
deadlines, the progress timeline and the attachments.

Everything shown comes from one :func:`~gridapp.ui.petition_view.load_petition_view` job on
``ctx.tasks`` (quiet: the page shows 正在读取… itself), run when a petition is opened, when the
page is shown again after a write, and when ``data_changed`` touches the petition tables. The
view arrives with what this PC's role may not see already blanked (``petition_flow.
visibility``); the page shows 「内容保密」 in its place.

- The step buttons are ``petition_flow.allowed_actions(petition, role)``; each opens a
  :class:`~gridapp.ui.dialogs.petition_step.StepDialog`. After a step the dialog emits
  ``data_changed`` and the page reads the petition again.
- 更正登记信息… (F2) opens :class:`~gridapp.ui.dialogs.petition_correct.PetitionCorrectDialog`
  while the petition is not done and the role sees its content and petitioners.
- A petitioner linked to a registered person opens their household (Enter, a double-click,
  or 打开所在户: ``ctx.nav.open_person``).
- Attachments: 添加附件… (a file dialog), thumbnails made in the background
  (:func:`gridapp.ui.thumbnails.make_thumbnail`, kept with ``AttachmentStore.set_thumbnail``),
  打开 (a picture in a viewer inside the program: no decrypted copy on disk), 另存为…
  (a copy where the user chooses). A PDF has no thumbnail: it shows a document icon.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models import petition_flow
from gridapp.models.deadlines import Light
from gridapp.models.errors import ValidationError
from gridapp.models.idnumber import mask_id_number, mask_phone
from gridapp.store.attachments import FILE_PATTERNS, AttachmentStore
from gridapp.store.db import Changes
from gridapp.store.errors import NotFoundError, StoreError
from gridapp.ui.context import UiContext
from gridapp.ui.dialogs.petition_correct import may_correct, open_correction
from gridapp.ui.forms.fields import while_alive
from gridapp.ui.heading import Heading
from gridapp.ui.pages.base import Page
from gridapp.ui.pages.household_tables import ID_ROLE, AnyIndex, RowsModel
from gridapp.ui.petition_model import COLOURS
from gridapp.ui.petition_view import (
    DOT,
    AttachmentInfo,
    PetitionView,
    actor_text,
    confidential_text,
    current_light,
    deadline_rows,
    detail_text,
    field_label,
    light_words,
    load_petition_view,
    outcome_fields,
    register_fields,
    size_text,
)
from gridapp.ui.tasks import TaskContext
from gridapp.ui.thumbnails import make_thumbnail

log = logging.getLogger(__name__)

# Tables whose changes this page shows.
WATCHED = (
    "petition",
    "petition_petitioner",
    "petition_progress",
    "petition_attachment",
    "place",
)
ICON_SIZE = 96  # attachment thumbnails in the list (logical pixels)
VIEWER_MAX = 1600  # the longer side of a picture shown in the viewer
SHA_ROLE = Qt.ItemDataRole.UserRole + 10
ERROR_STYLE = "color: #b3261e;"
QUIET_STYLE = "color: #555555;"
# The traffic-light colours of the list (the same on every page); grey when no light.
LIGHT_COLOURS: dict[Light, str] = {**COLOURS, Light.NONE: "#8a8a8a"}
# Text outcomes shown in a box of their own rather than beside their label.
LONG_OUTCOMES = ("reply_text", "reject_reason", "extension_reason")


class CopyNotWrittenError(StoreError):
    """A copy of an attachment could not be written where the user chose."""

    message = QT_TRANSLATE_NOOP("Messages", "Could not write {path} ({detail}).")


class ColouredRowsModel(RowsModel):
    """Rows with a colour and a tooltip per row for one column (a traffic light)."""

    def __init__(self, headers: list[str], column: int, parent: QObject | None = None) -> None:
        super().__init__(headers, parent)
        self.column = column
        self.colours: list[str] = []
        self.tips: list[str] = []

    def set_coloured_rows(
        self, rows: list[tuple[str, ...]], ids: list[str], colours: list[str], tips: list[str]
    ) -> None:
        self.colours = colours
        self.tips = tips
        self.set_rows(rows, ids)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = index.row()
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == self.column:
            colour = self.colours[row] if row < len(self.colours) else ""
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and row < len(self.tips) and self.tips[row]:
            return self.tips[row]
        return super().data(index, role)


def _table(parent: QWidget, model: RowsModel, name: str) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


def _value_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


def _caption(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    label.setStyleSheet(QUIET_STYLE)
    return label


class TimelineEntry(QFrame):
    """One progress entry: "date · step · who" over its details ("标签：值" lines)."""

    def __init__(self, title: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineEntry")
        self.setStyleSheet(
            "#timelineEntry { border-left: 3px solid #1f4e79; background: palette(base); }"
        )
        box = QVBoxLayout(self)
        box.setContentsMargins(10, 4, 6, 6)
        box.setSpacing(2)
        self.title = Heading(title, self, factor=1.0)  # bold, following 设置 → 字号
        self.title.setObjectName("timelineTitle")
        self.title.setWordWrap(True)
        self.details = QLabel(details, self)
        self.details.setObjectName("timelineDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setVisible(bool(details))
        box.addWidget(self.title)
        box.addWidget(self.details)


class ImageViewer(QDialog):
    """A picture attached to a petition, shown inside the program (Esc closes)."""

    def __init__(self, image: QImage, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageViewer")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        area = QScrollArea(self)
        area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture = QLabel(area)
        self.picture.setPixmap(QPixmap.fromImage(image))
        area.setWidget(self.picture)
        layout.addWidget(area, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        screen = (parent or self).screen()
        room = screen.availableGeometry() if screen is not None else None
        width = min(image.width() + 40, int(room.width() * 0.9) if room else 1000)
        height = min(image.height() + 90, int(room.height() * 0.9) if room else 800)
        self.resize(max(width, 320), max(height, 240))


class PetitionPage(Page):
    name = "petition"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.petition_id: str | None = None
        self.view: PetitionView | None = None
        self.dialog: Any = None  # the step dialog or viewer opened last (tests look at it)
        self.loading = False
        self._requested: str | None = None
        self._generation = 0
        self._stale = False
        self._thumbs_tried: set[str] = set()
        self.step_buttons: dict[str, QPushButton] = {}

        outer = QVBoxLayout(self)
        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack)
        self.empty = QLabel(self)
        self.empty.setObjectName("petitionEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setText(self._empty_text())
        self.stack.addWidget(self.empty)
        self.content = QWidget(self)
        self.stack.addWidget(self.content)
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        self._build_heading(layout)
        self._build_steps(layout)
        splitter = QSplitter(Qt.Orientation.Horizontal, self.content)
        splitter.setObjectName("petitionSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_left())
        splitter.addWidget(self._build_right())
        splitter.setStretchFactor(0, 6)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([600, 500])
        layout.addWidget(splitter, 1)
        self.splitter = splitter
        ctx.signals.data_changed.connect(self._data_changed)
        ctx.signals.appearance_changed.connect(self._appearance_changed)

    # --- building ---------------------------------------------------------------------------

    def _empty_text(self) -> str:
        return self.tr("No petition is open. Open one from the petition list (Alt+4).")

    def _build_heading(self, layout: QVBoxLayout) -> None:
        self.heading = Heading("", self.content, factor=1.35)
        self.heading.setObjectName("petitionHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.light_label = QLabel(self.content)
        self.light_label.setObjectName("petitionLight")
        self.light_label.setWordWrap(True)
        self.light_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.heading)
        layout.addWidget(self.light_label)

    def _build_steps(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        self.steps_caption = QLabel(self.tr("Steps:"), self.content)
        row.addWidget(self.steps_caption)
        self.steps_box = QHBoxLayout()
        row.addLayout(self.steps_box)
        self.no_steps = QLabel(self.content)
        self.no_steps.setObjectName("noSteps")
        self.no_steps.setStyleSheet(QUIET_STYLE)
        self.no_steps.setWordWrap(True)
        row.addWidget(self.no_steps, 1)
        row.addStretch(0)
        # 更正登记信息 (F2): not a workflow step; offered while the petition is not done.
        self.correct_button = QPushButton(self.tr("Correct the registration…"), self.content)
        self.correct_button.setObjectName("correctRegistration")
        self.correct_button.setToolTip(self.tr("Correct what was registered wrongly (F2)"))
        self.correct_button.clicked.connect(self.open_correction)
        self.correct_button.hide()
        shortcut = QShortcut(QKeySequence("F2"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.open_correction)
        row.addWidget(self.correct_button)
        self.role_label = QLabel(self.content)
        self.role_label.setObjectName("petitionRole")
        self.role_label.setStyleSheet(QUIET_STYLE)
        self.role_label.setToolTip(
            self.tr("The steps offered are those this role may take on this petition now.")
        )
        row.addWidget(self.role_label)
        layout.addLayout(row)

    def _build_left(self) -> QWidget:
        area = QScrollArea(self.content)
        area.setObjectName("petitionLeft")
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(area)
        box = QVBoxLayout(inner)
        box.setContentsMargins(0, 0, 8, 0)
        box.addWidget(self._build_fields(inner))
        box.addWidget(self._build_petitioners(inner))
        box.addWidget(self._build_attachments(inner))
        box.addStretch(1)
        area.setWidget(inner)
        return area

    def _build_fields(self, parent: QWidget) -> QGroupBox:
        group = QGroupBox(self.tr("Petition"), parent)
        group.setObjectName("petitionFields")
        grid = QGridLayout(group)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.fields_grid = grid
        self.field_values: dict[str, QLabel] = {}
        self.field_captions: dict[str, QLabel] = {}
        pairs = [
            ("reg_date", "channel"),
            ("kind", "category"),
            ("headcount", "repeat"),
            ("grid", "confidential"),
            ("holder", "level"),
            ("handling_unit", "handler"),
        ]
        row = 0
        for left, right in pairs:
            for column, key in ((0, left), (2, right)):
                self._field_cell(group, grid, key, row, column)
            row += 1
        for key in ("problem", "summary"):
            self._field_cell(group, grid, key, row, 0, span=3)
            row += 1
        caption = _caption(field_label("content"), group)
        self.content_box = QPlainTextEdit(group)
        self.content_box.setObjectName("petitionContent")
        self.content_box.setReadOnly(True)
        self.content_box.setTabChangesFocus(True)
        self.content_box.setFixedHeight(self.content_box.fontMetrics().lineSpacing() * 5 + 14)
        self.content_secret = QLabel(confidential_text(), group)
        self.content_secret.setObjectName("contentConfidential")
        self.content_secret.setStyleSheet(ERROR_STYLE)
        self.content_secret.hide()
        grid.addWidget(caption, row, 0)
        grid.addWidget(self.content_box, row, 1, 1, 3)
        grid.addWidget(self.content_secret, row + 1, 1, 1, 3)
        row += 2
        self.outcome_row = row
        self.outcome_widgets: list[QWidget] = []
        self.outcome_values: dict[str, QLabel] = {}  # what the workflow recorded, as shown
        return group

    def _field_cell(
        self, group: QWidget, grid: QGridLayout, key: str, row: int, column: int, span: int = 1
    ) -> None:
        caption = _caption(field_label(key), group)
        value = _value_label(group, f"field_{key}")
        grid.addWidget(caption, row, column)
        grid.addWidget(value, row, column + 1, 1, span)
        self.field_values[key] = value
        self.field_captions[key] = caption

    def _build_petitioners(self, parent: QWidget) -> QGroupBox:
        group = QGroupBox(self.tr("Petitioners"), parent)
        group.setObjectName("petitionersGroup")
        self.petitioners_group = group
        box = QVBoxLayout(group)
        self.petitioner_model = ColouredRowsModel(
            [
                self.tr("Name"),
                self.tr("ID number"),
                self.tr("Phone"),
                self.tr("Registered"),
                self.tr("Address"),
            ],
            -1,
            self,
        )
        self.petitioner_table = _table(group, self.petitioner_model, "petitionerTable")
        self.petitioner_table.activated.connect(self._petitioner_activated)
        self.petitioner_table.selectionModel().selectionChanged.connect(self._petitioner_selected)
        self.petitioner_table.setSizeAdjustPolicy(
            QAbstractItemView.SizeAdjustPolicy.AdjustToContents
        )
        self.petitioner_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        box.addWidget(self.petitioner_table)
        self.petitioners_secret = QLabel(confidential_text(), group)
        self.petitioners_secret.setObjectName("petitionersConfidential")
        self.petitioners_secret.setStyleSheet(ERROR_STYLE)
        self.petitioners_secret.hide()
        box.addWidget(self.petitioners_secret)
        row = QHBoxLayout()
        self.open_household_button = QPushButton(self.tr("Open household"), group)
        self.open_household_button.setObjectName("openHousehold")
        self.open_household_button.setToolTip(
            self.tr("The household of the selected petitioner (Enter in the table)")
        )
        self.open_household_button.clicked.connect(self.open_selected_household)
        row.addWidget(self.open_household_button)
        row.addStretch(1)
        box.addLayout(row)
        self.open_household_button.setEnabled(False)
        return group

    def _build_attachments(self, parent: QWidget) -> QGroupBox:
        group = QGroupBox(self.tr("Attachments"), parent)
        group.setObjectName("attachmentsGroup")
        self.attachments_group = group
        box = QVBoxLayout(group)
        self.attachment_list = QListWidget(group)
        self.attachment_list.setObjectName("attachmentList")
        self.attachment_list.setViewMode(QListWidget.ViewMode.IconMode)
        self.attachment_list.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.attachment_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.attachment_list.setMovement(QListWidget.Movement.Static)
        self.attachment_list.setWrapping(True)
        self.attachment_list.setWordWrap(True)
        self.attachment_list.setUniformItemSizes(True)
        self.attachment_list.itemActivated.connect(lambda _item: self.open_attachment())
        self.attachment_list.currentItemChanged.connect(lambda *_a: self._attachment_selected())
        box.addWidget(self.attachment_list)
        self.attachments_empty = QLabel(
            self.tr("No attachments. Add photos or scans with “Add attachment…”."), group
        )
        self.attachments_empty.setObjectName("attachmentsEmpty")
        self.attachments_empty.setWordWrap(True)
        self.attachments_empty.setStyleSheet(QUIET_STYLE)
        box.addWidget(self.attachments_empty)
        self.attachments_secret = QLabel(confidential_text(), group)
        self.attachments_secret.setObjectName("attachmentsConfidential")
        self.attachments_secret.setStyleSheet(ERROR_STYLE)
        self.attachments_secret.hide()
        box.addWidget(self.attachments_secret)
        self.attachment_message = QLabel(group)
        self.attachment_message.setObjectName("attachmentMessage")
        self.attachment_message.setWordWrap(True)
        self.attachment_message.hide()
        box.addWidget(self.attachment_message)
        row = QHBoxLayout()
        self.add_attachment_button = QPushButton(self.tr("Add attachment…"), group)
        self.add_attachment_button.setObjectName("addAttachment")
        self.add_attachment_button.setToolTip(
            self.tr("Photos and scans: JPEG, PNG, TIFF or PDF, at most 20 MB each")
        )
        self.add_attachment_button.clicked.connect(self.choose_attachments)
        self.open_attachment_button = QPushButton(self.tr("Open"), group)
        self.open_attachment_button.setObjectName("openAttachment")
        self.open_attachment_button.clicked.connect(self.open_attachment)
        self.save_attachment_button = QPushButton(self.tr("Save a copy…"), group)
        self.save_attachment_button.setObjectName("saveAttachment")
        self.save_attachment_button.clicked.connect(self.save_attachment)
        for button in (
            self.add_attachment_button,
            self.open_attachment_button,
            self.save_attachment_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)
        self._attachment_selected()
        return group

    def _build_right(self) -> QWidget:
        right = QWidget(self.content)
        box = QVBoxLayout(right)
        box.setContentsMargins(8, 0, 0, 0)
        deadlines = QGroupBox(self.tr("Deadlines"), right)
        deadlines.setObjectName("deadlinesGroup")
        self.deadline_grid = QGridLayout(deadlines)
        self.deadline_grid.setHorizontalSpacing(12)
        self.deadline_grid.setVerticalSpacing(4)
        self.deadline_grid.setColumnStretch(0, 3)
        self.deadline_grid.setColumnStretch(2, 2)
        # (deadline, date, state) labels per row, as shown (tests read them)
        self.deadline_labels: list[tuple[QLabel, QLabel, QLabel]] = []
        box.addWidget(deadlines)
        timeline = QGroupBox(self.tr("Progress"), right)
        timeline.setObjectName("timelineGroup")
        self.timeline_group = timeline
        inner = QVBoxLayout(timeline)
        inner.setContentsMargins(4, 4, 4, 4)
        self.timeline_area = QScrollArea(timeline)
        self.timeline_area.setObjectName("timeline")
        self.timeline_area.setWidgetResizable(True)
        self.timeline_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.timeline_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows scroll it
        self.timeline_body = QWidget(self.timeline_area)
        self.timeline_layout = QVBoxLayout(self.timeline_body)
        self.timeline_layout.setContentsMargins(4, 4, 4, 4)
        self.timeline_layout.setSpacing(8)
        self.timeline_layout.addStretch(1)
        self.timeline_area.setWidget(self.timeline_body)
        # The latest step stays in sight while the cards are laid out, until the user scrolls.
        self._pin_timeline_end = False
        bar = self.timeline_area.verticalScrollBar()
        bar.rangeChanged.connect(self._timeline_range_changed)
        bar.actionTriggered.connect(self._timeline_scrolled)
        self.timeline_entries: list[TimelineEntry] = []
        inner.addWidget(self.timeline_area)
        box.addWidget(timeline, 1)
        return right

    def _appearance_changed(self) -> None:
        # A new text size (设置 → 字号) reaches the widgets through the event loop first.
        QTimer.singleShot(0, self._refit)

    def _refit(self) -> None:
        """Heights computed from the font: the content box and the attachment list."""
        self.content_box.setFixedHeight(self.content_box.fontMetrics().lineSpacing() * 5 + 14)
        if self.attachment_list.count():
            self._fit_attachment_list()

    # --- Page -------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Petition")

    def focus_widget(self) -> QWidget | None:
        if self.view is None:
            return None
        buttons = list(self.step_buttons.values())
        return buttons[0] if buttons else self.timeline_area

    def activated(self) -> None:
        if self.petition_id is None:
            return
        if self._stale or self._requested != self.petition_id:
            self.reload()

    # --- opening ----------------------------------------------------------------------------

    def show_petition(self, petition_id: str) -> None:
        """Show ``petition_id`` (read on the worker)."""
        if petition_id != self.petition_id:
            self.view = None
            self._thumbs_tried.clear()
            self.attachment_message.hide()
            self.heading.setText(self.tr("Reading…"))
            self.light_label.clear()
            self._set_steps(None)
        self.petition_id = petition_id
        self.reload()

    def reload(self) -> None:
        """Read the petition again; a newer request wins over an older one."""
        petition_id = self.petition_id
        if petition_id is None:
            return
        store = self.ctx.store
        self._generation += 1
        generation = self._generation
        self._requested = petition_id
        self._stale = False
        self.loading = True
        if self.view is None:
            self.stack.setCurrentWidget(self.content)

        def done(view: PetitionView) -> None:
            if generation == self._generation:
                self._show(view)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._failed(exc)

        self.ctx.tasks.submit(
            lambda _ctx: load_petition_view(store, petition_id),
            on_done=while_alive(self, done),
            on_error=while_alive(self, failed),
            label=self.tr("Reading…"),
            quiet=True,
        )

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.view = None
        if isinstance(exc, NotFoundError):
            self.empty.setText(
                self.tr("This petition no longer exists.") + "\n" + self._empty_text()
            )
        elif isinstance(exc, StoreError):
            self.empty.setText(exc.text())
        elif isinstance(exc, ValidationError):
            self.empty.setText("\n".join(exc.messages().values()))
        self.stack.setCurrentWidget(self.empty)

    def _data_changed(self, changes: Changes | None) -> None:
        if self.petition_id is None:
            return
        if self.touches(changes, WATCHED):
            self.refresh_when_seen(self.reload)

    # --- showing ----------------------------------------------------------------------------

    def _show(self, view: PetitionView) -> None:
        self.loading = False
        self.view = view
        p = view.petition
        self.heading.setText(
            self.tr("No. {number} · {status}")
            .replace("{number}", p.reg_no)
            .replace("{status}", petition_flow.status_label(p.status))
        )
        self.light_label.setText(self._light_html(view))
        self._set_steps(view)
        self._fill_fields(view)
        self._fill_petitioners(view)
        self._fill_deadlines(view)
        self._fill_timeline(view)
        self._fill_attachments(view)
        self.stack.setCurrentWidget(self.content)
        self._make_thumbnails(view)

    def _light_html(self, view: PetitionView) -> str:
        light = current_light(view)
        due = view.petition.due_date
        if light is Light.NONE or due is None:
            return self.tr("No deadline is running.")
        words = light_words(light, due, view.today)
        return f'<span style="color:{LIGHT_COLOURS[light]};">{DOT} {words}</span> · ' + self.tr(
            "due {date}"
        ).replace("{date}", due.isoformat())

    def _set_steps(self, view: PetitionView | None) -> None:
        for button in self.step_buttons.values():
            self.steps_box.removeWidget(button)
            button.deleteLater()
        self.step_buttons = {}
        if view is None:
            self.no_steps.clear()
            self.role_label.clear()
            self.correct_button.hide()
            return
        for action in view.actions:
            button = QPushButton(petition_flow.action_label(action), self.content)
            button.setObjectName(f"step_{action}")
            button.clicked.connect(lambda _checked=False, a=action: self.open_step(a))
            self.steps_box.addWidget(button)
            self.step_buttons[action] = button
        self.no_steps.setText("" if view.actions else self.tr("No step is open to this role now."))
        self.correct_button.setVisible(may_correct(view))
        self.role_label.setText(
            self.tr("Current role: {role}").replace("{role}", petition_flow.role_label(view.role))
        )

    def _fill_fields(self, view: PetitionView) -> None:
        for key, value in register_fields(view):
            self.field_values[key].setText(value)
        p = view.petition
        seen = view.visibility.content
        self.field_values["summary"].setText(p.summary if seen else confidential_text())
        self.content_box.setPlainText(p.content if seen else "")
        self.content_box.setVisible(seen)
        self.content_secret.setVisible(not seen)
        for widget in self.outcome_widgets:
            self.fields_grid.removeWidget(widget)
            widget.deleteLater()
        self.outcome_widgets = []
        self.outcome_values = {}
        group = self.content_box.parentWidget()
        assert group is not None
        row = self.outcome_row
        shorts: list[tuple[str, str]] = []
        longs: list[tuple[str, str]] = []
        for key, value in outcome_fields(view):
            (longs if key in LONG_OUTCOMES else shorts).append((key, value))
        for index, (key, value) in enumerate(shorts):
            caption = _caption(field_label(key), group)
            label = _value_label(group, f"field_{key}")
            label.setText(value)
            self.outcome_values[key] = label
            column = 0 if index % 2 == 0 else 2
            span = 3 if key in ("review", "recheck") else 1
            if span == 3 and column == 2:
                row += 1
                column = 0
            self.fields_grid.addWidget(caption, row, column)
            self.fields_grid.addWidget(label, row, column + 1, 1, span)
            self.outcome_widgets += [caption, label]
            if column == 2 or span == 3 or index == len(shorts) - 1:
                row += 1
        for key, value in longs:
            caption = _caption(field_label(key), group)
            label = _value_label(group, f"field_{key}")
            label.setText(value)
            self.outcome_values[key] = label
            self.fields_grid.addWidget(caption, row, 0)
            self.fields_grid.addWidget(label, row, 1, 1, 3)
            self.outcome_widgets += [caption, label]
            row += 1

    def _fill_petitioners(self, view: PetitionView) -> None:
        seen = view.visibility.petitioner
        self.petitioner_table.setVisible(seen)
        self.petitioners_secret.setVisible(not seen)
        self.open_household_button.setVisible(seen)
        rows: list[tuple[str, ...]] = []
        ids: list[str] = []
        tips: list[str] = []
        for person in view.petitioners:
            name = person.name
            if person.is_primary and len(view.petitioners) > 1:
                name = self.tr("{name} (main)").replace("{name}", name)
            rows.append(
                (
                    name,
                    mask_id_number(person.id_number) if person.id_number else "",
                    mask_phone(person.phone) if person.phone else "",
                    self.tr("Yes") if person.person_id else self.tr("No (typed in)"),
                    person.address,
                )
            )
            ids.append(person.person_id or "")
            tips.append(
                self.tr("Enter or a double-click opens the household") if person.person_id else ""
            )
        self.petitioner_model.set_coloured_rows(rows, ids, ["" for _ in rows], tips)
        title = self.tr("Petitioners")
        if seen:
            title = f"{title} ({len(rows)})"
        self.petitioners_group.setTitle(title)
        if rows:
            self.petitioner_table.selectRow(0)
        self._petitioner_selected()

    def _fill_deadlines(self, view: PetitionView) -> None:
        """Every deadline that applies: what, the date, and its light in words."""
        for labels in self.deadline_labels:
            for label in labels:
                self.deadline_grid.removeWidget(label)
                label.deleteLater()
        self.deadline_labels = []
        group = self.deadline_grid.parentWidget()
        assert group is not None
        for index, row in enumerate(deadline_rows(view)):
            what = _value_label(group, f"deadline_{row.key}")
            what.setText(row.label)
            day = QLabel(row.due.isoformat(), group)
            day.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            state = _value_label(group, f"deadlineState_{row.key}")
            mark = f"{DOT} " if row.light is not Light.NONE else ""
            state.setText(mark + row.words)
            state.setStyleSheet(f"color: {LIGHT_COLOURS[row.light]};")
            for column, label in enumerate((what, day, state)):
                self.deadline_grid.addWidget(label, index, column)
            self.deadline_labels.append((what, day, state))

    def _fill_timeline(self, view: PetitionView) -> None:
        """Every progress entry, oldest first, as a card: date · step · who, then details."""
        seen = view.visibility.content
        for entry in self.timeline_entries:
            self.timeline_layout.removeWidget(entry)
            entry.deleteLater()
        self.timeline_entries = []
        for index, step in enumerate(view.progress):
            card = TimelineEntry(
                self.tr("{date} · {step} · {by}")
                .replace("{date}", step.action_date.isoformat())
                .replace("{step}", petition_flow.action_label(step.action))
                .replace("{by}", actor_text(step)),
                detail_text(step, seen),
                self.timeline_body,
            )
            self.timeline_layout.insertWidget(index, card)
            self.timeline_entries.append(card)
        self.timeline_group.setTitle(f"{self.tr('Progress')} ({len(view.progress)})")
        self._pin_timeline_end = True
        bar = self.timeline_area.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _timeline_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._pin_timeline_end:
            self.timeline_area.verticalScrollBar().setValue(maximum)

    def _timeline_scrolled(self, _action: int) -> None:
        self._pin_timeline_end = False

    # --- attachments ------------------------------------------------------------------------

    def _fill_attachments(self, view: PetitionView) -> None:
        seen = view.visibility.content
        self.attachment_list.clear()
        for info in view.attachments:
            self.attachment_list.addItem(self._attachment_item(info))
        has = bool(view.attachments)
        self.attachment_list.setVisible(seen and has)
        self.attachments_empty.setVisible(seen and not has)
        self.attachments_secret.setVisible(not seen)
        self.add_attachment_button.setVisible(seen)
        self.open_attachment_button.setVisible(seen and has)
        self.save_attachment_button.setVisible(seen and has)
        title = self.tr("Attachments")
        self.attachments_group.setTitle(f"{title} ({len(view.attachments)})" if seen else title)
        if has:
            self.attachment_list.setCurrentRow(0)
            self._fit_attachment_list()
        self._attachment_selected()

    def _fit_attachment_list(self) -> None:
        """As high as one row of thumbnails with their names (two rows when many)."""
        line = self.attachment_list.fontMetrics().lineSpacing()
        rows = 1 if self.attachment_list.count() <= 4 else 2
        self.attachment_list.setFixedHeight(rows * (ICON_SIZE + 3 * line + 16) + 8)

    def _attachment_item(self, info: AttachmentInfo) -> QListWidgetItem:
        row = info.attachment
        item = QListWidgetItem(self._attachment_icon(info), row.filename)
        item.setData(SHA_ROLE, row.sha256)
        item.setData(ID_ROLE, row.id)
        tip = f"{row.filename} · {size_text(row.size)}"
        if not info.present:
            tip += "\n" + self.tr("Not on this computer yet (it arrives with the next sync).")
        elif info.is_pdf:
            tip += "\n" + self.tr("PDF: save a copy to open it in a PDF reader.")
        item.setToolTip(tip)
        item.setSizeHint(QSize(ICON_SIZE + 40, ICON_SIZE + 3 * self.fontMetrics().lineSpacing()))
        return item

    def _attachment_icon(self, info: AttachmentInfo) -> QIcon:
        if info.thumbnail:
            pixmap = QPixmap()
            if pixmap.loadFromData(info.thumbnail, "PNG"):
                return QIcon(pixmap)
        style = self.style()
        if not info.present:
            return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxQuestion)
        return style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def attachment_info(self, sha256: str) -> AttachmentInfo | None:
        if self.view is None:
            return None
        return next((a for a in self.view.attachments if a.attachment.sha256 == sha256), None)

    def selected_attachment(self) -> AttachmentInfo | None:
        item = self.attachment_list.currentItem()
        if item is None:
            return None
        return self.attachment_info(str(item.data(SHA_ROLE)))

    def _attachment_selected(self) -> None:
        info = self.selected_attachment()
        present = info is not None and info.present
        self.open_attachment_button.setEnabled(present and info is not None and not info.is_pdf)
        self.save_attachment_button.setEnabled(present)
        self.add_attachment_button.setEnabled(self.view is not None)

    def _make_thumbnails(self, view: PetitionView) -> None:
        """Thumbnails not made yet, one background job each (icons appear as they come)."""
        store = self.ctx.store
        for info in view.attachments:
            sha, mime = info.attachment.sha256, info.attachment.mime
            if not info.needs_thumbnail or sha in self._thumbs_tried:
                continue
            self._thumbs_tried.add(sha)

            def run(_task: TaskContext, sha: str = sha, mime: str = mime) -> tuple[str, bytes]:
                with AttachmentStore(store) as files:
                    png = make_thumbnail(files.read(sha), mime)
                    if png:
                        files.set_thumbnail(sha, png)
                return sha, png or b""

            self.ctx.tasks.submit(
                run,
                on_done=while_alive(self, self._thumbnail_made),
                on_error=while_alive(self, lambda exc: log.warning("thumbnail: %s", exc)),
                quiet=True,
            )

    def _thumbnail_made(self, result: tuple[str, bytes]) -> None:
        sha, png = result
        if not png:
            return
        pixmap = QPixmap()
        if not pixmap.loadFromData(png, "PNG"):
            return
        for row in range(self.attachment_list.count()):
            item = self.attachment_list.item(row)
            if item.data(SHA_ROLE) == sha:
                item.setIcon(QIcon(pixmap))

    def _say(self, text: str, error: bool = False) -> None:
        self.attachment_message.setText(text)
        self.attachment_message.setStyleSheet(ERROR_STYLE if error else QUIET_STYLE)
        self.attachment_message.setVisible(bool(text))

    def choose_attachments(self) -> None:
        """添加附件…: pick files, then attach them (see :meth:`add_attachments`)."""
        if self.view is None or not self.view.visibility.content:
            return
        patterns = self.tr("Photos and scans ({patterns})").replace("{patterns}", FILE_PATTERNS)
        paths, _selected = QFileDialog.getOpenFileNames(
            self, self.tr("Add attachment"), "", patterns
        )
        if paths:
            self.add_attachments([Path(p) for p in paths])

    def add_attachments(self, paths: list[Path]) -> None:
        """Attach ``paths`` to the petition on the worker, each with its thumbnail; a file
        the store refuses is named with its reason, the others are attached."""
        if self.view is None:
            return
        store, petition_id = self.ctx.store, self.view.petition.id

        def run(task: TaskContext) -> tuple[Changes, list[str]]:
            changes, problems = Changes(), []
            with AttachmentStore(store) as files:
                for done, path in enumerate(paths):
                    task.progress(done, len(paths))
                    try:
                        row = files.attach(petition_id, path)
                    except StoreError as exc:
                        problems.append(exc.text())
                        continue
                    changes.add("petition_attachment", row.id)
                    if files.thumbnail(row.sha256) is None:
                        png = make_thumbnail(files.read(row.sha256), row.mime)
                        if png:
                            files.set_thumbnail(row.sha256, png)
            return changes, problems

        def done(result: tuple[Changes, list[str]]) -> None:
            changes, problems = result
            self._say("\n".join(problems), error=True)
            if changes.count():
                self.ctx.signals.data_changed.emit(changes)

        self.ctx.tasks.submit(
            run,
            on_done=while_alive(self, done),
            on_error=while_alive(self, self._attachment_failed),
            label=self.tr("Adding attachments…"),
        )

    def _attachment_failed(self, exc: BaseException) -> None:
        if isinstance(exc, StoreError):
            self._say(exc.text(), error=True)
        elif isinstance(exc, ValidationError):
            self._say("\n".join(exc.messages().values()), error=True)
        else:
            self._say(self.tr("Something went wrong; please try again."), error=True)

    def open_attachment(self) -> None:
        """打开: a picture in the viewer (decoded on the worker); a PDF is saved instead."""
        info = self.selected_attachment()
        if info is None or not info.present:
            return
        if info.is_pdf:
            self.save_attachment()
            return
        store, sha = self.ctx.store, info.attachment.sha256

        def run(_task: TaskContext) -> QImage:
            with AttachmentStore(store) as files:
                image = QImage.fromData(files.read(sha))
            if image.width() > VIEWER_MAX or image.height() > VIEWER_MAX:
                image = image.scaled(
                    VIEWER_MAX,
                    VIEWER_MAX,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            return image

        def show(image: QImage) -> None:
            if image.isNull():
                self._say(self.tr("This picture cannot be shown; save a copy instead."), True)
                return
            viewer = ImageViewer(image, info.attachment.filename, self)
            viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog = viewer
            viewer.open()

        self.ctx.tasks.submit(
            run,
            on_done=while_alive(self, show),
            on_error=while_alive(self, self._attachment_failed),
            label=self.tr("Opening…"),
        )

    def save_attachment(self) -> None:
        """另存为…: a copy of the file where the user chooses."""
        info = self.selected_attachment()
        if info is None or not info.present:
            return
        name = info.attachment.filename
        path, _selected = QFileDialog.getSaveFileName(self, self.tr("Save a copy"), name)
        if path:
            self.save_attachment_to(info, Path(path))

    def save_attachment_to(self, info: AttachmentInfo, path: Path) -> None:
        store, sha = self.ctx.store, info.attachment.sha256

        def run(_task: TaskContext) -> Path:
            with AttachmentStore(store) as files:
                data = files.read(sha)
            try:
                path.write_bytes(data)
            except OSError as exc:
                raise CopyNotWrittenError(path=str(path), detail=exc.strerror or str(exc)) from exc
            return path

        def saved(target: Path) -> None:
            self._say(self.tr("Saved a copy to {path}").replace("{path}", str(target)))

        self.ctx.tasks.submit(
            run,
            on_done=while_alive(self, saved),
            on_error=while_alive(self, self._attachment_failed),
            label=self.tr("Saving…"),
        )

    # --- petitioners ------------------------------------------------------------------------

    def selected_person_id(self) -> str | None:
        rows = self.petitioner_table.selectionModel().selectedRows()
        if not rows:
            return None
        value = self.petitioner_model.data(rows[0], ID_ROLE)
        return str(value) if value else None

    def _petitioner_selected(self, *_args: QItemSelection) -> None:
        self.open_household_button.setEnabled(self.selected_person_id() is not None)

    def _petitioner_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        person_id = self.petitioner_model.data(index, ID_ROLE)
        if person_id:
            self.ctx.nav.open_person(str(person_id))

    def open_selected_household(self) -> None:
        person_id = self.selected_person_id()
        if person_id:
            self.ctx.nav.open_person(person_id)

    # --- steps ------------------------------------------------------------------------------

    def open_step(self, action: str) -> Any:
        """The dialog of ``action`` over this page (None when the step is not offered)."""
        if self.view is None or action not in self.view.actions:
            return None
        # Imported here: the step dialogs import the view helpers of this page.
        from gridapp.ui.dialogs.petition_step import open_step

        self.dialog = open_step(self.ctx, self, self.view, action)
        return self.dialog

    def open_correction(self) -> Any:
        """更正登记信息 over this page (None when the petition may not be corrected now)."""
        if self.view is None or self.loading or not may_correct(self.view):
            return None
        dialog = open_correction(self.ctx, self, self.view)
        if dialog is not None:
            self.dialog = dialog
        return dialog
