"""Render receipts as the printer gets them to docs/screenshots: the 80 mm demo receipt, and a
sale, a cash refund and a day-close slip on a 512-dot (80 mm, 180 dpi) and a 384-dot (58 mm)
head, the two widths where text runs out of room first.

Run: QT_QPA_PLATFORM=offscreen uv run python tools/screenshot_receipt.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from pos_app.domain.print_heads import HEAD_58_203, HEAD_80_180, HEAD_80_203, PrintHead
from pos_app.domain.receipt import ReceiptRow, build_receipt
from pos_app.domain.refund_receipt import build_refund_receipt
from pos_app.printing.render import render_image
from pos_app.printing.sample import (
    SAMPLE_CASH_PAYMENT,
    SAMPLE_CASH_REFUND,
    SAMPLE_MERCHANT,
    SAMPLE_MIXED_VAT_PAYMENT,
    SAMPLE_PAYMENT,
)

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def renderings() -> list[tuple[str, list[ReceiptRow], PrintHead]]:
    sale = build_receipt(SAMPLE_MERCHANT, SAMPLE_PAYMENT, "POS-01")
    refund = build_refund_receipt(
        SAMPLE_MERCHANT, SAMPLE_CASH_REFUND, SAMPLE_CASH_PAYMENT, "POS-01", "김하나"
    )
    # The day the day-close and stream tests settle: three tenders, a void, refunds, cash moves.
    sys.path.insert(0, str(OUT.parents[1]))
    from tests.printing.receipt_kinds import day_close_rows

    slip = day_close_rows()
    # 과세 + 면세 + a discount-excluded item, paid by Cheongju Pay: the VAT lines.
    mixed = build_receipt(SAMPLE_MERCHANT, SAMPLE_MIXED_VAT_PAYMENT, "POS-01")
    out: list[tuple[str, list[ReceiptRow], PrintHead]] = [
        ("receipt-80mm", sale, HEAD_80_203),
        ("receipt-mixed-vat-80mm", mixed, HEAD_80_203),
    ]
    for head in (HEAD_80_180, HEAD_58_203):
        out += [
            (f"receipt-sale-{head.dots}", sale, head),
            (f"receipt-mixed-vat-{head.dots}", mixed, head),
            (f"receipt-refund-cash-{head.dots}", refund, head),
            (f"day-close-slip-{head.dots}", slip, head),
        ]
    return out


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, rows, head in renderings():
        image = render_image(rows, head)
        path = OUT / f"{name}.png"
        if not image.save(str(path)):
            return 1
        print(f"{path} {image.width()}x{image.height()}")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
