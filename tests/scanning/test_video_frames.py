"""QVideoFrame -> grayscale: luma copied straight out of YUV frames, RGB converted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat

from pos_app.scanning.decoders import make_decoder
from pos_app.scanning.video_frames import gray_from_video_frame, has_direct_luma
from tests.scanning.drawing import camera_image, qr_frame

PF = QVideoFrameFormat.PixelFormat
CODE = "CJPAY VIDEO FRAME"


@pytest.fixture(autouse=True)
def _qt(qapp):  # QVideoFrame conversions want a QGuiApplication
    return qapp


def filled_frame(fmt: QVideoFrameFormat.PixelFormat, width: int, height: int, plane0: bytes):
    """A frame of ``fmt`` whose plane 0 rows are ``plane0`` (chroma planes left grey)."""
    frame = QVideoFrame(QVideoFrameFormat(QSize(width, height), fmt))
    assert frame.map(QVideoFrame.MapMode.WriteOnly)
    stride = frame.bytesPerLine(0)
    row_bytes = len(plane0) // height
    bits = memoryview(frame.bits(0))
    for y in range(height):
        bits[y * stride : y * stride + row_bytes] = plane0[y * row_bytes : (y + 1) * row_bytes]
    for plane in range(1, frame.planeCount()):
        chroma = memoryview(frame.bits(plane))
        chroma[:] = b"\x80" * len(chroma)
    frame.unmap()
    return frame


def luma_of(image: QImage) -> bytes:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    w, h, stride = gray.width(), gray.height(), gray.bytesPerLine()
    bits = bytes(gray.constBits())
    return b"".join(bits[y * stride : y * stride + w] for y in range(h))


@pytest.mark.parametrize("fmt", [PF.Format_NV12, PF.Format_YUV420P, PF.Format_Y8])
def test_planar_luma_is_copied_exactly(fmt) -> None:
    picture = luma_of(camera_image(qr_frame(CODE), 322, 240))  # odd-ish width: padded rows
    frame = filled_frame(fmt, 322, 240, picture)
    gray = gray_from_video_frame(frame)
    assert gray.shape == (240, 322)
    assert gray.tobytes() == picture
    assert make_decoder().decode(gray)[0].text == CODE


@pytest.mark.parametrize(("fmt", "offset"), [(PF.Format_YUYV, 0), (PF.Format_UYVY, 1)])
def test_packed_yuv_takes_every_other_byte(fmt, offset: int) -> None:
    picture = luma_of(camera_image(qr_frame(CODE), 320, 240))
    packed = bytearray(b"\x80" * (len(picture) * 2))
    packed[offset::2] = picture
    gray = gray_from_video_frame(filled_frame(fmt, 320, 240, bytes(packed)))
    assert gray.tobytes() == picture


def test_rgb_frames_are_converted() -> None:
    image = camera_image(qr_frame(CODE))
    frame = QVideoFrame(image)
    assert not has_direct_luma(frame.pixelFormat())
    gray = gray_from_video_frame(frame)
    assert gray.shape == (480, 640)
    assert make_decoder().decode(gray)[0].text == CODE


def test_an_invalid_frame_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="invalid"):
        gray_from_video_frame(QVideoFrame())
