"""The webcam at the counter: frames into the capture path, scans out at the checkout.

Frames go in where a camera's would: ``QVideoSink.setVideoFrame(QVideoFrame(QImage))`` on the
app's own sink, about 30 times a second from a timer, until the condition under test holds.
Everything after the sink is real: the decoder thread, the two-reads rule, the checkout,
SQLite. Only the camera hardware and the loudspeaker are stood in for.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.domain.clock import unix_seconds
from pos_app.scanning import decoders
from pos_app.scanning.decoders import DecoderUnavailable, available_decoders
from pos_app.services import preferences
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import mint_demo_code, seed_demo
from pos_app.store.database import connect
from pos_app.ui.app import PosController
from pos_app.ui.camera_control import CameraControl, CameraState
from pos_app.ui.session import Session
from pos_app.ui.sounds import ScanSounds
from pos_app.ui.translations import LanguageSwitcher
from tests.scanning.drawing import camera_image, ean_frame, qr_frame
from tests.ui.wedge_clock import WedgeClock

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
MILK = "8808123000134"  # 2,980원 in the demo catalogue
FRAME_MS = 33  # ~30 frames a second, like a webcam


def clock() -> datetime:
    return NOW


class CountingSounds(ScanSounds):
    """The loudspeaker is the edge: count what would have played."""

    def __init__(self) -> None:
        super().__init__()
        self.played: list[str] = []

    def success(self) -> None:
        self.played.append("ok")

    def error(self) -> None:
        self.played.append("error")

    def new_order(self) -> None:
        self.played.append("order")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "pos.sqlite3"


@pytest.fixture
def make_counter(qtbot, db_path) -> Iterator[Callable[..., PosController]]:
    made: list[tuple[PosController, sqlite3.Connection]] = []

    def make(decoder: str = "zxing", problems: list[str] | None = None) -> PosController:
        conn = connect(db_path)
        seed_demo(conn, clock)
        preferences.set_camera(conn, preferences.CAMERA_DEFAULT, decoder)
        app = QApplication.instance()
        camera = CameraControl(conn, app)
        if problems is not None:
            camera.problem.connect(lambda error: problems.append(error.code))
        pos = PosController(
            app,
            Session(
                conn=conn,
                service=open_checkout(conn, clock),
                languages=LanguageSwitcher(app),
                language="ko",
                clock=clock,
                camera=camera,
                sounds=CountingSounds(),
                scan_clock=WedgeClock(),
            ),
        )
        pos.show()
        qtbot.waitUntil(pos.window.isActiveWindow)  # function keys are window shortcuts
        made.append((pos, conn))
        return pos

    yield make
    for pos, conn in made:
        pos.shutdown()
        QApplication.instance().removeEventFilter(pos.scanner)
        pos.window.close()
        pos.window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        pos.languages.apply("en")
        conn.close()


@pytest.fixture
def no_camera_hardware(monkeypatch):
    """This machine may or may not have a webcam; the tests must not depend on it."""
    from pos_app.scanning import camera

    monkeypatch.setattr(camera, "find_camera", lambda camera_id: None)


def film(qtbot, pos: PosController, image: QImage, until: Callable[[], bool]) -> None:
    """Show ``image`` to the 'camera' at 30 fps until ``until()`` holds (10 s at most)."""
    sink = pos.camera.sink
    assert sink is not None
    timer = QTimer()
    timer.setInterval(FRAME_MS)
    # A new frame each tick, as from a camera (the sink ignores the same frame set twice).
    timer.timeout.connect(lambda: sink.setVideoFrame(QVideoFrame(image)))
    timer.start()
    try:
        qtbot.waitUntil(until, timeout=10_000)
    finally:
        timer.stop()


def payments(db_path) -> list[tuple[int, str]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT total, status FROM payments ORDER BY seq").fetchall()
    finally:
        conn.close()


@pytest.fixture(params=sorted(available_decoders()))
def decoder_name(request) -> str:
    reason = available_decoders()[request.param]
    if reason is not None:
        pytest.skip(f"{request.param} unavailable: {reason}")
    return request.param


@pytest.mark.usefixtures("no_camera_hardware")
def test_goods_and_a_payment_code_shown_to_the_camera_are_paid(
    make_counter, qtbot, db_path, decoder_name
):
    pos = make_counter(decoder_name)
    assert pos.camera.decoder_name == decoder_name
    cart = pos.service.sale

    film(qtbot, pos, camera_image(ean_frame(MILK)), lambda: len(cart) == 1)
    assert cart.lines[0].name == "우유 1L" and cart.lines[0].quantity == 1

    code = mint_demo_code(unix_seconds(NOW))
    film(qtbot, pos, camera_image(qr_frame(code, scale=5)), lambda: len(payments(db_path)) == 1)
    assert payments(db_path) == [(2_980 - 298, "pending")]  # 10 % special discount
    screen = pos.window.screen_checkout
    assert screen.main_area.currentWidget() is screen.receipt
    assert pos.sounds.played == ["ok", "ok"]  # the app beeps for the webcam
    assert screen.camera_pane is not None and screen.camera_pane.frames_shown > 0


@pytest.mark.usefixtures("no_camera_hardware")
def test_a_code_held_in_view_is_taken_once(make_counter, qtbot):
    pos = make_counter()
    worker = pos.camera.scanner.worker
    film(qtbot, pos, camera_image(ean_frame(MILK)), lambda: len(pos.service.sale) == 1)
    decoded = worker.stats.decoded
    # Keep it in view for another dozen decodes (about 1.5 s): still one milk.
    film(qtbot, pos, camera_image(ean_frame(MILK)), lambda: worker.stats.decoded >= decoded + 12)
    assert [line.quantity for line in pos.service.sale.lines] == [1]
    assert worker.stats.accepted == 1


@pytest.mark.usefixtures("no_camera_hardware")
def test_a_refused_code_sounds_the_error(make_counter, qtbot):
    pos = make_counter()
    message = pos.window.screen_checkout.message
    film(
        qtbot, pos, camera_image(qr_frame("HELLO-NOT-A-CODE")), lambda: "error" in pos.sounds.played
    )
    assert message.property("kind") == "error" and message.text().startswith("[E")
    assert pos.service.sale.is_empty()


@pytest.mark.usefixtures("no_camera_hardware")
def test_without_a_camera_the_app_says_so_once_and_the_usb_scanner_works(make_counter, qtbot):
    pos = make_counter()
    reported: list[str] = []
    pos.camera.problem.connect(lambda error: reported.append(error.code))
    screen = pos.window.screen_checkout
    assert pos.camera.state is CameraState.NO_CAMERA
    assert screen.message.text().startswith("[E501]") and "USB 스캐너" in screen.message.text()
    assert "[E501]" in screen.camera_pane.status_text()
    assert screen.camera_pane.height() < 80  # no black box where a picture would be

    pos.camera.open_chosen_camera()  # e.g. a USB device list change: no second message
    assert reported == []

    QTest.keyClicks(pos.scan_target(), MILK)
    QTest.keyClick(pos.scan_target(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 1)


def test_without_qtmultimedia_the_app_starts_and_the_usb_scanner_works(
    make_counter, qtbot, monkeypatch
):
    # None in sys.modules makes importing the camera support fail with ImportError, as it
    # does when QtMultimedia or its FFmpeg libraries are missing. (Blocking PySide6's own
    # module in a process that has loaded it confuses PySide itself, so the block is ours.)
    monkeypatch.setitem(sys.modules, "pos_app.scanning.camera", None)
    pos = make_counter()
    screen = pos.window.screen_checkout
    assert pos.camera.state is CameraState.UNAVAILABLE and pos.camera.sink is None
    assert screen.message.text().startswith("[E502]")
    assert "카메라" in screen.message.text() and "Traceback" not in screen.message.text()
    assert "[E502]" in screen.camera_pane.status_text()

    QTest.keyClicks(pos.scan_target(), MILK)
    QTest.keyClick(pos.scan_target(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 1)


@pytest.mark.usefixtures("no_camera_hardware")
def test_an_unavailable_decoder_falls_back_to_zxing(make_counter, qtbot, monkeypatch):
    def missing() -> decoders.Decoder:
        raise DecoderUnavailable("libzbar not found")

    monkeypatch.setitem(decoders._FACTORIES, "pyzbar", missing)
    reported: list[str] = []
    pos = make_counter("pyzbar", reported)
    assert pos.camera.decoder_name == "zxing"
    assert reported == ["E504", "E501"]  # the decoder, then (on this test bench) no camera
    film(qtbot, pos, camera_image(ean_frame(MILK)), lambda: len(pos.service.sale) == 1)


@pytest.mark.usefixtures("no_camera_hardware")
def test_f6_hides_the_preview_and_remembers_it(make_counter, qtbot):
    pos = make_counter()
    pane = pos.window.screen_checkout.camera_pane
    assert pane.isVisible()
    QTest.keyClick(pos.window, Qt.Key.Key_F6)
    assert not pane.isVisible()
    assert preferences.camera_preview_visible(pos._conn) is False
    pos.toggle_language()  # the window is rebuilt: the choice stays
    assert not pos.window.screen_checkout.camera_pane.isVisible()
    # Scanning goes on with the picture hidden.
    film(qtbot, pos, camera_image(ean_frame(MILK)), lambda: len(pos.service.sale) == 1)


@pytest.mark.usefixtures("no_camera_hardware")
def test_settings_switch_the_camera_off(make_counter, qtbot):
    pos = make_counter()

    def choose_off() -> None:
        dialog = QApplication.activeModalWidget()
        dialog.camera.setCurrentIndex(dialog.camera.findData(preferences.CAMERA_OFF))
        dialog.accept()

    QTimer.singleShot(0, choose_off)
    QTest.keyClick(pos.window, Qt.Key.Key_F12)
    assert preferences.camera(pos._conn) == preferences.CAMERA_OFF
    assert pos.camera.state is CameraState.OFF
    assert "F12" in pos.window.screen_checkout.camera_pane.status_text()


def test_a_camera_plugged_in_later_is_tried_and_its_failure_reported_once(
    make_counter, qtbot, monkeypatch
):
    from PySide6.QtMultimedia import QCameraDevice

    from pos_app.scanning import camera

    monkeypatch.setattr(camera, "find_camera", lambda camera_id: None)
    reported: list[str] = []
    pos = make_counter(problems=reported)
    assert reported == ["E501"] and pos.camera.state is CameraState.NO_CAMERA

    # The OS reports a new video input, but the device is gone (or broken) when opened: a
    # null QCameraDevice stands in for it, and QCamera refuses it as a real one would.
    monkeypatch.setattr(camera, "find_camera", lambda camera_id: QCameraDevice())
    pos.camera._on_inputs_changed()
    assert pos.camera.state is CameraState.FAILED
    assert reported == ["E501", "E503"]
    assert pos.window.screen_checkout.message.text().startswith("[E503]")
    pos.camera._on_inputs_changed()  # tried again, failed again: not news
    assert reported == ["E501", "E503"]

    # Scanning from frames still works, and so does the USB scanner.
    QTest.keyClicks(pos.scan_target(), MILK)
    QTest.keyClick(pos.scan_target(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(pos.service.sale) == 1)
