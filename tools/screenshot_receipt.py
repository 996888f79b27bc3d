"""Render the 80 mm demo receipt (Korean, special discount, cashback) to docs/screenshots.

Run: QT_QPA_PLATFORM=offscreen uv run python tools/screenshot_receipt.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from pos_app.domain.print_heads import HEAD_80_203
from pos_app.domain.receipt import build_receipt
from pos_app.printing.render import render_image
from pos_app.printing.sample import SAMPLE_MERCHANT, SAMPLE_PAYMENT

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots" / "receipt-80mm.png"


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    image = render_image(build_receipt(SAMPLE_MERCHANT, SAMPLE_PAYMENT, "POS-01"), HEAD_80_203)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(OUT)):
        return 1
    print(f"{OUT} {image.width()}x{image.height()}")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
