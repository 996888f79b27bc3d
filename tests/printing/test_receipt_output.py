"""The rendered receipt as it leaves for the paper: ESC/POS bytes, PDF text, the QR."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from escpos.printer import Dummy
from pypdf import PdfReader
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter

from pos_app.domain.errors import UserFacingError
from pos_app.domain.print_heads import HEAD_58_203, HEAD_80_203, PrintHead
from pos_app.domain.printing import Connection, PrinterSettings
from pos_app.domain.receipt import build_receipt, parse_receipt_qr, receipt_qr_text, render_text
from pos_app.printing.escpos_output import EscposOutput, send_rows
from pos_app.printing.outputs import output_for
from pos_app.printing.pdf import write_pdf
from pos_app.printing.render import render_image
from pos_app.printing.sample import SAMPLE_MERCHANT as MERCHANT
from pos_app.printing.sample import SAMPLE_PAYMENT as PAYMENT
from pos_app.printing.system_printer import SystemPrinterOutput
from pos_app.scanning.decoders import gray_from_qimage, make_decoder
from tests.printing.escpos_decoder import decode

RESTRICTED = replace(MERCHANT, restricted=True, restricted_reason="연 매출 30억원 초과")

DRAWER = b"\x1bp\x00"  # ESC p, pin 2 (m = 0)


def rows(merchant=MERCHANT, payment=PAYMENT, **options):
    return build_receipt(merchant, payment, "POS-01", **options)


@pytest.mark.parametrize("head", [HEAD_58_203, HEAD_80_203], ids=lambda h: h.key)
def test_escpos_gets_the_picture_in_raster_bands_within_the_paper_width(
    qapp, head: PrintHead
) -> None:
    image = render_image(rows(), head)
    device = Dummy()

    send_rows(device, rows(), head, cut=True, open_drawer=False)
    out = device.output

    paper = decode(out, head.dots, head.dpi)
    bands = [event.value for event in paper.events if event.kind == "raster"]
    assert bands, "no GS v 0 raster image command"
    # Bands no wider than the paper (bytes per line <= dots / 8), white rows sent as feeds.
    assert all(x0 + width * 8 <= head.dots for width, _, x0 in bands)
    assert sum(height for _, height, _ in bands) < image.height()
    assert image.width() == head.dots
    assert out.startswith(b"\x1b@") and out[-4:-1] == b"\x1dVB"  # feed-and-cut last
    assert DRAWER not in out
    # No text mode at all: Korean never depends on the printer's code pages.
    assert "청주".encode("euc-kr") not in out and "청주".encode() not in out


def test_drawer_kick_comes_before_the_picture_when_asked(qapp) -> None:
    device = Dummy()
    send_rows(device, rows(), HEAD_80_203, cut=True, open_drawer=True)
    out = device.output
    assert out.index(DRAWER) < out.index(b"\x1dv0") and out.index(DRAWER) < 16
    assert out.count(DRAWER) == 1


def test_image_is_monochrome_and_not_blank(qapp) -> None:
    image = render_image(rows(), HEAD_80_203)
    assert image.format() is QImage.Format.Format_Mono
    pixels = bytes(gray_from_qimage(image))
    assert set(pixels) == {0, 255}
    dark = pixels.count(0) / len(pixels)
    assert 0.03 < dark < 0.4  # text and a QR, on mostly white paper


@pytest.mark.parametrize("head", [HEAD_58_203, HEAD_80_203], ids=lambda h: h.key)
def test_the_printed_qr_decodes_to_the_receipt_id(qapp, head: PrintHead) -> None:
    image = render_image(rows(), head)
    found = make_decoder("zxing").decode(gray_from_qimage(image))
    texts = [d.text for d in found]
    assert receipt_qr_text(PAYMENT.payment_id) in texts
    assert parse_receipt_qr(texts[0]) == PAYMENT.payment_id


def pdf_text(path: Path) -> str:
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


def test_pdf_has_the_receipts_text(qapp, tmp_path: Path) -> None:
    path = write_pdf(rows(), tmp_path / "r.pdf", HEAD_80_203)
    text = pdf_text(path)
    for expected in (
        "청주 한빛마트",
        "사업자등록번호 104-82-12347",
        "김하나",
        "30,924원",
        "-2,936원",
        "승인번호",
        "A20261125-7731",
        "20261125-0012",
        "캐시백 적립",
        "3,092원",
    ):
        assert expected in text, expected
    assert "미적립" not in text


def test_pdf_of_a_restricted_merchant_says_no_cashback(qapp, tmp_path: Path) -> None:
    pending = replace(
        PAYMENT, status="pending", approval_no=None, cashback=None, cashback_restricted=True
    )
    text = pdf_text(write_pdf(rows(RESTRICTED, pending), tmp_path / "r.pdf", HEAD_58_203))
    assert "캐시백 미적립 가맹점" in text
    assert "승인 대기" in text
    assert "캐시백 적립" not in text


def test_reprint_and_cash_change_are_on_the_paper(qapp, tmp_path: Path) -> None:
    cash = replace(PAYMENT, tender="cash", discount=0, discount_rate_bp=0, total=33_860)
    text = pdf_text(
        write_pdf(rows(payment=cash, reprint=True, cash_tendered=50_000), tmp_path / "c.pdf")
    )
    assert "재발행" in text
    assert "받은 금액 50,000원" in text
    assert "거스름돈 16,140원" in text
    recorded = replace(cash, tendered=40_000, change=6_140)
    lines = render_text(rows(payment=recorded))
    assert any("받은 금액" in line and "40,000원" in line for line in lines)
    assert any("거스름돈" in line and "6,140원" in line for line in lines)
    card = replace(PAYMENT, tender="card_terminal", tendered=None)
    assert not any("거스름돈" in line for line in render_text(rows(payment=card)))


def test_system_printer_gets_the_same_receipt(qapp, tmp_path: Path) -> None:
    """QPrinter writing a PDF stands in for a Windows printer driver."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "system.pdf"))
    SystemPrinterOutput(printer, HEAD_80_203).print_rows(rows(), open_drawer=True)
    text = pdf_text(tmp_path / "system.pdf")
    assert "사업자등록번호 104-82-12347" in text and "30,924원" in text


def test_the_settings_choose_the_output(qapp) -> None:
    with pytest.raises(UserFacingError) as none:
        output_for(PrinterSettings())
    assert none.value.code == "E871"
    network = PrinterSettings(connection=Connection.NETWORK, network_host="192.0.2.10")
    assert isinstance(output_for(network), EscposOutput)
    system = output_for(PrinterSettings(connection=Connection.SYSTEM, head=HEAD_58_203))
    assert isinstance(system, SystemPrinterOutput) and system.head == HEAD_58_203
    with pytest.raises(UserFacingError) as bad:
        output_for(PrinterSettings(connection=Connection.NETWORK))
    assert bad.value.code == "E875"
