"""设置: language, text size, the work scope of this PC, and where the data lives.

Language and text size are this PC's preferences (``gridapp.ui.preferences``, a file in the
data directory). The text size applies at once (the application font is scaled and every
page follows); the language applies at the next start, which the page says. The work scope
is the same choice as in the first-run wizard, kept in the store.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gridapp.store.scope import PlaceChoice, WorkScope, load_scope, save_scope, stored_places
from gridapp.ui.context import UiContext
from gridapp.ui.heading import Heading
from gridapp.ui.pages.base import Page
from gridapp.ui.preferences import FONT_PERCENT, FONT_PERCENTS, LANGUAGE, Preferences
from gridapp.ui.tasks import TaskContext


class SettingsPage(Page):
    name = "settings"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.preferences = Preferences(ctx.store.data_dir)
        # The groups outgrow 800 px at 150 % (and 100 %, with 备份 and 账户): the page scrolls
        # rather than stretching the window past the screen.
        scroll = QScrollArea(self)
        scroll.setObjectName("settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(scroll)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(14)
        layout.addWidget(Heading(self.title(), self))

        display = QGroupBox(self.tr("Display"), self)
        form = QFormLayout(display)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.language = QComboBox(display)
        self.language.setObjectName("language")
        self.language.setMinimumContentsLength(10)
        self.language.addItem(self.tr("Chinese"), "zh_CN")
        self.language.addItem(self.tr("English"), "en")
        self.language.setCurrentIndex(self.language.findData(self.preferences.get(LANGUAGE)))
        self.language_note = QLabel(
            self.tr("The language changes when GridApp is started again."), display
        )
        self.language.currentIndexChanged.connect(self._language_chosen)
        form.addRow(self.tr("Language"), self.language)
        form.addRow("", self.language_note)
        self.font_size = QComboBox(display)
        self.font_size.setObjectName("fontSize")
        self.font_size.setMinimumContentsLength(10)
        for percent in FONT_PERCENTS:
            self.font_size.addItem(f"{percent}%", percent)
        self.font_size.setCurrentIndex(self.font_size.findData(self.preferences.get(FONT_PERCENT)))
        self.font_size.currentIndexChanged.connect(self._font_chosen)
        form.addRow(self.tr("Text size"), self.font_size)
        layout.addWidget(display)

        scope_box = QGroupBox(self.tr("Work area of this computer"), self)
        scope_layout = QVBoxLayout(scope_box)
        from gridapp.ui.wizard import ScopePicker

        self.scope_picker = ScopePicker(scope_box)
        self.scope_note = QLabel(scope_box)
        self.scope_note.setWordWrap(True)
        row = QHBoxLayout()
        self.save_scope_button = QPushButton(self.tr("Save work area"), scope_box)
        self.save_scope_button.clicked.connect(self._save_scope)
        self.scope_picker.changed.connect(self._scope_edited)
        row.addWidget(self.scope_note, 1)
        row.addWidget(self.save_scope_button)
        scope_layout.addWidget(self.scope_picker)
        scope_layout.addLayout(row)
        layout.addWidget(scope_box)

        data_box = QGroupBox(self.tr("Data"), self)
        data_form = QFormLayout(data_box)
        self.data_dir = QLineEdit(str(ctx.store.data_dir), data_box)
        self.data_dir.setObjectName("dataDir")
        self.data_dir.setReadOnly(True)
        data_form.addRow(self.tr("Data folder"), self.data_dir)
        data_form.addRow(self.tr("Current user"), QLabel(ctx.store.user_id, data_box))
        # 审计日志… (issue #8): shown to the roles that may read the log (activated()).
        self.audit_button = QPushButton(self.tr("Audit log…"), data_box)
        self.audit_button.setObjectName("openAuditLog")
        self.audit_button.hide()
        self.audit_button.clicked.connect(self.open_audit_log)
        data_form.addRow("", self.audit_button)
        self.audit_dialog: QWidget | None = None
        layout.addWidget(data_box)
        from gridapp.ui.backup_panel import BackupPanel  # 备份 (issue #8)

        self.backup_panel = BackupPanel(ctx, self)
        layout.addWidget(self.backup_panel)
        # 账户 (issue #8): who is logged in; the administrator's account management.
        from gridapp.ui.accounts_panel import AccountsPanel

        self.accounts_panel = AccountsPanel(ctx, self)
        layout.addWidget(self.accounts_panel)
        layout.addStretch(1)
        self.saved_scope: WorkScope | None = None
        self._loaded = False

    def title(self) -> str:
        return self.tr("Settings")

    def activated(self) -> None:
        store = self.ctx.store

        def run(task_ctx: TaskContext) -> tuple[list[PlaceChoice], WorkScope | None]:
            return stored_places(store.conn), load_scope(store)

        self.ctx.tasks.submit(run, on_done=self._places_read)
        self._check_audit_access()

    def _check_audit_access(self) -> None:
        """Show 审计日志… to a role that may read the audit log (asked on the worker)."""
        from gridapp.models.access import Permission
        from gridapp.store.access import allowed

        store = self.ctx.store
        self.ctx.tasks.submit(
            lambda task_ctx: allowed(store, Permission.VIEW_AUDIT),
            on_done=self.audit_button.setVisible,
            quiet=True,
        )

    def open_audit_log(self) -> None:
        from PySide6.QtCore import Qt

        from gridapp.ui.audit_viewer import AuditDialog

        dialog = AuditDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.audit_dialog = dialog

    def _places_read(self, result: tuple[list[PlaceChoice], WorkScope | None]) -> None:
        places, scope = result
        if not any(p.level == "village" for p in places):
            from gridapp.ui.wizard import demo_county_places

            places = demo_county_places()
        self.saved_scope = scope
        self._loaded = True
        self.scope_picker.set_places(places, scope)
        self._scope_edited()

    # --- changes ----------------------------------------------------------------------------

    def _language_chosen(self, _index: int) -> None:
        code = str(self.language.currentData())
        self.preferences.set(LANGUAGE, code)
        self.language_note.setText(
            self.tr("Saved. The language changes when GridApp is started again.")
        )

    def _font_chosen(self, _index: int) -> None:
        from gridapp.ui.app import apply_font_percent

        percent = int(self.font_size.currentData())
        self.preferences.set(FONT_PERCENT, percent)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_font_percent(app, percent)
        self.ctx.signals.appearance_changed.emit()

    def _scope_edited(self) -> None:
        chosen = self.scope_picker.scope()
        unchanged = chosen == self.saved_scope
        self.save_scope_button.setEnabled(self._loaded and chosen is not None and not unchanged)
        if self.saved_scope is None:
            self.scope_note.setText(self.tr("No work area chosen yet."))
        elif unchanged:
            self.scope_note.setText(self.tr("Saved."))
        else:
            self.scope_note.setText(self.tr("Not saved yet."))

    def _save_scope(self) -> None:
        scope = self.scope_picker.scope()
        if scope is None:
            return
        store = self.ctx.store
        self.save_scope_button.setEnabled(False)

        def run(task_ctx: TaskContext) -> WorkScope:
            save_scope(store, scope)
            return scope

        def done(saved: WorkScope) -> None:
            from gridapp.ui.wizard import scope_changes

            self.saved_scope = saved
            self._scope_edited()
            self.ctx.signals.data_changed.emit(scope_changes())

        self.ctx.tasks.submit(run, on_done=done, on_error=lambda _e: self._scope_edited())
