"""The test-side ESC/POS decoder on hand-made streams: it must fail on what it does not know
and lay the paper out as a printer would, or the stream tests prove nothing."""

from __future__ import annotations

import pytest

from tests.printing.escpos_decoder import DecodeError, decode

INIT = b"\x1b@"


def raster(width_bytes: int, rows: list[bytes], mode: int = 0) -> bytes:
    header = b"\x1dv0" + bytes((mode,)) + width_bytes.to_bytes(2, "little")
    return header + len(rows).to_bytes(2, "little") + b"".join(rows)


@pytest.mark.parametrize(
    "stream",
    [
        b"A",  # text: the app never sends any
        INIT + b"\x00",
        b"\x1b!\x00",  # ESC ! (print mode): not a command the decoder knows
        b"\x1d(L\x02\x00\x30\x32",  # GS ( L (graphics): not one either
        b"\x1dV\x05",  # GS V with an unknown function
        b"\x1bp\x07\x32\x32",  # ESC p with no such pin
        raster(2, [b"\xff\xff"])[:-1],  # truncated image data
        b"\x1dv0\x00\x02\x00",  # truncated header
        b"\x1bJ",  # feed without its n
    ],
)
def test_an_unknown_or_truncated_command_fails(stream: bytes) -> None:
    with pytest.raises(DecodeError):
        decode(stream, 16)


def test_raster_beyond_the_head_is_lost() -> None:
    paper = decode(INIT + raster(4, [b"\xff\xff\xff\xff", b"\x80\x00\x00\x01"]), 16)
    assert [bytes(row) for row in paper.rows] == [b"\xff\xff", b"\x80\x00"]
    assert paper.first("raster").value == (4, 2, 0)


def test_feeds_move_the_paper_in_motion_units() -> None:
    stream = INIT + raster(1, [b"\x80"]) + b"\x1bJ\x03" + raster(1, [b"\x01"])
    paper = decode(stream, 8)
    assert [bytes(row) for row in paper.rows] == [b"\x80", b"\x00", b"\x00", b"\x00", b"\x01"]
    # An Epson TM-T88 powers on with 1/360 inch vertical units: ESC J 6 is 3 dots at 180 dpi,
    # unless GS P makes the unit a dot.
    assert len(decode(b"\x1bJ\x06", 8, 180, unit_y=360).rows) == 3
    assert len(decode(b"\x1dP\xb4\xb4\x1bJ\x06", 8, 180, unit_y=360).rows) == 6
    # LF and ESC d feed lines of 1/6 inch unless ESC 3 sets the spacing.
    assert len(decode(b"\n\x1bd\x02", 8, 180).rows) == 90
    assert len(decode(b"\x1b3\x0a\n", 8, 180).rows) == 10


def test_margin_and_justification_shift_the_raster_until_esc_at() -> None:
    shifted = decode(b"\x1dL\x08\x00" + raster(1, [b"\xf0"]), 24)
    assert bytes(shifted.rows[0]) == b"\x00\xf0\x00"
    centred = decode(b"\x1ba\x01" + raster(1, [b"\xff"]), 24)
    assert bytes(centred.rows[0]) == b"\x00\xff\x00"
    reset = decode(b"\x1dL\x08\x00\x1ba\x01" + INIT + raster(1, [b"\xff"]), 24)
    assert bytes(reset.rows[0]) == b"\xff\x00\x00"


def test_double_width_and_height_modes() -> None:
    paper = decode(raster(1, [b"\xa0"], mode=3), 16)
    assert [bytes(row) for row in paper.rows] == [b"\xcc\x00", b"\xcc\x00"]


def test_events_in_order_with_offsets_and_the_cut() -> None:
    stream = INIT + b"\x1bp\x00\x32\x32" + raster(1, [b"\xff"]) + b"\x1bJ\x02" + b"\x1dVB\x04"
    paper = decode(stream, 8, cut_distance=10)
    assert paper.kinds() == ["init", "drawer", "raster", "feed", "cut"]
    assert paper.first("drawer").offset == 2 and paper.first("drawer").value == (2, 50, 50)
    assert paper.first("raster").at == 0 and paper.first("feed").at == 1
    # GS V 66 4: the last row goes to the knife, plus 4 rows, then the cut.
    assert paper.cut_at == 3 + 4
    assert paper.last_ink_row() == 0
    old_style = decode(raster(1, [b"\xff"]) + b"\x1dV\x00", 8, cut_distance=10)
    assert old_style.first("cut").value == (0,) and old_style.cut_at == 1 - 10
