"""Screenshots of every page and the most used dialogs for the user guide (docs/用户手册.md).

    python scripts/screenshots.py [--out docs/images] [--households 300]

Builds a demo register in a temporary folder (``gridapp demo --households 300 --seed 1``),
adds a few petitions of the last weeks (the demo's are months old: one due in a few days,
one taken through 受理告知, 开始办理 and 延期, one being handled that may still be extended),
chooses a work area, and renders every page of the window and the most used dialogs twice:
at the default text size (100 %) and at 150 % (设置 → 字号), each in a window of 1280×800.
The 党员双报到 page is shot once per tab (``page-party`` is 党员 with the member of most
hours selected; ``page-party-posts``, ``page-party-activities``, ``page-party-feedback``),
with its dialogs 新增党员 (a resident of the sample household linked from the register) and
新增活动 (a few members added as participants). 台账报表 is shot once more with last month's
户籍人口台账 of the village generated and its first page previewed (``page-reports-ledger``).
Files: ``OUT/page-NAME-100.png``, ``OUT/page-NAME-150.png``, ``OUT/dialog-NAME-100.png``,
``OUT/search-100.png`` …, reduced to a 256-colour palette (a warning names any picture still
larger than 300 KB).

Each text size is rendered by this script in a fresh process (``--render``): Qt reads the
offscreen platform and the scale before the application exists. No OS keyring is used; the
demo database is protected by a throw-away passphrase.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEXT_SIZES = (100, 150)
WINDOW_SIZE = (1280, 800)
MAX_BYTES = 300_000
PAGES = (
    "home",
    "households",
    "household",
    "petitions",
    "petition",
    "reports",
    "sync",
    "settings",
)
USER = "zhangxh"  # the login name the status bar shows
# A fixed folder (not a random temporary name) so that the data folder in the status bar and
# the roster path in the import dialog are the same in every run.
WORK_DIR = Path(tempfile.gettempdir()) / "gridapp-screenshots"
# The offscreen platform's screen is 800×800 unless told otherwise, and dialogs size
# themselves to the screen: give it the office PC's 1280×800.
SCREEN = {"screens": [{"name": "office", "x": 0, "y": 0, "width": 1280, "height": 800}]}
NOISE = "This plugin does not support"  # offscreen platform warnings, not ours
SEARCH_TEXT = "hj"  # pinyin initials: 黄建燕, 胡金枝 …
SAMPLES = "samples.json"  # in WORK_DIR: the ids of the petitions add_sample_petitions made

# A small roster with the mistakes people make, for the import dialog's problem table.
ROSTER_HEADER = ["户号", "姓名", "公民身份号码", "与户主关系", "地址", "联系电话", "民族"]


def roster_rows() -> list[list[str]]:
    from datetime import date

    from gridapp.models.idnumber import make_id_number

    head = make_id_number("360423", date(1958, 3, 12), 531)
    wife = make_id_number("360423", date(1960, 11, 5), 642)
    son = make_id_number("360423", date(1985, 6, 30), 753)
    other = make_id_number("360423", date(1972, 1, 18), 864)
    widow = make_id_number("360423", date(1966, 9, 9), 975)
    bad_check = other[:-1] + ("0" if other[-1] != "0" else "1")
    return [
        ["100900101", "周德明", head, "户主", "石泉村2组6号", "13907921234", "汉族"],
        ["100900101", "吴桂香", wife, "妻子", "石泉村2组6号", "1390792123", "汉族"],
        ["100900101", "周小军", son, "儿子", "石泉村2组6号", "", "汉"],
        ["100900102", "陈海燕", bad_check, "户主", "石泉村2组8号", "0792-1234567", "汉族"],
        ["100900102", "陈明", son, "子", "", "", "汉族"],
        ["100900103", "黄春花", widow, "老伴", "石泉村2组9号", "", "汉族"],
    ]


def write_roster(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(ROSTER_HEADER)
    for row in roster_rows():
        sheet.append(row)
    book.save(path)
    return path


def child_env(screen_file: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("GRIDAPP_HOME", None)
    env.pop("QT_SCALE_FACTOR", None)
    env.setdefault("GRIDAPP_PASSPHRASE", "screenshots passphrase")
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # never the OS keyring
    env["GRIDAPP_LANG"] = "zh_CN"
    env["GRIDAPP_USER"] = USER
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen_file}"
    return env


def run(command: list[str], env: dict[str, str]) -> None:
    """Run a child process; its output is shown without the offscreen platform's noise."""
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    for line in (result.stdout + result.stderr).splitlines():
        if NOISE not in line:
            print(line)
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}")


def optimise(path: Path) -> None:
    """Reduce the picture to a 256-colour palette: window pictures have few colours, the
    text stays sharp and the file shrinks to about 40 %."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
    if path.stat().st_size > MAX_BYTES:
        print(f"warning: {path.name} is {path.stat().st_size:,} bytes", file=sys.stderr)


def choose_scope(store: object) -> None:
    """The first village of the demo county and its first grid, as the first-run wizard
    would have it chosen."""
    from gridapp.store.db import Store
    from gridapp.store.scope import WorkScope, load_scope, save_scope, stored_places

    assert isinstance(store, Store)
    if load_scope(store) is not None:
        return
    places = stored_places(store.conn)
    names = {p.code: p.name for p in places}
    village = next(p for p in places if p.level == "village")
    grid = next((p for p in places if p.level == "grid" and p.parent_code == village.code), None)
    save_scope(
        store,
        WorkScope(
            village_code=village.code,
            village_name=village.name,
            grid_code=grid.code if grid else "",
            grid_name=grid.name if grid else "",
            township_name=names.get(village.parent_code or "", ""),
        ),
    )


def sample_photo() -> bytes:
    """A photo-like JPEG (a wall beside a path) to attach to the sample petition."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), "#9cc3e6")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 260, 640, 480), fill="#7d8c5a")
    draw.polygon([(250, 480), (390, 480), (330, 260), (305, 260)], fill="#b9a98a")
    draw.rectangle((380, 150, 640, 330), fill="#c9c2b4")
    for y in range(170, 330, 22):
        draw.line((380, y, 640, y), fill="#a39a8a", width=2)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def add_sample_petitions(data_dir: Path) -> dict[str, str]:
    """Runs in its own process: three petitions of the last weeks, registered and advanced
    through the store as the window would (the demo's petitions are months old, all past
    their deadlines). Returns their ids by purpose: ``page`` (受理告知, 开始办理, 延期: several
    steps and a deadline running), ``extend`` (being handled, may still be extended),
    ``due_soon`` (registered 13 days ago: 受理告知 due in two days)."""
    from dataclasses import replace
    from datetime import date, timedelta

    from gridapp.models.petition import Petition, Petitioner
    from gridapp.store.attachments import AttachmentStore
    from gridapp.store.db import Store
    from gridapp.store.households import HouseholdRepository, new_id
    from gridapp.store.petitions import PetitionRepository

    today = date.today()
    store = Store.open(data_dir)
    try:
        choose_scope(store)
        people = HouseholdRepository(store)
        rows = people.household_page(None, "household_no", None, 60)
        members = [m for r in rows[10:] for m in people.members(r.id)[:1]]

        def petition(days_ago: int, summary: str, **values: object) -> Petition:
            values = {"channel": "visit", "kind": "claim", **values}
            return Petition(
                id=new_id(),
                reg_no="",
                reg_date=today - timedelta(days=days_ago),
                summary=summary,
                **values,  # type: ignore[arg-type]
            )

        def linked(index: int, primary: bool = True) -> Petitioner:
            return Petitioner(new_id(), "", "", person_id=members[index].id, is_primary=primary)

        repo = PetitionRepository(store)
        page = repo.register(
            petition(
                40,
                "宅基地界址纠纷，邻户建房占用通道",
                category="01",
                content="东邻户翻建住房时将院墙外移约1.5米，占用两户共用的通道，"
                "村组调解两次未果，请求依法确定界址、恢复通道。",
                headcount=3,
                problem_address="石泉村4组",
            ),
            [
                linked(0),
                linked(1, primary=False),
                replace(
                    Petitioner(new_id(), "", "赵明亮", phone="13607921588"),
                    address="石泉村4组21号",
                ),
            ],
            today,
        )
        steps = [
            ("accept", 38, {"method": "书面", "unit": "村委会", "handler": "李主任"}),
            ("handle", 37, {"handler": "李主任", "note": "约双方到村委会调解"}),
            (
                "extend",
                3,
                {
                    "approver": "王书记",
                    "until": (today + timedelta(days=45)).isoformat(),
                    "reason": "需会同镇自然资源所现场勘界",
                    "told_date": (today - timedelta(days=3)).isoformat(),
                },
            ),
        ]
        for action, days_ago, values in steps:
            repo.advance(page.id, action, values, on=today - timedelta(days=days_ago))
        attachments = AttachmentStore(store)
        try:
            attachments.attach_bytes(page.id, sample_photo(), "通道现场照片.jpg")
        finally:
            attachments.close()
        extend = repo.register(
            petition(
                20,
                "自来水管网老化，三组经常停水",
                category="02",
                content="三组自来水管网铺设已二十年，今年以来多次爆管停水。",
                headcount=1,
            ),
            [linked(2)],
            today,
        )
        repo.advance(extend.id, "accept", {"method": "当面"}, on=today - timedelta(days=18))
        repo.advance(extend.id, "handle", {"handler": "陈干事"}, on=today - timedelta(days=17))
        due_soon = repo.register(
            petition(
                13,
                "低保申请久拖未审核",
                channel="phone",
                category="05",
                content="今年8月提交低保申请，至今未告知审核结果。",
            ),
            [linked(3)],
            today,
        )
        return {"page": page.id, "extend": extend.id, "due_soon": due_soon.id}
    finally:
        store.close()


def render(data_dir: Path, out: Path, percent: int, roster: Path) -> int:
    """Runs in its own process (see the module docstring): every page and dialog at one
    text size."""
    from PySide6.QtCore import QSize

    from gridapp.store.db import Store
    from gridapp.ui.app import apply_preferences, setup_application
    from gridapp.ui.preferences import FONT_PERCENT, Preferences
    from gridapp.ui.screenshot import (
        DIALOG_NAMES,
        take_dialog_screenshot,
        take_screenshot,
        take_search_screenshot,
    )

    Preferences(data_dir).set(FONT_PERCENT, percent)
    store = Store.open(data_dir)
    try:
        choose_scope(store)
        setup_application(font_percent=apply_preferences(data_dir))
        size = QSize(*WINDOW_SIZE)
        household_id = household_to_show(store)
        samples_file = data_dir.parent / SAMPLES
        samples = json.loads(samples_file.read_text("utf-8")) if samples_file.exists() else {}
        for page in PAGES:
            path = out / f"page-{page}-{percent}.png"
            take_screenshot(
                store,
                page,
                path,
                size,
                household_id=household_id,
                petition_id=samples.get("page"),
            )
            optimise(path)
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        for name in DIALOG_NAMES:
            path = out / f"dialog-{name.replace('_', '-')}-{percent}.png"
            take_dialog_screenshot(
                store, name, path, size, roster=roster, petition_id=samples.get("extend")
            )
            optimise(path)
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        path = out / f"search-{percent}.png"
        take_search_screenshot(store, SEARCH_TEXT, path, size)
        optimise(path)
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        for path in party_screenshots(store, out, percent, size, household_id):
            optimise(path)
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        path = reports_screenshot(store, out / f"page-reports-ledger-{percent}.png", size)
        optimise(path)
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        for path in accounts_screenshots(out, percent, size):
            optimise(path)
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    finally:
        store.close()
    return 0


# --- 台账报表 -----------------------------------------------------------------------------------


def reports_screenshot(store: object, path: Path, size: Any) -> Path:
    """台账报表 with last month's 户籍人口台账 of the village generated and page 1 previewed."""
    from gridapp.store.db import Store
    from gridapp.ui.main_window import MainWindow
    from gridapp.ui.screenshot import wait_until_idle

    assert isinstance(store, Store)
    window = MainWindow(store)
    try:
        window.resize(size)
        window.show()
        wait_until_idle(window)
        window.show_page("reports")
        wait_until_idle(window)
        page: Any = window.pages["reports"]
        page.choose("households")
        page.generate()
        while page.busy():  # the PDF is written beside the worker: wait for the page
            wait_until_idle(window)
        wait_until_idle(window)
        return save_picture(window, path)
    finally:
        window.close()
        window.deleteLater()


# --- 账户 (issue #8) ---------------------------------------------------------------------------

ACCOUNTS = (  # user name, name, role, password
    ("admin", "李管理", "admin", "admin-pass-1"),
    ("zhangxh", "张晓红", "grid_worker", "worker-pass-1"),
    ("wangjh", "王建华", "secretary", "secretary-pass-1"),
    ("liuxm", "刘晓梅", "grid_worker", "worker-pass-2"),
)


def accounts_screenshots(out: Path, percent: int, size: Any) -> list[Path]:
    """The login dialog (after a wrong password), the lock screen, 设置 with the 账户 group
    and the 管理账户 dialog, over a register of their own (accounts on the demo register
    would put every other picture behind a login)."""
    from PySide6.QtCore import QCoreApplication, QThread
    from PySide6.QtWidgets import QScrollArea

    from gridapp.models.errors import ValidationError
    from gridapp.store.accounts import AccountRepository
    from gridapp.store.db import Store
    from gridapp.ui.accounts_panel import AccountsDialog, AccountsPanel
    from gridapp.ui.login import LoginDialog
    from gridapp.ui.main_window import MainWindow
    from gridapp.ui.preferences import FONT_PERCENT, Preferences
    from gridapp.ui.screenshot import wait_until_idle
    from gridapp.ui.tasks import TaskRunner

    data_dir = WORK_DIR / f"accounts-{percent}"
    shutil.rmtree(data_dir, ignore_errors=True)
    store = Store.open(data_dir, create=True)
    Preferences(data_dir).set(FONT_PERCENT, percent)  # 设置 shows the text size in use
    made: list[Path] = []
    try:
        repo = AccountRepository(store)
        for username, name, role, password in ACCOUNTS:
            repo.add(username, name, role, password)
            if username == "admin":
                repo.login(username, password)
        repo.disable("liuxm")
        repo.logout()
        for _attempt in range(5):  # 王建华 mistyped: locked for a while
            with contextlib.suppress(ValidationError):  # the refusals are the point here
                repo.login("wangjh", "wrong password")
        tasks = TaskRunner(None)
        login = LoginDialog(store, tasks)
        login.show()
        login.username.setText("zhangxh")
        login.password.setText("wrong")
        login.log_in()
        while tasks.busy():  # the refusal comes back from the worker
            QCoreApplication.processEvents()
            QThread.msleep(20)
        made.append(save_picture(login, out / f"dialog-login-{percent}.png"))
        login.close()
        tasks.shutdown()

        repo.login("admin", "admin-pass-1")
        window = MainWindow(store)
        try:
            window.resize(size)
            window.show()
            wait_until_idle(window)
            window.show_page("settings")
            wait_until_idle(window)
            panel = window.findChild(AccountsPanel)
            scroll = window.findChild(QScrollArea, "settingsScroll")
            if panel is not None and scroll is not None:
                scroll.ensureWidgetVisible(panel)  # 账户 is the last group of the page
            made.append(save_picture(window, out / f"page-settings-accounts-{percent}.png"))
            manage = AccountsDialog(window.ctx, window)
            manage.open()
            wait_until_idle(window)
            manage.table.selectRow(1)
            made.append(save_picture(manage, out / f"dialog-accounts-{percent}.png"))
            manage.hide()
            window.guard.lock()
            wait_until_idle(window)
            made.append(save_picture(window, out / f"page-locked-{percent}.png"))
        finally:
            window.close()
            window.deleteLater()
    finally:
        store.close()
    return made


# --- 党员双报到 -------------------------------------------------------------------------------

PARTY_TABS = ("", "posts", "activities", "feedback")  # 党员 first; the 单位党组织 tab is skipped
ACTIVITY_PARTICIPANTS = 4


def on_worker(window: Any, job: Any) -> Any:
    """Run ``job(store)`` on the window's worker (where the store is used) and wait."""
    from gridapp.ui.screenshot import wait_until_idle

    found: list[Any] = []
    store = window.store
    window.tasks.submit(lambda _ctx: job(store), on_done=found.append)
    wait_until_idle(window)
    return found[0] if found else None


def save_picture(widget: Any, path: Path) -> Path:
    picture = widget.grab()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not picture.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    return path


def party_screenshots(
    store: object, out: Path, percent: int, size: Any, household_id: str | None
) -> list[Path]:
    """The 党员双报到 page's tabs and its dialogs 新增党员 and 新增活动 (nothing saved)."""
    from gridapp.store.db import Store
    from gridapp.ui.main_window import MainWindow
    from gridapp.ui.screenshot import wait_until_idle

    assert isinstance(store, Store)
    made: list[Path] = []
    window = MainWindow(store)
    try:
        window.resize(size)
        window.show()
        wait_until_idle(window)
        window.show_page("party")
        wait_until_idle(window)
        page: Any = window.pages["party"]
        members = page.members
        reported = [r for r in members.rows if r.report_status == "active"]
        if reported:
            members.select_member(max(reported, key=lambda r: r.hours).id)
            wait_until_idle(window)
        for name in PARTY_TABS:
            tabs = [page.members, *page.service]
            tab = tabs[PARTY_TABS.index(name)]
            page.tabs.setCurrentWidget(tab)
            wait_until_idle(window)
            if name == "feedback":
                tab.table.setFocus()
                if tab.table.rowCount():
                    tab.table.selectRow(0)
            suffix = f"-{name}" if name else ""
            made.append(save_picture(window, out / f"page-party{suffix}-{percent}.png"))
        page.tabs.setCurrentWidget(page.members)
        wait_until_idle(window)
        made.append(party_member_dialog(window, page, household_id, out, percent))
        made.append(party_activity_dialog(window, page, out, percent))
    finally:
        window.close()
        window.deleteLater()
    return made


def resident_to_link(window: Any, household_id: str | None) -> str | None:
    """A living adult of the sample household (else of any household) who is not yet a
    party member: the person 新增党员 links from the register."""
    from datetime import date

    from gridapp.store.households import HouseholdRepository
    from gridapp.store.party import PartyRepository

    def job(store: Any) -> str | None:
        people, party = HouseholdRepository(store), PartyRepository(store)
        members = {m.id_number for m in party.members()}
        ids = [household_id] if household_id else []
        ids += [r.id for r in people.household_page(None, "household_no", None, 50)]
        limit = date(date.today().year - 30, 1, 1)
        for hid in ids:
            for person in people.members(hid):
                adult = person.birth_date is not None and person.birth_date < limit
                if person.status == "1" and adult and person.id_number not in members:
                    return str(person.id)
        return None

    return on_worker(window, job)


def party_member_dialog(
    window: Any, page: Any, household_id: str | None, out: Path, percent: int
) -> Path:
    from datetime import date

    from gridapp.ui.screenshot import enter, wait_until_idle

    dialog = page.members.new_member()
    wait_until_idle(window)
    person_id = resident_to_link(window, household_id)
    if person_id is not None:
        dialog.link_person(person_id)  # as Ins, the search and Enter would
        wait_until_idle(window)
    fields = dialog.form.fields
    enter(fields["party_org"], "县人民医院党委第二支部")
    enter(fields["joined_date"], date(2008, 7, 1))
    enter(fields["work_unit"], "县人民医院")
    enter(fields["skills"], "医疗护理、健康讲座")
    wait_until_idle(window)
    try:
        return save_picture(dialog, out / f"dialog-party-member-{percent}.png")
    finally:
        dialog.hide()  # not reject(): that would ask whether to discard what was typed
        dialog.deleteLater()


def party_activity_dialog(window: Any, page: Any, out: Path, percent: int) -> Path:
    from gridapp.ui.screenshot import enter, wait_until_idle

    tab = page.service[1]
    page.tabs.setCurrentWidget(tab)
    wait_until_idle(window)
    dialog = tab.new_activity()
    wait_until_idle(window)  # the members, posts and settings arrive
    fields = dialog.form.fields
    enter(fields["theme"], "清理楼道杂物、张贴防火宣传")
    enter(fields["place"], "杨堡村2组")
    if dialog.post.editor.count() > 1:
        dialog.post.editor.setCurrentIndex(1)
    dialog.default_content.setText("清扫楼道")
    dialog.add_members(dialog.picker.hits()[:ACTIVITY_PARTICIPANTS])
    wait_until_idle(window)
    dialog.scroll_area.ensureWidgetVisible(dialog.table)  # at 150 % the form scrolls
    try:
        return save_picture(dialog, out / f"dialog-party-activity-{percent}.png")
    finally:
        dialog.hide()
        dialog.deleteLater()


def household_to_show(store: object) -> str | None:
    from gridapp.store.db import Store
    from gridapp.ui.main_window import MainWindow
    from gridapp.ui.screenshot import sample_household_id

    assert isinstance(store, Store)
    window = MainWindow(store)
    try:
        return sample_household_id(window)
    finally:
        window.close()
        window.deleteLater()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--render", nargs=4, metavar=("DATA", "OUT", "PERCENT", "ROSTER"))
    parser.add_argument("--samples", type=Path, metavar="DATA", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.samples:
        made = add_sample_petitions(args.samples)
        (args.samples.parent / SAMPLES).write_text(json.dumps(made), "utf-8")
        return 0
    if args.render:
        data_dir, out, percent, roster = args.render
        return render(Path(data_dir), Path(out), int(percent), Path(roster))

    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(WORK_DIR, ignore_errors=True)
    WORK_DIR.mkdir(parents=True)
    try:
        screen_file = WORK_DIR / "screen.json"
        screen_file.write_text(json.dumps(SCREEN), "utf-8")
        env = child_env(screen_file)
        data_dir = WORK_DIR / "GridApp"
        gridapp = [sys.executable, "-m", "gridapp", "--data-dir", str(data_dir)]
        run([*gridapp, "demo", "--households", str(args.households), "--seed", "1"], env)
        run([sys.executable, __file__, "--samples", str(data_dir)], env)
        roster = write_roster(WORK_DIR / "花名册.xlsx")
        for percent in TEXT_SIZES:
            command = [sys.executable, __file__, "--render", str(data_dir), str(out)]
            run([*command, str(percent), str(roster)], env)
    finally:
        shutil.rmtree(WORK_DIR, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
