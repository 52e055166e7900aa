"""更正登记信息: correct the registration fields of a petition that is not done yet.

The petition page opens this dialog (its 更正登记信息… button) only for a petition that is not
done and whose content and petitioners this PC's role may see, so the fields it prefills are
the stored ones, never blanked. Every registration field of ``PETITION_FIELDS`` but 登记日期
is offered, prefilled, and checked as it is typed by the same field specs and cross-field
rules as 登记 (人数 against the petitioners named, 信访次数 of a repeat petition); only the
fields the user changes must be valid (old data is not held against a correction). 更正原因
is required. Saving runs :meth:`PetitionRepository.correct` on ``ctx.tasks``: one user
action, the old and new values in the outbox, a progress entry 更正登记信息 listing each
change and the reason. A refusal puts the store's messages under the fields and saves
nothing; Enter saves, Esc cancels (asking first when something was typed).

Strings use ``QCoreApplication.translate("PetitionCorrect", …)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from gridapp.models import petition_flow
from gridapp.models.errors import FieldError, ValidationError
from gridapp.models.fields import clean_fields
from gridapp.models.petition import Petition, Petitioner
from gridapp.models.petition_register import PETITION_FIELDS, group_errors
from gridapp.store.db import Changes, Store
from gridapp.store.errors import StoreError
from gridapp.store.petitions import (
    CORRECTABLE,
    CORRECTION_REASON,
    MSG_NOTHING_CHANGED,
    PetitionRepository,
)
from gridapp.store.scope import stored_places
from gridapp.ui.context import UiContext
from gridapp.ui.forms.dialog import FormDialog
from gridapp.ui.forms.fields import ChoiceField, FieldEditor, FieldForm, while_alive
from gridapp.ui.petition_view import PetitionView
from gridapp.ui.tasks import TaskContext

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

LAYOUT: list[tuple[str, str | None]] = [
    ("channel", "kind"),
    ("category", None),
    ("summary", None),
    ("content", None),
    ("is_repeat", "repeat_count"),
    ("headcount", "confidential"),
    ("problem_area_code", "problem_address"),
]
CROSS_FIELDS = ("headcount", "repeat_count")
REASON = "reason"


def may_correct(view: PetitionView) -> bool:
    """Whether the page offers 更正登记信息: not done, and nothing of it hidden from the role."""
    return (
        view.petition.status not in petition_flow.DONE_STATUSES
        and view.visibility.content
        and view.visibility.petitioner
    )


def read_villages(store: Store) -> list[tuple[str, str]]:
    """The villages of the places table (the choices of 问题属地), read on the worker."""
    return [(p.code, p.name) for p in stored_places(store.conn) if p.level == "village"]


class CorrectionForm(FieldForm):
    """The registration fields; the cross-field rules of 登记 over the petition as corrected."""

    def __init__(self, petition: Petition, petitioners: list[Petitioner], parent: QWidget) -> None:
        super().__init__(partial(clean_fields, PETITION_FIELDS), parent)
        self.petition = petition
        self.petitioners = petitioners
        self.only_changed = True

    def cross_errors(self, overrides: dict[str, Any] | None = None) -> list[FieldError]:
        if not self.petitioners:
            return []
        now = {name: getattr(self.petition, name) for name in CORRECTABLE}
        typed = {**self.values, **(overrides or {})}
        now.update({name: value for name, value in typed.items() if name in now})
        if not now.get("is_repeat"):
            now["repeat_count"] = 0
        return group_errors(replace(self.petition, **now), now, self.petitioners)

    def _counts(self, name: str) -> bool:
        # 更正原因 is always required; of the registration only what was changed must be valid.
        return name == REASON or super()._counts(name)

    def extra_message(self, name: str, value: Any) -> str:
        if name not in CROSS_FIELDS:
            return ""
        errors = self.cross_errors({name: value})
        return next((e.text() for e in errors if e.field == name), "")


class PetitionCorrectDialog(FormDialog):
    """更正登记信息 (see the module docstring). ``corrected`` holds the petition as saved."""

    def __init__(self, ctx: UiContext, parent: QWidget | None, view: PetitionView) -> None:
        super().__init__(ctx, parent)
        self.view = view
        self.corrected: Petition | None = None
        petition = view.petition
        title = petition_flow.action_label(petition_flow.CORRECT)
        self.setObjectName("petitionCorrectDialog")
        self.setWindowTitle(title)
        self.heading.setText(
            translate("PetitionCorrect", "{title} · No. {number}")
            .replace("{title}", title)
            .replace("{number}", petition.reg_no)
        )
        self.intro = QLabel(
            translate(
                "PetitionCorrect",
                "Change what was registered wrongly and say why. The old and new values are"
                " kept in the progress. The date received ({date}) cannot be corrected.",
            ).replace("{date}", petition.reg_date.isoformat()),
            self.body,
        )
        self.intro.setObjectName("correctIntro")
        self.intro.setWordWrap(True)
        self.body_layout.addWidget(self.intro)
        self.form = CorrectionForm(petition, view.petitioners, self.body)
        for left, right in LAYOUT:
            self.form.add_row(self._editor(left), self._editor(right) if right else None)
        self.form.add_row(
            FieldEditor(CORRECTION_REASON, self.form),
            clean=partial(clean_fields, {REASON: CORRECTION_REASON}),
        )
        self.body_layout.addWidget(self.form)
        self.body_layout.addStretch(1)
        self.form.state_changed.connect(self._recheck)
        self.fields["is_repeat"].edited.connect(self._repeat_toggled)
        self.form.load({name: getattr(petition, name) for name in CORRECTABLE})
        self._repeat_toggled()
        self.form.initial = self.form.raw_values()
        self.loaded = False
        store = ctx.store
        self.ctx.tasks.submit(
            lambda _task: read_villages(store),
            on_done=while_alive(self, self._villages_read),
            on_error=while_alive(self, self._read_failed),
            quiet=True,
        )
        self.update_state()
        self.fit_to_screen(860, 600)

    @property
    def fields(self) -> dict[str, FieldEditor]:
        return self.form.fields

    def field(self, name: str) -> FieldEditor:
        return self.form.fields[name]

    def _editor(self, name: str) -> FieldEditor:
        spec = PETITION_FIELDS[name]
        if name == "problem_area_code":
            return ChoiceField(spec, self.form, label=translate("PetitionCorrect", "Problem area"))
        return FieldEditor(spec, self.form)

    # --- loading ------------------------------------------------------------------------------

    def _villages_read(self, villages: list[tuple[str, str]]) -> None:
        area = self.fields["problem_area_code"]
        assert isinstance(area, ChoiceField)
        area.set_choices(villages)
        area.set_value(self.view.petition.problem_area_code)
        self.form.validate("problem_area_code", reveal=False)
        self.form.initial["problem_area_code"] = area.raw()
        self._finish_loading()

    def _read_failed(self, exc: BaseException) -> None:
        self.show_general(exc.text() if isinstance(exc, StoreError) else str(exc))
        self._finish_loading()

    def _finish_loading(self) -> None:
        self.loaded = True
        self.update_state()
        if self.isVisible():
            self.focus_start()

    def focus_start(self) -> None:
        """The cursor starts in the first field (信访形式); Tab leads on to 更正原因."""
        self.fields[LAYOUT[0][0]].focus()

    # --- the rules that span fields -----------------------------------------------------------

    def _recheck(self) -> None:
        for name in CROSS_FIELDS:
            self.form.validate(name, reveal=name in self.form.touched)
        self.update_state()

    def _repeat_toggled(self) -> None:
        repeat = bool(self.fields["is_repeat"].raw())
        count = self.fields["repeat_count"]
        if not repeat:
            count.set_value("0")
        count.set_read_only(
            not repeat,
            "" if repeat else translate("PetitionCorrect", "Tick the repeat box to give a count."),
        )
        self._recheck()

    # --- FormDialog ---------------------------------------------------------------------------

    def forms(self) -> list[FieldForm]:
        return [self.form]

    def done_text(self) -> str:
        return translate("PetitionCorrect", "Save the correction")

    def changed_values(self) -> dict[str, Any]:
        """The fields the user changed, as typed (the store checks them again)."""
        raw = self.form.raw_values()
        return {name: raw[name] for name in sorted(self.form.changed_fields() - {REASON})}

    def save_job(self) -> Callable[[TaskContext], Any] | None:
        values = self.changed_values()
        if not values:
            raise ValidationError([FieldError("values", MSG_NOTHING_CHANGED)])
        store, petition_id = self.ctx.store, self.view.petition.id
        reason = str(self.field(REASON).raw())

        def job(_task: TaskContext) -> tuple[Petition, Changes]:
            repo = PetitionRepository(store)
            saved = repo.correct(petition_id, values, on=date.today(), reason=reason)
            changes = Changes()
            changes.add("petition", petition_id)
            entries = repo.progress(petition_id)
            if entries:
                changes.add("petition_progress", entries[-1].id)
            return saved, changes

        return job

    def saved(self, result: Any) -> None:
        petition, changes = result
        self.corrected = petition
        self.ctx.signals.data_changed.emit(changes)


def open_correction(
    ctx: UiContext, parent: QWidget, view: PetitionView
) -> PetitionCorrectDialog | None:
    """Open 更正登记信息 for the petition ``view`` shows (window-modal); None when not allowed."""
    if not may_correct(view):
        return None
    dialog = PetitionCorrectDialog(ctx, parent, view)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
