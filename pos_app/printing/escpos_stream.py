"""The ESC/POS bytes of one print job, from a 1-bit picture's rows: pure, no device, no Qt.

The receipt is a picture (Korean needs no printer font), but most of it is white paper and
serial printers take ~1 KB a second, so the job is shaped for the wire and the roll:

* ``ESC @`` first, so margins, line spacing or justification another program left set do
  not shift the raster or change the feeds; then ``GS P dpi dpi``, so that a feed or a margin
  of n is n dots on every head (an Epson TM-T88 powers on with a 1/360 inch vertical unit:
  half a dot);
* the drawer kick (``ESC p``) before the picture, so the cash drawer opens as the job
  arrives instead of after the whole receipt has crossed the wire;
* rows with ink in raster bands (``GS v 0``) of at most 256 rows; runs of white rows as
  feeds (``ESC J n``, 3 bytes for up to 255 rows instead of a row's 48-72 bytes each); the
  white after the last ink not sent at all;
* each band only as wide as its ink: white bytes on the right are left off (the band
  prints from the left margin), white bytes on the left become a left margin (``GS L``) when
  that saves more than the command costs: a centred QR or title is a third of the head.
  The margin is set back to 0 before the job ends;
* the end: ``GS V 66 n``, which feeds the last printed row to the knife plus n and cuts,
  or (no cut) a feed that brings the last row past the tear bar.
"""

from __future__ import annotations

from collections.abc import Sequence

from pos_app.domain.print_heads import PrintHead

ESC, GS = b"\x1b", b"\x1d"
INIT = ESC + b"@"
MAX_BAND = 256  # rows per GS v 0; Epson advises 120-400-row chunks
MAX_FEED = 255  # ESC J takes one byte
CUT_MARGIN_MM = 2  # below the last ink when cutting: the knife's own travel does the rest
TEAR_MM = 15  # without a cut, head to tear bar on common 58/80 mm printers is 10-15 mm
# ESC p m t1 t2 (m 0 = pin 2, 1 = pin 5), 100 ms on and off: python-escpos's CD_KICK_2/5.
DRAWER_KICK = {2: ESC + b"p\x00\x32\x32", 5: ESC + b"p\x01\x32\x32"}


def motion_units(dpi: int) -> bytes:
    """GS P x y: horizontal and vertical motion units of 1/dpi inch, one dot each way."""
    return GS + b"P" + bytes((dpi, dpi))


def left_margin(dots: int) -> bytes:
    """GS L nL nH, in horizontal motion units (dots, after ``motion_units``)."""
    return GS + b"L" + dots.to_bytes(2, "little")


def feed(rows: int) -> list[bytes]:
    """ESC J n commands that advance the paper ``rows`` dots (n <= 255 each)."""
    commands = []
    while rows > 0:
        step = min(rows, MAX_FEED)
        commands.append(ESC + b"J" + bytes((step,)))
        rows -= step
    return commands


def raster(rows: Sequence[bytes]) -> bytes:
    """GS v 0 (normal density) of rows of equal length."""
    width, height = len(rows[0]), len(rows)
    header = GS + b"v0\x00" + width.to_bytes(2, "little") + height.to_bytes(2, "little")
    return header + b"".join(rows)


def feed_and_cut(rows: int) -> bytes:
    """GS V 66 n: feed to the cutting position plus n rows, then (partial) cut."""
    return GS + b"V" + bytes((66, rows))


def _columns(rows: Sequence[bytes]) -> tuple[int, int]:
    """The first and past-the-last byte columns with ink in ``rows`` (which have ink)."""
    inked = bytes(len(rows[0]))
    for row in rows:
        inked = (int.from_bytes(inked, "big") | int.from_bytes(row, "big")).to_bytes(
            len(row), "big"
        )
    left = next(i for i, byte in enumerate(inked) if byte)
    right = len(inked) - next(i for i, byte in enumerate(reversed(inked)) if byte)
    return left, right


def _ink(row: bytes) -> int:
    return int.from_bytes(row, "big").bit_count()


def _band_ends(rows: Sequence[bytes], start: int, stop: int) -> list[int]:
    """Where to end the bands of the ink run ``rows[start:stop]`` (no white row inside).

    A run taller than a band is split at its lightest row in the last quarter of the band's
    reach: between two text lines or QR module rows rather than through a glyph's or a QR
    finder's solid middle, since some printers leave a faint seam where a band ends.
    """
    ends = []
    while stop - start > MAX_BAND:
        reach = range(start + MAX_BAND * 3 // 4, start + MAX_BAND + 1)
        start = min(reach, key=lambda end: (_ink(rows[end - 1]), -end))
        ends.append(start)
    ends.append(stop)
    return ends


def encode_job(
    rows: Sequence[bytes],
    head: PrintHead,
    *,
    cut: bool = True,
    drawer_pin: int | None = None,
) -> list[bytes]:
    """The commands of a job printing ``rows`` (MSB first, 1 = burn, all one length).

    The rows are the picture as wide as the head or narrower; the caller checks that the
    printer's head is not narrower than ``head``. ``drawer_pin`` (2 or 5) kicks the drawer.
    """
    if rows and any(len(row) != len(rows[0]) for row in rows):
        raise ValueError("raster rows of different lengths")
    if rows and len(rows[0]) * 8 > (head.dots + 7) // 8 * 8:
        raise ValueError(f"a {len(rows[0]) * 8}-dot picture is wider than the head's {head.dots}")
    commands = [INIT, motion_units(head.dpi)]
    if drawer_pin is not None:
        commands.append(DRAWER_KICK[drawer_pin])
    inked = [y for y, row in enumerate(rows) if any(row)]
    end = inked[-1] + 1 if inked else 0  # trailing white: never sent
    y = margin = 0
    while y < end:
        run = y
        if not any(rows[y]):
            while not any(rows[run]):
                run += 1
            commands += feed(run - y)
        else:
            while run < end and any(rows[run]):
                run += 1
            for band_end in _band_ends(rows, y, run):
                band = rows[y:band_end]
                left, right = _columns(band)
                # A margin pays when the white it leaves off outweighs setting it and
                # setting it back (4 bytes each).
                if left * len(band) <= 2 * len(left_margin(0)):
                    left = 0
                if left * 8 != margin:
                    margin = left * 8
                    commands.append(left_margin(margin))
                commands.append(raster([row[left:right] for row in band]))
                y = band_end
        y = run
    if margin:
        commands.append(left_margin(0))  # leave the printer as ESC @ would
    if cut:
        commands.append(feed_and_cut(head.mm_to_dots(CUT_MARGIN_MM)))
    else:
        commands += feed(head.mm_to_dots(TEAR_MM))
    return commands
