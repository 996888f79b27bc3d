"""A test-side ESC/POS decoder and paper simulator, written from Epson's command reference.

It parses every command the app's printer streams may contain, raises ``DecodeError`` on any
byte it does not know (text, an unknown command, a truncated one), and lays the raster on a
simulated roll as a printer with a head of ``dots`` dots would: raster data beyond the head is
discarded (as real printers do), justification and a left margin shift it, feeds advance the
paper in the current vertical motion unit, and a feed-and-cut moves the last printed row past
the cutter. It shares no code with the app's encoder, so a test through it checks the bytes,
not the encoder against itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

ESC, GS, LF = 0x1B, 0x1D, 0x0A


class DecodeError(ValueError):
    pass


@dataclass(frozen=True)
class Event:
    kind: str  # init, drawer, raster, feed, lines, cut, motion_units, justify, margin, spacing
    offset: int  # where the command starts in the stream
    at: int  # the paper row under the head when the command ran
    value: tuple[int, ...] = ()  # the command's figures (a raster: bytes, rows, first dot)


@dataclass
class Paper:
    """The simulated roll: ``rows`` of ``dots`` dots packed MSB first, 1 = burnt."""

    dots: int
    rows: list[bytearray] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    cut_at: int | None = None  # the row the knife went through (None: never cut)

    @property
    def row_bytes(self) -> int:
        return (self.dots + 7) // 8

    def burn(self, y: int, x0: int, bits: list[bool]) -> None:
        while len(self.rows) <= y:
            self.rows.append(bytearray(self.row_bytes))
        row = self.rows[y]
        for i, dark in enumerate(bits):
            x = x0 + i
            if dark and 0 <= x < self.dots:  # beyond the head: nothing burns
                row[x // 8] |= 0x80 >> (x % 8)

    def extend_to(self, height: int) -> None:
        while len(self.rows) < height:
            self.rows.append(bytearray(self.row_bytes))

    def kinds(self) -> list[str]:
        return [event.kind for event in self.events]

    def first(self, kind: str) -> Event:
        return next(event for event in self.events if event.kind == kind)

    def gray(self, height: int | None = None) -> bytes:
        """The first ``height`` rows as 8-bit grey, 0 = burnt, for a QR decoder."""
        rows = self.rows[: len(self.rows) if height is None else height]
        return b"".join(
            bytes(0 if row[x // 8] & (0x80 >> (x % 8)) else 255 for x in range(self.dots))
            for row in rows
        )

    def last_ink_row(self) -> int:
        """The last row with a burnt dot (-1 for blank paper)."""
        return max((y for y, row in enumerate(self.rows) if any(row)), default=-1)


def _bits(data: bytes, width_bytes: int, row: int) -> list[bool]:
    chunk = data[row * width_bytes : (row + 1) * width_bytes]
    return [bool(byte & (0x80 >> bit)) for byte in chunk for bit in range(8)]


class _Printer:
    """The state a real printer keeps between commands; ESC @ puts it back to power-on."""

    def __init__(self, dots: int, dpi: int, unit_y: int, cut_distance: int) -> None:
        self.paper = Paper(dots)
        self.dpi = dpi
        self.default_unit_y = unit_y
        self.cut_distance = cut_distance
        self.y = Fraction(0)  # the paper row under the head
        self.reset()

    def reset(self) -> None:
        self.unit_y = self.default_unit_y  # vertical motion unit: 1/unit_y inch
        self.unit_x = self.dpi  # horizontal motion unit: 1/unit_x inch (a dot at power-on)
        self.spacing: Fraction | None = None  # None: the default 1/6 inch line spacing
        self.justify = 0
        self.margin = 0  # left margin in dots (GS L, read in horizontal motion units)

    def units(self, n: int) -> Fraction:
        return Fraction(n * self.dpi, self.unit_y)

    def line(self) -> Fraction:
        return self.spacing if self.spacing is not None else Fraction(self.dpi, 6)

    def event(self, kind: str, offset: int, *value: int) -> None:
        self.paper.events.append(Event(kind, offset, int(self.y), tuple(value)))


def decode(
    stream: bytes,
    dots: int,
    dpi: int = 203,
    *,
    unit_y: int | None = None,
    cut_distance: int = 96,
) -> Paper:
    """The paper a printer with ``dots`` dots at ``dpi`` makes of ``stream``.

    ``unit_y`` is the printer's power-on vertical motion unit (1/unit_y inch; the head's dpi
    unless given: an Epson TM-T88 starts at 1/360). ``cut_distance`` is from the head to the
    knife, in dots.
    """
    p = _Printer(dots, dpi, unit_y or dpi, cut_distance)
    reader = _Reader(stream)
    while reader.pos < len(stream):
        start = reader.pos
        byte = reader.take(1)[0]
        if byte == LF:
            p.event("lf", start)
            p.y += p.line()
        elif byte == ESC:
            _esc(p, reader, start)
        elif byte == GS:
            _gs(p, reader, start)
        else:
            raise DecodeError(f"unknown byte {byte:#04x} at {start}")
    p.paper.extend_to(int(p.y))
    return p.paper


class _Reader:
    def __init__(self, stream: bytes) -> None:
        self.stream = stream
        self.pos = 0

    def take(self, count: int) -> bytes:
        if self.pos + count > len(self.stream):
            raise DecodeError(f"command before {self.pos} truncated: needs {count} more bytes")
        chunk = self.stream[self.pos : self.pos + count]
        self.pos += count
        return chunk


def _esc(p: _Printer, reader: _Reader, start: int) -> None:
    cmd = reader.take(1)[0]
    if cmd == ord("@"):
        p.reset()
        p.event("init", start)
    elif cmd == ord("J"):
        n = reader.take(1)[0]
        p.event("feed", start, n)
        p.y += p.units(n)
    elif cmd == ord("d"):
        n = reader.take(1)[0]
        p.event("lines", start, n)
        p.y += n * p.line()
    elif cmd == ord("p"):
        pin, on, off = reader.take(3)
        if pin not in (0, 1, 48, 49):
            raise DecodeError(f"ESC p at {start}: pin {pin}")
        p.event("drawer", start, pin % 48 * 3 + 2, on, off)  # m 0 is pin 2, m 1 pin 5
    elif cmd == ord("a"):
        n = reader.take(1)[0]
        if n not in (0, 1, 2, 48, 49, 50):
            raise DecodeError(f"ESC a at {start}: {n}")
        p.justify = n % 48
        p.event("justify", start, p.justify)
    elif cmd == ord("2"):
        p.spacing = None
        p.event("spacing", start)
    elif cmd == ord("3"):
        n = reader.take(1)[0]
        p.spacing = p.units(n)
        p.event("spacing", start, n)
    else:
        raise DecodeError(f"unknown command ESC {cmd:#04x} at {start}")


def _gs(p: _Printer, reader: _Reader, start: int) -> None:
    cmd = reader.take(1)[0]
    if cmd == ord("v"):
        if reader.take(1) != b"0":
            raise DecodeError(f"unknown command GS v at {start}")
        m, xl, xh, yl, yh = reader.take(5)
        if m not in (0, 1, 2, 3, 48, 49, 50, 51):
            raise DecodeError(f"GS v 0 at {start}: mode {m}")
        width_bytes, height = xl + 256 * xh, yl + 256 * yh
        if not width_bytes or not height:
            raise DecodeError(f"GS v 0 at {start}: empty {width_bytes}x{height}")
        data = reader.take(width_bytes * height)
        top = int(p.y)
        x0 = _raster(p, data, width_bytes, height, double_x=bool(m & 1), double_y=bool(m & 2))
        p.paper.events.append(Event("raster", start, top, (width_bytes, height, x0)))
    elif cmd == ord("V"):
        m = reader.take(1)[0]
        if m in (0, 1, 48, 49):  # cut where the paper is
            p.event("cut", start, m)
        elif m in (65, 66):  # feed the last printed row to the knife, plus n, then cut
            n = reader.take(1)[0]
            p.event("cut", start, m, n)
            p.y += p.cut_distance + p.units(n)
        else:
            raise DecodeError(f"GS V {m} at {start}")
        p.paper.cut_at = int(p.y) - p.cut_distance
    elif cmd == ord("P"):
        x, y = reader.take(2)
        p.unit_x = x or p.dpi
        p.unit_y = y or p.default_unit_y
        p.event("motion_units", start, x, y)
    elif cmd == ord("L"):
        nl, nh = reader.take(2)
        p.margin = (nl + 256 * nh) * p.dpi // p.unit_x
        p.event("margin", start, p.margin)
    else:
        raise DecodeError(f"unknown command GS {cmd:#04x} at {start}")


def _raster(
    p: _Printer, data: bytes, width_bytes: int, height: int, *, double_x: bool, double_y: bool
) -> int:
    width = width_bytes * 8 * (2 if double_x else 1)
    room = p.paper.dots - p.margin
    # Justification places an image narrower than the print area; a wider one starts at the
    # margin and loses its right-hand part.
    slack = max(room - width, 0)
    x0 = p.margin + (slack // 2 if p.justify == 1 else slack if p.justify == 2 else 0)
    top = int(p.y)
    y = top
    for row in range(height):
        bits = _bits(data, width_bytes, row)
        if double_x:
            bits = [dark for dark in bits for _ in range(2)]
        for _ in range(2 if double_y else 1):
            p.paper.burn(y, x0, bits)
            y += 1
    p.paper.extend_to(y)
    p.y = Fraction(y) + (p.y - top)  # a raster advances the paper by its own height
    return x0
