"""The day-close slip: its figures, its ESC/POS raster and its PDF text."""

from __future__ import annotations

import re
from pathlib import Path

from escpos.printer import Dummy
from pypdf import PdfReader

from pos_app.domain.day_close import settle
from pos_app.domain.day_close_slip import build_day_close_slip
from pos_app.domain.print_heads import HEAD_58_203, HEAD_80_203
from pos_app.domain.receipt import cells, render_text
from pos_app.printing.escpos_output import send_rows
from pos_app.printing.pdf import write_pdf
from pos_app.printing.sample import SAMPLE_MERCHANT
from tests.domain.test_day_close import DAY_MOVES, DAY_REFUNDS, DAY_SALES, DAY_VOIDS
from tests.printing.escpos_decoder import decode


def closed_slip(counted: int = 140_500, pieces: dict[str, int] | None = None):
    day = settle(
        float_amount=100_000,
        sales=DAY_SALES,
        voids=DAY_VOIDS,
        refunds=DAY_REFUNDS,
        moves=DAY_MOVES,
        counted_cash=counted,
    )
    return build_day_close_slip(
        SAMPLE_MERCHANT,
        day,
        business_date="2026-11-25",
        opened_at="2026-11-24T23:00:00Z",  # 08:00 in Korea
        closed_at="2026-11-25T12:30:00Z",
        device_label="POS-01",
        pieces=pieces,
    )


def pairs(rows) -> dict[str, str]:
    return {row.left.strip(): row.right for row in rows if row.right}


def test_the_slip_carries_the_days_figures() -> None:
    rows = closed_slip(pieces={"50000": 2, "10000": 4, "500": 1})
    figures = pairs(rows)
    assert rows[1].left == "마감정산서"
    assert figures["개점"] == "2026-11-25 08:00" and figures["마감"] == "2026-11-25 21:30"
    assert figures["청주페이 (2건)"] == "22,000원"  # after its refund
    assert figures["현금 (1건)"] == "9,000원"  # after the void and the refund (kept: 1)
    assert figures["카드(단말기) (1건)"] == "30,000원"
    assert figures["순매출"] == "61,000원"
    assert figures["특별할인 제공"] == "3,000원"
    assert figures["환불 (2건)"] == "8,000원" and figures["결제취소 (1건)"] == "7,000원"
    assert figures["서버 거절·미수령 (1건)"] == "4,500원"
    assert figures["캐시백 (서버 확인)"] == "900원"
    assert figures["잔돈 교환"] == "50,000원" and figures["배달비"] == "-20,000원"
    assert figures["예상 현금"] == "139,000원" and figures["실제 현금"] == "140,500원"
    assert figures["과부족 (초과)"] == "1,500원"
    assert figures["50,000원 x 2"] == "100,000원" and "1,000원 x 0" not in figures
    assert figures["청주페이 승인 대기 2건"] == "23,000원"  # closing allowed; the slip says so


def test_a_short_drawer_and_an_open_day() -> None:
    short = pairs(closed_slip(counted=138_000))
    assert short["과부족 (부족)"] == "-1,000원"
    day = settle(float_amount=30_000, sales=[])
    interim = build_day_close_slip(
        SAMPLE_MERCHANT,
        day,
        business_date="2026-11-25",
        opened_at="2026-11-24T23:00:00Z",
        closed_at=None,
        device_label="POS-01",
    )
    assert interim[1].left == "중간정산서 (영업 중)"
    figures = pairs(interim)
    assert "마감" not in figures and "실제 현금" not in figures
    assert figures["예상 현금"] == "30,000원"
    assert "승인 대기 없음" in [row.left for row in interim]


def test_the_slip_fits_the_paper_as_text_and_as_a_raster(qapp) -> None:
    rows = closed_slip()
    lines = render_text(rows, 32)  # 58 mm paper: 32 cells, Hangul two each
    assert all(cells(line) <= 32 for line in lines)
    assert any(line.startswith("순매출") and line.endswith("61,000원") for line in lines)
    device = Dummy()
    send_rows(device, rows, HEAD_58_203, cut=True)
    paper = decode(device.output, HEAD_58_203.dots, HEAD_58_203.dpi)
    bands = [event.value for event in paper.events if event.kind == "raster"]
    assert bands and all(x0 + width * 8 <= HEAD_58_203.dots for width, _, x0 in bands)


def test_the_slips_pdf_reads_back_in_korean(qapp, tmp_path: Path) -> None:
    path = write_pdf(closed_slip(counted=138_000), tmp_path / "slip.pdf", HEAD_80_203)
    text = re.sub(r"\s+", " ", "".join(p.extract_text() for p in PdfReader(path).pages))
    expected_texts = ("마감정산서", "순매출 61,000원", "과부족 (부족) -1,000원", "승인 대기 2건")
    for expected in expected_texts:
        assert expected in text, expected
