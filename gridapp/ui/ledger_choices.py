"""What the 台账报表 page asks before it generates a ledger: which ledger (the list on the
left, :class:`LedgerKinds`, with room for 月结 under it) and the month or feedback period,
the scope and whether numbers print in full (the row above the preview, :class:`LedgerChoices`).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gridapp.models.ledger import HOUSEHOLDS, PARTY, PARTY_FEEDBACK, PETITIONS, SUMMARY
from gridapp.ui.ledger_jobs import (
    ScopeChoices,
    default_month,
    default_period,
    recent_months,
    recent_periods,
)

KINDS_EM = 10  # the ledger list is as wide as this many characters
SCOPE_EM = 12


class LedgerKinds(QFrame):
    """The ledgers as a column of radio buttons (arrow keys move between them), and under
    them the 月结 buttons 结账 / 反结账 and where the chosen month stands."""

    changed = Signal(str)  # the kind chosen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ledgerKinds")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 12, 0)
        title = QLabel(self.tr("Ledger"), self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for kind, label in self.labels().items():
            button = QRadioButton(label, self)
            button.setObjectName(f"ledgerKind_{kind}")
            self.group.addButton(button)
            self.buttons[kind] = button
            layout.addWidget(button)
            button.toggled.connect(lambda on, k=kind: self._toggled(on, k))
        self.buttons[HOUSEHOLDS].setChecked(True)
        layout.addStretch(1)
        # 月结: close / reopen the chosen month of the village (gridapp.ui.month_closing).
        closing = QLabel(self.tr("Month closing"), self)
        closing.setFont(font)
        layout.addWidget(closing)
        row = QHBoxLayout()
        self.close_month = QPushButton(self.tr("Close month"), self)
        self.close_month.setObjectName("closeMonth")
        self.reopen_month = QPushButton(self.tr("Reopen month"), self)
        self.reopen_month.setObjectName("reopenMonth")
        for action in (self.close_month, self.reopen_month):
            action.setEnabled(False)  # until the month's state is read
            row.addWidget(action)
        layout.addLayout(row)
        self.closing_status = QLabel(self)
        self.closing_status.setObjectName("monthClosingStatus")
        self.closing_status.setWordWrap(True)
        layout.addWidget(self.closing_status)
        self.fit_width()

    def _toggled(self, on: bool, kind: str) -> None:
        if on:
            self.changed.emit(kind)

    def fit_width(self) -> None:
        """Wide enough for the longest title (党员双报到台账) at any text size."""
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("网") * KINDS_EM)

    def labels(self) -> dict[str, str]:
        """The ledgers in the order of the list, with their titles."""
        return {
            HOUSEHOLDS: self.tr("Household register ledger"),
            PARTY: self.tr("Party members' dual reporting ledger"),
            PETITIONS: self.tr("Petitions ledger"),
            SUMMARY: self.tr("Monthly work summary"),
            PARTY_FEEDBACK: self.tr("Party member feedback sheet"),
        }

    def kind(self) -> str:
        for kind, button in self.buttons.items():
            if button.isChecked():
                return kind
        return HOUSEHOLDS

    def choose(self, kind: str) -> None:
        self.buttons[kind].setChecked(True)


class LedgerChoices(QWidget):
    """月份 (or 周期 for the feedback sheet), 范围, 生成, and — for a role that may — the
    "print numbers in full" box with its warning."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.month_label = QLabel(self.tr("Month"), self)
        self.month = QComboBox(self)
        self.month.setObjectName("ledgerMonth")
        self.period_label = QLabel(self.tr("Period"), self)
        self.period = QComboBox(self)
        self.period.setObjectName("ledgerPeriod")
        self.scope = QComboBox(self)
        self.scope.setObjectName("ledgerScope")
        self.scope.setMinimumContentsLength(SCOPE_EM)
        self.scope.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.generate_button = QPushButton(self.tr("Generate"), self)
        self.generate_button.setObjectName("generateLedger")
        for part in (self.month_label, self.month, self.period_label, self.period):
            row.addWidget(part)
        row.addSpacing(8)
        row.addWidget(QLabel(self.tr("Scope"), self))
        row.addWidget(self.scope, 1)
        row.addWidget(self.generate_button)
        layout.addLayout(row)
        self.unmasked = QCheckBox(self.tr("Print ID and phone numbers in full"), self)
        self.unmasked.setObjectName("ledgerUnmasked")
        self.unmasked_note = QLabel(
            self.tr(
                "A ledger with full ID and phone numbers is personal data: keep the paper "
                "locked away and do not pass the file on."
            ),
            self,
        )
        self.unmasked_note.setWordWrap(True)
        self.unmasked_note.setStyleSheet("color: #8a5a00;")
        for widget in (self.unmasked, self.unmasked_note):
            widget.setVisible(False)  # until the role is read
            layout.addWidget(widget)
        self._scope_names: dict[str, str] = {}
        self.fill_dates(date.today())
        self.show_kind(HOUSEHOLDS)

    def month_text(self, first: date) -> str:
        label = self.tr("{month}/{year}").replace("{year}", str(first.year))
        return label.replace("{month}", str(first.month))

    def period_text(self, kind: str, year: int, index: int) -> str:
        if kind == "quarter":
            text = (
                self.tr("Q1 {year}"),
                self.tr("Q2 {year}"),
                self.tr("Q3 {year}"),
                self.tr("Q4 {year}"),
            )[index - 1]
        elif kind == "half":
            text = self.tr("H1 {year}") if index == 1 else self.tr("H2 {year}")
        else:
            text = self.tr("Year {year}")
        return text.replace("{year}", str(year))

    def fill_dates(self, today: date) -> None:
        """Recent months (the previous one chosen) and feedback periods (the last ended
        quarter chosen); nothing in the future."""
        self.month.clear()
        for first in recent_months(today):
            self.month.addItem(self.month_text(first), first)
        self.choose_month(default_month(today))
        self.period.clear()
        for code, kind, year, index in recent_periods(today):
            self.period.addItem(self.period_text(kind, year, index), code)
        self.period.setCurrentIndex(max(0, self.period.findData(default_period(today))))

    def choose_month(self, first: date) -> None:
        for index in range(self.month.count()):
            if self.month.itemData(index) == first:
                self.month.setCurrentIndex(index)

    def show_kind(self, kind: str) -> None:
        """The feedback sheet is for a period, every other ledger for a month."""
        feedback = kind == PARTY_FEEDBACK
        self.month_label.setVisible(not feedback)
        self.month.setVisible(not feedback)
        self.period_label.setVisible(feedback)
        self.period.setVisible(feedback)

    def set_scopes(self, choices: ScopeChoices) -> None:
        """Offer the village and its grids (the current choice kept, else the default)."""
        current = self.scope.currentData() or choices.default
        self.scope.clear()
        self._scope_names.clear()
        for code, village, grid in choices.items:
            if grid:
                self.scope.addItem("\u3000" + f"{village}·{grid}", code)
                self._scope_names[code] = village + grid
            else:
                label = self.tr("{village} (whole village)").replace("{village}", village)
                self.scope.addItem(label, code)
                self._scope_names[code] = village
        self.scope.setCurrentIndex(max(0, self.scope.findData(current)))
        self.unmasked.setVisible(choices.may_unmask)
        self.unmasked_note.setVisible(choices.may_unmask)
        if not choices.may_unmask:
            self.unmasked.setChecked(False)

    def scope_code(self) -> str:
        return str(self.scope.currentData() or "")

    def scope_name(self) -> str:
        """杨堡村 or 杨堡村第二网格 (for the file name and the line above the preview)."""
        code = self.scope_code()
        return self._scope_names.get(code, code)

    def chosen_month(self) -> date:
        first = self.month.currentData()
        return first if isinstance(first, date) else default_month(date.today())

    def chosen_period(self) -> str:
        return str(self.period.currentData() or "")

    def when_text(self, kind: str) -> str:
        """The month or period as shown in the box."""
        return self.period.currentText() if kind == PARTY_FEEDBACK else self.month.currentText()

    def unmasked_wanted(self) -> bool:
        return self.unmasked.isVisibleTo(self) and self.unmasked.isChecked()
