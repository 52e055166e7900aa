"""Application start-up: Qt application, bundled CJK font, Chinese translation, main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from gridapp.i18n import current_lang
from gridapp.paths import resource_path
from gridapp.store.db import Store
from gridapp.store.errors import StoreError

FONT_FILE = ("fonts", "wqy-microhei.ttc")


def setup_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with our style, font and translators (idempotent for tests)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("GridApp")
    app.setApplicationDisplayName("网格通")
    app.setStyle("Fusion")
    install_font(app)
    install_translators(app, current_lang())
    return app


def install_font(app: QApplication) -> str:
    """Register the bundled font so the window renders on a PC without Chinese fonts."""
    font_id = QFontDatabase.addApplicationFont(str(resource_path(*FONT_FILE)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families:
        font = QFont(families[0])
        font.setPointSize(11)
        app.setFont(font)
        return str(families[0])
    return ""


def install_translators(app: QApplication, lang: str) -> None:
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


def run(data_dir: Path) -> int:
    app = setup_application()
    try:
        store = Store.open(data_dir, create=True, passphrase_provider=ask_passphrase)
    except StoreError as exc:
        QMessageBox.critical(None, QApplication.translate("Startup", "GridApp"), exc.text())
        return 2
    from gridapp.ui.main_window import MainWindow

    window = MainWindow(store)
    window.show()
    code = app.exec()
    store.close()
    return int(code)
