"""Camera-frame barcode decoders behind one small interface (zxing-cpp by default, pyzbar optional).

A *frame* is an 8-bit grayscale image given as a C-contiguous 2-D buffer of unsigned bytes,
shape ``(height, width)``: a ``memoryview`` cast with a shape (see :func:`gray_frame`), a numpy
``uint8`` array, or what :func:`gray_from_qimage` returns for a ``QImage``. Grayscale is what
both libraries binarize internally anyway, and a plain buffer keeps this module free of Qt and
numpy, so it can run (and be tested) without a GUI.

Both decoders read the same symbologies: QR codes (the Cheongju Pay payment code) and the
product barcodes a counter sees (EAN-13, EAN-8, UPC-A). An EAN-13 starting with 0 *is* a UPC-A
symbol; both decoders report it as ``UPCA`` with its 12 digits.

Decoding strategy of :class:`ZxingDecoder` (the app's default camera decoder). A webcam at a
counter is fixed-focus (a phone held close is blurred by several pixels), dim or backlit (a
tenth of the contrast), and customers hold phones far away; one zxing-cpp read misses a third
of such frames. So:

1. zxing-cpp once with its defaults (local-average binarizer, rotations, downscaling, inverted
   codes) and ``TextMode.Plain`` (control characters come back as themselves, not ``<SOH>``),
   with ``return_errors=True``: a symbol it *detected* but could not decode gives its corners,
   which tell the later passes where to look. On the ZXing corpus (179 real photos): 166/179.
2. Only when that read nothing, the passes of ``pos_app/scanning/decode_passes.py``, each
   turning the frame into what one failure needs, stopping at the first read and when the
   per-frame budget (``budget_ms``, default :data:`DEFAULT_BUDGET_MS`) is spent.

Measured (2026-12-05, this 2-core VM) on 360 hard 1280x720 frames (``tests/scanning/
hard_frames.py``, seeds 0-59 per condition: blur sigma 2.5-4 px and 5-8 px modules drawn
independently, 15-30 grey levels dim and bright, 90-130 px codes, JPEG quality 4-10, glare over
a third of the code). The first read misses 126; for each pass: how many of those it reads
alone (``crop_deconvolved`` with the candidates ``downscaled_sharpened`` adds), how many no
other pass reads, its median time, and what greedy ordering by reads per millisecond, with no
budget, gave it:

=====================  =====  =====  =========  ===================================
pass                   reads  only   median ms  greedy order: new reads
=====================  =====  =====  =========  ===================================
crop_upscaled             21      0      0.1    1st: 21 (only runs with a detection)
gamma_2                   36      0      3.1    3rd: 26, run 2nd (see PASS_ORDER)
crop_deblurred            49      0      2.7    2nd: 40, run 3rd
stretched                 36      0      6.1    4th: 12
global_histogram           7      0      2.2    5th: 3 (and +3 on the corpus)
downscaled_sharpened      39      0      5.6    10th: 0, run 6th (finds the crops)
crop_deconvolved          50      2     27.0    9th: 2, run 7th (see PASS_ORDER)
upscaled                  49      7     34.9    7th: 7
local_contrast            52      2     11.4    8th: 2
sharpened                 73      0     18.8    6th: 6, run last (see PASS_ORDER)
=====================  =====  =====  =========  ===================================

All passes together read 119 of the 126: 353/360 frames with the first read, against 234/360
for the first read alone; with the budget on, in :data:`~pos_app.scanning.decode_passes.
PASS_ORDER`, 349/360 (blur 55/60: the misses are frames whose sigma is 0.62-0.74 module, where
the blur leaves a few per cent of contrast at the module frequency). ``bench/README.md`` has
the benchmark's run, on other seeds. The passes of the three-pass decoder
before them (global histogram: +3 on the corpus, gamma-2: +1) are kept, so the corpus still
reads 170/179 and loses no photo (``tests/scanning/corpus_read_before_passes.txt``).

A frame that holds a readable code pays for one read (2-5 ms at 1280x720); a frame with
nothing in it runs passes until the budget: at most the budget plus the dearest pass
(``upscaled``, 35-45 ms), about 100 ms, inside the 125 ms of 8 decodes a second. On a
camera that is most frames (an empty counter), so the decoder remembers the scene
(``pos_app/scanning/scene_memory.py``): on frames of the same still scene the passes resume
where the budget stopped them, and after one whole round with nothing read only the first read
runs until the scene changes (an idle counter then costs 5-6 % of a core instead of 60-75 %, see
``bench/README.md``); a phone held still whose code only a late pass reads gets that pass
within a few frames. Every pass
works in C (Pillow, ``bytes.translate``, zxing-cpp), which releases the GIL, so the UI thread
never waits for a decode. The options ``try_rotate``, ``try_downscale`` and ``try_invert`` stay
on: turning them off gains nothing on the corpus and would lose sideways product barcodes
and dark-mode phone screens.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from pos_app.scanning.decode_passes import (
    PASS_ORDER,
    PassFn,
    PassFrame,
    candidate_box,
    corner_points,
)
from pos_app.scanning.scene_memory import SceneMemory

if TYPE_CHECKING:  # Qt is only needed by the helpers that take a QImage.
    from PySide6.QtGui import QImage

__all__ = [
    "DEFAULT_DECODER",
    "Decoded",
    "Decoder",
    "DecoderUnavailable",
    "PyzbarDecoder",
    "ZxingDecoder",
    "available_decoders",
    "decode_image_file",
    "gray_frame",
    "gray_from_qimage",
    "load_gray_image",
    "make_decoder",
]

DEFAULT_DECODER = "zxing"

#: Format names in :attr:`Decoded.format`, the same whichever library read the code.
QR_CODE = "QRCode"
EAN13 = "EAN13"
EAN8 = "EAN8"
UPCA = "UPCA"


class DecoderUnavailable(RuntimeError):
    """The decoder's library (or its native part) cannot be loaded on this machine."""


@dataclass(frozen=True)
class Decoded:
    """One code read from a frame.

    ``raw`` is the symbol's content bytes as the library reports them; ``text`` is those bytes
    interpreted the way the symbol says (ECI / QR byte-mode guessing), which is what a caller
    compares with a payment code or a product's GTIN.
    """

    text: str
    raw: bytes
    format: str


@runtime_checkable
class Decoder(Protocol):
    """Anything that turns a grayscale frame into the codes it contains (empty list: none)."""

    name: str

    def decode(self, frame: Any) -> list[Decoded]: ...


# --------------------------------------------------------------------------------------------
# Frames


def gray_frame(data: bytes | bytearray | memoryview, width: int, height: int) -> memoryview:
    """Wrap ``width * height`` grayscale bytes (rows top to bottom, no padding) as a frame."""
    if width <= 0 or height <= 0 or len(data) != width * height:
        raise ValueError(f"expected {width}x{height}={width * height} bytes, got {len(data)}")
    return memoryview(data).cast("B", (height, width))


def _frame_view(frame: Any) -> tuple[memoryview, int, int]:
    """(2-D byte view, width, height) of a frame, or ValueError saying what is wrong with it."""
    view = memoryview(frame)
    if view.ndim != 2 or view.itemsize != 1 or view.format not in ("B", "b", "c"):
        raise ValueError(
            f"a frame is a 2-D uint8 buffer (height, width); got ndim={view.ndim}, "
            f"format={view.format!r}"
        )
    if not view.c_contiguous:
        raise ValueError("a frame must be C-contiguous (copy it first)")
    height, width = view.shape
    if view.format != "B":
        view = view.cast("B").cast("B", (height, width))
    return view, width, height


def gray_from_qimage(image: QImage) -> memoryview:
    """A QImage (any format) as a grayscale frame.

    Copies the pixels, because a QImage pads each row to 4 bytes (``bytesPerLine`` can exceed
    the width) and because the frame must not depend on the QImage staying alive.
    """
    from PySide6.QtGui import QImage  # here, not at the top: keep Qt out of import time

    if image.isNull():
        raise ValueError("null image")
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = gray.width(), gray.height(), gray.bytesPerLine()
    bits = memoryview(gray.constBits())
    if stride == width:
        data = bytes(bits[: width * height])
    else:
        data = b"".join(bytes(bits[y * stride : y * stride + width]) for y in range(height))
    return gray_frame(data, width, height)


def load_gray_image(path: str | Path) -> memoryview:
    """Read a PNG/JPEG (any format Qt reads) as a grayscale frame; ValueError if unreadable."""
    from PySide6.QtGui import QImageReader  # lazily, like gray_from_qimage

    reader = QImageReader(str(path))
    image: QImage = reader.read()
    if image.isNull():
        raise ValueError(reader.errorString() or "unreadable image")
    return gray_from_qimage(image)


# --------------------------------------------------------------------------------------------
# zxing-cpp

#: Per-frame time budget of the passes after the first read. The worker decodes 8 frames a
#: second (125 ms apart); the budget is checked between passes, so a frame costs at most the
#: budget plus one pass (the dearest, ``upscaled``, 35-45 ms): ~100 ms, which leaves a 2-core
#: PC room for the UI thread and still makes the 8 decodes a second. 60 ms rather than 50 since
#: the crop deconvolution (5-30 ms) runs before ``upscaled``: at 50 ms it pushed ``upscaled``
#: off 3 small/JPEG frames of 480 it had read; at 70 the worst frame neared 125 ms (measured).
DEFAULT_BUDGET_MS = 60.0


class ZxingDecoder:
    """zxing-cpp, then (only on frames where it read nothing) passes that fix what failed.

    ``budget_ms`` bounds the time spent per frame: before each pass after the first, the
    elapsed time (``clock``, seconds, injectable for tests) is compared with it, and decoding
    stops there with nothing read. ``second_pass=False`` is the single default read (the
    benchmark's "zxing-once"). ``last_passes`` names the passes the last ``decode`` ran.

    ``scene_memory`` (on by default) makes successive frames of a still scene share the work
    (see ``scene_memory.py``): the passes resume where the budget stopped them on the previous
    frame, and after a whole round with nothing read only the first read runs until the scene
    changes. Off, every failed frame starts from the first pass (the benchmark's comparison).
    """

    name = "zxing"

    def __init__(
        self,
        *,
        second_pass: bool = True,
        budget_ms: float = DEFAULT_BUDGET_MS,
        clock: Callable[[], float] = time.perf_counter,
        passes: Sequence[tuple[str, PassFn]] = PASS_ORDER,
        scene_memory: bool = True,
    ) -> None:
        try:
            import zxingcpp  # here, so an import error becomes DecoderUnavailable
        except ImportError as exc:  # pragma: no cover - zxing-cpp is a dependency
            raise DecoderUnavailable(
                f"zxing-cpp를 불러올 수 없습니다. / zxing-cpp cannot be imported: {exc}"
            ) from exc
        self._zx = zxingcpp
        fmt = zxingcpp.BarcodeFormat
        # A tuple: zxing-cpp 3 deprecates OR-ing formats together.
        self._formats = (fmt.QRCode, fmt.EAN13, fmt.EAN8, fmt.UPCA)
        self._format_names = {
            fmt.QRCode: QR_CODE,
            fmt.EAN13: EAN13,
            fmt.EAN8: EAN8,
            fmt.UPCA: UPCA,
        }
        self.second_pass = second_pass
        self.budget_ms = budget_ms
        self._clock = clock
        self._passes = tuple(passes)
        self.last_passes: list[str] = []
        self.scene: SceneMemory | None = SceneMemory() if scene_memory and second_pass else None

    def _read(self, image: Any, *, global_histogram: bool = False, errors: bool = False) -> list:
        """zxing-cpp results; with ``errors`` also symbols detected but not decoded."""
        binarizer = (
            self._zx.Binarizer.GlobalHistogram
            if global_histogram
            else self._zx.Binarizer.LocalAverage
        )
        return self._zx.read_barcodes(
            image,
            formats=self._formats,
            text_mode=self._zx.TextMode.Plain,
            binarizer=binarizer,
            return_errors=errors,
        )

    def _pass_read(
        self, image: Any, *, global_histogram: bool = False, errors: bool = False
    ) -> list:
        results = self._read(image, global_histogram=global_histogram, errors=errors)
        return results if errors else [r for r in results if r.valid]

    def _decoded(self, results: list) -> list[Decoded]:
        found = []
        for r in results:
            text, raw = r.text, bytes(r.bytes)
            fmt = self._format_names.get(r.format, r.format.name)
            if fmt == EAN13 and text.startswith("0"):
                # The same printed symbol: zxing-cpp 3 reports a UPC-A as a 13-digit EAN-13
                # when both are enabled, ZBar as 12-digit UPC-A. Report it one way (ZBar's,
                # the GS1 name) so callers need not know which library read it.
                text, raw, fmt = text[1:], raw[1:], UPCA
            found.append(Decoded(text=text, raw=raw, format=fmt))
        return found

    def decode(self, frame: Any) -> list[Decoded]:
        view, width, height = _frame_view(frame)
        started = self._clock()
        self.last_passes = ["default"]
        # Errors too: a symbol found but not decoded tells the later passes where to look.
        results = self._read(view, errors=self.second_pass)
        found = self._decoded([r for r in results if r.valid])
        pass_frame = PassFrame(view, width, height)
        scene = self.scene
        if scene is not None:
            # Every frame, read or not, so "the same scene" always means the previous frame's.
            scene.observe(pass_frame.image)
        if found or not self.second_pass:
            return found
        boxes = [candidate_box(corner_points(r), width, height) for r in results if not r.valid]
        boxes.sort(key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), reverse=True)
        if scene is not None and not boxes and scene.last_same:
            # A pass on an earlier frame of this scene found them (a resumed pass needs them).
            boxes = list(scene.candidates)
        pass_frame.candidates = boxes
        if scene is not None and scene.idle:
            return []
        first = scene.next_pass if scene is not None else 0
        for index in range(first, len(self._passes)):
            name, run = self._passes[index]
            if (self._clock() - started) * 1000 >= self.budget_ms:
                if scene is not None:
                    scene.candidates = list(pass_frame.candidates)
                    scene.stopped_at(index)
                return []
            self.last_passes.append(name)
            found = self._decoded([r for r in run(pass_frame, self._pass_read) if r.valid])
            if found:
                if scene is not None:
                    scene.candidates = list(pass_frame.candidates)
                    scene.read_at(index)
                return found
        if scene is not None:
            scene.round_done()
        return []


# --------------------------------------------------------------------------------------------
# pyzbar (ZBar)

_ZBAR_MISSING = (
    "ZBar 라이브러리(libzbar)를 찾을 수 없어 pyzbar 디코더를 쓸 수 없습니다. "
    "Linux에서는 'sudo apt install libzbar0'로 설치하세요. / "
    "The pyzbar decoder needs the ZBar library (libzbar), which was not found; "
    "on Linux install it with 'sudo apt install libzbar0'."
)


class PyzbarDecoder:
    """ZBar through pyzbar. Selectable, not the default: fewer corpus hits than zxing-cpp.

    ZBar converts QR content to UTF-8 itself, so ``raw`` is already UTF-8 for QR codes.
    """

    name = "pyzbar"

    def __init__(self) -> None:
        try:
            # pyzbar loads libzbar when this module is imported and raises ImportError
            # (or OSError on some platforms) if the shared library is missing.
            from pyzbar import pyzbar
        except (ImportError, OSError) as exc:
            raise DecoderUnavailable(f"{_ZBAR_MISSING} ({exc})") from exc
        self._pyzbar = pyzbar
        sym = pyzbar.ZBarSymbol
        self._symbols = [sym.QRCODE, sym.EAN13, sym.EAN8, sym.UPCA]
        self._format_names = {"QRCODE": QR_CODE, "EAN13": EAN13, "EAN8": EAN8, "UPCA": UPCA}

    def decode(self, frame: Any) -> list[Decoded]:
        view, width, height = _frame_view(frame)
        results = self._pyzbar.decode((view.tobytes(), width, height), symbols=self._symbols)
        return [
            Decoded(
                text=r.data.decode("utf-8", errors="replace"),
                raw=bytes(r.data),
                format=self._format_names.get(r.type, r.type),
            )
            for r in results
        ]


# --------------------------------------------------------------------------------------------
# Choosing a decoder

_FACTORIES: dict[str, Callable[[], Decoder]] = {
    ZxingDecoder.name: ZxingDecoder,
    PyzbarDecoder.name: PyzbarDecoder,
}


def make_decoder(name: str = DEFAULT_DECODER) -> Decoder:
    """The decoder called ``name``; DecoderUnavailable if it cannot run here."""
    try:
        factory = _FACTORIES[name]
    except KeyError:
        known = ", ".join(sorted(_FACTORIES))
        raise DecoderUnavailable(
            f"알 수 없는 디코더: {name!r} (사용 가능: {known}) / "
            f"unknown decoder {name!r} (known: {known})"
        ) from None
    return factory()


def available_decoders() -> dict[str, str | None]:
    """Every decoder name -> None if it works on this machine, else the reason it does not."""
    status: dict[str, str | None] = {}
    for name in _FACTORIES:
        try:
            make_decoder(name)
        except DecoderUnavailable as exc:
            status[name] = str(exc)
        else:
            status[name] = None
    return status


# --------------------------------------------------------------------------------------------
# One file, as JSON


def decode_image_file(path: str | Path, decoder: Decoder) -> dict[str, Any]:
    """Decode one image file; never raises for a bad or empty image.

    Returns ``{"file", "decoder", "text", "format", "ms"}`` plus ``"reason"`` when ``text`` is
    None (``"no_code_found"`` or ``"unreadable_image: ..."``). ``ms`` is the decode time only,
    not the file reading, so it compares with decoding a camera frame. With several codes in
    the picture the first one is reported and ``"count"`` says how many there were.
    """
    result: dict[str, Any] = {
        "file": str(path),
        "decoder": decoder.name,
        "text": None,
        "format": None,
        "ms": None,
    }
    try:
        frame = load_gray_image(path)
    except (ValueError, OSError) as exc:
        result["reason"] = f"unreadable_image: {exc}"
        return result
    started = time.perf_counter()
    found = decoder.decode(frame)
    result["ms"] = round((time.perf_counter() - started) * 1000, 3)
    if not found:
        result["reason"] = "no_code_found"
        return result
    result["text"] = found[0].text
    result["format"] = found[0].format
    if len(found) > 1:
        result["count"] = len(found)
    return result
