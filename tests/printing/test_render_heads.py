"""Every receipt kind drawn at every print head: exactly the head's width, no ink beyond its
margins, long text wrapped (never clipped), the QR readable, the test page's ruler reaching
the head's last dot."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage

from pos_app.domain.merchant import MerchantProfile
from pos_app.domain.print_heads import HEAD_58_203, HEAD_80_180, HEAD_80_203, HEADS, PrintHead
from pos_app.domain.receipt import ReceiptRow, RowStyle, build_receipt, receipt_qr_text
from pos_app.domain.refund_receipt import build_refund_receipt
from pos_app.domain.refunds import RefundReason
from pos_app.printing.pdf import write_pdf
from pos_app.printing.render import Metrics, ReceiptPainter, render_image
from pos_app.printing.sample import (
    SAMPLE_CASH_PAYMENT,
    SAMPLE_CASH_REFUND,
    SAMPLE_MERCHANT,
    SAMPLE_PAYMENT,
    sample_page_rows,
)
from pos_app.scanning.decoders import gray_from_qimage, make_decoder
from tests.printing.test_day_close_slip import closed_slip

LONG_NAME = "청주 한빛마트 성안길본점 식품관 농협하나로유통 직영매장 (주)한빛유통"
LONG_ITEM = "국내산 한우 1++ 등심 구이용 냉장 500g 명절 선물세트 보자기포장"
LONG_NOTE = "포장이 찢어진 채로 배송되어 고객이 교환 대신 환불을 원함, 영수증과 카드 지참"
LONG_MERCHANT = replace(SAMPLE_MERCHANT, name=LONG_NAME)
LONG_PAYMENT = replace(
    SAMPLE_PAYMENT,
    items=(replace(SAMPLE_PAYMENT.items[0], name=LONG_ITEM), *SAMPLE_PAYMENT.items[1:]),
)
LONG_REFUND = replace(SAMPLE_CASH_REFUND, reason=RefundReason.OTHER, note=LONG_NOTE)


def refund_rows(merchant: MerchantProfile = SAMPLE_MERCHANT, refund=SAMPLE_CASH_REFUND):
    return build_refund_receipt(merchant, refund, SAMPLE_CASH_PAYMENT, "POS-01", "김하나")


KINDS: dict[str, Callable[[PrintHead], list[ReceiptRow]]] = {
    "sale": lambda _: build_receipt(SAMPLE_MERCHANT, SAMPLE_PAYMENT, "POS-01"),
    "sale-voided": lambda _: build_receipt(
        SAMPLE_MERCHANT, replace(SAMPLE_PAYMENT, voided=True), "POS-01"
    ),
    "sale-reprint": lambda _: build_receipt(
        SAMPLE_MERCHANT, SAMPLE_PAYMENT, "POS-01", reprint=True
    ),
    "sale-cash-change": lambda _: build_receipt(SAMPLE_MERCHANT, SAMPLE_CASH_PAYMENT, "POS-01"),
    "refund-cash": lambda _: refund_rows(),
    "day-close-slip": lambda _: closed_slip(),
    # The ruler alone goes to the head's edges on purpose (tested below); the rest keeps in.
    "test-page": lambda head: [
        row for row in sample_page_rows(None, head) if row.style is not RowStyle.RULER
    ],
    "long-sale": lambda _: build_receipt(LONG_MERCHANT, LONG_PAYMENT, "POS-01"),
    "long-refund": lambda _: refund_rows(LONG_MERCHANT, LONG_REFUND),
}
HEAD_IDS = {head: head.key for head in HEADS}


def ink_columns(image: QImage, top: int = 0, bottom: int | None = None) -> set[int]:
    frame = gray_from_qimage(image)
    width = image.width()
    data = frame.tobytes()
    rows = range(top, image.height() if bottom is None else bottom)
    return {x for y in rows for x in range(width) if data[y * width + x] < 128}


def ink_rows(image: QImage) -> list[int]:
    data = gray_from_qimage(image).tobytes()
    width = image.width()
    return [y for y in range(image.height()) if min(data[y * width : (y + 1) * width]) < 128]


@pytest.mark.parametrize("head", HEADS, ids=HEAD_IDS.get)
@pytest.mark.parametrize("kind", KINDS)
def test_every_receipt_fits_the_head_with_its_margins(qapp, kind: str, head: PrintHead) -> None:
    rows = KINDS[kind](head)
    image = render_image(rows, head)
    margin = Metrics.for_head(head).margin

    assert image.width() == head.dots
    columns = ink_columns(image)
    assert columns, "nothing drawn"
    assert min(columns) >= margin and max(columns) < head.dots - margin
    # The picture is as tall as what is drawn: a small margin at the foot, no long white run
    # (the paper is fed to the cutter by the printer, not by white rows).
    drawn = ink_rows(image)
    assert drawn[0] >= margin - 1
    assert image.height() - 1 - drawn[-1] <= 2 * margin + Metrics.for_head(head).gap


@pytest.mark.parametrize("head", HEADS, ids=HEAD_IDS.get)
@pytest.mark.parametrize("kind", ["sale", "sale-voided", "sale-cash-change", "long-sale"])
def test_the_qr_decodes_at_every_head(qapp, kind: str, head: PrintHead) -> None:
    image = render_image(KINDS[kind](head), head)
    texts = [found.text for found in make_decoder("zxing").decode(gray_from_qimage(image))]
    payment = SAMPLE_CASH_PAYMENT if kind == "sale-cash-change" else SAMPLE_PAYMENT
    assert receipt_qr_text(payment.payment_id) in texts


def pdf_lines(rows: list[ReceiptRow], head: PrintHead, path: Path) -> list[str]:
    write_pdf(rows, path, head)
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return [line.strip() for line in text.splitlines() if line.strip()]


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("head", HEADS, ids=HEAD_IDS.get)
def test_long_text_wraps_and_keeps_every_character(qapp, head: PrintHead, tmp_path) -> None:
    lines = pdf_lines(KINDS["long-refund"](head), head, tmp_path / "refund.pdf")
    joined = squeezed("".join(lines))
    assert squeezed(LONG_NAME) in joined and squeezed(LONG_NOTE) in joined
    # The long reason keeps its label: "환불사유" starts its own line, the reason follows.
    label = next(n for n, line in enumerate(lines) if line.startswith("환불사유"))
    assert squeezed("".join(lines[label:])).startswith(squeezed(f"환불사유기타({LONG_NOTE}"))
    sale = pdf_lines(KINDS["long-sale"](head), head, tmp_path / "sale.pdf")
    assert squeezed(LONG_ITEM) in squeezed("".join(sale)) and "18,900원" in "".join(sale)


@pytest.mark.parametrize("head", HEADS, ids=HEAD_IDS.get)
def test_a_long_shop_name_takes_more_lines_not_more_width(qapp, head: PrintHead) -> None:
    short = render_image(build_receipt(SAMPLE_MERCHANT, SAMPLE_PAYMENT, "POS-01"), head)
    long = render_image(build_receipt(LONG_MERCHANT, SAMPLE_PAYMENT, "POS-01"), head)
    title_lines = (long.height() - short.height()) / Metrics.for_head(head).title_px
    assert title_lines >= 1  # at least one more line of title, even on 80 mm


def test_a_value_too_wide_for_its_labels_line_goes_below_it(qapp) -> None:
    row = ReceiptRow("환불사유", "기타 (" + LONG_NOTE + ")")
    one = ReceiptPainter([ReceiptRow("환불사유", "상품 불량")], HEAD_58_203).height()
    two = ReceiptPainter([row], HEAD_58_203).height()
    # The label's line plus at least two lines of the value.
    assert two - one >= 2 * Metrics.for_head(HEAD_58_203).text_px


@pytest.mark.parametrize("head", HEADS, ids=HEAD_IDS.get)
def test_the_test_pages_ruler_reaches_the_heads_last_dot(qapp, head: PrintHead) -> None:
    rows = sample_page_rows(None, head)
    assert rows[1].style is RowStyle.RULER and rows[2].left.startswith(f"{head.dots}도트")
    image = render_image([ReceiptRow(style=RowStyle.RULER)], head)
    assert image.width() == head.dots
    columns = ink_columns(image)
    assert 0 in columns and head.dots - 1 in columns
    # A tick every millimetre from the first dot (a 2-dot tick at the edge ends on it).
    ticks = [head.mm_to_dots(mm) for mm in range(100) if head.mm_to_dots(mm) < head.dots]
    assert len(ticks) >= int(head.printable_mm)
    just_above_the_base_line = ink_rows(image)[-1] - 2  # every tick reaches down to it
    tick_columns = ink_columns(image, just_above_the_base_line, just_above_the_base_line + 1)
    assert all(min(x, head.dots - 2) in tick_columns for x in ticks)
    inner_ticks = [x for x in ticks[1:] if x < head.dots - 2]
    assert all(x - 1 not in tick_columns for x in inner_ticks)  # separate ticks, not a bar


def test_sizes_are_the_same_millimetres_on_every_80_mm_head() -> None:
    at_203, at_180 = Metrics.for_head(HEAD_80_203), Metrics.for_head(HEAD_80_180)
    for size in ("text_px", "title_px", "strong_px", "margin"):
        mm_203 = getattr(at_203, size) / HEAD_80_203.dpi
        mm_180 = getattr(at_180, size) / HEAD_80_180.dpi
        assert abs(mm_203 - mm_180) / mm_203 < 0.06, size


def test_a_cash_refund_names_no_approval_number() -> None:
    figures = {row.left: row.right for row in refund_rows()}
    assert "원 승인번호" not in figures and figures["원 결제금액"] == "33,860원"
    card = build_refund_receipt(SAMPLE_MERCHANT, SAMPLE_CASH_REFUND, SAMPLE_PAYMENT, "POS-01")
    assert {row.left: row.right for row in card}["원 승인번호"] == "A20261125-7731"
