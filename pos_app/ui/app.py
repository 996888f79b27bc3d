"""Start-up and wiring: open the file, pick the language, build the window, connect scanners."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pos_app.config import database_path
from pos_app.domain.clock import Clock, system_clock
from pos_app.domain.errors import UserFacingError
from pos_app.logging_setup import setup_logging
from pos_app.scanning.wedge import KeyboardWedgeFilter
from pos_app.services import preferences
from pos_app.services.checkout import CheckoutService
from pos_app.services.demo import DEMO_MANAGER_PIN, seed_demo
from pos_app.services.setup import needs_setup
from pos_app.store.database import connect
from pos_app.ui.demo_phone import CustomerPhoneWindow
from pos_app.ui.dialogs.setup_dialog import SetupDialog
from pos_app.ui.error_hook import ExceptionHook
from pos_app.ui.main_window import MainWindow
from pos_app.ui.theme import apply_theme
from pos_app.ui.translations import LanguageSwitcher

APP_TITLE = "청주페이 POS"


@dataclass(frozen=True)
class LaunchOptions:
    data_dir: Path
    demo: bool = False
    language: str | None = None  # None: the device's saved preference


class PosController(QObject):
    """Holds what lives for the whole session and rebuilds the window on a language change."""

    def __init__(
        self,
        app: QApplication,
        service: CheckoutService,
        *,
        conn: sqlite3.Connection,
        languages: LanguageSwitcher,
        language: str,
        demo: bool,
        clock: Clock = system_clock,
    ) -> None:
        super().__init__(app)
        self._app = app
        self._conn = conn
        self.service = service
        self.language = language
        self.demo = demo
        self._clock = clock
        self.languages = languages
        languages.apply(language)
        self.scanner = KeyboardWedgeFilter(app)
        app.installEventFilter(self.scanner)
        # Queued: a scan may open a dialog, which must not run inside key handling.
        self.scanner.scanned.connect(self._on_scanned, Qt.ConnectionType.QueuedConnection)
        self.window = self._build_window()
        self.phone: CustomerPhoneWindow | None = None

    def _build_window(self) -> MainWindow:
        window = MainWindow(
            self.service,
            language=self.language,
            demo=self.demo,
            demo_pin_hint=DEMO_MANAGER_PIN if self.demo else "",
        )
        window.language_toggle_requested.connect(self.toggle_language)
        return window

    def _on_scanned(self, text: str) -> None:
        # A scan behind an open dialog (void, quantity) would change the sale the
        # dialog is about: refuse it, loudly, rather than act on it unseen.
        if QApplication.activeModalWidget() is not None:
            self.window.screen_checkout.show_error(UserFacingError("scan.dialog_open"))
            return
        self.window.on_scanned(text)

    def scan_target(self) -> QWidget:
        return self.window.focusWidget() or self.window

    def show(self) -> None:
        self.window.resize(1280, 800)
        self.window.show()
        if self.demo:
            self.phone = CustomerPhoneWindow(self._clock, self.scan_target)
            self.phone.resize(380, 620)
            self.phone.move(self.window.geometry().right() + 12, self.window.geometry().top())
            self.phone.show()
        self.window.activateWindow()

    def toggle_language(self) -> None:
        self.language = "en" if self.language == "ko" else "ko"
        preferences.set_language(self._conn, self.language)
        self.languages.apply(self.language)
        old = self.window
        self.window = self._build_window()
        self.window.setGeometry(old.geometry())
        self.window.show()
        old.close()
        old.deleteLater()
        if self.phone is not None:
            geometry = self.phone.geometry()
            self.phone.close()
            self.phone.deleteLater()
            self.phone = CustomerPhoneWindow(self._clock, self.scan_target)
            self.phone.setGeometry(geometry)
            self.phone.show()
        self.window.activateWindow()


def run_gui(options: LaunchOptions) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_TITLE)
    apply_theme(app)
    setup_logging(options.data_dir)
    hook = ExceptionHook(options.language or "ko")
    hook.install()
    try:
        conn = connect(database_path(options.data_dir, options.demo))
        if options.demo:
            seed_demo(conn, system_clock)
    except UserFacingError as error:
        QMessageBox.critical(None, APP_TITLE, error.display(options.language or "ko"))
        return 2
    language = options.language or preferences.language(conn)
    hook.language = language
    languages = LanguageSwitcher(app)
    languages.apply(language)
    if not options.demo and needs_setup(conn) and not SetupDialog(conn).exec():
        return 1
    service = CheckoutService(conn, system_clock)
    controller = PosController(
        app, service, conn=conn, languages=languages, language=language, demo=options.demo
    )
    controller.show()
    return app.exec()
