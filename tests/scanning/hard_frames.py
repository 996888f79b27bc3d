"""Hard camera frames, drawn with Pillow: what a fixed-focus webcam at a dim counter sees.

Shared by ``tests/scanning/test_decode_passes.py`` and ``bench/decode.py`` so the tests and the
benchmark measure the same conditions. Everything is seeded (``random.Random``) and done in C
(Pillow resampling, filters, JPEG, noise, lookup tables): no per-pixel Python, so a 1280x720
frame takes a few milliseconds to make.

Each frame is a 1280x720 grayscale counter-top with one QR code on it (its quiet zone
included, smooth-scaled like a camera's optics, slightly turned), then one degradation:

* ``blur``: Gaussian blur of sigma 2.5-4 px on a code whose modules are 5-8 px, both drawn
  independently (0.31-0.8 module: a phone held closer than a fixed-focus webcam's focus
  distance);
* ``low_contrast_dim`` / ``low_contrast_bright``: the whole frame squeezed into a band of 15-30
  grey levels (6-12 % of the range) near black (dim counter) or near white (over-exposed,
  backlit), with the sensor noise such a frame has (sigma 1.5);
* ``small``: the whole code (quiet zone included) 90-130 px wide on the frame (a phone held
  far away);
* ``jpeg``: JPEG quality 4-10 on a code of 2.7-3.5 px modules (a cheap webcam's MJPEG stream);
* ``glare``: a bright smooth blob (a lamp reflected in the phone's glass) washing out about a
  third of the code.
"""

from __future__ import annotations

import functools
import hashlib
import io
import random
from collections.abc import Callable

import qrcode
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from pos_app.domain.payment_code import mint_payment_code
from pos_app.scanning.decoders import gray_frame
from pos_app.services.demo import DEMO_ISSUER_KEY_ID, DEMO_ISSUER_SEED, DEMO_WALLET_ID

WIDTH, HEIGHT = 1280, 720
QUIET = 4  # modules of quiet zone, as the phone shows it


def payment_code(number: int) -> str:
    """The ``number``-th of a fixed series of demo payment codes (169 characters, version 9).

    Like ``mint_demo_code`` but with a token id derived from ``number`` instead of a random
    one, so the same number always draws the same symbol (Ed25519 signatures are
    deterministic).
    """
    return mint_payment_code(
        DEMO_ISSUER_SEED,
        key_id=DEMO_ISSUER_KEY_ID,
        wallet_id=DEMO_WALLET_ID,
        token_id=hashlib.sha256(f"hard-frame/{number}".encode()).digest()[:16],
        issued_at=1_764_000_000 + number,
        ttl_seconds=180,
        offline_limit=50_000,
    )


def qr_matrix(text: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=QUIET)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


def code_image(text: str, dark: int = 20, light: int = 240) -> Image.Image:
    """The code at one pixel per module, quiet zone included."""
    matrix = qr_matrix(text)
    data = b"".join(bytes(dark if m else light for m in row) for row in matrix)
    return Image.frombytes("L", (len(matrix), len(matrix)), data)


def place(
    text: str, rng: random.Random, side: float, *, background: int | None = None
) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """The code ``side`` px wide (quiet zone included) somewhere on a counter-top frame.

    Returns the frame and the code's box (left, top, right, bottom). Bicubic scaling and a
    turn of up to 8 degrees give grey module edges and non-axis-aligned modules, as a lens does.
    """
    bg = background if background is not None else rng.randint(140, 190)
    frame = Image.new("L", (WIDTH, HEIGHT), bg)
    code = code_image(text).resize((round(side), round(side)), Image.Resampling.BICUBIC)
    angle = rng.uniform(-8, 8)
    code = code.rotate(angle, Image.Resampling.BICUBIC, expand=True, fillcolor=bg)
    w, h = code.size
    left = rng.randint(20, WIDTH - w - 20)
    top = rng.randint(20, HEIGHT - h - 20)
    frame.paste(code, (left, top))
    return frame, (left, top, left + w, top + h)


def modules(text: str) -> int:
    """Modules across the code, quiet zone included."""
    return len(qr_matrix(text))


def squeeze(image: Image.Image, low: int, high: int) -> Image.Image:
    """Map 0..255 into low..high (a lookup table in C)."""
    return image.point([low + (high - low) * v // 255 for v in range(256)])


NOISE_TILE = 512


@functools.lru_cache(maxsize=4)
def _noise_field(sigma: float) -> Image.Image:
    """A frame-sized Gaussian noise image centred on 128, from a seeded 512x512 tile.

    Seeded Python for the tile (once per sigma, ~0.1 s), Pillow to tile it: Pillow's own
    ``effect_noise`` would be faster but uses C ``rand()``, which no seed reaches.
    """
    rng = random.Random(f"noise/{sigma}")
    tile = Image.frombytes(
        "L",
        (NOISE_TILE, NOISE_TILE),
        bytes(min(255, max(0, 128 + round(rng.gauss(0, sigma)))) for _ in range(NOISE_TILE**2)),
    )
    field = Image.new("L", (WIDTH, HEIGHT))
    for x in range(0, WIDTH, NOISE_TILE):
        for y in range(0, HEIGHT, NOISE_TILE):
            field.paste(tile, (x, y))
    return field


def add_noise(image: Image.Image, sigma: float, rng: random.Random) -> Image.Image:
    """Gaussian sensor noise: the noise field shifted by a random amount, added in C."""
    noise = ImageChops.offset(
        _noise_field(sigma), rng.randrange(NOISE_TILE), rng.randrange(NOISE_TILE)
    )
    return ImageChops.add(image, noise, scale=1.0, offset=-128)


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    return Image.open(buffer).convert("L")


def camera(image: Image.Image, rng: random.Random) -> Image.Image:
    """What every webcam frame has anyway: a slightly soft lens and a little sensor noise."""
    return add_noise(image.filter(ImageFilter.GaussianBlur(0.8)), 2.0, rng)


def blurred_scene(text: str, rng: random.Random) -> Image.Image:
    """The blur frame before its sensor noise (the scene a still camera keeps seeing)."""
    # Drawn independently, as the stated ranges say: sigma 4 on 5 px modules (0.8 module) is
    # in range, and past about 0.65 module the blur leaves only a few per cent of contrast at
    # the module frequency, so those frames are the ones the pipeline may still miss.
    module_px = rng.uniform(5, 8)
    sigma = rng.uniform(2.5, 4.0)
    frame, _ = place(text, rng, module_px * modules(text))
    return frame.filter(ImageFilter.GaussianBlur(sigma))


def blurred(text: str, rng: random.Random) -> Image.Image:
    return add_noise(blurred_scene(text, rng), 2.0, rng)


def _low_contrast(text: str, rng: random.Random, bright: bool) -> Image.Image:
    frame, _ = place(text, rng, rng.uniform(260, 420))
    band = rng.randint(15, 30)
    low = rng.randint(225 - band, 250 - band) if bright else rng.randint(8, 30)
    return add_noise(squeeze(camera(frame, rng), low, low + band), 1.5, rng)


def low_contrast_dim(text: str, rng: random.Random) -> Image.Image:
    return _low_contrast(text, rng, bright=False)


def low_contrast_bright(text: str, rng: random.Random) -> Image.Image:
    return _low_contrast(text, rng, bright=True)


def small(text: str, rng: random.Random) -> Image.Image:
    frame, _ = place(text, rng, rng.uniform(90, 130))
    return camera(frame, rng)


def heavy_jpeg(text: str, rng: random.Random) -> Image.Image:
    # 2.7-3.5 px modules: an 8x8 JPEG block then spans about three modules.
    frame, _ = place(text, rng, rng.uniform(2.7, 3.5) * modules(text))
    return jpeg(camera(frame, rng), rng.randint(4, 10))


def glare(text: str, rng: random.Random) -> Image.Image:
    """A smooth white blob centred near one edge of the code, covering about a third of it."""
    frame, (left, top, right, bottom) = place(text, rng, rng.uniform(260, 420))
    side = right - left
    edge = rng.choice(("left", "right", "top", "bottom"))
    cx, cy = (left + right) / 2, (top + bottom) / 2
    offset = side * rng.uniform(0.33, 0.42)
    cx += {"left": -offset, "right": offset}.get(edge, 0)
    cy += {"top": -offset, "bottom": offset}.get(edge, 0)
    radius = side * rng.uniform(0.28, 0.36)
    mask = Image.new("L", frame.size, 0)
    ImageDraw.Draw(mask).ellipse(
        (cx - radius, cy - radius, cx + radius, cy + radius), fill=rng.randint(245, 255)
    )
    # Blurring the disc gives the smooth falloff of a reflection; its core nearly saturates.
    mask = mask.filter(ImageFilter.GaussianBlur(radius * 0.25))
    white = Image.new("L", frame.size, 255)
    return camera(Image.composite(white, frame, mask), rng)


HardCondition = Callable[[str, random.Random], Image.Image]

HARD_CONDITIONS: dict[str, HardCondition] = {
    "blur": blurred,
    "low_contrast_dim": low_contrast_dim,
    "low_contrast_bright": low_contrast_bright,
    "small": small,
    "jpeg": heavy_jpeg,
    "glare": glare,
}


def empty_counter(seed: int = 0) -> Image.Image:
    """A counter-top with no code on it, as a fixed camera sees it between customers.

    Seeded: a light falling off across the counter, a few objects (a tray, a card reader, a
    receipt) and the lens softness; no sensor noise (:func:`noisy` adds a fresh draw of it).
    """
    rng = random.Random(f"counter/{seed}")
    top, bottom = rng.randint(150, 185), rng.randint(110, 145)
    counter = (
        Image.linear_gradient("L")
        .resize((WIDTH, HEIGHT))
        .point([top + (bottom - top) * v // 255 for v in range(256)])
    )
    draw = ImageDraw.Draw(counter)
    for _ in range(rng.randint(3, 5)):
        w, h = rng.randint(60, 320), rng.randint(40, 220)
        x, y = rng.randint(0, WIDTH - w), rng.randint(0, HEIGHT - h)
        draw.rounded_rectangle(
            (x, y, x + w, y + h), radius=rng.randint(2, 20), fill=rng.randint(30, 240)
        )
    return counter.filter(ImageFilter.GaussianBlur(0.8))


def noisy(image: Image.Image, draw: int, sigma: float = 2.0) -> memoryview:
    """``image`` with fresh sensor noise (draw number ``draw``): one more frame of a still scene."""
    return to_frame(add_noise(image, sigma, random.Random(f"fresh-noise/{draw}")))


def to_image(frame: memoryview) -> Image.Image:
    """A decoder frame as a Pillow L image (a copy)."""
    height, width = frame.shape
    return Image.frombytes("L", (width, height), frame.tobytes())


def to_frame(image: Image.Image) -> memoryview:
    """A Pillow L image as a decoder frame (2-D byte buffer)."""
    return gray_frame(image.tobytes(), image.width, image.height)


def still_blur_scene(seed: int) -> tuple[Image.Image, str]:
    """Blur frame ``seed`` without its noise, and its code: :func:`noisy` makes its frames."""
    text = payment_code(seed)
    return blurred_scene(text, random.Random(f"blur/{seed}")), text


def hard_frame(condition: str, seed: int) -> tuple[memoryview, str]:
    """Frame ``seed`` of ``condition`` and the payment code it shows; always the same frame."""
    text = payment_code(seed)
    return to_frame(HARD_CONDITIONS[condition](text, random.Random(f"{condition}/{seed}"))), text
