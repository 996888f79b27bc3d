"""The Sale: one cart for whoever takes its payment, edited through its own methods, and a
payment body built for exactly the payment being recorded."""

from __future__ import annotations

from pos_app.domain.clock import Clock
from pos_app.domain.receipt import ReceiptRow
from pos_app.domain.tenders import Tender
from pos_app.services.checkout import CheckoutService, open_checkout
from pos_app.services.demo import seed_demo
from pos_app.services.merchant_settings import MerchantSettings
from pos_app.services.sale import Sale
from pos_app.store import settings as store_settings
from pos_app.store.database import connect, write_transaction

MILK = "8808123000134"  # 우유 1L, 2,980


def test_the_screen_edits_the_sale_through_its_methods(service: CheckoutService) -> None:
    sale = service.sale
    service.handle_scan(MILK)
    sale.add_amount(1_000, "기타")
    sale.set_quantity(0, 3)
    assert [(line.name, line.quantity) for line in sale.lines] == [("우유 1L", 3), ("기타", 1)]
    sale.remove(1)
    assert len(sale) == 1 and not sale.is_empty()
    sale.clear()
    assert sale.is_empty()
    assert not hasattr(sale, "cart")  # the cart is the sale's own


def test_each_payment_body_is_built_for_its_caller(service: CheckoutService) -> None:
    sale = service.sale
    service.handle_scan(MILK)
    priced = sale.quote(Tender.CHEONGJU_PAY)
    qr_body = sale.merchant_qr_payment_body(priced, "req-1")
    # The receipt number and business date are given when the server says paid.
    assert "receipt_no" not in qr_body and "business_date" not in qr_body
    assert qr_body["mpm_request_id"] == "req-1"
    assert qr_body["payment_code"] is None and qr_body["offline"] is False
    counter_body = sale.counter_payment_body(
        sale.quote(Tender.CASH),
        receipt_no="20261125-0001",
        business_date="2026-11-25",
        code=None,
        scanned_at=0,
        offline=True,
    )
    assert counter_body["receipt_no"] == "20261125-0001"
    assert counter_body["tender"] == "cash" and "mpm_request_id" not in counter_body
    assert counter_body["lines"] == qr_body["lines"]


def receipt_till(rows: list[ReceiptRow]) -> str:
    (row,) = [row for row in rows if row.left == "단말기"]
    return row.right


def test_the_receipt_names_the_till_as_enrolled_or_as_enrolment_names_a_blank_one(
    tmp_path, clock: Clock
) -> None:
    conn = connect(tmp_path / "pos.sqlite3")
    seed_demo(conn, clock)
    with write_transaction(conn):
        conn.execute("DELETE FROM settings WHERE key = ?", (store_settings.DEVICE_LABEL,))
    checkout = open_checkout(conn, clock)
    checkout.handle_scan(MILK)
    paid = checkout.pay_cash(3_000)
    assert receipt_till(checkout.receipt(paid)) == store_settings.UNNAMED_DEVICE
    with write_transaction(conn):
        store_settings.set_value(conn, store_settings.DEVICE_LABEL, "계산대 2")
    settings = MerchantSettings(conn)
    assert settings.device_label == "계산대 2"
    named = CheckoutService(conn, Sale(conn, clock, settings))
    assert receipt_till(named.receipt(paid)) == "계산대 2"
    conn.close()
