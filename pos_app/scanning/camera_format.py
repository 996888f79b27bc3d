"""Which of a webcam's formats to ask for: small enough to decode fast, big enough to read.

Webcams often default to 1080p or more. Decoding time grows with the pixel count, and a
phone-screen QR held at the counter spans a third of the picture, so 1280x720 is plenty:
a 169-character payment code gets 4-7 pixels per module, and an EAN-13 at arm's length about
two per bar. Below 640x480 product barcodes stop being readable.

Ranking among formats from 640x480 up to 1280x720: the largest picture, then a raw YUV format
over MJPEG (luma is copied straight out; MJPEG needs a JPEG decode per frame), then a frame
rate of at least 15 (the preview stays fluid), then the highest rate up to 30. If the camera
has nothing in that range, the smallest format at least 640x480; failing that, the largest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MIN_SIZE = (640, 480)
MAX_SIZE = (1280, 720)


@dataclass(frozen=True)
class FormatOption:
    width: int
    height: int
    max_fps: float
    raw_luma: bool  # YUV/gray: luma can be copied without decoding the frame

    @property
    def area(self) -> int:
        return self.width * self.height


def _at_least(option: FormatOption, size: tuple[int, int]) -> bool:
    return option.width >= size[0] and option.height >= size[1]


def _at_most(option: FormatOption, size: tuple[int, int]) -> bool:
    return option.width <= size[0] and option.height <= size[1]


def choose_format(options: Sequence[FormatOption]) -> int | None:
    """Index of the format to request, or None when the camera lists none."""
    if not options:
        return None
    indexed = list(enumerate(options))
    in_range = [(i, o) for i, o in indexed if _at_least(o, MIN_SIZE) and _at_most(o, MAX_SIZE)]
    if in_range:
        return max(
            in_range,
            key=lambda item: (
                item[1].area,
                item[1].raw_luma,
                item[1].max_fps >= 15,
                min(item[1].max_fps, 30.0),
            ),
        )[0]
    bigger = [(i, o) for i, o in indexed if _at_least(o, MIN_SIZE)]
    if bigger:
        return min(bigger, key=lambda item: (item[1].area, not item[1].raw_luma))[0]
    return max(indexed, key=lambda item: item[1].area)[0]
