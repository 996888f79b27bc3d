"""The camera preview beside the cart: the live picture, a guide box, and what the camera is doing.

It shows the frames the decoder sees (the same sink), at most ~15 times a second so painting
never competes with the counter. When there is no picture it says why in one line, with the
error code, and that the USB scanner is ready: the cashier never has to guess.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QWidget

from pos_app.ui.camera_control import CameraControl, CameraState
from pos_app.ui.theme import ACCENT

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QVideoFrame

PREVIEW_MIN_INTERVAL_S = 1 / 15
FLASH_MS = 450
PICTURE_HEIGHT = 160
STATUS_HEIGHT = 58  # two lines of status fit
GUIDE_FRACTION = 0.8  # the guide box's side, as a share of the picture's height


class CameraPane(QFrame):
    def __init__(self, camera: CameraControl, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cameraPane")
        self._camera = camera
        self._language = language
        self._frame: QVideoFrame | None = None
        self._last_paint = 0.0
        self._flash: QColor | None = None
        self.frames_shown = 0
        self._sink: object | None = None
        camera.state_changed.connect(self._on_state)
        self._on_state()

    def _connect_sink(self) -> None:
        # The sink appears when the camera control starts, which may be after this pane.
        sink = self._camera.sink
        if sink is not None and sink is not self._sink:
            self._sink = sink
            sink.videoFrameChanged.connect(self._on_frame)  # queued from the camera thread

    # ----- input ----------------------------------------------------------------------

    def _on_frame(self, frame: QVideoFrame) -> None:
        if self._frame is None:
            self.setFixedHeight(PICTURE_HEIGHT)  # frames are coming: make room for them
        self._frame = frame
        now = time.monotonic()
        if now - self._last_paint >= PREVIEW_MIN_INTERVAL_S and self.isVisible():
            self._last_paint = now
            self.update()

    def _on_state(self) -> None:
        self._connect_sink()
        if self._camera.state is not CameraState.ON:
            self._frame = None  # a stopped camera's last picture would mislead
        # No picture to show: one line of status, and the room goes back to the products.
        self.setFixedHeight(
            PICTURE_HEIGHT
            if self._camera.state is CameraState.ON or self._frame is not None
            else STATUS_HEIGHT
        )
        self.update()

    def flash(self, ok: bool = True) -> None:
        """A coloured border for a moment: the camera took a code (green) or it was refused."""
        self._flash = QColor(ACCENT if ok else "#b3261e")
        self.update()
        QTimer.singleShot(FLASH_MS, self, self._end_flash)

    def _end_flash(self) -> None:
        self._flash = None
        self.update()

    # ----- what it says ----------------------------------------------------------------

    def status_text(self) -> str:
        state = self._camera.state
        ready = self.tr("USB scanner ready.")
        if self._frame is not None:
            return self.tr("Hold the QR code or barcode inside the box")
        if state is CameraState.ON:
            return self.tr("Starting the camera...")
        texts = {
            CameraState.OFF: self.tr("Camera off (F12 settings)."),
            CameraState.NO_CAMERA: self.tr("No camera connected."),
            CameraState.FAILED: self.tr("The camera stopped."),
            CameraState.UNAVAILABLE: self.tr("Camera support is not available."),
        }
        problem = self._camera.last_problem
        code = f"[{problem.code}] " if problem is not None else ""
        return f"{code}{texts[state]} {ready}"

    # ----- painting --------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect())
        painter.fillRect(area, QColor("#1d2622"))
        picture = self._paint_frame(painter, area)
        if picture is not None:
            self._paint_guide(painter, picture)
        self._paint_caption(painter, area, on_picture=picture is not None)
        if self._flash is not None:
            painter.setPen(QPen(self._flash, 8))
            painter.drawRect(area.adjusted(4, 4, -4, -4))
        painter.end()

    def _paint_frame(self, painter: QPainter, area: QRectF) -> QRectF | None:
        frame: Any = self._frame
        if frame is None or not frame.isValid() or frame.width() <= 0:
            return None
        from PySide6.QtMultimedia import QVideoFrame  # loaded already: a frame exists

        scale = min(area.width() / frame.width(), area.height() / frame.height())
        w, h = frame.width() * scale, frame.height() * scale
        target = QRectF(area.center().x() - w / 2, area.center().y() - h / 2, w, h)
        frame.paint(painter, target, QVideoFrame.PaintOptions())
        self.frames_shown += 1
        return target

    def _paint_guide(self, painter: QPainter, picture: QRectF) -> None:
        side = picture.height() * GUIDE_FRACTION
        box = QRectF(picture.center().x() - side / 2, picture.center().y() - side / 2, side, side)
        # Dim what is outside the box, so the eye (and the code) goes to the middle.
        outside = QPainterPath()
        outside.addRect(picture)
        inner = QPainterPath()
        inner.addRoundedRect(box, 8, 8)
        painter.fillPath(outside.subtracted(inner), QColor(0, 0, 0, 90))
        pen = QPen(QColor("#ffffff"), 4)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        arm = side / 5
        for cx, cy, dx, dy in (
            (box.left(), box.top(), 1, 1),
            (box.right(), box.top(), -1, 1),
            (box.left(), box.bottom(), 1, -1),
            (box.right(), box.bottom(), -1, -1),
        ):
            painter.drawLine(int(cx), int(cy), int(cx + dx * arm), int(cy))
            painter.drawLine(int(cx), int(cy), int(cx), int(cy + dy * arm))

    def _paint_caption(self, painter: QPainter, area: QRectF, on_picture: bool) -> None:
        text = self.status_text()
        font = painter.font()
        font.setPixelSize(15 if on_picture else 16)
        font.setBold(not on_picture)
        painter.setFont(font)
        if on_picture:
            strip = QRectF(area.left(), area.bottom() - 28, area.width(), 28)
            painter.fillRect(strip, QColor(0, 0, 0, 150))
            painter.setPen(QColor("white"))
            painter.drawText(strip, Qt.AlignmentFlag.AlignCenter, text)
        else:
            painter.setPen(QColor("#e8efe9"))
            painter.drawText(
                area.adjusted(16, 8, -16, -8),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                text,
            )
