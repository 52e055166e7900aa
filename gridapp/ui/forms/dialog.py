"""The frame of the person and household dialogs: keyboard, saving, refusals, discarding.

- **Enter saves** (the save button is the dialog's default button; nothing else is), and so
  does Ctrl+Enter inside a multi-line note. **Esc cancels**, asking first when something was
  typed. Focus starts in the first empty required field.
- The save button says what is still missing ("还缺：姓名、与户主关系") or wrong; pressing it
  anyway shows every message and puts the cursor on the first problem.
- Saving runs on ``ctx.tasks``; a refusal (:class:`ValidationError`) puts the store's messages
  under the right fields and keeps the dialog open with everything typed. Other store
  failures are shown at the top of the dialog — nothing typed is ever lost.

Strings use ``QCoreApplication.translate("FormDialog", …)`` (see ``fields.py`` for why).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gridapp.models.errors import ValidationError
from gridapp.store.errors import StoreError
from gridapp.ui.context import UiContext
from gridapp.ui.forms.fields import (
    ERROR_STYLE,
    FieldEditor,
    FieldForm,
    still_missing_text,
    while_alive,
)
from gridapp.ui.tasks import TaskContext

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


class FormDialog(QDialog):
    """A dialog around one :class:`FieldForm` (and more widgets subclasses add)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saving = False
        self.loaded = True  # subclasses that read first set False until the data is there
        self._discard_asked = False
        self._focused = False
        outer = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("dialogHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.heading.setFont(font)
        outer.addWidget(self.heading)
        self.general = QLabel(self)
        self.general.setObjectName("generalMessage")
        self.general.setStyleSheet(ERROR_STYLE)
        self.general.setWordWrap(True)
        self.general.hide()
        outer.addWidget(self.general)
        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 8, 0)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.body)
        outer.addWidget(self.scroll_area, 1)
        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(translate("FormDialog", "Save"), self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton(translate("FormDialog", "Cancel"), self)
        self.cancel_button.setAutoDefault(False)
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        outer.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.save)

    def fit_to_screen(self, width: int, height: int) -> None:
        """Start at ``width`` × ``height`` but never larger than the screen (a 1366×768
        office screen at 150 % is 910×512); the form scrolls inside."""
        parent = self.parentWidget()
        screen = self.screen() if parent is None else parent.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width = min(width, int(room.width() * 0.95))
            height = min(height, int(room.height() * 0.9))
        self.resize(width, height)

    # --- for subclasses -------------------------------------------------------------------

    def forms(self) -> list[FieldForm]:
        """The forms whose fields this dialog saves."""
        raise NotImplementedError

    def done_text(self) -> str:
        """The save button's text when nothing is missing."""
        return translate("FormDialog", "Save")

    def extra_missing(self) -> list[str]:
        """Missing things outside the forms (a household's head …)."""
        return []

    def extra_wrong(self) -> list[str]:
        """Wrong things outside the forms (two heads …)."""
        return []

    def extra_problem(self) -> QWidget | None:
        """Where to put the cursor for a problem outside the forms (None: none)."""
        return None

    def save_job(self) -> Callable[[TaskContext], Any] | None:
        """The write to run on the worker (None: nothing to write, just close); may raise
        :class:`ValidationError` (shown like a refusal of the store)."""
        raise NotImplementedError

    def saved(self, result: Any) -> None:
        """The write succeeded (main thread); the dialog closes afterwards."""

    def discard_question(self) -> str:
        return translate("FormDialog", "Discard what you typed?")

    def is_dirty(self) -> bool:
        return any(form.is_dirty() for form in self.forms())

    # --- state ----------------------------------------------------------------------------

    def update_state(self) -> None:
        """Rewrite the save button from what is missing or wrong."""
        if self.saving:
            return
        missing = [m for form in self.forms() for m in form.missing()] + self.extra_missing()
        wrong = [w for form in self.forms() for w in form.wrong()] + self.extra_wrong()
        self.save_button.setText(still_missing_text(missing, wrong, self.done_text()))
        self.save_button.setEnabled(self.loaded)

    def show_general(self, text: str) -> None:
        self.general.setText(text)
        self.general.setVisible(bool(text))

    def focus_start(self) -> None:
        """Focus where typing starts: the first empty required field, else the first field."""
        for form in self.forms():
            field = form.first_empty_required()
            if field is not None:
                field.focus()
                return
        for form in self.forms():
            for field in form.fields.values():
                if not field.read_only and field.editor.focusPolicy() != Qt.FocusPolicy.NoFocus:
                    field.focus()
                    return

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._focused and self.loaded:
            # Typing starts at once: the cursor is where the first thing must be typed.
            self._focused = True
            self.focus_start()

    def focus_field(self, field: FieldEditor) -> None:
        field.focus()
        self.scroll_area.ensureWidgetVisible(field.container)

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        """Check everything; if nothing is missing or wrong, write through ``ctx.tasks``."""
        if self.saving or not self.loaded:
            return
        self.show_general("")
        ok = all([form.validate_all() for form in self.forms()])
        if not ok:
            for form in self.forms():
                field = form.first_problem()
                if field is not None:
                    self.focus_field(field)
                    break
            return
        if self.extra_missing() or self.extra_wrong():
            widget = self.extra_problem()
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            self.update_state()
            return
        try:
            job = self.save_job()
        except ValidationError as exc:
            self.show_refusal(exc)
            return
        if job is None:
            self._discard_asked = True
            self.accept()
            return
        self.saving = True
        self.save_button.setEnabled(False)
        self.save_button.setText(translate("FormDialog", "Saving…"))
        self.ctx.tasks.submit(
            job,
            on_done=while_alive(self, self._save_done),
            on_error=while_alive(self, self._save_failed),
            label=translate("FormDialog", "Saving…"),
        )

    def _save_done(self, result: Any) -> None:
        self.saving = False
        self.saved(result)
        self._discard_asked = True
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self.saving = False
        self.update_state()
        if isinstance(exc, ValidationError):
            self.show_refusal(exc)
        elif isinstance(exc, StoreError):
            self.show_general(exc.text())
        else:
            self.show_general(translate("FormDialog", "The change could not be saved."))

    def show_refusal(self, exc: ValidationError) -> None:
        """The store's messages under their fields; the rest at the top."""
        rest = dict(exc.messages())
        for form in self.forms():
            rest = form.set_errors(rest)
        self.show_general("\n".join(dict.fromkeys(rest.values())))
        for form in self.forms():
            field = form.first_problem()
            if field is not None:
                self.focus_field(field)
                break
        self.update_state()

    # --- closing --------------------------------------------------------------------------

    def confirm_discard(self, question: str | None = None) -> bool:
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            question or self.discard_question(),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        """Esc / Cancel: ask before anything typed is thrown away."""
        if self.saving:
            return
        if not self._discard_asked and self.is_dirty() and not self.confirm_discard():
            return
        self._discard_asked = True
        super().reject()

    def close_without_asking(self) -> None:
        self._discard_asked = True
        super().reject()
