"""The camera for the whole session: which one, which decoder, and what to say when it fails.

Lives as long as the app (the window is rebuilt on a language change; the camera is not).
Every way camera scanning can be unavailable ends here as one :class:`UserFacingError`,
reported once per occurrence through :attr:`CameraControl.problem`; none of them stops the
app or the keyboard-wedge scanner. A camera plugged in later is picked up without a restart.
"""

from __future__ import annotations

import enum
import importlib
import logging
import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.scanning.decoders import (
    DEFAULT_DECODER,
    Decoder,
    DecoderUnavailable,
    make_decoder,
)
from pos_app.services import preferences

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QVideoSink

    from pos_app.scanning.camera import CameraInfo, CameraScanner

log = logging.getLogger(__name__)


class CameraState(enum.Enum):
    ON = "on"  # a camera is capturing
    OFF = "off"  # switched off in settings
    NO_CAMERA = "no_camera"  # none connected (yet)
    FAILED = "failed"  # it stopped with an error
    UNAVAILABLE = "unavailable"  # QtMultimedia could not be loaded


class CameraControl(QObject):
    scanned = Signal(str)  # an accepted camera read, on the UI thread
    problem = Signal(object)  # UserFacingError, once per occurrence
    state_changed = Signal()

    def __init__(self, conn: sqlite3.Connection, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._conn = conn
        self.scanner: CameraScanner | None = None
        self.state = CameraState.OFF
        self.last_problem: UserFacingError | None = None
        self._reported: set[str] = set()
        self._camera_module = None
        self._devices: QObject | None = None

    # ----- start and stop -------------------------------------------------------------

    def start(self) -> None:
        """Load camera support and open the chosen camera (again, if already started)."""
        if self.scanner is not None:
            self.open_chosen_camera()
            return
        if self.state is CameraState.UNAVAILABLE:
            return
        try:
            camera_module = importlib.import_module("pos_app.scanning.camera")
        except (ImportError, OSError) as exc:  # a broken or missing QtMultimedia install
            log.warning("QtMultimedia unavailable: %r", exc)
            self._report(UserFacingError(ErrorKey.CAMERA_MULTIMEDIA_UNAVAILABLE, detail=str(exc)))
            self._set_state(CameraState.UNAVAILABLE)
            return
        from PySide6.QtMultimedia import QMediaDevices

        self._camera_module = camera_module
        self.scanner = camera_module.CameraScanner(self._chosen_decoder(), self)
        self.scanner.scanned.connect(self.scanned)
        self.scanner.camera_failed.connect(self._on_camera_failed)
        self.scanner.start_decoding()
        self._devices = QMediaDevices(self)
        self._devices.videoInputsChanged.connect(self._on_inputs_changed)
        self.open_chosen_camera()

    def close(self) -> None:
        if self.scanner is not None:
            self.scanner.close()

    @property
    def sink(self) -> QVideoSink | None:
        """Where frames arrive (the preview pane shows it); None without QtMultimedia."""
        return None if self.scanner is None else self.scanner.sink

    def cameras(self) -> list[CameraInfo]:
        return [] if self._camera_module is None else self._camera_module.available_cameras()

    @property
    def decoder_name(self) -> str | None:
        return None if self.scanner is None else self.scanner.worker.decoder_name

    # ----- choosing -------------------------------------------------------------------

    def _chosen_decoder(self) -> Decoder:
        name = preferences.decoder(self._conn)
        try:
            return make_decoder(name)
        except DecoderUnavailable as exc:
            self._report(
                UserFacingError(ErrorKey.CAMERA_DECODER_UNAVAILABLE, decoder=name, detail=exc)
            )
            return make_decoder(DEFAULT_DECODER)

    def open_chosen_camera(self) -> None:
        if self.scanner is None or self._camera_module is None:
            return
        wanted = preferences.camera(self._conn)
        if wanted == preferences.CAMERA_OFF:
            self.scanner.close_camera()
            self._set_state(CameraState.OFF)
            return
        device = self._camera_module.find_camera(wanted)
        if device is None and wanted != preferences.CAMERA_DEFAULT:
            device = self._camera_module.find_camera(preferences.CAMERA_DEFAULT)
            if device is not None:
                name = device.description()
                self._report(UserFacingError(ErrorKey.CAMERA_NOT_CHOSEN_FOUND, camera=name))
        if device is None:
            self.scanner.close_camera()
            self._report(UserFacingError(ErrorKey.CAMERA_NONE))
            self._set_state(CameraState.NO_CAMERA)
            return
        refused = self.scanner.open_camera(device)
        if refused is not None:
            self._on_camera_failed(refused)
            return
        self._reported.discard(ErrorKey.CAMERA_NONE)  # a later unplug is news again
        self._reported.discard(ErrorKey.CAMERA_FAILED)
        self._set_state(CameraState.ON)

    def apply_settings(self) -> None:
        """The owner changed the camera or decoder in settings."""
        if self.scanner is None:
            return
        self._reported.discard(ErrorKey.CAMERA_DECODER_UNAVAILABLE)
        self.scanner.set_decoder(self._chosen_decoder())
        self.open_chosen_camera()

    # ----- what happens to the camera -------------------------------------------------

    def _on_inputs_changed(self) -> None:
        if self.state in (CameraState.NO_CAMERA, CameraState.FAILED):
            self.open_chosen_camera()
        elif self.state is CameraState.ON and self.scanner is not None:
            connected = {c.camera_id for c in self.cameras()}
            if self.scanner.camera_id not in connected:
                self._on_camera_failed("unplugged")

    def _on_camera_failed(self, detail: str) -> None:
        if self.scanner is not None:
            self.scanner.close_camera()
        self._report(UserFacingError(ErrorKey.CAMERA_FAILED, detail=detail))
        self._set_state(CameraState.FAILED)

    def _set_state(self, state: CameraState) -> None:
        if state in (CameraState.ON, CameraState.OFF):
            self.last_problem = None
        self.state = state
        self.state_changed.emit()

    def _report(self, error: UserFacingError) -> None:
        self.last_problem = error
        if error.key in self._reported:
            return
        self._reported.add(error.key)
        self.problem.emit(error)
