"""Decoders on synthetic frames: a Cheongju Pay payment code and product barcodes.

Frames are drawn from the symbols' module patterns (``tests/scanning/drawing.py``), so the
tests know the exact content and need no image files. Every test that reads codes runs once
per decoder; a decoder that cannot run on this machine (pyzbar without libzbar) is skipped
with the reason.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from pos_app.scanning.decoders import (
    Decoded,
    Decoder,
    DecoderUnavailable,
    PyzbarDecoder,
    available_decoders,
    decode_image_file,
    gray_frame,
    gray_from_qimage,
    make_decoder,
)
from pos_app.services.demo import mint_demo_code
from tests.scanning.drawing import (
    WHITE,
    ean_frame,
    qr_frame,
    to_qimage,
    with_check_digit,
)

ISSUED_AT = 1_764_000_000  # any fixed instant: the decoders do not verify the code


# --------------------------------------------------------------------------------------------
# Decoders


@pytest.fixture(params=sorted(available_decoders()))
def decoder(request: pytest.FixtureRequest) -> Decoder:
    reason = available_decoders()[request.param]
    if reason is not None:
        pytest.skip(f"{request.param} unavailable: {reason}")
    return make_decoder(request.param)


def test_default_decoder_is_zxing() -> None:
    assert make_decoder().name == "zxing"
    assert available_decoders()["zxing"] is None


def test_reads_a_payment_code(decoder: Decoder) -> None:
    code = mint_demo_code(ISSUED_AT)
    assert len(code) == 169 and code.isupper()
    assert decoder.decode(qr_frame(code)) == [
        Decoded(text=code, raw=code.encode("ascii"), format="QRCode")
    ]


def test_reads_utf8_text_in_a_qr_code(decoder: Decoder) -> None:
    found = decoder.decode(qr_frame("청주페이 가맹점"))
    assert [(d.text, d.format) for d in found] == [("청주페이 가맹점", "QRCode")]


@pytest.mark.parametrize(
    ("digits", "fmt"),
    [("880123456789", "EAN13"), ("590123412345", "EAN13"), ("8801234", "EAN8")],
)
def test_reads_product_barcodes(decoder: Decoder, digits: str, fmt: str) -> None:
    code = with_check_digit(digits)
    found = decoder.decode(ean_frame(code))
    assert [(d.text, d.format) for d in found] == [(code, fmt)]


def test_reads_upc_a(decoder: Decoder) -> None:
    # A UPC-A symbol is an EAN-13 whose first digit is 0; every decoder reports its 12 digits.
    upc = with_check_digit("03600029145")
    found = decoder.decode(ean_frame("0" + upc))
    assert [(d.text, d.format) for d in found] == [(upc, "UPCA")]


def test_blank_frame_has_no_codes(decoder: Decoder) -> None:
    assert decoder.decode(gray_frame(bytes([WHITE]) * (320 * 240), 320, 240)) == []


def test_frame_must_be_2d_bytes() -> None:
    with pytest.raises(ValueError, match="2-D"):
        make_decoder().decode(memoryview(bytes(100)))
    with pytest.raises(ValueError, match="expected"):
        gray_frame(bytes(99), 10, 10)


def test_gray_from_qimage_drops_row_padding() -> None:
    # Qt pads each Grayscale8 row to a multiple of 4 bytes; this QR is not that wide.
    source = qr_frame("PADDING TEST", scale=3)
    height, width = source.shape
    assert width % 4 != 0
    image = to_qimage(source).convertToFormat(QImage.Format.Format_RGB32)
    frame = gray_from_qimage(image)
    assert frame.shape == (height, width)
    assert frame.tobytes() == source.tobytes()
    assert make_decoder().decode(frame)[0].text == "PADDING TEST"


def test_unknown_decoder_name() -> None:
    with pytest.raises(DecoderUnavailable, match="unknown decoder"):
        make_decoder("nope")


def test_pyzbar_without_libzbar_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes the import fail the way a missing libzbar does.
    monkeypatch.setitem(sys.modules, "pyzbar", None)
    monkeypatch.setitem(sys.modules, "pyzbar.pyzbar", None)
    with pytest.raises(DecoderUnavailable) as caught:
        PyzbarDecoder()
    message = str(caught.value)
    assert "libzbar0" in message and "라이브러리" in message
    assert available_decoders()["pyzbar"] == message


# --------------------------------------------------------------------------------------------
# decode_image_file


def test_decode_image_file_reads_a_png(tmp_path: Path, decoder: Decoder) -> None:
    code = mint_demo_code(ISSUED_AT)
    path = tmp_path / "code.png"
    assert to_qimage(qr_frame(code)).save(str(path))
    result = decode_image_file(path, decoder)
    assert json.loads(json.dumps(result)) == result
    assert result["text"] == code and result["format"] == "QRCode"
    assert result["file"] == str(path) and result["decoder"] == decoder.name
    assert result["ms"] >= 0 and "reason" not in result


def test_decode_image_file_without_a_code(tmp_path: Path, decoder: Decoder) -> None:
    path = tmp_path / "blank.jpg"
    assert to_qimage(gray_frame(bytes([WHITE]) * (64 * 48), 64, 48)).save(str(path))
    result = decode_image_file(path, decoder)
    assert result["text"] is None and result["reason"] == "no_code_found"


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n this is not really a png"])
def test_decode_image_file_corrupt_or_missing(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(content)
    for target in (path, tmp_path / "missing.png"):
        result = decode_image_file(target, make_decoder())
        assert result["text"] is None and result["ms"] is None
        assert result["reason"].startswith("unreadable_image")
        json.dumps(result)
