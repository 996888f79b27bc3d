"""The webcam as a scanner: QtMultimedia capture -> newest frame -> decoder thread -> scans.

Frames reach the :class:`QVideoSink`, which hands each one (on whatever thread the camera
delivers on) to the :class:`FrameWorker`; nothing about decoding runs on the UI thread. The
same sink feeds the preview pane, so the picture shown is the picture decoded. Tests and the
benchmark drive the sink directly with ``sink.setVideoFrame(QVideoFrame(QImage))``: that is
the capture path minus the camera.

Importing this module imports QtMultimedia; callers that must survive its absence import it
inside a ``try`` (see :mod:`pos_app.ui.camera_control`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoSink,
)

from pos_app.scanning.camera_format import FormatOption, choose_format
from pos_app.scanning.decoders import Decoder
from pos_app.scanning.frame_worker import DECODES_PER_SECOND, FrameWorker
from pos_app.scanning.video_frames import gray_from_video_frame, has_direct_luma

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CameraInfo:
    camera_id: str  # QCameraDevice.id() as hex: stable across restarts, fit for settings
    description: str
    is_default: bool


def _camera_id(device: QCameraDevice) -> str:
    return bytes(device.id().data()).hex()


def available_cameras() -> list[CameraInfo]:
    return [
        CameraInfo(_camera_id(d), d.description(), d.isDefault())
        for d in QMediaDevices.videoInputs()
    ]


def find_camera(camera_id: str) -> QCameraDevice | None:
    """The connected camera with this id; with ``""``, the system's default camera."""
    if not camera_id:
        default = QMediaDevices.defaultVideoInput()
        return None if default.isNull() else default
    return next((d for d in QMediaDevices.videoInputs() if _camera_id(d) == camera_id), None)


class CameraScanner(QObject):
    scanned = Signal(str)  # an accepted code, on the UI thread
    camera_failed = Signal(str)  # what the camera reported, on the UI thread
    _accepted = Signal(str)  # emitted on the decoder thread, delivered queued

    def __init__(
        self,
        decoder: Decoder,
        parent: QObject | None = None,
        *,
        decodes_per_second: float = DECODES_PER_SECOND,
    ) -> None:
        super().__init__(parent)
        self.sink = QVideoSink(self)
        self.session = QMediaCaptureSession(self)
        self.session.setVideoSink(self.sink)
        self.camera: QCamera | None = None
        self.worker = FrameWorker(
            decoder,
            gray_from_video_frame,
            self._accepted.emit,
            decodes_per_second=decodes_per_second,
        )
        # Direct: take the frame on the camera's own thread; offer() only swaps a reference.
        self.sink.videoFrameChanged.connect(self.worker.offer, Qt.ConnectionType.DirectConnection)
        self._accepted.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def _deliver(self, text: str) -> None:
        self.scanned.emit(text)

    def set_decoder(self, decoder: Decoder) -> None:
        self.worker.set_decoder(decoder)

    def start_decoding(self) -> None:
        self.worker.start()

    def open_camera(self, device: QCameraDevice) -> str | None:
        """Start capturing from ``device`` in the format :func:`choose_format` picks.

        Returns what went wrong if the camera refused at once (it may also fail later:
        :attr:`camera_failed`).
        """
        self.close_camera()
        camera = QCamera(device, self)
        if camera.error() != QCamera.Error.NoError:  # e.g. unplugged since it was listed
            message = camera.errorString() or "camera error"
            camera.deleteLater()
            return message
        formats = device.videoFormats()
        index = choose_format(
            [
                FormatOption(
                    f.resolution().width(),
                    f.resolution().height(),
                    f.maxFrameRate(),
                    has_direct_luma(f.pixelFormat()),
                )
                for f in formats
            ]
        )
        if index is not None:
            camera.setCameraFormat(formats[index])
            chosen = formats[index].resolution()
            log.info("camera %s: %dx%d", device.description(), chosen.width(), chosen.height())
        camera.errorOccurred.connect(self._on_camera_error)
        self.session.setCamera(camera)
        self.camera = camera
        camera.start()
        return None

    @property
    def camera_id(self) -> str | None:
        return None if self.camera is None else _camera_id(self.camera.cameraDevice())

    def close_camera(self) -> None:
        camera, self.camera = self.camera, None
        if camera is not None:
            camera.stop()
            self.session.setCamera(None)
            camera.deleteLater()

    def close(self) -> None:
        self.close_camera()
        self.worker.stop()

    def _on_camera_error(self, _error: QCamera.Error, message: str) -> None:
        log.warning("camera error: %s", message)
        self.close_camera()
        self.camera_failed.emit(message or "camera error")
