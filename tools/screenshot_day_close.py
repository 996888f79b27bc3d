"""Screenshots of the day-close screen and the sales charts, in Korean, from a realistic
month of sales made through the app's own services (checkout in cash, on the card
terminal and in Cheongju Pay; a void; a refund; cash in and out); then the day is closed
and its slip and the refund receipt are rendered exactly as the 80 mm printer gets them.

Run: xvfb-run -a -s "-screen 0 1024x768x24" uv run python tools/screenshot_day_close.py \\
         [--size 1024x768]

The two screens are grabbed at ``--size`` (default 1024x768, the smallest counter screen the
app fits: docs/decisions.md), each on its own, as the whole window's room for them.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.domain.clock import unix_seconds
from pos_app.domain.day_close import DENOMINATIONS
from pos_app.domain.print_heads import HEAD_80_203
from pos_app.domain.refunds import RefundReason
from pos_app.printing.render import render_image
from pos_app.services.checkout import CheckoutService, open_checkout
from pos_app.services.day_close import DayCloseService
from pos_app.services.demo import DEMO_MANAGER_PIN, mint_demo_code, seed_demo
from pos_app.services.printing import PrintService
from pos_app.services.refunds import RefundService
from pos_app.services.sales_report import SalesReportService
from pos_app.store.database import connect
from pos_app.ui.day_close.sales_screen import SalesScreen
from pos_app.ui.day_close.screen import DayCloseScreen
from pos_app.ui.theme import apply_theme
from pos_app.ui.translations import LanguageSwitcher

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
NOW = datetime(2026, 11, 25, 9, 40, tzinfo=UTC)  # 18:40 KST


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def _sell(checkout: CheckoutService, rng: random.Random, clock: Clock) -> None:
    products = checkout.sale.search_products("")
    for product in rng.sample(products, rng.randint(1, 3)):
        checkout.sale.add_product(product, rng.choice((1, 1, 1, 2, 3)))
    tender = rng.choice(("cheongju_pay", "cheongju_pay", "cheongju_pay", "cash", "card"))
    if tender == "cash":
        total = checkout.sale.quote().subtotal
        checkout.pay_cash(-(-total // 10_000) * 10_000)  # a round note or two
    elif tender == "card":
        checkout.pay_card_terminal(True)
    else:
        checkout.pay_with_code(mint_demo_code(unix_seconds(clock())))


def seed(path: Path) -> tuple[DayCloseService, SalesReportService]:
    clock = Clock(NOW - timedelta(days=31))
    conn = connect(path)
    seed_demo(conn, clock)
    checkout = open_checkout(conn, clock, is_online=lambda: True)
    days = DayCloseService(conn, clock)
    rng = random.Random(25)
    for days_back in range(29, 0, -1):
        opening = (NOW - timedelta(days=days_back)).replace(hour=0, minute=0)  # 09:00 KST
        clock.now = opening
        days.open_day(100_000)
        weekend = opening.weekday() >= 5
        for minute in sorted(rng.sample(range(11 * 60), rng.randint(14, 34 if weekend else 24))):
            clock.now = opening + timedelta(minutes=minute)
            _sell(checkout, rng, clock)
        clock.now = opening + timedelta(hours=11, minutes=30)
        evening = days.settlement()
        assert evening is not None
        days.close_day(counted=evening.expected_cash)
    # Today, at the counter, through the day-close screen's own service.
    clock.now = NOW.replace(hour=0, minute=0)
    days.open_day(100_000)
    refunds = RefundService(conn, clock)
    for number, minute in enumerate(sorted(rng.sample(range(9 * 60 + 30), 26))):
        clock.now = NOW.replace(hour=0, minute=0) + timedelta(minutes=minute)
        _sell(checkout, rng, clock)
        if minute > 240 and conn.execute("SELECT COUNT(*) FROM refunds").fetchone()[0] == 0:
            last = checkout.last_payment()
            if last is not None and len(last.items) > 1:
                refunds.refund(
                    last.payment_id,
                    reason=RefundReason.DEFECTIVE,
                    approve=refunds.pin_approver(DEMO_MANAGER_PIN),
                    quantities={last.items[0].line_no: 1},
                )
        if (
            minute > 400
            and not conn.execute("SELECT 1 FROM payments WHERE voided_seq IS NOT NULL").fetchone()
        ):
            checkout.void_last_payment(DEMO_MANAGER_PIN, "잘못 찍음")
        if number == 6:
            days.cash_in(50_000, "은행에서 잔돈 교환")
    clock.now = NOW
    days.cash_out(32_000, "택배비 지급")
    return days, SalesReportService(conn, clock)


def _render_paper(days: DayCloseService, screen: DayCloseScreen) -> None:
    """Close the day with the count typed on the screen and render the two papers."""
    pieces = {value: int(screen.pieces[value].text() or 0) for value in DENOMINATIONS}
    days.close_day(pieces=pieces)
    printing = PrintService(days._conn, days._clock)
    closed = days.last_closed()
    assert closed is not None
    slip = printing.day_close_slip(closed.day_id).rows(False)
    render_image(slip, HEAD_80_203).save(str(OUT / "day-close-slip-80mm.png"))
    (refund_id,) = days._conn.execute("SELECT refund_id FROM refunds").fetchone()
    refund = printing.refund_receipt(refund_id).rows(False)
    render_image(refund, HEAD_80_203).save(str(OUT / "refund-receipt-80mm.png"))


def settle(app: QApplication) -> None:
    """Let the layouts settle: wrapped labels and scroll areas take a few passes."""
    for _ in range(20):
        app.processEvents()
        QTest.qWait(25)


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    return int(width), int(height)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=parse_size, default=(1024, 768), help="WxH")
    size = parser.parse_args().size
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_theme(app)  # type: ignore[arg-type]
    LanguageSwitcher(app).apply("ko")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        days, sales = seed(Path(folder) / "pos.sqlite3")
        screen = DayCloseScreen(days, "ko")
        screen.resize(*size)
        settlement = days.settlement()
        assert settlement is not None
        # The cashier counts the drawer: a 1,000 won note short of what it should hold.
        left = settlement.expected_cash - 1_000
        for value in DENOMINATIONS:
            pieces, left = divmod(left, value)
            screen.pieces[value].setText(str(pieces))
        screen.show()
        settle(app)
        screen.grab().save(str(OUT / "day-close.png"))
        charts = SalesScreen(sales, "ko")
        charts.resize(*size)
        charts.show()
        settle(app)
        charts.grab().save(str(OUT / "sales-charts.png"))
        screen.close()
        charts.close()
        _render_paper(days, screen)
    print(OUT / "day-close.png", OUT / "sales-charts.png", OUT / "day-close-slip-80mm.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
