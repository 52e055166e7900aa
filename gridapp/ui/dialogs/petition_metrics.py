"""月度统计: the petition metrics of a month, per grid and in total (docs/petition-metrics.md).

Read on the worker (``PetitionRepository.metrics``); the month box offers the last twelve
months. Rates with nothing to count show "—".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.models.petition_metrics import ALL_GRIDS, MonthMetrics
from gridapp.store.household_view import grid_choices
from gridapp.store.petitions import PetitionRepository
from gridapp.ui.context import UiContext

RATES = (
    "response_rate",
    "on_time_acceptance_rate",
    "on_time_completion_rate",
    "resolution_rate",
    "satisfaction_rate",
)


@dataclass(frozen=True)
class _Figures:
    month: str
    grids: list[MonthMetrics]  # 合计 first, then by grid code
    names: dict[str, str]  # grid code -> "村·网格"


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


class PetitionMetricsDialog(QDialog):
    """The month's figures (one row per grid, 合计 first)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("petitionMetrics")
        self.setWindowTitle(self.tr("Petition figures"))
        self.figures: _Figures | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Month"), self))
        self.month = QComboBox(self)
        from gridapp.ui.pages.petitions import last_months

        for month in last_months(date.today()):
            self.month.addItem(month.replace("-", "年") + "月", month)
        top.addWidget(self.month)
        top.addStretch(1)
        layout.addLayout(top)
        self.table = QTableWidget(0, 10, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Grid"),
                self.tr("Registered"),
                self.tr("Repeat"),
                self.tr("Response rate"),
                self.tr("Accepted in time"),
                self.tr("Completed in time"),
                self.tr("Resolution rate"),
                self.tr("Satisfaction rate"),
                self.tr("Overdue"),
                self.tr("Composite"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.note = QLabel(
            self.tr(
                "How each figure is counted: see the user guide. Satisfaction counts the "
                "petitioners reached by a call-back this month; “—”: nothing to count."
            ),
            self,
        )
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.month.currentIndexChanged.connect(lambda _i: self.reload())
        width = self.fontMetrics().horizontalAdvance("0") * 120
        screen = (parent or self).screen()
        if screen is not None:  # never wider than the screen (150 % text on 1280 pixels)
            width = min(width, int(screen.availableGeometry().width() * 0.95))
        self.resize(width, 420)
        self.reload()

    def reload(self) -> None:
        month = str(self.month.currentData())
        store = self.ctx.store

        def job(_ctx: object) -> _Figures:
            figures = PetitionRepository(store).metrics(month, date.today())
            names = {
                g.code: f"{g.village_name}·{g.name}" if g.village_name else g.name
                for g in grid_choices(store)
            }
            ordered = sorted(
                figures.values(), key=lambda m: (m.grid_code != ALL_GRIDS, m.grid_code)
            )
            return _Figures(month, ordered, names)

        self.ctx.tasks.submit(job, on_done=self._show, quiet=True)

    def _show(self, figures: _Figures) -> None:
        if figures.month != self.month.currentData():
            return  # another month was chosen meanwhile
        self.figures = figures
        self.table.setRowCount(len(figures.grids))
        for row, m in enumerate(figures.grids):
            if m.grid_code == ALL_GRIDS:
                grid = self.tr("Total")
            else:
                grid = figures.names.get(m.grid_code) or m.grid_code or self.tr("(no grid)")
            composite = "—" if m.composite is None else f"{m.composite:.3f}"
            cells = [
                grid,
                str(m.registered),
                str(m.repeat),
                *(percent(getattr(m, name)) for name in RATES),
                str(m.overdue),
                composite,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()


def show_petition_metrics(ctx: UiContext, parent: QWidget) -> PetitionMetricsDialog:
    dialog = PetitionMetricsDialog(ctx, parent)
    dialog.open()
    return dialog
