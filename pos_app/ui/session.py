"""Start-up wiring: ``build_session`` opens the file, enrols, starts the sync and builds the
services and devices the counter runs on, and hands them over as one typed :class:`Session`.

What differs between a shop's till and training is a :class:`Launch`, chosen once by
``run_gui``: :class:`ShopLaunch` here, ``pos_app.ui.training.TrainingLaunch`` for the demo.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from pos_app.config import database_path
from pos_app.domain.clock import Clock, system_clock
from pos_app.domain.errors import UserFacingError
from pos_app.domain.server_clock import ServerClock
from pos_app.services import preferences
from pos_app.services.backups import BackupService, refuses
from pos_app.services.checkout import CheckoutService
from pos_app.services.enrolment import corrected_clock, current_enrolment
from pos_app.services.shop import ShopServices
from pos_app.session import checkout_service, shop_services
from pos_app.store.database import connect
from pos_app.sync.credentials import CredentialStore, KeyringCredentialStore
from pos_app.sync.engine import ClientFactory, SyncEngine, default_client_factory
from pos_app.sync.worker import SyncWorker
from pos_app.ui.camera_control import CameraControl
from pos_app.ui.dialogs.enrolment_dialog import EnrolmentDialog
from pos_app.ui.maintenance.backup_runner import BackupRunner
from pos_app.ui.maintenance.damaged_file import offer_restore
from pos_app.ui.sounds import ScanSounds
from pos_app.ui.startup_window import StartStage, StartupWindow
from pos_app.ui.sync_bridge import SyncBridge
from pos_app.ui.translations import LanguageSwitcher

if TYPE_CHECKING:
    from pos_app.ui.app import PosController
    from pos_app.ui.training import Training

log = logging.getLogger(__name__)
T = TypeVar("T")

APP_TITLE = "청주페이 POS"


@dataclass(frozen=True)
class LaunchOptions:
    data_dir: Path
    demo: bool = False
    language: str | None = None  # None: the device's saved preference
    ca_bundle: str | None = None


@dataclass
class SyncParts:
    """What the controller needs to run and re-enrol the sync."""

    worker: SyncWorker
    bridge: SyncBridge
    credentials: CredentialStore
    client_factory: ClientFactory


@dataclass(frozen=True)
class Session:
    """Everything the counter runs on for as long as the app runs, wired once.

    ``clock`` is the records' clock (the PC's corrected by the server's); ``scan_clock``
    is the keyboard wedge's, which tells a scanner's burst from typing by the gaps
    between keys (a test passes one it moves by hand, so no burst depends on real time).
    """

    conn: sqlite3.Connection
    service: CheckoutService
    languages: LanguageSwitcher
    language: str
    clock: Clock = system_clock
    shop: ShopServices | None = None
    sync: SyncParts | None = None
    camera: CameraControl | None = None
    sounds: ScanSounds | None = None
    scan_clock: Callable[[], float] = time.monotonic
    training: Training | None = None  # the demo's extras; None at a shop's till


class StartRefused(Exception):
    """Start-up stopped before the window (a refused file, enrolment cancelled)."""

    def __init__(self, exit_code: int) -> None:
        super().__init__(exit_code)
        self.exit_code = exit_code


class Launch(Protocol):
    """What a shop's till and training do differently at start-up and at exit."""

    def data_dir(self, options: LaunchOptions) -> Path: ...

    def check_file(self, db_path: Path, language: str) -> None: ...

    def opened(self, conn: sqlite3.Connection) -> None: ...

    def connect_server(
        self, conn: sqlite3.Connection, factory: ClientFactory, language: str
    ) -> CredentialStore: ...

    def prepare(self, shop: ShopServices) -> None: ...

    def training(self) -> Training | None: ...

    def started(self, controller: PosController) -> None: ...

    def close(self) -> None: ...


class ShopLaunch:
    """A shop's till: its own file (checked, backed up), the keyring, the real server."""

    def __init__(self) -> None:
        self._backups: BackupService | None = None
        self._window: StartupWindow | None = None

    def data_dir(self, options: LaunchOptions) -> Path:
        return options.data_dir

    def check_file(self, db_path: Path, language: str) -> None:
        # Training data is thrown away on exit: only a shop's real file is backed up.
        backups = self._backups = BackupService(db_path, system_clock)
        # A long start (a migration and its backup, a long rehash) says what it is doing
        # in a window of its own; a short one shows nothing (no flash of a window).
        if backups.start_is_long():
            self._show_window()
        try:
            self._check(backups, db_path, language)
        finally:
            if self._window is not None:
                self._window.close()
                self._window.deleteLater()
                self._window = None

    def _show_window(self) -> StartupWindow:
        if self._window is None:
            self._window = StartupWindow(APP_TITLE)
            self._window.show()
        return self._window

    def _check(self, backups: BackupService, db_path: Path, language: str) -> None:
        check = _step(self._window, StartStage.CHECK, backups.start_check, "start check")
        if refuses(check):
            # Finding the backup to offer checks each backup in full (as long as a full
            # check of the file), then the restore copies it: never with nothing on screen.
            shown = self._show_window()
            problem = shown.run(
                StartStage.CHECK_BACKUPS, partial(backups.problem_for, check), "backups check"
            )
            if problem is not None:
                log.error("data file refused at start: %s", problem.check)
                if not offer_restore(problem, backups, language, shown):
                    raise StartRefused(2)
        window = self._window
        if not backups.upgrade_pending():
            return
        try:
            # An older version's file: keep a copy, then migrate.
            _step(window, StartStage.BACKUP, backups.before_upgrade, "backup before upgrade")
            if window is not None:
                # Migrated here, on the worker's own connection (one per thread), so the
                # window tells it; the session's connect then finds the file current.
                _step(window, StartStage.CONVERT, partial(_migrate, db_path), "migration")
        except UserFacingError as error:
            QMessageBox.critical(None, APP_TITLE, error.display(language))
            raise StartRefused(2) from error

    def opened(self, conn: sqlite3.Connection) -> None:
        pass

    def connect_server(
        self, conn: sqlite3.Connection, factory: ClientFactory, language: str
    ) -> CredentialStore:
        credentials = KeyringCredentialStore()
        if current_enrolment(conn) is None:
            dialog = EnrolmentDialog(conn, credentials, factory, system_clock, language)
            if not dialog.exec():
                raise StartRefused(1)
        return credentials

    def prepare(self, shop: ShopServices) -> None:
        pass

    def training(self) -> Training | None:
        return None

    def started(self, controller: PosController) -> None:
        if self._backups is not None:
            controller.attach_backups(BackupRunner(self._backups, controller))
        if controller.shop_pages is not None:
            # Who is at the till, before the first sale: asked from inside the app's event
            # loop, not before it. Qt's quit() does nothing while that loop is not running,
            # so an end-of-session request (Windows, an installer, SIGTERM) could not end an
            # app waiting at its first sign-in.
            QTimer.singleShot(0, controller.shop_pages.sign_in)

    def close(self) -> None:
        pass


def _step(
    window: StartupWindow | None,
    stage: StartStage,
    work: Callable[[Callable[[int, int], None] | None], T],
    name: str,
) -> T:
    """``work`` here and now, or, with a start-up window, off the UI thread with its bar."""
    if window is None:
        return work(None)
    return window.run(stage, work, name)


def _migrate(db_path: Path, progress: Callable[[int, int], None] | None) -> None:
    connect(db_path, progress).close()


def start_sync(
    db_path: Path,
    credentials: CredentialStore,
    client_factory: ClientFactory,
    clock: Clock,
    server_clock: ServerClock | None = None,
) -> SyncParts:
    bridge = SyncBridge()
    engine = SyncEngine(db_path, credentials, clock, client_factory, server_clock=server_clock)
    worker = SyncWorker(engine, clock, bridge.callbacks())
    worker.start()
    return SyncParts(worker, bridge, credentials, client_factory)


def build_session(
    app: QApplication, options: LaunchOptions, launch: Launch, on_language: Callable[[str], None]
) -> Session:
    """Open the file, pick the language, enrol, start the sync, build the services.

    ``on_language`` hears the language once it is known (the exception hook's). Raises
    :class:`StartRefused` when start-up stops before the window.
    """
    first_language = options.language or "ko"
    # Installed before the file is opened: the start-up window speaks the language asked
    # for (Korean unless told), then the device's saved one once the file is read.
    languages = LanguageSwitcher(app)
    languages.apply(first_language)
    db_path = database_path(launch.data_dir(options), demo=False)
    launch.check_file(db_path, first_language)
    try:
        conn = connect(db_path)
        launch.opened(conn)
    except UserFacingError as error:
        QMessageBox.critical(None, APP_TITLE, error.display(first_language))
        raise StartRefused(2) from error
    language = options.language or preferences.language(conn)
    on_language(language)
    if language != first_language:
        languages.apply(language)
    factory = default_client_factory(options.ca_bundle)
    credentials = launch.connect_server(conn, factory, language)
    # Records and payment-code checks use the PC's clock corrected by the server's: a
    # PC a day off still judges a 3-minute code right (the status bar tells to fix it).
    clock = corrected_clock(conn, system_clock)
    sync = start_sync(db_path, credentials, factory, system_clock, server_clock=clock)
    shop = shop_services(conn, clock.now, on_recorded=sync.worker.wake)
    launch.prepare(shop)
    training = launch.training()
    service = checkout_service(
        conn,
        clock.now,
        training=training is not None,
        is_online=sync.worker.is_online,
        on_recorded=sync.worker.wake,
    )
    return Session(
        conn,
        service,
        languages,
        language,
        clock=clock.now,
        shop=shop,
        sync=sync,
        camera=CameraControl(conn, app),
        sounds=ScanSounds(app),
        training=training,
    )
