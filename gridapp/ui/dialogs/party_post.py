"""Service posts of the 党员双报到 page: 新增岗位…, 认领… and 撤回认领.

- :class:`PostDialog` — a post (岗位) or project (项目): 名称, 类别, 拟认领数 and the rest of
  the store's ``POST_FIELDS``, checked as you type; ``ServiceRepository.add_post`` saves it.
- :class:`ClaimDialog` — who claims the post: a party member found by name or ID number
  (:class:`~gridapp.ui.dialogs.party_activity.MemberPicker`, Enter takes the first hit) or a
  unit party organisation from the list, and the claim date. A full post, a second claim, a
  注销 member are refused by ``ServiceRepository.claim`` with its Chinese message at the top;
  nothing is saved.
- :class:`WithdrawDialog` — the post's holders; Enter withdraws the chosen one's claim
  (``ServiceRepository.withdraw``; the row stays as history).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gridapp.i18n import QT_TRANSLATE_NOOP
from gridapp.models.errors import ValidationError
from gridapp.models.fields import FieldSpec, clean_fields
from gridapp.models.party import PartyMember, PartyOrg, PostClaim, ServicePost
from gridapp.store.db import Changes, Store
from gridapp.store.errors import StoreError
from gridapp.store.households import new_id
from gridapp.store.party import PartyRepository
from gridapp.store.party_service import POST_FIELDS, ServiceRepository
from gridapp.ui.context import UiContext
from gridapp.ui.dialogs.party_activity import MemberPicker, member_line
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

CLAIM_DATE = FieldSpec(
    "claim_date", QT_TRANSLATE_NOOP("Fields", "Claim date"), "date", required=True
)


def _changes(table: str, row_id: str) -> Changes:
    changes = Changes()
    changes.add(table, row_id)
    return changes


class PostDialog(FormDialog):
    """新增岗位… (see the module docstring)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("partyPostDialog")
        self.setWindowTitle(self.tr("New service post"))
        self.heading.setText(self.tr("New service post or project"))
        self.outcome: ServicePost | None = None
        self.form = FieldForm(self._clean, self.body)
        spec = POST_FIELDS
        self.kind = ChoiceField(
            FieldSpec(
                "kind", QT_TRANSLATE_NOOP("Fields", "Post or project"), "text", required=True
            ),
            self.form,
            [("post", self.tr("Post")), ("project", self.tr("Project"))],
            label=self.tr("Post or project"),
        )
        self.form.add_row(FieldEditor(spec["name"], self.form))
        self.form.add_row(FieldEditor(spec["category"], self.form), self.kind)
        self.form.add_row(
            FieldEditor(spec["planned"], self.form),
            FieldEditor(spec["skills_required"], self.form),
        )
        self.form.add_row(
            FieldEditor(spec["contact"], self.form), FieldEditor(spec["phone"], self.form)
        )
        self.form.add_row(FieldEditor(spec["note"], self.form))
        self.form.fields["planned"].set_value("1")
        self.form.load(self.form.raw_values())
        self.form.state_changed.connect(self.update_state)
        self.body_layout.addWidget(self.form)
        self.body_layout.addStretch(1)
        self.fit_to_screen(720, 460)
        self.update_state()

    def _clean(self, values: dict[str, Any]) -> dict[str, Any]:
        known = {k: v for k, v in values.items() if k in POST_FIELDS}
        out = clean_fields(POST_FIELDS, known, date.today())
        if "kind" in values:
            out["kind"] = values["kind"]
        return out

    def forms(self) -> list[FieldForm]:
        return [self.form]

    def done_text(self) -> str:
        return self.tr("Save the post")

    def save_job(self) -> Callable[[TaskContext], Any] | None:
        values = self.form.cleaned()
        post = ServicePost(
            new_id(),
            values["name"],
            values["category"],
            kind=values.get("kind") or "post",
            planned=values.get("planned") or 1,
            skills_required=values.get("skills_required", ""),
            contact=values.get("contact", ""),
            phone=values.get("phone", ""),
            note=values.get("note", ""),
        )
        store = self.ctx.store

        def job(_task: TaskContext) -> tuple[ServicePost, Changes]:
            saved = ServiceRepository(store).add_post(post)
            return saved, _changes("service_post", saved.id)

        return job

    def saved(self, result: Any) -> None:
        self.outcome, changes = result
        self.ctx.signals.data_changed.emit(changes)


@dataclass(frozen=True)
class ClaimSetup:
    members: list[PartyMember]
    orgs: list[PartyOrg]


def read_claim_setup(store: Store) -> ClaimSetup:
    register = PartyRepository(store)
    return ClaimSetup(register.members(), [o for o in register.orgs() if o.status == "active"])


class ClaimDialog(FormDialog):
    """认领… one post by a member or a unit party organisation."""

    def __init__(self, ctx: UiContext, post: ServicePost, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("partyClaimDialog")
        self.post = post
        self.member: PartyMember | None = None
        self.outcome: PostClaim | None = None
        self.loaded = False
        self.setWindowTitle(self.tr("Claim a post"))
        self.heading.setText(self.tr("Claim “{post}”").replace("{post}", post.name))
        choice = QHBoxLayout()
        self.by_member = QRadioButton(self.tr("A party member"), self.body)
        self.by_org = QRadioButton(self.tr("A unit party organisation"), self.body)
        self.by_member.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_member)
        group.addButton(self.by_org)
        choice.addWidget(self.by_member)
        choice.addWidget(self.by_org)
        choice.addStretch(1)
        self.body_layout.addLayout(choice)
        self.picker = MemberPicker(self.body, multi=False)
        self.picker.picked.connect(self._member_picked)
        self.body_layout.addWidget(self.picker)
        self.chosen = QLabel(self.tr("Nobody chosen yet."), self.body)
        self.chosen.setObjectName("chosenMember")
        self.chosen.setWordWrap(True)
        self.body_layout.addWidget(self.chosen)
        self.org_box = QComboBox(self.body)
        self.org_box.setObjectName("orgBox")
        self.body_layout.addWidget(self.org_box)
        self.form = FieldForm(lambda v: clean_fields({"claim_date": CLAIM_DATE}, v), self.body)
        self.form.add_row(FieldEditor(CLAIM_DATE, self.form, label=self.tr("Claim date")))
        self.form.load({"claim_date": date.today()})
        self.form.state_changed.connect(self.update_state)
        self.body_layout.addWidget(self.form)
        self.body_layout.addStretch(1)
        self.by_member.toggled.connect(self._mode_changed)
        self.org_box.currentIndexChanged.connect(lambda _i: self.update_state())
        self._mode_changed()
        self.fit_to_screen(640, 460)
        store = ctx.store
        ctx.tasks.submit(
            lambda _t: read_claim_setup(store),
            on_done=while_alive(self, self._loaded),
            on_error=while_alive(self, lambda exc: self.show_general(str(exc))),
            quiet=True,
        )

    def _loaded(self, setup: ClaimSetup) -> None:
        self.picker.set_members(setup.members)
        self.org_box.clear()
        for org in setup.orgs:
            self.org_box.addItem(org.name, org.id)
        self.org_box.setCurrentIndex(-1)
        self.loaded = True
        self.update_state()
        if self.isVisible():
            self.focus_start()

    def _mode_changed(self) -> None:
        members = self.by_member.isChecked()
        self.picker.setVisible(members)
        self.chosen.setVisible(members)
        self.org_box.setVisible(not members)
        self.update_state()

    def _member_picked(self, members: list[PartyMember]) -> None:
        self.member = members[0]
        self.chosen.setText(self.tr("Chosen: {who}").replace("{who}", member_line(self.member)))
        self.update_state()
        self.save_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_start(self) -> None:
        if self.by_member.isChecked():
            self.picker.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.org_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def forms(self) -> list[FieldForm]:
        return [self.form]

    def done_text(self) -> str:
        return self.tr("Claim")

    def extra_missing(self) -> list[str]:
        if self.by_member.isChecked() and self.member is None:
            return [self.tr("party member")]
        if self.by_org.isChecked() and self.org_box.currentIndex() < 0:
            return [self.tr("unit party organisation")]
        return []

    def extra_problem(self) -> QWidget | None:
        return self.picker.edit if self.by_member.isChecked() else self.org_box

    def is_dirty(self) -> bool:
        return False  # one choice and a date: nothing worth asking about

    def save_job(self) -> Callable[[TaskContext], Any] | None:
        on = self.form.cleaned().get("claim_date")
        member = self.member.id if self.by_member.isChecked() and self.member else None
        org = None if member else str(self.org_box.currentData() or "")
        store, post_id = self.ctx.store, self.post.id

        def job(_task: TaskContext) -> tuple[PostClaim, Changes]:
            claim = ServiceRepository(store).claim(post_id, member=member, org=org, on=on)
            return claim, _changes("post_claim", claim.id)

        return job

    def saved(self, result: Any) -> None:
        self.outcome, changes = result
        self.ctx.signals.data_changed.emit(changes)


@dataclass(frozen=True)
class Holder:
    """One active claim on a post: who holds it."""

    name: str
    member_id: str | None
    org_id: str | None


def read_holders(store: Store, post_id: str) -> list[Holder]:
    repo = ServiceRepository(store)
    register = PartyRepository(store)
    out = []
    for claim in repo.claims(post_id=post_id):
        if claim.member_id:
            member = repo.member(claim.member_id)
            out.append(Holder(member.name if member else "", claim.member_id, None))
        elif claim.org_id:
            out.append(Holder(register.get_org(claim.org_id).name, None, claim.org_id))
    return out


class WithdrawDialog(QDialog):
    """撤回认领: the post's holders; the chosen one's claim is withdrawn."""

    def __init__(self, ctx: UiContext, post: ServicePost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partyWithdrawDialog")
        self.ctx = ctx
        self.post = post
        self.outcome: PostClaim | None = None
        self.setWindowTitle(self.tr("Withdraw a claim"))
        layout = QVBoxLayout(self)
        label = QLabel(
            self.tr("Whose claim on “{post}” is withdrawn?").replace("{post}", post.name), self
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget(self)
        self.list.setObjectName("holders")
        layout.addWidget(self.list)
        self.message = QLabel(self)
        self.message.setObjectName("withdrawMessage")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(self)
        self.ok_button = QPushButton(self.tr("Withdraw the claim"), self)
        self.ok_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"), self)
        cancel.setAutoDefault(False)
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.clicked.connect(self.withdraw)
        cancel.clicked.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.withdraw())
        layout.addWidget(buttons)
        self.ok_button.setEnabled(False)
        store = ctx.store
        ctx.tasks.submit(
            lambda _t: read_holders(store, post.id),
            on_done=while_alive(self, self._loaded),
            quiet=True,
        )

    def _loaded(self, holders: list[Holder]) -> None:
        for holder in holders:
            item = QListWidgetItem(holder.name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, holder)
        if holders:
            self.list.setCurrentRow(0)
            self.ok_button.setEnabled(True)
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._say(self.tr("Nobody holds this post."))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def withdraw(self) -> None:
        item = self.list.currentItem()
        if item is None or not self.ok_button.isEnabled():
            return
        holder: Holder = item.data(Qt.ItemDataRole.UserRole)
        store, post_id = self.ctx.store, self.post.id
        self.ok_button.setEnabled(False)

        def job(_task: TaskContext) -> tuple[PostClaim, Changes]:
            claim = ServiceRepository(store).withdraw(
                post_id, member=holder.member_id, org=holder.org_id
            )
            return claim, _changes("post_claim", claim.id)

        def failed(exc: BaseException) -> None:
            self.ok_button.setEnabled(True)
            if isinstance(exc, ValidationError):
                self._say("\n".join(exc.messages().values()))
            elif isinstance(exc, StoreError):
                self._say(exc.text())
            else:
                self._say(str(exc))

        self.ctx.tasks.submit(
            job, on_done=while_alive(self, self._done), on_error=while_alive(self, failed)
        )

    def _done(self, result: tuple[PostClaim, Changes]) -> None:
        self.outcome, changes = result
        self.ctx.signals.data_changed.emit(changes)
        self.accept()


def _open(dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_post(ctx: UiContext, parent: QWidget) -> PostDialog:
    dialog = PostDialog(ctx, parent)
    _open(dialog)
    return dialog


def open_claim(ctx: UiContext, parent: QWidget, post: ServicePost) -> ClaimDialog:
    dialog = ClaimDialog(ctx, post, parent)
    _open(dialog)
    return dialog


def open_withdraw(ctx: UiContext, parent: QWidget, post: ServicePost) -> WithdrawDialog:
    dialog = WithdrawDialog(ctx, post, parent)
    _open(dialog)
    return dialog
