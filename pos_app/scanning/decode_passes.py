"""The image passes the camera decoder tries, in order, when a frame's first read finds nothing.

Each pass turns the frame into what one kind of failure needs and reads it once with zxing-cpp.
All pixel work is done in C (Pillow's resampling and filters, ``bytes.translate``, zxing-cpp):
a Python loop over pixels would hold the GIL for tens of milliseconds and stall the UI thread,
while these calls release it.

A pass gets a :class:`PassFrame`: the frame as a Pillow image (a view on the same bytes, no
copy) plus what the first read learnt, the corners of symbols it *detected* but could not
decode (``return_errors=True``). Those corners are where a small or blurred code is, so the
passes that need a close look crop there instead of working on the whole 1280x720 frame.

The order (see :data:`PASS_ORDER`) and the measured table behind it are in
``pos_app/scanning/decoders.py``'s docstring.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageChops, ImageFilter, ImageOps

Box = tuple[int, int, int, int]  # left, top, right, bottom


def _gamma_lut(gamma: float) -> bytes:
    return bytes(round(255 * (v / 255) ** gamma) for v in range(256))


#: Darkens mid-tones so faint (washed-out, over-exposed) modules survive binarization.
GAMMA_2 = _gamma_lut(2.0)

#: Van Cittert deconvolution: ``f <- f + beta * (g - blur(f))``, in 8 bits around mid-grey.
#: Sigma guesses (px) tried in turn, iterations and gain, measured on the hard blur frames the
#: other passes missed: sigma 4 with 5 iterations reads every frame that 3 iterations or
#: sigma 3.5 read, and more; sigma 3 read none of them, so it is not tried (it would only
#: double the cost).
DECONV_SIGMAS = (4.0,)
DECONV_ITERATIONS = 5
DECONV_GAIN = 2.0
#: A candidate's crop is grown to at least this many px each way before deconvolving: on
#: strong blur the detection is often one finder pattern, not the whole symbol (285-460 px).
DECONV_MIN_SIDE = 500
#: ``128 + gain * (v - 128)`` clipped: the gain applied to a difference stored at offset 128.
_GAIN_LUT = [max(0, min(255, round(128 + DECONV_GAIN * (v - 128)))) for v in range(256)]

#: A crop is upscaled until the symbol is about this many pixels across (small, far codes).
CROP_TARGET_PX = 400
#: At most this many detected-but-unread candidates get a close look per frame.
MAX_CANDIDATES = 2


@dataclass
class PassFrame:
    """One frame as the passes see it."""

    view: memoryview  # 2-D (height, width) grayscale bytes
    width: int
    height: int
    #: Boxes around symbols the first read found but could not decode, largest first.
    candidates: list[Box] = field(default_factory=list)
    _image: Image.Image | None = None

    @property
    def image(self) -> Image.Image:
        """The frame as a Pillow "L" image sharing the frame's bytes (made once)."""
        if self._image is None:
            self._image = Image.frombuffer(
                "L", (self.width, self.height), self.view, "raw", "L", 0, 1
            )
        return self._image


#: One zxing-cpp read of an image (a Pillow image or a 2-D byte buffer): valid results only,
#: or with ``errors=True`` also symbols detected but not decoded (the caller keeps the valid
#: ones). ``global_histogram=True`` uses zxing's global-histogram binarizer.
Reader = Callable[..., list[Any]]
PassFn = Callable[[PassFrame, Reader], list[Any]]


def corner_points(barcode: Any) -> list[tuple[float, float]]:
    """A zxing result's four corners as (x, y)."""
    p = barcode.position
    return [(c.x, c.y) for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]


def candidate_box(points: list[tuple[float, float]], width: int, height: int) -> Box:
    """The symbol's bounding box grown by half its size (quiet zone, corner error), clipped."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    side = max(max(xs) - min(xs), max(ys) - min(ys), 16)
    margin = side * 0.5
    return (
        max(0, int(min(xs) - margin)),
        max(0, int(min(ys) - margin)),
        min(width, int(max(xs) + margin) + 1),
        min(height, int(max(ys) + margin) + 1),
    )


def _crops(frame: PassFrame) -> Iterator[Image.Image]:
    for box in frame.candidates[:MAX_CANDIDATES]:
        yield frame.image.crop(box)


def _at_least(box: Box, side: int, width: int, height: int) -> Box:
    """``box`` grown about its centre to at least ``side`` px each way, clipped to the frame."""
    left, top, right, bottom = box
    half_w = max(right - left, side) / 2
    half_h = max(bottom - top, side) / 2
    cx, cy = (left + right) / 2, (top + bottom) / 2
    return (
        max(0, int(cx - half_w)),
        max(0, int(cy - half_h)),
        min(width, int(cx + half_w) + 1),
        min(height, int(cy + half_h) + 1),
    )


def _upscaled(crop: Image.Image) -> Image.Image | None:
    """The crop blown up to about CROP_TARGET_PX; None if it is not a small symbol."""
    factor = min(4.0, CROP_TARGET_PX / max(crop.width, crop.height))
    if factor < 1.5:
        return None
    size = (round(crop.width * factor), round(crop.height * factor))
    return crop.resize(size, Image.Resampling.BICUBIC)


def _sharpened(image: Image.Image, radius: float, percent: int) -> Image.Image:
    return image.filter(ImageFilter.UnsharpMask(radius=radius, percent=percent, threshold=0))


def _local_contrast(image: Image.Image, radius: int = 12) -> Image.Image:
    """Each pixel minus its neighbourhood's mean, times 4, around mid-grey.

    A CLAHE-like normalisation from two C calls: a faint pattern (a dim or washed-out screen,
    the part of a code under glare) becomes full-contrast, because zxing's local binarizer
    treats an 8x8 block whose range is under ~24 grey levels as blank.
    """
    background = image.filter(ImageFilter.BoxBlur(radius))
    return ImageChops.subtract(image, background, scale=0.25, offset=128)


def van_cittert(
    image: Image.Image, sigma: float, iterations: int = DECONV_ITERATIONS
) -> Image.Image:
    """Undo a Gaussian blur of about ``sigma`` px by Van Cittert iteration, all in Pillow's C.

    Each step blurs the estimate, subtracts that from the observed image (stored at offset 128,
    so negative differences survive 8 bits), applies the gain by a lookup table and adds the
    result back. Unlike an unsharp mask, the estimate is re-blurred each time, so the boost
    grows towards the module frequency, which a strong defocus leaves at a tenth or less.
    """
    estimate = image
    for _ in range(iterations):
        reblurred = estimate.filter(ImageFilter.GaussianBlur(sigma))
        difference = ImageChops.subtract(image, reblurred, scale=1.0, offset=128).point(_GAIN_LUT)
        estimate = ImageChops.add(estimate, difference, scale=1.0, offset=-128)
    return estimate


# --------------------------------------------------------------------------------------------
# The passes. Each returns zxing results (maybe empty); the decoder stops at the first read.


def global_histogram(frame: PassFrame, read: Reader) -> list[Any]:
    """Evenly lit but blurry or low-contrast prints where the local threshold breaks up."""
    return read(frame.view, global_histogram=True)


def gamma_2(frame: PassFrame, read: Reader) -> list[Any]:
    """Washed-out dark modules thickened (over-exposed, bright low-contrast screens)."""
    darker = frame.view.tobytes().translate(GAMMA_2)
    return read(memoryview(darker).cast("B", (frame.height, frame.width)))


def crop_upscaled(frame: PassFrame, read: Reader) -> list[Any]:
    """Small, far codes: the detected symbol cropped and blown up to ~400 px, then sharpened."""
    for crop in _crops(frame):
        big = _upscaled(crop)
        if big is None:
            continue
        found = read(big) or read(_sharpened(big, 3, 250))
        if found:
            return found
    return []


def _deblur(crop: Image.Image, read: Reader) -> list[Any]:
    once = _sharpened(crop, 4, 600)
    return read(once) or read(_sharpened(once, 4, 600))


def crop_deblurred(frame: PassFrame, read: Reader) -> list[Any]:
    """Defocus: the detected symbol sharpened twice (an unsharp mask approximates deblurring)."""
    for crop in _crops(frame):
        found = _deblur(crop, read)
        if found:
            return found
    return []


def local_contrast(frame: PassFrame, read: Reader) -> list[Any]:
    """Glare, dim or backlit screens, heavy JPEG: local-mean subtraction with gain."""
    return read(_local_contrast(frame.image))


def stretched(frame: PassFrame, read: Reader) -> list[Any]:
    """Whole-frame low contrast: a 1 % percentile stretch (dim counter, under-exposed)."""
    return read(ImageOps.autocontrast(frame.image, cutoff=1))


def downscaled_sharpened(frame: PassFrame, read: Reader) -> list[Any]:
    """Blur with nothing detected: half size (the blur halves too), then an unsharp mask.

    If that finds a symbol it cannot decode and the first read found none, its box (at full
    size) becomes a candidate for :func:`crop_deconvolved`, which would otherwise have to
    deconvolve the whole frame.
    """
    half = frame.image.reduce(2)
    results = read(_sharpened(half, 2, 400), errors=True)
    if any(r.valid for r in results):
        return results
    if not frame.candidates:
        boxes = [candidate_box(corner_points(r), half.width, half.height) for r in results]
        frame.candidates.extend(
            (2 * left, 2 * top, min(frame.width, 2 * right), min(frame.height, 2 * bottom))
            for left, top, right, bottom in boxes
        )
    return []


def crop_deconvolved(frame: PassFrame, read: Reader) -> list[Any]:
    """Strong defocus (sigma over ~0.5 module): the candidate deconvolved (Van Cittert).

    Only on a candidate's crop (the first read's or :func:`downscaled_sharpened`'s), grown to
    :data:`DECONV_MIN_SIDE`: 5-30 ms. The whole frame costs 65-70 ms, more than the budget
    leaves after the cheaper passes, for 2 more of 80 blur frames (measured), so it is not done.
    """
    for box in frame.candidates[:MAX_CANDIDATES]:
        crop = frame.image.crop(_at_least(box, DECONV_MIN_SIDE, frame.width, frame.height))
        for sigma in DECONV_SIGMAS:
            found = read(van_cittert(crop, sigma))
            if found:
                return found
    return []


def sharpened(frame: PassFrame, read: Reader) -> list[Any]:
    """Blur that hid the symbol from the first read: the whole frame sharpened.

    If that finds the symbol but still cannot decode it, its crop gets the stronger
    :func:`crop_deblurred` treatment (the whole frame at that strength costs too much).
    """
    results = read(_sharpened(frame.image, 3, 400), errors=True)
    if any(r.valid for r in results):
        return results
    for r in results[:MAX_CANDIDATES]:
        box = candidate_box(corner_points(r), frame.width, frame.height)
        found = _deblur(frame.image.crop(box), read)
        if found:
            return found
    return []


def upscaled(frame: PassFrame, read: Reader) -> list[Any]:
    """Small codes nothing was detected of: the whole frame at 2x (Lanczos; the dearest pass).

    Lanczos rather than bicubic: on 2-3 px modules its sharper edges read more (measured).
    """
    image = frame.image
    size = (image.width * 2, image.height * 2)
    return read(image.resize(size, Image.Resampling.LANCZOS))


#: Passes after the first read, in the order of measured reads per millisecond (greedy: each
#: next pass is the one reading the most frames the earlier ones missed, per ms of its median
#: time); the table is in ``pos_app/scanning/decoders.py``. Moved for the budget: gamma-2 (3 ms)
#: before the crop deblur, whose cost grows with the detections' size (up to ~45 ms on a big
#: glared code): greedy by median put it first and the budget then cut gamma-2 off. The crop
#: deconvolution runs right after the half-size sharpen whose detections it uses, and the
#: full-frame sharpen last: unbudgeted greedy ranks them 9th and 6th, but on a blur frame the
#: budget stops before either; in those places the 360 frames read 349 with the budget on,
#: as in this order, but blur 53 of 60 against 55 here (measured).
PASS_ORDER: tuple[tuple[str, PassFn], ...] = (
    ("crop_upscaled", crop_upscaled),
    ("gamma_2", gamma_2),
    ("crop_deblurred", crop_deblurred),
    ("stretched", stretched),
    ("global_histogram", global_histogram),
    ("downscaled_sharpened", downscaled_sharpened),
    ("crop_deconvolved", crop_deconvolved),
    ("upscaled", upscaled),
    ("local_contrast", local_contrast),
    ("sharpened", sharpened),
)
