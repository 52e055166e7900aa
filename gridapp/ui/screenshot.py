"""Render one page of the real window to a PNG file (``gridapp screenshot``).

The window is built over the store as a worker would see it, shown (off screen when the
caller chose the ``offscreen`` platform), the page is opened — for ``household`` the first
household of the list, for ``petition`` the first petition by 登记编号 — and the picture is
taken once the background worker has been idle for a few turns of the event loop, so every
count and table row has arrived.

:func:`take_dialog_screenshot` does the same for the most used dialogs (new household, a new
member, 迁出, a member's tags, the import dialog with its problem table), filled in with
sample values the way a worker would type them; nothing is saved.
:func:`take_search_screenshot` shows the global search with its result list.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QSize
from PySide6.QtWidgets import QApplication, QComboBox, QDialog

from gridapp.models.idnumber import make_id_number
from gridapp.store.db import Store
from gridapp.store.households import HouseholdRepository
from gridapp.ui.forms.fields import FieldEditor
from gridapp.ui.main_window import ALL_PAGES, MainWindow

IDLE_TURNS = 5  # consecutive idle checks before the picture is taken
POLL_S = 0.01
DIALOG_NAMES = ("new_household", "member", "move_out", "person_tags", "import_errors")


def wait_until_idle(window: MainWindow, timeout_s: float = 120.0) -> None:
    """Process events until the window's worker has had nothing to do for a while."""
    app = QApplication.instance()
    assert app is not None
    deadline = time.monotonic() + timeout_s
    idle = 0
    while idle < IDLE_TURNS:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        idle = 0 if window.tasks.busy() else idle + 1
        if time.monotonic() > deadline:
            raise TimeoutError(f"the window was still busy after {timeout_s:.0f} s")
        time.sleep(POLL_S)


def first_household_id(window: MainWindow) -> str | None:
    """The first household of the list (by household number), read on the worker."""
    found: list[str | None] = []
    store = window.store

    def run(_ctx: object) -> str | None:
        rows = HouseholdRepository(store).household_page(None, "household_no", None, 1)
        return rows[0].id if rows else None

    window.tasks.submit(run, on_done=found.append)
    wait_until_idle(window)
    return found[0] if found else None


def first_petition_id(window: MainWindow) -> str | None:
    """The first petition of the register by 登记编号, read on the worker."""
    found: list[str | None] = []
    store = window.store

    def run(_ctx: object) -> str | None:
        from gridapp.store.petition_list import PetitionFilter, petition_page

        rows = petition_page(store.conn, PetitionFilter(), None, 1, "reg_no", descending=False)
        return rows[0].id if rows else None

    window.tasks.submit(run, on_done=found.append)
    wait_until_idle(window)
    return found[0] if found else None


def sample_household_id(window: MainWindow, min_members: int = 3) -> str | None:
    """A household worth showing: the first (by household number) with at least
    ``min_members`` members and a tag, else with that many members, else the first."""
    found: list[str | None] = []
    store = window.store

    def run(_ctx: object) -> str | None:
        rows = HouseholdRepository(store).household_page(None, "household_no", None, 200)
        big = [r for r in rows if r.member_count >= min_members]
        tagged = [r for r in big if r.tags]
        return (tagged or big or rows)[0].id if rows else None

    window.tasks.submit(run, on_done=found.append)
    wait_until_idle(window)
    return found[0] if found else None


def take_screenshot(
    store: Store, page: str, output: Path, size: QSize, household_id: str | None = None
) -> QSize:
    """Save ``page`` of a window of ``size`` (logical pixels) to ``output``; returns the
    picture's size in device pixels (``size`` times the scale factor). The ``household``
    page shows ``household_id``, by default the first household."""
    if page not in ALL_PAGES:
        raise ValueError(f"unknown page {page!r}; one of {', '.join(ALL_PAGES)}")
    window = MainWindow(store)
    try:
        window.resize(size)
        window.show()
        wait_until_idle(window)
        if page == "household":
            household_id = household_id or first_household_id(window)
            if household_id is not None:
                window.open_household(household_id)
            else:
                window.show_page(page)
        elif page == "petition" and (petition_id := first_petition_id(window)) is not None:
            window.open_petition(petition_id)
        else:
            window.show_page(page)
        wait_until_idle(window)
        picture = window.grab()
        output.parent.mkdir(parents=True, exist_ok=True)
        if not picture.save(str(output), "PNG"):
            raise OSError(f"could not write {output}")
        return picture.size()
    finally:
        window.close()
        window.deleteLater()


# --- dialogs --------------------------------------------------------------------------------


def enter(field: FieldEditor, value: Any) -> None:
    """Put ``value`` in a form field as typing it and leaving the field would."""
    field.set_value(value)
    field.edited.emit()
    field.finished.emit()


def _new_household(window: MainWindow) -> QDialog:
    from gridapp.ui.forms.household_form import open_new_household

    dialog = open_new_household(window.ctx, window)
    wait_until_idle(window)  # the grids arrive
    enter(dialog.fields["household_no"], "100999001")
    enter(dialog.fields["address"], "石泉村3组18号")
    combo = dialog.grid_field.editor
    assert isinstance(combo, QComboBox)
    if dialog.grid_field.raw() == "" and combo.count() > 1:
        combo.setCurrentIndex(1)  # the first grid (item 0 is "none")
    members = [
        (make_id_number("360423", date(1968, 4, 9), 135), "李建国", "02", "13907921234"),
        (make_id_number("360423", date(1970, 10, 2), 246), "王秀英", "12", ""),
    ]
    for number, name, relation, phone in members:
        member = dialog.add_member()
        assert member is not None
        fields = member.form.fields
        enter(fields["id_number"], number)
        enter(fields["name"], name)
        enter(fields["relation"], relation)
        if phone:
            enter(fields["phone"], phone)
        wait_until_idle(window)  # the look-up of the ID number
        member.save()
        wait_until_idle(window)
    return dialog


def _member(window: MainWindow, household_id: str) -> QDialog:
    page: Any = window.pages["household"]
    window.open_household(household_id)
    wait_until_idle(window)
    dialog = page.add_member("move_in")
    assert dialog is not None
    fields = dialog.form.fields
    enter(fields["id_number"], make_id_number("360423", date(1994, 7, 21), 357))
    enter(fields["name"], "刘志强")
    enter(fields["relation"], "41")  # 孙子
    enter(fields["phone"], "1390792123")  # one digit short: the message shows
    enter(dialog.detail_field, "从武宁县城迁回")
    wait_until_idle(window)
    return dialog  # type: ignore[no-any-return]


def _move_out(window: MainWindow, household_id: str) -> QDialog:
    page: Any = window.pages["household"]
    window.open_household(household_id)
    wait_until_idle(window)
    page.member_table.selectRow(1)  # the first member after the head
    page.register_action("move_out")
    wait_until_idle(window)
    dialog = page.dialog
    dialog.destination.setText("南昌市东湖区")
    dialog.detail.setText("随女儿居住")
    return dialog  # type: ignore[no-any-return]


def _person_tags(window: MainWindow, household_id: str) -> QDialog:
    page: Any = window.pages["household"]
    window.open_household(household_id)
    wait_until_idle(window)
    view = page.view
    tagged = [i for i, m in enumerate(view.members) if view.open_person_tags(m.id)]
    page.member_table.selectRow(tagged[0] if tagged else 0)  # a member with a tag
    page.register_action("person_tags")
    wait_until_idle(window)
    return page.dialog  # type: ignore[no-any-return]


def _import_errors(window: MainWindow, roster: Path) -> QDialog:
    from gridapp.ui.dialogs.import_export import ImportDialog

    dialog = ImportDialog(window.ctx, window)
    dialog.open()
    dialog.set_path(roster)
    wait_until_idle(window)
    return dialog


def open_sample_dialog(window: MainWindow, name: str, roster: Path | None = None) -> QDialog:
    """Open the dialog ``name`` (one of :data:`DIALOG_NAMES`) over ``window``, filled with
    sample values (nothing saved); ``import_errors`` checks the roster file ``roster``."""
    if name not in DIALOG_NAMES:
        raise ValueError(f"unknown dialog {name!r}; one of {', '.join(DIALOG_NAMES)}")
    if name == "new_household":
        return _new_household(window)
    if name == "import_errors":
        if roster is None:
            raise ValueError("the import dialog needs a roster file to check")
        return _import_errors(window, roster)
    household_id = sample_household_id(window)
    if household_id is None:
        raise ValueError("the register has no household to show")
    opener = {"member": _member, "move_out": _move_out, "person_tags": _person_tags}[name]
    return opener(window, household_id)


def take_dialog_screenshot(
    store: Store, name: str, output: Path, size: QSize, roster: Path | None = None
) -> QSize:
    """Save the dialog ``name`` (see :func:`open_sample_dialog`), opened over a window of
    ``size``, to ``output``; returns the picture's size in device pixels."""
    window = MainWindow(store)
    dialog: QDialog | None = None
    try:
        window.resize(size)
        window.show()
        wait_until_idle(window)
        dialog = open_sample_dialog(window, name, roster)
        wait_until_idle(window)
        picture = dialog.grab()
        output.parent.mkdir(parents=True, exist_ok=True)
        if not picture.save(str(output), "PNG"):
            raise OSError(f"could not write {output}")
        return picture.size()
    finally:
        if dialog is not None:
            dialog.hide()  # not reject(): that would ask whether to discard what was typed
            dialog.deleteLater()
        window.close()
        window.deleteLater()


def take_search_screenshot(store: Store, text: str, output: Path, size: QSize) -> QSize:
    """Save the window with ``text`` typed in the global search and its result list open."""
    window = MainWindow(store)
    try:
        window.resize(size)
        window.show()
        wait_until_idle(window)
        window.focus_search()
        window.search_box.setText(text)
        wait_until_idle(window)
        window.search.show_popup()
        wait_until_idle(window)
        picture = window.grab()
        output.parent.mkdir(parents=True, exist_ok=True)
        if not picture.save(str(output), "PNG"):
            raise OSError(f"could not write {output}")
        return picture.size()
    finally:
        window.close()
        window.deleteLater()
