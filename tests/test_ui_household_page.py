"""The household page: members (former ones greyed below), house, history, petitions, party
members; masked IDs only; the actions and their keys; reloads after writes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from gridapp.models.household import Person
from gridapp.models.idnumber import make_id_number
from gridapp.models.party import PartyMember, PartyReport
from gridapp.models.petition import Petition, Petitioner
from gridapp.store import household_view
from gridapp.store.bulk import insert_records
from gridapp.store.db import Store
from gridapp.store.households import HouseholdBundle, HouseholdRepository
from gridapp.store.register_actions import RegisterActions
from gridapp.ui.context import UiContext
from gridapp.ui.forms.household_form import HouseholdDialog
from gridapp.ui.forms.person_form import ADD, EDIT, PersonDialog
from gridapp.ui.pages.household import HouseholdPage
from gridapp.ui.pages.household_tables import FORMER_ROLE, MemberTableModel
from tests import factories
from tests.test_ui_forms import WAIT, add_places, field, line, type_text
from tests.test_ui_forms import ctx as ctx
from tests.test_ui_forms import window as window

pytestmark = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing"
)
TODAY = date.today()


@pytest.fixture
def family(store: Store) -> HouseholdBundle:
    """张三丰's household; the son moved out to 南昌; a 低保户 tag on the household."""
    bundle = factories.zhang_family()
    HouseholdRepository(store).create_household(bundle)
    actions = RegisterActions(store)
    actions.move_out(bundle.members[2].id, TODAY, "南昌市")
    actions.add_household_tag(bundle.household.id, "dibao", date(2024, 1, 1))
    return bundle


@pytest.fixture
def page(qtbot: Any, ctx: UiContext, window: QWidget) -> HouseholdPage:
    widget = HouseholdPage(ctx, window)
    widget.resize(1100, 650)
    widget.show()
    return widget


def opened(
    qtbot: Any, page: HouseholdPage, household_id: str, person_id: str | None = None
) -> None:
    page.show_household(household_id, person_id)
    qtbot.waitUntil(lambda: page.view is not None and not page.loading, timeout=WAIT)


def cells(model: Any) -> list[list[str]]:
    return [
        [str(model.data(model.index(r, c)) or "") for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def select_member(page: HouseholdPage, person_id: str | None) -> None:
    selection = page.member_table.selectionModel()
    if person_id is None:
        selection.clearSelection()
        return
    row = page.member_model.row_of(person_id)
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    selection.setCurrentIndex(page.member_model.index(row, 0), flags)


def test_member_model_passes_qt_model_tester(
    store: Store, family: HouseholdBundle, qtmodeltester: Any
) -> None:
    model = MemberTableModel()
    model.set_view(household_view.load_household_view(store, family.household.id))
    assert model.rowCount() == 3
    qtmodeltester.check(model)


def test_members_history_and_masked_ids(
    qtbot: Any, store: Store, page: HouseholdPage, family: HouseholdBundle
) -> None:
    head = family.members[0]
    opened(qtbot, page, family.household.id)

    assert page.heading.text() == "户号 360000001 · 户主：张三丰"
    assert "石泉村3组15号" in page.subheading.text()
    assert "现有 2 人" in page.subheading.text() and "低保户" in page.subheading.text()
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tabs == ["成员 (2)", "房屋", "变动记录 (2)", "诉求 (0)", "党员 (0)"]

    rows = cells(page.member_model)
    # Current members first (head first), the one who moved out greyed below them.
    assert [r[0] for r in rows] == ["张三丰", "王芳", "张小明"]
    assert [r[1] for r in rows] == ["户主", "配偶", "子"]
    born = date(1968, 4, 9)
    age = TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))
    assert rows[0][2:4] == ["男", str(age)]
    assert rows[2][7] == f"迁出（{TODAY.isoformat()}）"
    model = page.member_model
    assert [model.data(model.index(r, 0), FORMER_ROLE) for r in range(3)] == [False, False, True]
    assert isinstance(model.data(model.index(2, 0), Qt.ItemDataRole.ForegroundRole), QBrush)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert rows[1][8] == "低保对象"  # the wife's tag

    # Only masked ID numbers and phones, anywhere on the page.
    assert rows[0][4] == head.id_number[:6] + "********" + head.id_number[-4:]
    assert rows[0][5] == "139****1234"
    everything = " ".join(
        " ".join(r) for m in (page.member_model, page.history_model) for r in cells(m)
    )
    everything += " ".join(label.text() for label in page.findChildren(QLabel))
    for person in family.members:
        assert person.id_number not in everything
    assert "13907921234" not in everything

    # History newest first (same day: in the order things happened).
    history = cells(page.history_model)
    assert [r[:2] for r in history] == [[TODAY.isoformat(), "迁出"], [TODAY.isoformat(), "立户"]]
    assert "张小明" in history[0][2] and "南昌市" in history[0][2]


def test_house_tab_shows_the_household_fields(
    qtbot: Any, store: Store, page: HouseholdPage, family: HouseholdBundle
) -> None:
    add_places(store)
    opened(qtbot, page, family.household.id)
    shown = {key: label.text() for key, label in page.house_labels.items()}
    assert shown["household_no"] == "360000001"
    assert shown["address"] == "石泉村3组15号"
    assert shown["grid"] == "石泉村·第一网格"
    assert shown["kind"] == "家庭户" and shown["resident_match"] == "一致"
    assert shown["tags"] == "低保户（自 2024-01-01 起）"


def test_petitions_and_party_members_of_the_members(
    qtbot: Any, store: Store, page: HouseholdPage, family: HouseholdBundle
) -> None:
    head, wife, _son = family.members
    opened(qtbot, page, family.household.id)
    page.tabs.setCurrentIndex(3)
    assert page.petitions_empty.isVisible()
    assert "没有诉求" in page.petitions_empty.text()

    petition = Petition(
        factories.uid(),
        "A1B2-2026-000007",
        date(2026, 10, 8),
        "visit",
        "claim",
        "dispute",
        summary="邻居占用通道",
        status="in_progress",
        due_date=date(2026, 12, 7),
    )
    member = PartyMember(factories.uid(), head.id_number, head.name, person_id=head.id)
    with store.write("test data") as capture:
        insert_records(capture, "petition", [petition])
        insert_records(
            capture,
            "petition_petitioner",
            [Petitioner(factories.uid(), petition.id, "王芳", wife.id, is_primary=True)],
        )
        insert_records(capture, "party_member", [member])
        insert_records(
            capture,
            "party_report",
            [PartyReport(factories.uid(), member.id, date(2025, 3, 1), factories.VILLAGE)],
        )
        changes = capture.changes
    page.ctx.signals.data_changed.emit(changes)
    qtbot.waitUntil(lambda: page.petition_model.rowCount() == 1, timeout=WAIT)
    row = cells(page.petition_model)[0]
    assert row[:4] == ["A1B2-2026-000007", "2026-10-08", "王芳", "来访"]
    assert row[5:] == ["办理中", "2026-12-07", "邻居占用通道"]
    assert page.petition_table.isVisible()
    assert cells(page.party_model) == [["张三丰", "正式党员", "", "", "", "已报到（2025-03-01）"]]
    assert page.tabs.tabText(3) == "诉求 (1)" and page.tabs.tabText(4) == "党员 (1)"


def test_buttons_that_need_a_member(
    qtbot: Any, page: HouseholdPage, family: HouseholdBundle
) -> None:
    head, _wife, son = family.members
    opened(qtbot, page, family.household.id)
    # The head is selected at first: everything is possible.
    assert page.selected_person_id() == head.id
    assert page.edit_member_button.isEnabled() and page.move_out_button.isEnabled()
    select_member(page, None)
    member_buttons = (page.edit_member_button, page.move_out_button, page.death_button)
    assert not any(b.isEnabled() for b in member_buttons)
    assert not page.person_tags_action.isEnabled()
    assert page.split_button.isEnabled() and page.head_button.isEnabled()
    assert page.edit_household_button.isEnabled() and page.add_member_button.isEnabled()
    # A former member can be corrected, not moved out again.
    select_member(page, son.id)
    assert page.edit_member_button.isEnabled()
    assert not page.move_out_button.isEnabled() and not page.death_button.isEnabled()


def test_enter_edits_a_member_and_the_page_follows(
    qtbot: Any, store: Store, page: HouseholdPage, family: HouseholdBundle
) -> None:
    wife = family.members[1]
    opened(qtbot, page, family.household.id)
    select_member(page, wife.id)
    page.member_table.setFocus()
    qtbot.keyClick(page.member_table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, PersonDialog) and dialog.mode == EDIT
    assert dialog.person_id == wife.id
    qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT)
    phone = line(field(dialog, "phone"))
    phone.setFocus()
    phone.selectAll()
    type_text(qtbot, phone, "13807920000")
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        qtbot.keyClick(phone, Qt.Key.Key_Return)

    assert store.query("SELECT phone FROM person WHERE id = ?", (wife.id,)) == [
        {"phone": "13807920000"}
    ]
    qtbot.waitUntil(lambda: cells(page.member_model)[1][5] == "138****0000", timeout=WAIT)
    assert page.selected_person_id() == wife.id  # the selection stays on her


def test_double_click_edits_too(qtbot: Any, page: HouseholdPage, family: HouseholdBundle) -> None:
    opened(qtbot, page, family.household.id)
    rect = page.member_table.visualRect(page.member_model.index(1, 0))
    viewport = page.member_table.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert isinstance(page.dialog, PersonDialog)
    assert page.dialog.person_id == family.members[1].id


def test_keys_for_the_household_and_new_members(
    qtbot: Any, store: Store, page: HouseholdPage, family: HouseholdBundle
) -> None:
    opened(qtbot, page, family.household.id)
    page.member_table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.member_table, timeout=WAIT)

    qtbot.keyClick(
        page.member_table,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    add = page.dialog
    assert isinstance(add, PersonDialog) and add.mode == ADD
    assert add.household_id == family.household.id and add.head_name == "张三丰"
    add.close_without_asking()

    page.member_table.setFocus()
    qtbot.keyClick(page.member_table, Qt.Key.Key_F2)
    edit = page.dialog
    assert isinstance(edit, HouseholdDialog) and not edit.is_new
    qtbot.waitUntil(lambda: edit.loaded, timeout=WAIT)
    address = line(edit.fields["address"])
    assert address.text() == "石泉村3组15号"
    address.setFocus()
    address.selectAll()
    type_text(qtbot, address, "石泉村3组17号")
    with qtbot.waitSignal(edit.finished, timeout=WAIT):
        qtbot.keyClick(address, Qt.Key.Key_Return)
    assert store.query("SELECT address FROM household WHERE id = ?", (family.household.id,)) == [
        {"address": "石泉村3组17号"}
    ]
    qtbot.waitUntil(lambda: "石泉村3组17号" in page.subheading.text(), timeout=WAIT)


def test_register_actions_start_their_dialogs(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, page: HouseholdPage, family: HouseholdBundle
) -> None:
    import gridapp.ui.dialogs.register_actions as actions

    started: list[tuple[str, str, str | None]] = []

    def start(
        _ctx: Any, parent: Any, kind: str, household_id: str, person_id: str | None = None
    ) -> None:
        started.append((kind, household_id, person_id))

    monkeypatch.setattr(actions, "start_register_action", start)
    opened(qtbot, page, family.household.id)
    wife = family.members[1]
    select_member(page, wife.id)
    hid = family.household.id
    for button in (page.move_out_button, page.death_button, page.split_button, page.head_button):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    page.person_tags_action.trigger()
    assert started == [
        ("move_out", hid, wife.id),
        ("death", hid, wife.id),
        ("split", hid, wife.id),
        ("head_change", hid, wife.id),
        ("person_tags", hid, wife.id),
    ]


def test_show_person_opens_their_household_with_them_selected(
    qtbot: Any, store: Store, page: HouseholdPage, family: HouseholdBundle
) -> None:
    other = factories.household(
        "360000002",
        "石泉村1组1号",
        [factories.person("李四", "02", date(1980, 3, 3), True)],
    )
    HouseholdRepository(store).create_household(other)
    opened(qtbot, page, other.household.id)
    wife = family.members[1]
    page.show_person(wife.id)
    qtbot.waitUntil(
        lambda: page.household_id == family.household.id and not page._resolving, timeout=WAIT
    )
    assert page.selected_person_id() == wife.id
    assert page.heading.text().startswith("户号 360000001")


def test_a_person_without_household_opens_in_the_form(
    qtbot: Any, store: Store, page: HouseholdPage
) -> None:
    loner = Person(factories.uid(), None, make_id_number("360423", date(1980, 1, 1), 11), "李四")
    with store.write("test") as capture:
        insert_records(capture, "person", [loner])
    page.show_person(loner.id)
    qtbot.waitUntil(lambda: isinstance(page.dialog, PersonDialog), timeout=WAIT)
    assert page.dialog.person_id == loner.id and page.dialog.mode == EDIT
    assert page.stack.currentWidget() is page.empty


def test_empty_page_says_what_to_do(page: HouseholdPage) -> None:
    assert page.stack.currentWidget() is page.empty
    assert "Ctrl+N" in page.empty.text() and "户籍人口" in page.empty.text()


def test_data_changed_elsewhere_reloads_only_when_shown(
    qtbot: Any, store: Store, page: HouseholdPage, family: HouseholdBundle
) -> None:
    opened(qtbot, page, family.household.id)
    page.hide()
    changes = HouseholdRepository(store).update_person(family.members[0].id, {"name": "张三"})
    page.ctx.signals.data_changed.emit(changes)
    assert cells(page.member_model)[0][0] == "张三丰" and page._stale
    page.show()
    page.activated()
    qtbot.waitUntil(lambda: cells(page.member_model)[0][0] == "张三", timeout=WAIT)
    assert page.heading.text() == "户号 360000001 · 户主：张三"


def test_no_full_id_in_the_line_edits_of_the_page(
    qtbot: Any, page: HouseholdPage, family: HouseholdBundle
) -> None:
    opened(qtbot, page, family.household.id)
    texts = [w.text() for w in page.findChildren(QLineEdit)]
    assert not any(p.id_number in t for p in family.members for t in texts)
