"""The counter's controller (what lives for the whole run) and ``run_gui``, the app's start:
options -> :func:`~pos_app.ui.session.build_session` -> controller and window -> event loop."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from importlib import resources

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from pos_app.config import database_path
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.records import AppliedResults
from pos_app.domain.staff import Action
from pos_app.logging_setup import setup_logging
from pos_app.scanning.decoders import available_decoders
from pos_app.scanning.wedge import KeyboardWedgeFilter
from pos_app.services import preferences
from pos_app.services.app_updates import AppUpdates
from pos_app.services.backups import DAY_CLOSE, StartupProblem
from pos_app.support.app_mutex import hold_app_mutex
from pos_app.sync.worker import SyncStatus
from pos_app.ui.checkout.merchant_qr_dialog import MerchantQrHooks
from pos_app.ui.checkout.merchant_qr_remote import MerchantQrRemote
from pos_app.ui.customer_display.control import DisplayControl
from pos_app.ui.customer_display.presenter import CustomerDisplayPresenter
from pos_app.ui.demo_phone import CustomerPhoneWindow
from pos_app.ui.dialogs.camera_settings_dialog import CameraSettingsDialog
from pos_app.ui.dialogs.enrolment_dialog import EnrolmentDialog
from pos_app.ui.dialogs.scale_settings_dialog import ScaleSettingsDialog
from pos_app.ui.end_session import EndSession
from pos_app.ui.error_hook import ExceptionHook
from pos_app.ui.main_window import MainWindow
from pos_app.ui.maintenance.backup_runner import BackupRunner
from pos_app.ui.maintenance.damaged_file import tell_damaged_while_open
from pos_app.ui.scan_routing import route_scan_to_dialog
from pos_app.ui.session import (
    APP_TITLE,
    Launch,
    LaunchOptions,
    Session,
    ShopLaunch,
    StartRefused,
    build_session,
)
from pos_app.ui.shop_pages import ShopPages
from pos_app.ui.single_instance import SingleInstance
from pos_app.ui.staff.sign_in import SignInDialog
from pos_app.ui.stop_signals import StopOnSignals
from pos_app.ui.theme import apply_theme
from pos_app.ui.training import TRAINING_NOTE, TrainingCounter, TrainingLaunch

__all__ = ["LaunchOptions", "PosController", "run_gui"]

log = logging.getLogger(__name__)

DISPLAY_NOTICES = 5  # notices in the customer display's idle slides

#: How often the controller asks the checkout service to settle payments whose wait for the
#: server's answer is over. The due times are the service's (on its clock); this is only
#: how soon after one is due the counter hears of it.
DEADLINE_TICK_MS = 100


class PosController(QObject):
    """Holds what lives for the whole session and rebuilds the window on a language change."""

    def __init__(self, app: QApplication, session: Session) -> None:
        super().__init__(app)
        self.session = session
        shop, sounds = session.shop, session.sounds
        self.shop_pages = (
            ShopPages(shop, sounds, self, is_online=session.service.is_online)
            if shop is not None
            else None
        )
        self._app = app
        self._conn = session.conn
        self.service = service = session.service
        self.language = session.language
        self._clock = session.clock
        self.sync = sync = session.sync
        self._auth_prompted = False
        self._enrolment_form: EnrolmentDialog | None = None  # the one open, if any
        self._enrol_after_sign_in_pending = False  # a 401 came while the PIN sign-in showed
        self.languages = session.languages
        self.languages.apply(self.language)
        self.scanner = KeyboardWedgeFilter(app, clock=session.scan_clock)
        app.installEventFilter(self.scanner)
        # Queued: a scan may open a dialog, which must not run inside key handling.
        self.scanner.scanned.connect(self._on_scanned, Qt.ConnectionType.QueuedConnection)
        # The camera is a second scanner on the same path; it is optional in every sense.
        self.camera = camera = session.camera
        self.sounds = sounds
        if camera is not None:
            camera.scanned.connect(self._on_camera_scanned)
            camera.problem.connect(self._on_camera_problem)
        self._running = True
        if sync is not None:
            sync.bridge.status_changed.connect(self._on_sync_status)
            sync.bridge.results_applied.connect(self._on_results)
            sync.bridge.changes_applied.connect(self._on_changes)
        self.merchant_qr = (
            MerchantQrRemote.beside(
                self._conn, service.sale, sync.credentials, sync.client_factory, sync.worker.wake
            )
            if sync is not None
            else None
        )
        self.display = DisplayControl(
            self._conn,
            CustomerDisplayPresenter(service.sale, service.payment, self._display_notices, self),
            self._clock,
            self,
        )
        self.backups: BackupRunner | None = None
        self.damaged_box: QMessageBox | None = None  # the full check's finding, while shown
        #: Ends the program (the event loop; the clean-up after it runs as on any exit).
        self.close_program: Callable[[], None] = app.quit
        self.updates = AppUpdates(self._conn)  # the city's published versions vs this one
        self.training = (
            TrainingCounter(self, session.training) if session.training is not None else None
        )
        self.window = self._build_window()
        self.display.problem.connect(lambda error: self.window.screen_checkout.show_notice(error))
        # Owned by the controller, which outlives every window (F11 rebuilds it): a payment's
        # wait cannot be lost with a window. The first check settles what a POS stopped
        # inside a wait left undecided.
        self._deadline_tick = QTimer(self)
        self._deadline_tick.setInterval(DEADLINE_TICK_MS)
        self._deadline_tick.timeout.connect(self.check_deadlines)
        self._deadline_tick.start()
        self.check_deadlines()

    @property
    def phone(self) -> CustomerPhoneWindow | None:
        """Training's customer phone beside the till (None at a shop's till)."""
        return self.training.phone if self.training is not None else None

    def _build_window(self) -> MainWindow:
        pages = self.shop_pages.pages(self.language) if self.shop_pages is not None else []
        window = MainWindow(
            self.service,
            language=self.language,
            demo=self.training is not None,
            demo_note=TRAINING_NOTE if self.training is not None else "",
            camera=self.camera,
            sounds=self.sounds,
            pages=pages,
            favourites=self.shop_pages.shop.catalog.favourites if self.shop_pages else None,
            merchant_qr=MerchantQrHooks(
                self.display.presenter, self.sync.bridge if self.sync else None, self.merchant_qr
            ),
            updates=self.updates,
        )
        if self.shop_pages is not None:
            self.shop_pages.attach(window)
        window.language_toggle_requested.connect(self.toggle_language)
        window.enrol_requested.connect(self.enrol_again)
        window.camera_preview_toggle_requested.connect(self.toggle_camera_preview)
        window.settings_requested.connect(self.open_settings)
        self.display.presenter.attach(window.screen_checkout)
        if self.training is not None:
            window.screen_checkout.payment_shown.connect(self.training.tell_phone)
            window.screen_checkout.payment_updated.connect(self.training.tell_phone)
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
        runner.damaged.connect(self._on_file_damaged)
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

    def _on_file_damaged(self, problem: StartupProblem) -> None:
        """The full check after start found damage: told as at start, with the backup."""
        if self._running:
            self.damaged_box = tell_damaged_while_open(
                problem, self.language, self.window, self.close_program
            )

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

    def _owner_signed_in(self) -> bool:
        """The discount threshold is the owner's to set (a till without staff: its owner's)."""
        if self.shop_pages is None:
            return True
        return self.shop_pages.shop.staff.may(Action.STAFF)

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
            scale_settings=self.open_scale_settings,
            open_amount_tax=preferences.open_amount_tax(self._conn),
            cash_receipt_mandatory=preferences.cash_receipt_mandatory(self._conn),
            discount_threshold=preferences.discount_threshold(self._conn),
            threshold_editable=self._owner_signed_in(),
            parent=self.window,
        )
        if not dialog.exec():
            return
        preferences.set_open_amount_tax(self._conn, dialog.chosen_open_amount_tax())
        self.window.screen_checkout.reset_amount_tax()
        preferences.set_cash_receipt_mandatory(self._conn, dialog.chosen_cash_receipt_mandatory())
        if self._owner_signed_in():
            preferences.set_discount_threshold(self._conn, dialog.chosen_discount_threshold())
        preferences.set_camera(self._conn, dialog.chosen_camera(), dialog.chosen_decoder())
        preferences.set_camera_preview_visible(self._conn, dialog.preview_visible())
        self.window.screen_checkout.set_camera_preview_visible(dialog.preview_visible())
        if self.camera is not None:
            self.camera.apply_settings()

    def open_scale_settings(self) -> None:
        """The label-scale layout (from F12 Settings): the shop's, kept in its file."""
        dialog = ScaleSettingsDialog(
            preferences.scale_format(self._conn),
            lambda chosen: preferences.set_scale_format(self._conn, chosen),
            self.language,
            self.window,
        )
        dialog.exec()
        dialog.deleteLater()

    def _on_results(self, applied: AppliedResults) -> None:
        if self._running:
            self.window.show_results(applied)
            self.display.presenter.payments_answered(applied.payment_ids)
            if self.shop_pages is not None:
                self.shop_pages.on_results(applied.payment_ids)

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
        pages = self.shop_pages
        if pages is not None and pages.signing_in:
            # The PIN sign-in has the keyboard: a form opened over it would take the
            # cashier's PIN as an enrolment code. It opens once someone has signed in.
            if not self._enrol_after_sign_in_pending:
                self._enrol_after_sign_in_pending = True
                pages.signed_in.connect(self._enrol_after_sign_in)
            return
        if self._enrolment_form is not None:
            # One form at a time (F7 pressed, then the server's 401 arrives): the open one
            # comes forward and says what is now known (revoked), never a second on top.
            self._enrolment_form.refresh_intro()
            self._enrolment_form.raise_()
            self._enrolment_form.activateWindow()
            return
        dialog = EnrolmentDialog(
            self._conn,
            self.sync.credentials,
            self.sync.client_factory,
            self._clock,
            self.language,
            self.window,
        )
        self._enrolment_form = dialog
        try:
            accepted = dialog.exec()
        finally:
            self._enrolment_form = None
        if accepted:
            self._auth_prompted = False
            self.sync.worker.reauthorised()
            self.window.refresh_merchant()
            self.window.update_status()  # the revocation's words go from the checkout

    def _enrol_after_sign_in(self) -> None:
        if self.shop_pages is not None:
            self.shop_pages.signed_in.disconnect(self._enrol_after_sign_in)
        self._enrol_after_sign_in_pending = False
        QTimer.singleShot(0, self.enrol_again)

    def scan_target(self) -> QWidget:
        return self.window.focusWidget() or self.window

    def show(self) -> None:
        # Maximised: the counter is the PC's one job. The size below is only what
        # "restore" goes back to; the layouts fit 1024x768 (docs/decisions.md).
        self.window.resize(1024, 690)
        self.window.showMaximized()
        if self.camera is not None:
            self.camera.start()
        if self.training is not None:
            self.training.show()
        else:
            self.display.apply(at_start=True, training=False)
        self.window.activateWindow()

    def bring_to_front(self) -> None:
        """Someone started the app again on this file: this window comes forward (the lock
        screen, or whatever dialog is open, above it) and says why."""
        window = self.window
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
        window.show()
        window.raise_()
        window.activateWindow()
        notice = UserFacingError(ErrorKey.INSTANCE_SECOND_START)
        window.screen_checkout.show_notice(notice)  # still there once the dialog is gone
        modal = QApplication.activeModalWidget()
        if modal is not None:
            modal.raise_()
            modal.activateWindow()
            # The lock screen covers the counter's message line: say it on the dialog too.
            if isinstance(modal, SignInDialog):
                modal.show_notice(notice)
        log.info("started again on this data file: this window was brought to the front")

    def keep_sale(self) -> None:
        """The app is closing: the sale in progress goes aside in the file for the next start."""
        try:
            self.service.sale.keep()
        except UserFacingError as error:  # a full disk, say: the close goes on
            log.error("the sale in progress could not be kept: %s", error)

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
        if self.training is not None:
            self.training.rebuilt()
        self.window.activateWindow()

    def shutdown(self) -> None:
        self._running = False
        self.keep_sale()
        self._deadline_tick.stop()
        self.display.close()
        if self.camera is not None:
            self.camera.close()
        if self.merchant_qr is not None:
            self.merchant_qr.close()
        if self.sync is not None:
            self.sync.worker.stop()
        if self.shop_pages is not None:
            self.shop_pages.shutdown()  # lets a receipt being printed finish
        if self.backups is not None:
            self.backups.stop()


def _application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_TITLE)
    icon = resources.files("pos_app.resources.icons").joinpath("cjpay-pos-256.png")
    app.setWindowIcon(QIcon(str(icon)))
    apply_theme(app)
    return app


def _second_start(instance: SingleInstance, language: str) -> int:
    """Another app holds this data file: it comes to the front and says so; this one ends."""
    pid = instance.holder_pid()
    if instance.tell_first():
        log.info("started again on a file the app (PID %s) holds: it was brought forward", pid)
        return 0
    # It holds the lock but did not answer (busy, or hung): say where it is, start nothing.
    error = UserFacingError(ErrorKey.INSTANCE_RUNNING, pid=pid or "?")
    log.warning("started again on a file the app (PID %s) holds; it did not answer", pid)
    QMessageBox.warning(None, APP_TITLE, error.display(language))
    return 3


def run_gui(options: LaunchOptions) -> int:
    app = _application()
    # SIGTERM/SIGINT quit the event loop, so the clean-up below runs (the demo's folder).
    stop = StopOnSignals(app)
    setup_logging(options.data_dir)
    hook = ExceptionHook(options.language or "ko")
    hook.install()
    hold_app_mutex()  # Windows installers wait for it (AppMutex)
    instance: SingleInstance | None = None
    if not options.demo:  # training runs on a fresh folder of its own each time
        instance = SingleInstance(database_path(options.data_dir, demo=False), app)
        if not instance.claim():
            stop.remove()
            return _second_start(instance, options.language or "ko")
    launch: Launch = TrainingLaunch() if options.demo else ShopLaunch()
    controller: PosController | None = None
    ending: EndSession | None = None
    try:
        session = build_session(app, options, launch, on_language=hook.set_language)
        controller = PosController(app, session)
        ending = EndSession(app, controller.keep_sale)
        if instance is not None:
            instance.second_start.connect(controller.bring_to_front)
        controller.show()
        launch.started(controller)
        if stop.requested or ending.ending:
            return 0  # asked to stop while starting up (at the first sign-in, say)
        return app.exec()
    except StartRefused as refused:
        return refused.exit_code
    finally:
        if ending is not None:
            ending.remove()
        if controller is not None:
            controller.shutdown()
        launch.close()
        stop.remove()
        if instance is not None:
            instance.release()
