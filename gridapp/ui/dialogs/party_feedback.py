"""反馈单: the community's feedback on one party member for one period, to the work unit.

The top of the sheet is read from ``ServiceRepository.feedback_sheet``: the member, work
unit and party organisation, the period with its dates, the report date, the posts held
and the period's totals (活动次数, 服务时长, 积分). Below, the community fills in 等次
(``feedback_rating``), its opinion, the signer and the date (today unless changed; not in
the future) — the store's ``FEEDBACK_FIELDS``, checked as you type. Saving is
``ServiceRepository.save_feedback``: one row per member and period, a second save updates
it. A sheet saved before is shown with what was saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from gridapp.models import party_rules as rules
from gridapp.models.fields import clean_fields
from gridapp.models.party import PartyFeedback
from gridapp.store.db import Changes
from gridapp.store.party_service import FEEDBACK_FIELDS, FeedbackSheet, ServiceRepository
from gridapp.ui.context import UiContext
from gridapp.ui.forms.dialog import FormDialog
from gridapp.ui.forms.fields import FieldEditor, FieldForm, while_alive
from gridapp.ui.tasks import TaskContext

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")


def period_text(code: str) -> str:
    """A period as a person reads it: 2026年第3季度, 2026年上半年, 2026年."""
    period = rules.Period.parse(code)
    year = str(period.year)
    if period.kind is rules.PeriodKind.QUARTER:
        text = translate("PartyPeriods", "{year} quarter {index}")
    elif period.kind is rules.PeriodKind.HALF:
        text = (
            translate("PartyPeriods", "{year} first half")
            if period.index == 1
            else translate("PartyPeriods", "{year} second half")
        )
    else:
        text = translate("PartyPeriods", "year {year}")
    return text.replace("{year}", year).replace("{index}", str(period.index))


def number(value: float) -> str:
    """1.0 -> "1", 1.5 -> "1.5", 0.38 -> "0.38"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


class FeedbackDialog(FormDialog):
    """The feedback sheet of one member and period (see the module docstring)."""

    def __init__(
        self, ctx: UiContext, member_id: str, period: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("partyFeedbackDialog")
        self.member_id = member_id
        self.period = period
        self.sheet: FeedbackSheet | None = None
        self.outcome: PartyFeedback | None = None
        self.loaded = False
        self.setWindowTitle(self.tr("Feedback sheet"))
        self.heading.setText(
            self.tr("Feedback sheet {period}").replace("{period}", period_text(period))
        )
        self.summary = QWidget(self.body)
        self.summary.setObjectName("sheetSummary")
        self.facts = QFormLayout(self.summary)
        self.facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.values: dict[str, QLabel] = {}
        for key, label in (
            ("member", self.tr("Party member")),
            ("unit", self.tr("Work unit")),
            ("org", self.tr("Party organisation")),
            ("period", self.tr("Period")),
            ("reported", self.tr("Reported on")),
            ("posts", self.tr("Posts held")),
            ("activities", self.tr("Activities")),
            ("hours", self.tr("Service hours")),
            ("points", self.tr("Points")),
        ):
            value = QLabel(self.summary)
            value.setObjectName(f"sheet_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = value
            self.facts.addRow(label + self.tr(":"), value)
        self.body_layout.addWidget(self.summary)
        self.form = FieldForm(lambda v: clean_fields(FEEDBACK_FIELDS, v, date.today()), self.body)
        spec = FEEDBACK_FIELDS
        self.form.add_row(
            FieldEditor(spec["rating"], self.form), FieldEditor(spec["signer"], self.form)
        )
        self.form.add_row(FieldEditor(spec["signed_date"], self.form))
        self.form.add_row(FieldEditor(spec["opinion"], self.form))
        self.form.load({"signed_date": date.today()})
        self.form.state_changed.connect(self.update_state)
        self.body_layout.addWidget(self.form)
        self.body_layout.addStretch(1)
        self.fit_to_screen(700, 620)
        self.update_state()
        store = ctx.store
        ctx.tasks.submit(
            lambda _t: ServiceRepository(store).feedback_sheet(member_id, period),
            on_done=while_alive(self, self._loaded),
            on_error=while_alive(self, self._load_failed),
            quiet=True,
        )

    def _loaded(self, sheet: FeedbackSheet) -> None:
        self.sheet = sheet
        member = sheet.member
        self.heading.setText(
            self.tr("Feedback sheet: {name}, {period}")
            .replace("{name}", member.name)
            .replace("{period}", period_text(sheet.period))
        )
        shown = {
            "member": f"{member.name}（{member.id_number}）",
            "unit": member.work_unit or "—",
            "org": member.party_org or "—",
            "period": f"{period_text(sheet.period)}"
            f"（{sheet.start.isoformat()} — {sheet.end.isoformat()}）",
            "reported": sheet.report_date.isoformat() if sheet.report_date else self.tr("none"),
            "posts": "、".join(sheet.posts) or self.tr("none"),
            "activities": str(sheet.activities),
            "hours": self.tr("{hours} hours").replace("{hours}", number(sheet.hours)),
            "points": number(sheet.points),
        }
        for key, text in shown.items():
            self.values[key].setText(text)
        saved = sheet.saved
        if saved is not None:
            self.form.load(
                {
                    "rating": saved.rating,
                    "signer": saved.signer,
                    "signed_date": saved.signed_date or date.today(),
                    "opinion": saved.opinion,
                }
            )
        self.loaded = True
        self.update_state()
        if self.isVisible():
            self.focus_start()

    def _load_failed(self, exc: BaseException) -> None:
        messages = getattr(exc, "messages", None)
        self.show_general("\n".join(messages().values()) if callable(messages) else str(exc))

    def forms(self) -> list[FieldForm]:
        return [self.form]

    def done_text(self) -> str:
        return self.tr("Save the feedback")

    def save_job(self) -> Callable[[TaskContext], Any] | None:
        values = self.form.cleaned()
        store, member_id, period = self.ctx.store, self.member_id, self.period

        def job(_task: TaskContext) -> tuple[PartyFeedback, Changes]:
            saved = ServiceRepository(store).save_feedback(
                member_id,
                period,
                rating=values["rating"],
                signer=values["signer"],
                signed_date=values.get("signed_date"),
                opinion=values.get("opinion", ""),
            )
            changes = Changes()
            changes.add("party_feedback", saved.id)
            return saved, changes

        return job

    def saved(self, result: Any) -> None:
        self.outcome, changes = result
        self.ctx.signals.data_changed.emit(changes)


def open_feedback(ctx: UiContext, parent: QWidget, member_id: str, period: str) -> FeedbackDialog:
    """The feedback sheet of ``member_id`` for ``period`` (window-modal)."""
    dialog = FeedbackDialog(ctx, member_id, period, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
