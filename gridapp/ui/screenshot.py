"""Render one page of the real window to a PNG file (``gridapp screenshot``).

The window is built over the store as a worker would see it, shown (off screen when the
caller chose the ``offscreen`` platform), the page is opened — for ``household`` the first
household of the list, for ``petition`` the first petition by 登记编号 — and the picture is
taken once the background worker has been idle for a few turns of the event loop, so every
count and table row has arrived.

:func:`take_dialog_screenshot` does the same for the most used dialogs (new household, a new
member, 迁出, a member's tags, the import dialog with its problem table), filled in with
sample values the way a worker would type them; nothing is saved. Its petition dialogs are
登记信访 (a member of the sample household linked, a petitioner typed in, a picture chosen)
and the 延期 step of a petition that may still be extended, and last month's 月度统计.
:func:`take_search_screenshot` shows the global search with its result list.
"""

from __future__ import annotations

import tempfile
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
DIALOG_NAMES = (
    "new_household",
    "member",
    "move_out",
    "person_tags",
    "import_errors",
    "petition_register",
    "petition_extend",
    "petition_metrics",
)


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


def sample_petition_id(window: MainWindow, action: str = "extend") -> str | None:
    """The newest open petition (accepted or being handled, its deadline not passed) on
    which this PC's role may take ``action`` now, read on the worker."""
    found: list[str | None] = []
    store = window.store

    def run(_ctx: object) -> str | None:
        from gridapp.models import petition_flow
        from gridapp.store.petition_list import PetitionFilter, petition_page
        from gridapp.store.petitions import PetitionRepository

        repo = PetitionRepository(store)
        flt = PetitionFilter(statuses=(petition_flow.ACCEPTED, petition_flow.IN_PROGRESS))
        today = date.today().isoformat()
        for row in petition_page(store.conn, flt, None, 200):
            if not row.due_date or row.due_date < today:
                continue  # a lapsed period is not extended
            petition = repo.get(row.id)
            if action in petition_flow.allowed_actions(petition, repo.role()):
                return row.id
        return None

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


def save_page_screenshot(
    store: Store, page: str, output: Path, width: int, height: int
) -> tuple[int, int]:
    """:func:`take_screenshot` for callers outside the UI layer (``gridapp screenshot``):
    plain sizes in and out; returns the picture's width and height in device pixels."""
    picture = take_screenshot(store, page, output, QSize(width, height))
    return picture.width(), picture.height()


def take_screenshot(
    store: Store,
    page: str,
    output: Path,
    size: QSize,
    household_id: str | None = None,
    petition_id: str | None = None,
) -> QSize:
    """Save ``page`` of a window of ``size`` (logical pixels) to ``output``; returns the
    picture's size in device pixels (``size`` times the scale factor). The ``household``
    page shows ``household_id``, by default the first household; the ``petition`` page
    ``petition_id``, by default the first petition by 登记编号."""
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
        elif (
            page == "petition"
            and (petition_id := petition_id or first_petition_id(window)) is not None
        ):
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


def _sample_picture() -> Path:
    """A small photo-like PNG to choose as an attachment (written once, outside the data)."""
    from PySide6.QtGui import QColor, QImage, QPainter

    path = Path(tempfile.gettempdir()) / "gridapp-screenshot-files" / "现场照片.png"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        image = QImage(320, 240, QImage.Format.Format_RGB32)
        image.fill(QColor("#8fb3d9"))
        painter = QPainter(image)
        painter.fillRect(0, 150, 320, 90, QColor("#7a6a55"))
        painter.fillRect(40, 170, 240, 30, QColor("#5a5a5a"))
        painter.end()
        if not image.save(str(path)):
            raise OSError(f"could not write {path}")
    return path


def _first_member_id(window: MainWindow, household_id: str) -> str | None:
    found: list[str | None] = []
    store = window.store

    def run(_ctx: object) -> str | None:
        members = HouseholdRepository(store).members(household_id)
        return members[0].id if members else None

    window.tasks.submit(run, on_done=found.append)
    wait_until_idle(window)
    return found[0] if found else None


def _petition_register(window: MainWindow, household_id: str) -> QDialog:
    from gridapp.ui.dialogs.petition_register import start_registration

    dialog = start_registration(window.ctx, window, _first_member_id(window, household_id))
    wait_until_idle(window)  # the villages and the linked member arrive
    fields = dialog.fields
    enter(fields["channel"], "visit")  # 来访
    enter(fields["kind"], "claim")  # 申诉求决类
    enter(fields["category"], "02")  # 城乡建设
    enter(fields["summary"], "村道破损，雨天积水，群众出行不便")
    enter(fields["content"], "三组到五组约800米村道路面破损，雨天积水没过脚踝，请求尽快修复。")
    enter(fields["problem_address"], "三组至五组村道")
    person = dialog.type_in()
    assert person is not None
    enter(person.fields["name"], "李四")
    enter(person.fields["phone"], "13800138000")
    enter(person.fields["address"], "石泉村5组12号")
    person.save()
    wait_until_idle(window)
    dialog.add_files([_sample_picture()])
    wait_until_idle(window)  # the picture is checked
    dialog.scroll_area.ensureWidgetVisible(dialog.table)
    return dialog


def _petition_extend(window: MainWindow, petition_id: str | None) -> QDialog:
    petition_id = petition_id or sample_petition_id(window, "extend")
    if petition_id is None:
        raise ValueError("the register has no petition that may be extended now")
    page: Any = window.pages["petition"]
    window.open_petition(petition_id)
    wait_until_idle(window)
    dialog = page.open_step("extend")
    if dialog is None:
        raise ValueError("延期 is not offered on this petition")
    enter(dialog.field("approver"), "王书记")
    enter(dialog.field("reason"), "需会同镇自然资源所现场勘界，60日内难以办结")
    wait_until_idle(window)
    return dialog  # type: ignore[no-any-return]


def _petition_metrics(window: MainWindow) -> QDialog:
    page: Any = window.pages["petitions"]
    window.show_page("petitions")
    wait_until_idle(window)
    dialog = page.show_metrics()
    wait_until_idle(window)
    if dialog.month.count() > 1:
        dialog.month.setCurrentIndex(1)  # last month: this month may have just begun
        wait_until_idle(window)
    return dialog  # type: ignore[no-any-return]


def open_sample_dialog(
    window: MainWindow, name: str, roster: Path | None = None, petition_id: str | None = None
) -> QDialog:
    """Open the dialog ``name`` (one of :data:`DIALOG_NAMES`) over ``window``, filled with
    sample values (nothing saved); ``import_errors`` checks the roster file ``roster``;
    ``petition_extend`` is the 延期 of ``petition_id`` (by default a petition that may be
    extended now, see :func:`sample_petition_id`)."""
    if name not in DIALOG_NAMES:
        raise ValueError(f"unknown dialog {name!r}; one of {', '.join(DIALOG_NAMES)}")
    if name == "new_household":
        return _new_household(window)
    if name == "import_errors":
        if roster is None:
            raise ValueError("the import dialog needs a roster file to check")
        return _import_errors(window, roster)
    if name == "petition_extend":
        return _petition_extend(window, petition_id)
    if name == "petition_metrics":
        return _petition_metrics(window)
    household_id = sample_household_id(window)
    if household_id is None:
        raise ValueError("the register has no household to show")
    opener = {
        "member": _member,
        "move_out": _move_out,
        "person_tags": _person_tags,
        "petition_register": _petition_register,
    }[name]
    return opener(window, household_id)


def take_dialog_screenshot(
    store: Store,
    name: str,
    output: Path,
    size: QSize,
    roster: Path | None = None,
    petition_id: str | None = None,
) -> QSize:
    """Save the dialog ``name`` (see :func:`open_sample_dialog`), opened over a window of
    ``size``, to ``output``; returns the picture's size in device pixels."""
    window = MainWindow(store)
    dialog: QDialog | None = None
    try:
        window.resize(size)
        window.show()
        wait_until_idle(window)
        dialog = open_sample_dialog(window, name, roster, petition_id)
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
