"""新增活动: an activity of the 党员双报到 service with its participants, added fast.

The activity's own fields (主题, 活动日期 — not in the future —, 地点, 组织方, 服务岗位,
备注) are a :class:`FieldForm` checked as you type by the store's ``ACTIVITY_FIELDS``.
Participants come two ways:

- **the search** (:class:`MemberPicker`): type a name or an ID number, Enter adds the first
  hit; Down goes into the results, where several may be selected (Shift/Ctrl) and Enter adds
  them all;
- **the sign-in list**: names or ID numbers typed or pasted, separated by spaces, commas,
  、 or new lines (:func:`~gridapp.store.party_service.split_tokens`). 按名单添加 looks every
  entry up (as ``ServiceRepository.quick_add`` does); if any is unknown or ambiguous, the
  list says which and nobody is added.

Each participant row holds 服务时长 (the default of the row above the table until the row's
cell is edited), 服务内容 and 群众评价; 积分 follow from the settings. Bad hours (0,
negative, more than 24, not quarter hours, not a number) are refused at the cell: it turns
red, its tooltip and the line under the table say why, and the save waits. Del removes the
selected participant. Saving is ``ServiceRepository.add_activity`` — the activity and every
participant in one user action, or nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models import party_rules as rules
from gridapp.models.errors import ValidationError
from gridapp.models.fields import FieldSpec, clean_fields
from gridapp.models.idnumber import mask_id_number
from gridapp.models.party import PartyActivity, PartyMember, ServicePost
from gridapp.store.db import Changes, Store
from gridapp.store.households import new_id
from gridapp.store.party import PartyRepository
from gridapp.store.party_service import (
    ACTIVITY_FIELDS,
    Participant,
    ServiceRepository,
    split_tokens,
)
from gridapp.ui.context import UiContext
from gridapp.ui.forms.dialog import FormDialog
from gridapp.ui.forms.fields import (
    ERROR_STYLE,
    ChoiceField,
    FieldEditor,
    FieldForm,
    while_alive,
)
from gridapp.ui.tasks import TaskContext

translate = QCoreApplication.translate  # lupdate reads translate("Context", "…")

MAX_HITS = 50
BAD_CELL = QColor("#f9dedc")
HOURS, CONTENT, EVALUATION = 2, 3, 4
NAME, ID_NUMBER, POINTS = 0, 1, 5


def fold(text: str) -> str:
    """Text as a search compares it: full width folded, upper case, no spaces."""
    return unicodedata.normalize("NFKC", text).upper().replace(" ", "")


def member_line(member: PartyMember) -> str:
    unit = member.party_org or member.work_unit
    return f"{member.name}  {mask_id_number(member.id_number)}" + (f"  {unit}" if unit else "")


def matches(members: Sequence[PartyMember], text: str) -> list[PartyMember]:
    """Members a typed name or ID number finds: exact names and ID numbers first, then
    names containing the text, then ID numbers containing it (at most :data:`MAX_HITS`)."""
    key = fold(text)
    if not key:
        return list(members[:MAX_HITS])  # nothing typed: the first members, to pick from
    exact = [m for m in members if key in (fold(m.name), m.id_number.upper())]
    named = [m for m in members if key in fold(m.name) and m not in exact]
    numbered = [m for m in members if key in m.id_number.upper() and m not in exact + named]
    return (exact + named + numbered)[:MAX_HITS]


def hours_message(text: str) -> str:
    """The Chinese message for bad hours ("" when they are fine)."""
    try:
        rules.check_hours(text.strip() or None, "hours")
    except ValidationError as exc:
        return next(iter(exc.messages().values()), "")
    return ""


class MemberPicker(QWidget):
    """A search over the party members (given by :meth:`set_members`): type a name or an ID
    number; Enter picks the first hit, Down moves into the results where several may be
    selected and Enter picks them. ``picked`` carries the chosen members."""

    picked = Signal(list)

    def __init__(self, parent: QWidget | None = None, multi: bool = True) -> None:
        super().__init__(parent)
        self.members: list[PartyMember] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("memberSearch")
        self.edit.setPlaceholderText(
            translate("MemberPicker", "Name or ID number, Enter adds; Down to choose several")
        )
        self.edit.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setObjectName("memberResults")
        mode = (
            QAbstractItemView.SelectionMode.ExtendedSelection
            if multi
            else QAbstractItemView.SelectionMode.SingleSelection
        )
        self.results.setSelectionMode(mode)
        self.results.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 12)
        layout.addWidget(self.edit)
        layout.addWidget(self.results)
        self.edit.textChanged.connect(self._search)
        self.edit.installEventFilter(self)
        self.results.installEventFilter(self)
        self.results.itemDoubleClicked.connect(lambda _item: self._pick_selected())

    def set_members(self, members: list[PartyMember]) -> None:
        self.members = members
        self._search(self.edit.text())

    def hits(self) -> list[PartyMember]:
        out = []
        for row in range(self.results.count()):
            item = self.results.item(row)
            out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def _search(self, text: str) -> None:
        self.results.clear()
        for member in matches(self.members, text):
            item = QListWidgetItem(member_line(member), self.results)
            item.setData(Qt.ItemDataRole.UserRole, member)
        if self.results.count():
            self.results.setCurrentRow(0)

    def _pick_first(self) -> None:
        hits = self.hits()
        if hits and self.edit.text().strip():
            self.picked.emit([hits[0]])
            self.edit.clear()

    def _pick_selected(self) -> None:
        chosen = [i.data(Qt.ItemDataRole.UserRole) for i in self.results.selectedItems()]
        if chosen:
            self.picked.emit(chosen)
            self.edit.clear()
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.edit and key == Qt.Key.Key_Down and self.results.count():
                self.results.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
            if watched is self.edit and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # Enter here adds a participant; it must not reach the dialog (which saves).
                self._pick_first()
                return True
            if watched is self.results and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._pick_selected()
                return True
        return super().eventFilter(watched, event)


@dataclass
class Row:
    """One participant as the table holds it; ``edited`` columns no longer follow the
    defaults."""

    member: PartyMember
    edited: set[int]


@dataclass(frozen=True)
class ActivitySetup:
    members: list[PartyMember]
    posts: list[ServicePost]
    settings: rules.PartySettings


def read_setup(store: Store) -> ActivitySetup:
    repo = ServiceRepository(store)
    return ActivitySetup(PartyRepository(store).members(), repo.posts(), repo.settings())


def look_up(store: Store, tokens: list[str]) -> list[tuple[str, list[PartyMember]]]:
    """Each token of a sign-in list and the members it names (as ``quick_add`` finds them)."""
    repo = ServiceRepository(store)
    return [(token, repo.find_members(token)) for token in tokens]


def activity_job(
    store: Store, activity: PartyActivity, participants: list[Participant]
) -> Callable[[TaskContext], tuple[PartyActivity, Changes]]:
    def job(_task: TaskContext) -> tuple[PartyActivity, Changes]:
        saved = ServiceRepository(store).add_activity(activity, participants)
        changes = Changes()
        changes.add("party_activity", saved.id)
        changes.add("activity_participation", saved.id)
        return saved, changes

    return job


class ParticipantTable(QTableWidget):
    """The participants: Del removes the selected rows."""

    remove_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.state() != self.State.EditingState:
            self.remove_requested.emit()
            return
        super().keyPressEvent(event)


class ActivityDialog(FormDialog):
    """新增活动… (see the module docstring)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("partyActivityDialog")
        self.setWindowTitle(self.tr("New activity"))
        self.heading.setText(self.tr("New activity"))
        self.loaded = False
        self.settings = rules.PartySettings()
        self.rows: list[Row] = []
        self.outcome: PartyActivity | None = None
        self._filling = False

        self.form = FieldForm(self._clean, self.body)
        spec = ACTIVITY_FIELDS
        self.form.add_row(FieldEditor(spec["theme"], self.form))
        self.form.add_row(
            FieldEditor(spec["activity_date"], self.form), FieldEditor(spec["place"], self.form)
        )
        post_spec = FieldSpec("post", QT_TRANSLATE_NOOP("Fields", "Service post"), "text")
        self.post = ChoiceField(post_spec, self.form, label=self.tr("Service post"))
        self.form.add_row(FieldEditor(spec["organiser"], self.form), self.post)
        self.form.add_row(FieldEditor(spec["note"], self.form))
        self.form.fields["activity_date"].set_value(date.today())
        self.form.fields["organiser"].set_value(self.tr("Community Party committee"))
        self.form.initial = self.form.raw_values()
        self.form.state_changed.connect(self.update_state)
        self.body_layout.addWidget(self.form)

        self._build_participants()
        self.body_layout.addStretch(1)
        self.fit_to_screen(900, 820)
        self.update_state()
        self._load()

    # --- building ------------------------------------------------------------------------

    def _title(self, text: str) -> QLabel:
        label = QLabel(text, self.body)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        return label

    def _build_participants(self) -> None:
        layout = self.body_layout
        layout.addWidget(self._title(self.tr("Participants")))
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Search (Ins):"), self.body))
        self.picker = MemberPicker(self.body)
        self.picker.picked.connect(self.add_members)
        left.addWidget(self.picker)
        columns.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Sign-in list:"), self.body))
        self.sign_in = QPlainTextEdit(self.body)
        self.sign_in.setPlaceholderText(
            self.tr("Names or ID numbers, separated by spaces, commas, 、 or new lines")
        )
        self.sign_in.setObjectName("signInList")
        self.sign_in.setTabChangesFocus(True)
        self.sign_in.setFixedHeight(self.sign_in.fontMetrics().lineSpacing() * 4 + 12)
        right.addWidget(self.sign_in)
        self.sign_in_button = QPushButton(self.tr("Add the list"), self.body)
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setAutoDefault(False)
        self.sign_in_button.clicked.connect(self.add_sign_in_list)
        right.addWidget(self.sign_in_button, 0, Qt.AlignmentFlag.AlignLeft)
        right.addStretch(1)  # its label level with the search's
        columns.addLayout(right, 1)
        layout.addLayout(columns)
        self.sign_in_message = QLabel(self.body)
        self.sign_in_message.setObjectName("signInMessage")
        self.sign_in_message.setStyleSheet(ERROR_STYLE)
        self.sign_in_message.setWordWrap(True)
        self.sign_in_message.hide()
        layout.addWidget(self.sign_in_message)

        defaults = QHBoxLayout()
        defaults.addWidget(QLabel(self.tr("For everyone: hours"), self.body))
        self.default_hours = QLineEdit("2", self.body)
        self.default_hours.setObjectName("defaultHours")
        self.default_hours.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000000") + 16)
        defaults.addWidget(self.default_hours)
        defaults.addWidget(QLabel(self.tr("content"), self.body))
        self.default_content = QLineEdit(self.body)
        self.default_content.setObjectName("defaultContent")
        defaults.addWidget(self.default_content, 2)
        defaults.addWidget(QLabel(self.tr("evaluation"), self.body))
        self.default_evaluation = QLineEdit(self.tr("Satisfied"), self.body)
        self.default_evaluation.setObjectName("defaultEvaluation")
        defaults.addWidget(self.default_evaluation, 1)
        layout.addLayout(defaults)
        self.default_message = QLabel(self.body)
        self.default_message.setStyleSheet(ERROR_STYLE)
        self.default_message.setWordWrap(True)
        self.default_message.hide()
        layout.addWidget(self.default_message)
        for edit, column in (
            (self.default_hours, HOURS),
            (self.default_content, CONTENT),
            (self.default_evaluation, EVALUATION),
        ):
            edit.textEdited.connect(lambda _t, c=column: self._defaults_changed(c))

        self.table = ParticipantTable(0, 6, self.body)
        self.table.setObjectName("participants")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("ID number"),
                self.tr("Hours"),
                self.tr("Service content"),
                self.tr("Evaluation"),
                self.tr("Points"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CONTENT, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(self.fontMetrics().lineSpacing() * 8)
        self.table.itemChanged.connect(self._cell_changed)
        self.table.remove_requested.connect(self.remove_selected)
        layout.addWidget(self.table)
        self.table_message = QLabel(self.body)
        self.table_message.setObjectName("participantMessage")
        self.table_message.setStyleSheet(ERROR_STYLE)
        self.table_message.setWordWrap(True)
        self.table_message.hide()
        layout.addWidget(self.table_message)
        self.points_hint = QLabel(self.body)
        self.points_hint.setWordWrap(True)
        layout.addWidget(self.points_hint)
        shortcut = QShortcut(QKeySequence("Ins"), self)
        shortcut.activated.connect(
            lambda: self.picker.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        )

    # --- loading -------------------------------------------------------------------------

    def _load(self) -> None:
        store = self.ctx.store
        self.ctx.tasks.submit(
            lambda _t: read_setup(store),
            on_done=while_alive(self, self._loaded),
            on_error=while_alive(self, lambda exc: self.show_general(str(exc))),
            quiet=True,
        )

    def _loaded(self, setup: ActivitySetup) -> None:
        self.settings = setup.settings
        self.picker.set_members(setup.members)
        self.post.set_choices([(p.id, p.name) for p in setup.posts])
        self.form.initial = self.form.raw_values()
        self.points_hint.setText(
            self.tr("Points = hours × {per_hour} + {bonus} per activity (the settings).")
            .replace("{per_hour}", _num(self.settings.points_per_hour))
            .replace("{bonus}", _num(self.settings.activity_bonus))
        )
        self.loaded = True
        self.update_state()
        if self.isVisible():
            self.focus_start()

    # --- participants --------------------------------------------------------------------

    def members(self) -> list[PartyMember]:
        return [row.member for row in self.rows]

    def add_members(self, members: list[PartyMember]) -> None:
        """Add members as participants (one already listed is not added twice)."""
        present = {row.member.id for row in self.rows}
        added = 0
        for member in members:
            if member.id in present:
                continue
            present.add(member.id)
            self.rows.append(Row(member, set()))
            self._append_row(member)
            added += 1
        if added:
            self.table.scrollToBottom()
        self._recheck()

    def _append_row(self, member: PartyMember) -> None:
        self._filling = True
        try:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, text in (
                (NAME, member.name),
                (ID_NUMBER, mask_id_number(member.id_number)),
                (POINTS, ""),
            ):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
            for column, edit in (
                (HOURS, self.default_hours),
                (CONTENT, self.default_content),
                (EVALUATION, self.default_evaluation),
            ):
                self.table.setItem(row, column, QTableWidgetItem(edit.text().strip()))
        finally:
            self._filling = False

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)
            del self.rows[row]
        self._recheck()

    def add_sign_in_list(self) -> None:
        """按名单添加: look every entry up; add all of them, or none and say which are not
        found."""
        tokens = split_tokens(self.sign_in.toPlainText())
        if not tokens:
            self._sign_in_says(self.tr("Type or paste names or ID numbers first."))
            return
        store = self.ctx.store
        self.sign_in_button.setEnabled(False)
        self.ctx.tasks.submit(
            lambda _t: look_up(store, tokens),
            on_done=while_alive(self, self._looked_up),
            on_error=while_alive(self, lambda exc: self._sign_in_says(str(exc))),
            quiet=True,
        )

    def _looked_up(self, found: list[tuple[str, list[PartyMember]]]) -> None:
        self.sign_in_button.setEnabled(True)
        unknown = [token for token, members in found if not members]
        several = [token for token, members in found if len(members) > 1]
        problems = []
        if unknown:
            problems.append(
                self.tr("Not in the party register: {names}.").replace(
                    "{names}", "、".join(unknown)
                )
            )
        if several:
            problems.append(
                self.tr("Several members have these names, use the ID number: {names}.").replace(
                    "{names}", "、".join(several)
                )
            )
        if problems:
            self._sign_in_says(" ".join(problems) + self.tr(" Nobody was added."))
            return
        self._sign_in_says("")
        self.add_members([members[0] for _token, members in found])
        self.sign_in.clear()

    def _sign_in_says(self, text: str) -> None:
        self.sign_in_button.setEnabled(True)
        self.sign_in_message.setText(text)
        self.sign_in_message.setVisible(bool(text))

    def _defaults_changed(self, column: int) -> None:
        edit = {
            HOURS: self.default_hours,
            CONTENT: self.default_content,
            EVALUATION: self.default_evaluation,
        }[column]
        self._filling = True
        try:
            for index, row in enumerate(self.rows):
                if column not in row.edited:
                    item = self.table.item(index, column)
                    if item is not None:
                        item.setText(edit.text().strip())
        finally:
            self._filling = False
        self._recheck()

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        if 0 <= item.row() < len(self.rows):
            self.rows[item.row()].edited.add(item.column())
        self._recheck()

    def hours_of(self, row: int) -> str:
        item = self.table.item(row, HOURS)
        return item.text() if item is not None else ""

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def row_problems(self) -> list[str]:
        """Each participant row's bad hours, as the line under the table says them."""
        out = []
        for index, row in enumerate(self.rows):
            message = hours_message(self.hours_of(index))
            if message:
                out.append(f"{row.member.name}：{message}")
        return out

    def _recheck(self) -> None:
        """Colour bad hours cells, fill in points, rewrite the messages and the button."""
        self._filling = True
        try:
            for index in range(len(self.rows)):
                item = self.table.item(index, HOURS)
                if item is None:
                    continue
                message = hours_message(item.text())
                item.setToolTip(message)
                item.setBackground(QBrush(BAD_CELL) if message else QBrush())
                points = self.table.item(index, POINTS)
                if points is not None:
                    points.setText(
                        "" if message else _num(rules.points_for(float(item.text()), self.settings))
                    )
        finally:
            self._filling = False
        problems = self.row_problems()
        self.table_message.setText("\n".join(problems))
        self.table_message.setVisible(bool(problems))
        default = hours_message(self.default_hours.text()) if self.default_hours.text() else ""
        self.default_message.setText(default)
        self.default_message.setVisible(bool(default))
        self.update_state()

    # --- FormDialog ----------------------------------------------------------------------

    def _clean(self, values: dict[str, Any]) -> dict[str, Any]:
        known = {k: v for k, v in values.items() if k in ACTIVITY_FIELDS}
        out = clean_fields(ACTIVITY_FIELDS, known, date.today())
        if "post" in values:
            out["post"] = values["post"] or None
        return out

    def forms(self) -> list[FieldForm]:
        return [self.form]

    def done_text(self) -> str:
        return self.tr("Save the activity")

    def extra_missing(self) -> list[str]:
        return [self.tr("participants")] if not self.rows else []

    def extra_wrong(self) -> list[str]:
        return [self.tr("hours")] if self.row_problems() else []

    def extra_problem(self) -> QWidget | None:
        if not self.rows:
            return self.picker.edit
        for index in range(len(self.rows)):
            if hours_message(self.hours_of(index)):
                self.table.setCurrentCell(index, HOURS)
                return self.table
        return None

    def is_dirty(self) -> bool:
        return self.form.is_dirty() or bool(self.rows) or bool(self.sign_in.toPlainText().strip())

    def discard_question(self) -> str:
        return self.tr("Discard this activity and its participants?")

    def save_job(self) -> Callable[[TaskContext], Any] | None:
        values = self.form.cleaned()
        activity = PartyActivity(
            new_id(),
            values.get("theme", ""),
            values.get("activity_date"),  # type: ignore[arg-type]
            place=values.get("place", ""),
            organiser=values.get("organiser", ""),
            post_id=self.post.raw() or None,
            note=values.get("note", ""),
        )
        participants = [
            Participant(
                row.member.id,
                self.hours_of(index).strip(),
                self._text(index, CONTENT),
                self._text(index, EVALUATION),
            )
            for index, row in enumerate(self.rows)
        ]
        return activity_job(self.ctx.store, activity, participants)

    def show_refusal(self, exc: ValidationError) -> None:
        """The activity's fields under their fields; a participant's problem named with the
        participant."""
        general: list[str] = []
        own = []
        for error in exc.errors:
            if error.field.startswith("participants["):
                index = int(error.field[len("participants[") :].split("]")[0])
                name = self.rows[index].member.name if index < len(self.rows) else ""
                general.append(f"{name}：{error.text()}" if name else error.text())
            else:
                own.append(error)
        if own:
            super().show_refusal(ValidationError(own))
        if general:
            text = self.general.text() if own else ""
            self.show_general("\n".join([t for t in (text, *general) if t]))

    def saved(self, result: Any) -> None:
        activity, changes = result
        self.outcome = activity
        self.ctx.signals.data_changed.emit(changes)


def _num(value: float) -> str:
    """1.0 -> "1", 1.5 -> "1.5", 0.38 -> "0.38"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def open_activity(ctx: UiContext, parent: QWidget) -> ActivityDialog:
    """新增活动… (window-modal)."""
    dialog = ActivityDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
