"""Application start-up: Qt application, bundled CJK font, translation, main window.

The language is ``--lang`` / ``GRIDAPP_LANG`` when given, else the one chosen under 设置
(``settings.json`` of the data directory), else Chinese. The text size (设置 → 字号) scales the
bundled font's :data:`BASE_POINT_SIZE`.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from gridapp.i18n import ENV_LANG, current_lang
from gridapp.paths import resource_path
from gridapp.store.db import Store
from gridapp.store.errors import StoreError
from gridapp.ui.preferences import FONT_PERCENT, LANGUAGE, Preferences

if TYPE_CHECKING:
    from gridapp.ui.main_window import MainWindow

FONT_FILE = ("fonts", "wqy-microhei.ttc")
BASE_POINT_SIZE = 11.0  # the text size at 100%


def setup_application(argv: list[str] | None = None, font_percent: int = 100) -> QApplication:
    """The QApplication with our style, font and translators (idempotent for tests)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("GridApp")
    app.setApplicationDisplayName("网格通")
    app.setStyle("Fusion")
    app.setWindowIcon(QIcon(str(resource_path("icons", "gridapp-256.png"))))
    install_font(app, font_percent)
    install_translators(app, current_lang())
    return app


def install_font(app: QApplication, font_percent: int = 100) -> str:
    """Register the bundled font so the window renders on a PC without Chinese fonts."""
    font_id = QFontDatabase.addApplicationFont(str(resource_path(*FONT_FILE)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families:
        app.setFont(QFont(families[0]))
        apply_font_percent(app, font_percent)
        return str(families[0])
    return ""


def apply_font_percent(app: QApplication, percent: int) -> None:
    """Scale the application font to ``percent`` of :data:`BASE_POINT_SIZE` (设置 → 字号).

    Widgets that inherit the application font follow at once; headings
    (``gridapp.ui.heading.Heading``) recompute their larger size.
    """
    font = QFont(app.font())
    font.setPointSizeF(BASE_POINT_SIZE * percent / 100)
    app.setFont(font)


def install_translators(app: QApplication, lang: str) -> None:
    """Install the translators for ``lang`` (English: none; the source strings are English)."""
    for old in app.findChildren(QTranslator):
        app.removeTranslator(old)
        old.deleteLater()
    if lang.startswith("en"):
        return
    ours = QTranslator(app)
    if ours.load(str(resource_path("translations", f"gridapp_{lang}.qm"))):
        app.installTranslator(ours)
    qt = QTranslator(app)
    if qt.load(
        QLocale(lang), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt)


def ask_passphrase(confirm: bool) -> str | None:
    """Passphrase dialog used when no secure keyring exists."""
    label = (
        QApplication.translate(
            "Startup",
            "No secure keyring on this computer. Choose a "
            "passphrase (at least 8 characters) to protect the database:",
        )
        if confirm
        else QApplication.translate("Startup", "Passphrase of the database:")
    )
    text, ok = QInputDialog.getText(
        None, QApplication.translate("Startup", "GridApp"), label, QLineEdit.EchoMode.Password
    )
    return text if ok else None


def apply_preferences(data_dir: Path) -> int:
    """Take the language chosen under 设置 unless ``--lang``/``GRIDAPP_LANG`` decided it;
    returns the chosen text size (percent). Call before :func:`setup_application`."""
    preferences = Preferences(data_dir)
    if not os.environ.get(ENV_LANG):
        # Store and search messages read the language from here as well.
        os.environ[ENV_LANG] = preferences.get(LANGUAGE)
    return int(preferences.get(FONT_PERCENT))


def start(data_dir: Path) -> MainWindow | None:
    """Open the store and show the main window the way ``gridapp`` does (after
    :func:`setup_application`); None after telling the user why it could not open."""
    try:
        # The integrity check reads the whole file (25 s at 300,000 households): the window
        # runs it beside its work instead, so it is usable at once (see check_integrity).
        store = Store.open(data_dir, create=True, passphrase_provider=ask_passphrase, check=False)
    except StoreError as exc:
        from gridapp.ui.backup_recovery import recover_unopened
        from gridapp.ui.recovery_code import recover_with_code

        if recover_unopened(data_dir, exc, ask_passphrase):  # a damaged file, restored
            return start(data_dir)
        # A lost key (keyring entry gone, passphrase forgotten): the printed recovery code.
        recovered = recover_with_code(data_dir, exc, ask_passphrase)
        if recovered is None:
            QMessageBox.critical(None, QApplication.translate("Startup", "GridApp"), exc.text())
            return None
        store = recovered
    try:
        has_accounts = store.accounts_exist()
    except StoreError as exc:
        store.close()
        QMessageBox.critical(None, QApplication.translate("Startup", "GridApp"), exc.text())
        return None
    if has_accounts:  # issue #8: nobody reaches the register without logging in
        from gridapp.ui.login import log_in_before_start

        if log_in_before_start(store) is None:
            store.close()
            return None
    from gridapp.ui.main_window import MainWindow

    window = MainWindow(store, first_run=True)
    window.show()
    window.check_integrity()
    if store.key.recovery_code:  # a register made just now: its recovery sheet (issue #8)
        from gridapp.ui.recovery_code import offer_setup_sheet

        offer_setup_sheet(window.tasks, store, window)
    return window


def quit_on_sigterm(app: QApplication) -> list[int]:
    """SIGTERM (a desktop session ending, ``kill``) closes the window the normal way: the
    event loops end (a start-up dialog's too), the account is logged out and the store closed.
    Qt's loop runs no Python code by itself, so a timer wakes the interpreter to notice the
    signal. The returned list receives the signal's number."""
    received: list[int] = []
    if sys.platform == "win32":
        return received

    def on_signal(signum: int, _frame: object) -> None:
        received.append(signum)
        app.exit(0)  # every event loop, a start-up dialog's too (quit() may be refused)

    signal.signal(signal.SIGTERM, on_signal)
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)
    return received


def run(data_dir: Path) -> int:
    app = setup_application(font_percent=apply_preferences(data_dir))
    terminated = quit_on_sigterm(app)
    window = start(data_dir)
    if window is None:
        return 0 if terminated else 2
    store = window.store  # the same after 切换账户 replaced the window
    code = 0 if terminated else app.exec()
    if store.session is not None or store.locked_session is not None:
        from gridapp.store.accounts import AccountRepository

        try:
            AccountRepository(store).logout()  # audit "logout" when the window is closed
        except StoreError as exc:  # closing anyway; the login entry stands
            logging.getLogger(__name__).warning("logout at exit failed: %s", exc.text())
    store.close()
    return int(code)
