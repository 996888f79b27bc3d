"""Start-up and wiring: open the file, pick the language, enrol, start sync, build the window."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QIcon, QImage, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pos_app.config import database_path
from pos_app.domain.clock import Clock, system_clock, unix_seconds
from pos_app.domain.errors import UserFacingError
from pos_app.domain.listings import ListingState
from pos_app.domain.records import AppliedResults, PaymentRecord
from pos_app.domain.server_clock import ServerClock
from pos_app.logging_setup import setup_logging
from pos_app.scanning.decoders import available_decoders
from pos_app.scanning.wedge import KeyboardWedgeFilter
from pos_app.services import preferences
from pos_app.services.backups import DAY_CLOSE, BackupService
from pos_app.services.checkout import CheckoutService, open_checkout
from pos_app.services.demo import (
    DEMO_DEVICE_LABEL,
    DEMO_MANAGER_PIN,
    mint_demo_code,
    seed_demo,
    seed_demo_stock,
)
from pos_app.services.demo_server import DemoServer, start_demo_server
from pos_app.services.demo_shop import DemoShop
from pos_app.services.enrolment import corrected_clock, current_enrolment, enrol_device
from pos_app.services.merchant_qr import MerchantQrService
from pos_app.services.shop import ShopServices, make_shop_services
from pos_app.services.training_checkout import TrainingMerchantSettings
from pos_app.store.database import connect
from pos_app.sync.credentials import (
    CredentialStore,
    KeyringCredentialStore,
    MemoryCredentialStore,
)
from pos_app.sync.engine import ClientFactory, SyncEngine, default_client_factory
from pos_app.sync.worker import SyncStatus, SyncWorker
from pos_app.ui.camera_control import CameraControl
from pos_app.ui.checkout.merchant_qr_dialog import MerchantQrHooks
from pos_app.ui.customer_display.control import DisplayControl
from pos_app.ui.customer_display.model import Mode
from pos_app.ui.customer_display.presenter import CustomerDisplayPresenter
from pos_app.ui.demo_phone import CustomerPhoneWindow, MerchantQrPhone
from pos_app.ui.demo_shop_tab import DemoShopTab
from pos_app.ui.dialogs.camera_settings_dialog import CameraSettingsDialog
from pos_app.ui.dialogs.enrolment_dialog import EnrolmentDialog
from pos_app.ui.error_hook import ExceptionHook
from pos_app.ui.main_window import MainWindow
from pos_app.ui.maintenance.backup_runner import BackupRunner
from pos_app.ui.maintenance.damaged_file import offer_restore
from pos_app.ui.scan_routing import route_scan_to_dialog
from pos_app.ui.shop_pages import ShopPages
from pos_app.ui.sounds import ScanSounds
from pos_app.ui.stop_signals import StopOnSignals
from pos_app.ui.sync_bridge import SyncBridge
from pos_app.ui.theme import apply_theme
from pos_app.ui.translations import LanguageSwitcher

log = logging.getLogger(__name__)

DISPLAY_NOTICES = 5  # notices in the customer display's idle slides

APP_TITLE = "청주페이 POS"

DEMO_OPENING_FLOAT = 100_000  # won in the training drawer when the demo starts

#: How often the controller asks the checkout service to settle payments whose wait for the
#: server's answer is over. The due times are the service's (on its clock); this is only
#: how soon after one is due the counter hears of it.
DEADLINE_TICK_MS = 100


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
        sync: SyncParts | None = None,
        mint_code: Callable[[], str] | None = None,
        camera: CameraControl | None = None,
        sounds: ScanSounds | None = None,
        shop: ShopServices | None = None,
        demo_shop: DemoShop | None = None,
        scan_clock: Callable[[], float] | None = None,  # the wedge's (tests inject one)
    ) -> None:
        super().__init__(app)
        self.shop_pages = ShopPages(shop, sounds, self) if shop is not None else None
        self._demo_shop = demo_shop
        self._app = app
        self._conn = conn
        self.service = service
        self.language = language
        self.demo = demo
        self._clock = clock
        self.sync = sync
        self._mint_code = mint_code or (lambda: mint_demo_code(unix_seconds(clock())))
        self._auth_prompted = False
        self.languages = languages
        languages.apply(language)
        self.scanner = (
            KeyboardWedgeFilter(app, clock=scan_clock) if scan_clock else KeyboardWedgeFilter(app)
        )
        app.installEventFilter(self.scanner)
        # Queued: a scan may open a dialog, which must not run inside key handling.
        self.scanner.scanned.connect(self._on_scanned, Qt.ConnectionType.QueuedConnection)
        # The camera is a second scanner on the same path; it is optional in every sense.
        self.camera = camera
        self.sounds = sounds
        if camera is not None:
            camera.scanned.connect(self._on_camera_scanned)
            camera.problem.connect(self._on_camera_problem)
        self._running = True
        if sync is not None:
            sync.bridge.status_changed.connect(self._on_sync_status)
            sync.bridge.results_applied.connect(self._on_results)
            sync.bridge.changes_applied.connect(self._on_changes)
        # Pay by merchant QR needs the server: this device's token and an HTTP client.
        self.merchant_qr = (
            MerchantQrService(
                conn,
                service.sale,
                sync.credentials,
                sync.client_factory,
                on_recorded=sync.worker.wake,
            )
            if sync is not None
            else None
        )
        presenter = CustomerDisplayPresenter(
            service.sale, service.payment, self._display_notices, self
        )
        self.display = DisplayControl(conn, presenter, clock, self)
        self.backups: BackupRunner | None = None
        self.window = self._build_window()
        self.display.problem.connect(lambda error: self.window.screen_checkout.show_notice(error))
        self.phone: CustomerPhoneWindow | None = None
        # Owned by the controller, which outlives every window (F11 rebuilds it): a payment's
        # wait cannot be lost with a window. The first check settles what a POS stopped
        # inside a wait left undecided.
        self._deadline_tick = QTimer(self)
        self._deadline_tick.setInterval(DEADLINE_TICK_MS)
        self._deadline_tick.timeout.connect(self.check_deadlines)
        self._deadline_tick.start()
        self.check_deadlines()

    def _build_window(self) -> MainWindow:
        pages = self.shop_pages.pages(self.language) if self.shop_pages is not None else []
        window = MainWindow(
            self.service,
            language=self.language,
            demo=self.demo,
            demo_note=DEMO_MANAGER_PIN if self.demo else "",
            camera=self.camera,
            sounds=self.sounds,
            pages=pages,
            favourites=self.shop_pages.shop.catalog.favourites if self.shop_pages else None,
            merchant_qr_service=self.merchant_qr,
        )
        if self.shop_pages is not None:
            self.shop_pages.attach(window)
        window.language_toggle_requested.connect(self.toggle_language)
        window.enrol_requested.connect(self.enrol_again)
        window.camera_preview_toggle_requested.connect(self.toggle_camera_preview)
        window.settings_requested.connect(self.open_settings)
        self.display.presenter.attach(window.screen_checkout)
        window.screen_checkout.payment_shown.connect(self._tell_phone)
        window.screen_checkout.payment_updated.connect(self._tell_phone)
        window.merchant_qr = MerchantQrHooks(
            self.display.presenter, self.sync.bridge if self.sync else None
        )
        toggle_display = QAction(window)
        toggle_display.setShortcut(QKeySequence("Ctrl+Shift+D"))
        toggle_display.triggered.connect(self.display.toggle)
        window.addAction(toggle_display)
        window.screen_checkout.set_camera_preview_visible(
            preferences.camera_preview_visible(self._conn)
        )
        if self.sync is not None:
            window.show_sync_status(self.sync.worker.status)
        self._backup_after_close(window)
        return window

    def attach_backups(self, runner: BackupRunner) -> None:
        """Daily backups, one after each day close, and E906 shown if one fails."""
        self.backups = runner
        runner.failed.connect(self._on_backup_failed)
        self._backup_after_close(self.window)
        runner.start()

    def _backup_after_close(self, window: MainWindow) -> None:
        screen = self.shop_pages.day_close_screen if self.shop_pages is not None else None
        if self.backups is not None and screen is not None:
            runner = self.backups
            screen.day_closed.connect(lambda _day_id: runner.run(DAY_CLOSE))

    def _on_backup_failed(self, error: UserFacingError) -> None:
        if self._running:
            self.window.screen_checkout.show_notice(error)

    def check_deadlines(self) -> None:
        """Settle the payments whose wait for the server's answer is over; show each."""
        if not self._running:
            return
        try:
            settled = self.service.check_deadlines()
        except UserFacingError as error:  # the disk, say: shown, tried again at the next start
            self.window.screen_checkout.show_error(error)
            return
        for one in settled:
            self.window.screen_checkout.show_wait_outcome(one)
        if settled:
            self.window.update_status()

    def _on_scanned(self, text: str) -> bool:
        # A scan behind an open dialog (void, quantity) would change the sale the dialog
        # is about: the dialog's focused text field takes it as its text, or it is refused
        # in the dialog (ui/scan_routing.py).
        modal = QApplication.activeModalWidget()
        if modal is not None:
            return route_scan_to_dialog(modal, text, self.language)
        return self.window.on_scanned(text)

    def _display_notices(self) -> list[tuple[str, str]]:
        if self.shop_pages is None:
            return []
        notices = self.shop_pages.shop.notices.for_display(DISPLAY_NOTICES)
        return [(notice.title, notice.body) for notice in notices]

    def _on_camera_scanned(self, text: str) -> None:
        if not self._running:
            return
        accepted = self._on_scanned(text)
        # A webcam cannot beep like a hand-held scanner: the app does it (errors beep anyway).
        if accepted and self.sounds is not None:
            self.sounds.success()
        pane = self.window.screen_checkout.camera_pane
        if pane is not None:
            pane.flash(accepted)

    def _on_camera_problem(self, error: UserFacingError) -> None:
        if self._running:
            self.window.screen_checkout.show_notice(error)

    def toggle_camera_preview(self) -> None:
        visible = not preferences.camera_preview_visible(self._conn)
        preferences.set_camera_preview_visible(self._conn, visible)
        self.window.screen_checkout.set_camera_preview_visible(visible)

    def open_settings(self) -> None:
        printer_settings = None
        if self.shop_pages is not None:
            printing = self.shop_pages.printing

            def printer_settings() -> None:
                printing.open_settings(self.service.settings.merchant, self.language, self.window)

        dialog = CameraSettingsDialog(
            self.camera.cameras() if self.camera is not None else [],
            available_decoders(),
            camera_id=preferences.camera(self._conn),
            decoder=preferences.decoder(self._conn),
            preview_visible=preferences.camera_preview_visible(self._conn),
            printer_settings=printer_settings,
            display_settings=lambda: self.display.open_settings(self.window),
            parent=self.window,
        )
        if not dialog.exec():
            return
        preferences.set_camera(self._conn, dialog.chosen_camera(), dialog.chosen_decoder())
        preferences.set_camera_preview_visible(self._conn, dialog.preview_visible())
        self.window.screen_checkout.set_camera_preview_visible(dialog.preview_visible())
        if self.camera is not None:
            self.camera.apply_settings()

    def _on_results(self, applied: AppliedResults) -> None:
        if self._running:
            self.window.show_results(applied)
            self.display.presenter.payments_answered(applied.payment_ids)

    def _on_changes(self, kinds: set[str]) -> None:
        if self._running:
            self.window.refresh_merchant()
            self.display.presenter.merchant_changed()  # status and notices, on the display too
            if self.shop_pages is not None:
                self.shop_pages.on_changes(kinds)

    def _on_sync_status(self, status: SyncStatus) -> None:
        # Reports the stopping worker queued may arrive after shutdown: ignore them.
        if not self._running:
            return
        self.window.show_sync_status(status)
        if status.auth_required and not self._auth_prompted:
            # A 401: lead back to enrolment (once per occurrence), nothing pending is lost.
            self._auth_prompted = True
            QTimer.singleShot(0, self.enrol_again)

    def enrol_again(self) -> None:
        if self.sync is None:
            return
        dialog = EnrolmentDialog(
            self._conn,
            self.sync.credentials,
            self.sync.client_factory,
            self._clock,
            self.language,
            self.window,
        )
        if dialog.exec():
            self._auth_prompted = False
            self.sync.worker.reauthorised()
            self.window.refresh_merchant()

    def scan_target(self) -> QWidget:
        return self.window.focusWidget() or self.window

    def show(self) -> None:
        # Maximised: the counter is the PC's one job. The size below is only what
        # "restore" goes back to; the layouts fit 1024x768 (docs/decisions.md).
        self.window.resize(1024, 690)
        self.window.showMaximized()
        if self.camera is not None:
            self.camera.start()
        if self.demo and not preferences.display_enabled(self._conn):
            # Training shows the customer's side too (throw-away preferences).
            preferences.set_display(self._conn, True, None)
        self.display.apply(at_start=True, training=self.demo)
        if self.demo:
            self.phone = self._make_phone()
            self.phone.resize(380, 620)
            self.phone.move(self._phone_position())
            self.phone.show()
            self.phone.move(self._phone_position())  # again, now its frame is known
        self.window.activateWindow()

    def _phone_position(self) -> QPoint:
        """Beside the till if the screen has room, else on the screen's left edge, low
        (over the sale's lines, clear of the total and of the customer display in the
        right corner): beside a maximised window it was off a one-screen PC, and a
        trainee never saw the phone."""
        frame = self.window.frameGeometry()
        screen = self.window.screen() or QApplication.primaryScreen()
        area = screen.availableGeometry()
        size = self.phone.frameGeometry().size() if self.phone is not None else QSize()
        beside = QPoint(frame.right() + 12, frame.top())
        if beside.x() + size.width() <= area.right() + 1:
            return beside
        return QPoint(area.left(), max(area.top(), area.bottom() + 1 - size.height()))

    def _make_phone(self) -> CustomerPhoneWindow:
        shop_tab = None
        if self._demo_shop is not None and self.shop_pages is not None:
            listings = self.shop_pages.shop.listings

            def submitted() -> list[str]:
                return [
                    listing.listing_id
                    for listing in listings.listings()
                    if listing.status is ListingState.SUBMITTED
                ]

            shop_tab = DemoShopTab(self._demo_shop, submitted)
        merchant_qr = None
        if self._demo_shop is not None:
            merchant_qr = MerchantQrPhone(self._display_qr_image, self._demo_shop.pay_merchant_qr)
        return CustomerPhoneWindow(
            self._clock,
            self.scan_target,
            self._mint_code,
            shop_tab=shop_tab,
            merchant_qr=merchant_qr,
            language=self.language,
            # With the demo server down the phone makes codes itself (training key).
            mint_offline=lambda: mint_demo_code(unix_seconds(self._clock())),
        )

    def _tell_phone(self, payment: PaymentRecord) -> None:
        """The demo phone's "paid" line follows a void or refund of the payment it made."""
        if self.phone is not None:
            self.phone.payment_shown(payment)

    def _display_qr_image(self) -> QImage | None:
        """What the demo phone's camera sees: the merchant QR on the customer display."""
        window = self.display.window
        if window is None or not window.isVisible() or self.display.presenter.state.mode != Mode.QR:
            return None
        return window.qr.grab().toImage()

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
            self.phone = self._make_phone()
            self.phone.setGeometry(geometry)
            self.phone.show()
        self.window.activateWindow()

    def shutdown(self) -> None:
        self._running = False
        self._deadline_tick.stop()
        self.display.close()
        if self.camera is not None:
            self.camera.close()
        if self.sync is not None:
            self.sync.worker.stop()
        if self.shop_pages is not None:
            self.shop_pages.shutdown()  # lets a receipt being printed finish
        if self.backups is not None:
            self.backups.stop()


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


def _demo_backend(
    conn: sqlite3.Connection, temp: Path, factory: ClientFactory, creds: CredentialStore
) -> tuple[DemoServer | None, Callable[[], str] | None, DemoShop | None]:
    """Start the demo's local server and enrol against it; (None, None) if it fails."""
    try:
        server = start_demo_server(temp)
        enrol_device(
            conn,
            creds,
            factory,
            system_clock,
            server_url=server.url,
            merchant_id=server.seed["merchant_id"],
            enrolment_code=server.seed["enrolment_code"],
            device_name=DEMO_DEVICE_LABEL,
        )
    except Exception as error:
        log.warning("demo server unavailable, running the demo offline: %r", error)
        return None, None, None
    shop = DemoShop(server.url, str(server.seed["wallet_ids"][0]))
    return server, shop.mint_code, shop


def run_gui(options: LaunchOptions) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_TITLE)
    icon = resources.files("pos_app.resources.icons").joinpath("cjpay-pos-256.png")
    app.setWindowIcon(QIcon(str(icon)))
    apply_theme(app)
    # SIGTERM/SIGINT quit the event loop, so the clean-up below runs (the demo's folder).
    stop = StopOnSignals(app)
    temp: Path | None = None
    data_dir = options.data_dir
    if options.demo:
        # Training runs on throw-away data and a throw-away local server.
        temp = Path(tempfile.mkdtemp(prefix="cjpay-pos-demo-"))
        data_dir = temp
    setup_logging(options.data_dir)
    hook = ExceptionHook(options.language or "ko")
    hook.install()
    db_path = database_path(data_dir, demo=False)
    server: DemoServer | None = None
    controller: PosController | None = None
    # Training data is thrown away on exit: only a shop's real file is backed up.
    backups = None if options.demo else BackupService(db_path, system_clock)
    if backups is not None:
        problem = backups.startup_problem()
        if problem is not None:
            log.error("data file refused at start: %s", problem.check)
            if not offer_restore(problem, backups, options.language or "ko"):
                return 2
        try:
            backups.before_upgrade()  # an older version's file: keep a copy, then migrate
        except UserFacingError as error:
            QMessageBox.critical(None, APP_TITLE, error.display(options.language or "ko"))
            return 2
    try:
        try:
            conn = connect(db_path)
            if options.demo:
                seed_demo(conn, system_clock)
        except UserFacingError as error:
            QMessageBox.critical(None, APP_TITLE, error.display(options.language or "ko"))
            return 2
        language = options.language or preferences.language(conn)
        hook.language = language
        languages = LanguageSwitcher(app)
        languages.apply(language)
        factory = default_client_factory(options.ca_bundle)
        credentials: CredentialStore
        mint_code: Callable[[], str] | None = None
        demo_shop: DemoShop | None = None
        if options.demo:
            credentials = MemoryCredentialStore()
            server, mint_code, demo_shop = _demo_backend(
                conn, temp or data_dir, factory, credentials
            )
        else:
            credentials = KeyringCredentialStore()
            if current_enrolment(conn) is None:
                dialog = EnrolmentDialog(conn, credentials, factory, system_clock, language)
                if not dialog.exec():
                    return 1
        # Records and payment-code checks use the PC's clock corrected by the server's: a
        # PC a day off still judges a 3-minute code right (the status bar tells to fix it).
        clock = corrected_clock(conn, system_clock)
        sync = start_sync(db_path, credentials, factory, system_clock, server_clock=clock)
        shop = make_shop_services(conn, clock.now, on_recorded=sync.worker.wake)
        shop.staff.ensure_owner()  # the shop's manager PIN is its owner (journalled once)
        if options.demo:
            products = [p.product_id for p in shop.catalog.search("", None)]
            # Training starts signed in as the owner (PIN on the banner); Ctrl+L switches.
            shop.staff.sign_in(DEMO_MANAGER_PIN)
            seed_demo_stock(shop.stock.receive, products)
            # Training starts ready to sell, like a shop after its morning count; the
            # question at the first sale comes after a practice close.
            if shop.day_close.current_day() is None:
                shop.day_close.open_day(DEMO_OPENING_FLOAT)
        # Training also trusts the demo issuer key: its phone mints codes itself offline.
        service = open_checkout(
            conn,
            clock.now,
            settings=TrainingMerchantSettings(conn) if options.demo else None,
            is_online=sync.worker.is_online,
            on_recorded=sync.worker.wake,
        )
        controller = PosController(
            app,
            service,
            conn=conn,
            languages=languages,
            language=language,
            demo=options.demo,
            clock=clock.now,
            sync=sync,
            mint_code=mint_code,
            camera=CameraControl(conn, app),
            sounds=ScanSounds(app),
            shop=shop,
            demo_shop=demo_shop,
        )
        controller.show()
        if backups is not None:
            controller.attach_backups(BackupRunner(backups, controller))
        if not options.demo and controller.shop_pages is not None:
            controller.shop_pages.sign_in()  # who is at the till, before the first sale
        if stop.requested:
            return 0  # asked to stop while starting up
        return app.exec()
    finally:
        if controller is not None:
            controller.shutdown()
        if server is not None:
            server.stop()
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
        stop.remove()
