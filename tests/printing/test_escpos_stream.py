"""The ESC/POS job as it leaves for the printer, read back by our own decoder.

Every slip kind at 384, 512 and 576 dots: ESC @ first, the drawer kick before the picture
for cash, bands of at most 256 rows with no white row at their edges, white as feeds, nothing
after the last ink but the feed-and-cut, no ink beyond the head, and the paper equal to the
rendered receipt dot for dot, with its QR readable.
"""

from __future__ import annotations

import copy

import pytest
from escpos.printer import Dummy

from pos_app.domain.errors import UserFacingError
from pos_app.domain.print_heads import HEAD_58_203, HEAD_80_180, HEAD_80_203, HEADS, PrintHead
from pos_app.domain.receipt import build_receipt
from pos_app.printing.escpos_output import send_rows
from pos_app.printing.escpos_stream import MAX_BAND, encode_job
from pos_app.printing.render import render_image
from pos_app.printing.sample import SAMPLE_MERCHANT, SAMPLE_PAYMENT
from pos_app.scanning.decoders import gray_frame, gray_from_qimage, make_decoder
from tests.printing.escpos_decoder import Paper, decode
from tests.printing.receipt_kinds import receipt_kinds

KINDS = receipt_kinds()
INIT = b"\x1b@"


def rendered_rows(rows, head: PrintHead) -> list[bytes]:
    """The renderer's picture as packed rows (1 = black), read through Qt's grey, not the
    encoder's own conversion, and without the white below the last ink."""
    image = render_image(rows, head)
    gray = bytes(gray_from_qimage(image))
    width = image.width()
    packed = []
    for y in range(image.height()):
        row = bytearray((head.dots + 7) // 8)
        for x in range(width):
            if gray[y * width + x] < 128:
                row[x // 8] |= 0x80 >> (x % 8)
        packed.append(bytes(row))
    while packed and not any(packed[-1]):
        packed.pop()
    return packed


def job(rows, head: PrintHead, *, open_drawer: bool, cut: bool = True) -> bytes:
    device = Dummy()
    send_rows(device, rows, head, cut=cut, open_drawer=open_drawer)
    return device.output


def raster_bands(stream: bytes, paper: Paper) -> list[list[bytes]]:
    bands = []
    for event in paper.events:
        if event.kind == "raster":
            width, height, _ = event.value
            data = stream[event.offset + 8 : event.offset + 8 + width * height]
            bands.append([data[y * width : (y + 1) * width] for y in range(height)])
    return bands


@pytest.fixture(scope="module")
def rendered(qapp) -> dict[tuple[str, str], list[bytes]]:
    return {
        (name, head.key): rendered_rows(rows, head)
        for name, (rows, _, _) in KINDS.items()
        for head in HEADS
    }


@pytest.mark.parametrize("head", HEADS, ids=lambda h: h.key)
@pytest.mark.parametrize("kind", list(KINDS))
def test_every_slip_decodes_to_the_rendered_paper(qapp, rendered, kind: str, head: PrintHead):
    rows, qr_text, drawer = KINDS[kind]
    stream = job(rows, head, open_drawer=drawer)
    paper = decode(stream, head.dots, head.dpi)  # fails on any byte it does not know
    kinds = paper.kinds()

    assert stream.startswith(INIT) and kinds[0] == "init"
    if drawer:
        assert kinds.index("drawer") < kinds.index("raster")
        assert paper.first("drawer").value[0] == 2 and paper.first("drawer").offset < 16
    else:
        assert "drawer" not in kinds

    for event, band in zip(
        (e for e in paper.events if e.kind == "raster"), raster_bands(stream, paper), strict=True
    ):
        width, height, x0 = event.value
        assert 0 < height <= MAX_BAND
        assert x0 + width * 8 <= head.dots, "raster beyond the head"
        # White rows went out as feeds, white columns were left off: each edge has ink.
        assert any(band[0]) and any(band[-1]), "a white row at a band's edge"
        assert any(row[-1] for row in band), "white bytes on a band's right"
        # On the left, a margin (GS L, 4 bytes) replaces white bytes when that saves bytes.
        white_left = next(i for i in range(width) if any(row[i] for row in band))
        assert white_left * height <= 8, "white bytes on a band's left worth a margin"

    last_raster = max(i for i, k in enumerate(kinds) if k == "raster")
    assert [k for k in kinds[last_raster + 1 :] if k != "margin"] == ["cut"]
    assert paper.first("cut").value[:1] == (66,)

    expected = rendered[(kind, head.key)]
    got = [bytes(row) for row in paper.rows]
    assert len(got) >= len(expected)
    assert got[: len(expected)] == expected, "the paper differs from the rendered receipt"
    assert not any(any(row) for row in got[len(expected) :])
    assert paper.last_ink_row() == len(expected) - 1

    if qr_text is not None:
        frame = gray_frame(paper.gray(len(expected)), head.dots, len(expected))
        assert qr_text in [found.text for found in make_decoder("zxing").decode(frame)]


def test_a_typical_80mm_sale_is_under_40_kb(qapp) -> None:
    rows = build_receipt(SAMPLE_MERCHANT, SAMPLE_PAYMENT, "POS-01")
    size = len(job(rows, HEAD_80_203, open_drawer=False))
    assert size < 40_000, size  # the whole picture, as sent before, was 85,558 bytes


def test_without_a_cut_the_last_row_is_fed_past_the_tear_bar(qapp) -> None:
    rows, _, _ = KINDS["sale"]
    stream = job(rows, HEAD_58_203, open_drawer=False, cut=False)
    paper = decode(stream, HEAD_58_203.dots)
    assert "cut" not in paper.kinds()
    tail = len(paper.rows) - 1 - paper.last_ink_row()
    assert HEAD_58_203.mm_to_dots(10) <= tail <= HEAD_58_203.mm_to_dots(20)


def test_a_tm_t88_and_a_margin_left_by_another_program_change_nothing(qapp, rendered) -> None:
    """GS P makes a feed a dot on a printer that starts in half dots; ESC @ clears a left
    margin and centring that another program left set."""
    rows, _, _ = KINDS["sale"]
    leftover = b"\x1dL\x40\x00\x1ba\x01\x1b3\x10"
    stream = leftover + job(rows, HEAD_80_180, open_drawer=False)
    paper = decode(stream, HEAD_80_180.dots, HEAD_80_180.dpi, unit_y=360)
    expected = rendered[("sale", HEAD_80_180.key)]
    assert [bytes(row) for row in paper.rows[: len(expected)]] == expected


# --- the encoder on hand-made pictures --------------------------------------------------


def commands_of(rows, **options) -> list[bytes]:
    return encode_job(rows, HEAD_58_203, **options)


def test_white_runs_become_feeds_and_trailing_white_is_not_sent() -> None:
    ink, white = b"\x00\xff" + bytes(46), bytes(48)
    picture = [white] * 3 + [ink] * 2 + [white] * 300 + [ink] + [white] * 500
    commands = commands_of(picture, drawer_pin=2)
    assert commands[:3] == [INIT, b"\x1dP\xcb\xcb", b"\x1bp\x00\x32\x32"]
    assert commands[3:] == [
        b"\x1bJ\x03",
        b"\x1dv0\x00\x02\x00\x02\x00" + b"\x00\xff" * 2,  # two bytes wide: no white right
        b"\x1bJ\xff",
        b"\x1bJ\x2d",  # 300 = 255 + 45
        b"\x1dv0\x00\x02\x00\x01\x00\x00\xff",
        b"\x1dVB" + bytes((HEAD_58_203.mm_to_dots(2),)),
    ]


def test_a_tall_ink_run_is_split_at_its_lightest_row_near_the_limit() -> None:
    heavy, light = b"\xff" * 48, b"\x80" + bytes(47)
    picture = [heavy] * 600
    picture[230] = light  # inside the last quarter of the first band's reach
    picture[100] = light  # too early: a band of 101 rows would waste commands
    bands = [c for c in commands_of(picture) if c.startswith(b"\x1dv0")]
    heights = [int.from_bytes(c[6:8], "little") for c in bands]
    assert heights[0] == 231 and all(h <= MAX_BAND for h in heights)
    assert sum(heights) == 600


def test_a_centred_band_gets_a_margin_that_is_reset_before_the_end() -> None:
    centred = bytes(20) + b"\xff" * 8 + bytes(20)
    picture = [centred] * 10 + [bytes(48), b"\x80" + bytes(47), bytes(48), centred]
    commands = commands_of(picture)
    assert commands[2:] == [
        b"\x1dL\xa0\x00",  # 20 bytes = 160 dots
        b"\x1dv0\x00\x08\x00\x0a\x00" + b"\xff" * 80,
        b"\x1bJ\x01",
        b"\x1dL\x00\x00",
        b"\x1dv0\x00\x01\x00\x01\x00\x80",
        b"\x1bJ\x01",
        # Even one row: its 20 white bytes on the left cost more than the margin.
        b"\x1dL\xa0\x00",
        b"\x1dv0\x00\x08\x00\x01\x00" + b"\xff" * 8,
        b"\x1dL\x00\x00",  # the next job, or another program, finds no margin
        b"\x1dVB\x10",
    ]


def test_a_blank_picture_is_only_the_start_and_the_cut() -> None:
    commands = commands_of([bytes(48)] * 100)
    assert commands == [INIT, b"\x1dP\xcb\xcb", b"\x1dVB\x10"]


# --- the printer's profile ---------------------------------------------------------------


def test_a_profile_narrower_than_the_head_is_refused_before_any_byte(qapp) -> None:
    device = Dummy()
    device.profile.profile_data = copy.deepcopy(device.profile.profile_data)
    device.profile.profile_data["media"]["width"]["pixels"] = 512  # an Epson TM-T88
    rows, _, _ = KINDS["cash_sale"]
    with pytest.raises(UserFacingError) as refused:
        send_rows(device, rows, HEAD_80_203, open_drawer=True)
    assert refused.value.code == "E875"
    assert "512도트" in refused.value.message("ko") and "576도트" in refused.value.message("ko")
    assert device.output == b""  # not even the drawer kick
    send_rows(device, rows, HEAD_80_180, open_drawer=True)  # the TM-T88's own head prints
    assert device.profile.profile_data["media"]["width"]["pixels"] == 512


def test_an_unknown_profile_width_learns_the_head_on_a_copy(qapp) -> None:
    device = Dummy()
    shared = device.profile.profile_data
    before = copy.deepcopy(shared)
    assert str(shared["media"]["width"]["pixels"]) == "Unknown"
    send_rows(device, KINDS["sale"][0], HEAD_58_203)
    assert device.profile.profile_data["media"]["width"]["pixels"] == 384
    assert shared == before  # the profile other devices share is untouched
    wider = Dummy()
    wider.profile.profile_data = {**shared, "media": {"width": {"pixels": 576}}}
    send_rows(wider, KINDS["sale"][0], HEAD_58_203)  # a narrower head fits a wide printer
    assert wider.profile.profile_data["media"]["width"]["pixels"] == 576
