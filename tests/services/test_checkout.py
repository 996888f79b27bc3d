"""Checkout on a demo-seeded file: scanning, pricing, offline payment rules, and voids."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import FIXED_NOW, demo_catalog, fixed_clock, open_copy
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.clock import unix_seconds
from pos_app.domain.errors import UserFacingError
from pos_app.domain.hangul_ime import compose_dubeolsik
from pos_app.domain.mpm import CheongjuPayRequest, build_cheongju_mpm
from pos_app.domain.offline_rules import OfflineLimits
from pos_app.domain.payment_code import KeySet, mint_payment_code, parse_payment_code
from pos_app.domain.records import PaymentRecord
from pos_app.domain.scan import ScanKind
from pos_app.domain.staff import Role
from pos_app.services.checkout import CheckoutService, ScanAction, open_checkout
from pos_app.services.demo import (
    DEMO_ISSUER_KEY_ID,
    DEMO_ISSUER_SEED,
    DEMO_MANAGER_PIN,
    DEMO_WALLET_ID,
    mint_demo_code,
)
from pos_app.services.staff import StaffService
from pos_app.store import settings as store_settings
from pos_app.store.database import write_transaction
from pos_app.store.journal import iter_events, journal_head, verify_journal
from pos_app.store.projection import (
    PAYMENT,
    PAYMENT_VOID,
    PRODUCT_UPSERT,
    rebuild_projections,
    record,
)

ISSUED = unix_seconds(FIXED_NOW)

BULGOGI = "8808123000103"  # 한우 불고기 300g, 18,900
MILK = "8808123000134"  # 우유 1L, 2,980
TOBACCO = "8808123000356"  # 담배, 4,500, excluded from the discount
SPROUTS = "2000000000015"  # 국산 콩나물 300g, 1,500: in-store GS1 number (prefix 2)
TTEOK = "CJ-TTEOK6"  # 찹쌀떡 6입, 6,000: the shop's own code

# One 한우 불고기 after the 10 % discount: 18,900 - 1,890.
BULGOGI_TOTAL = 17_010

CATALOG = demo_catalog()


def code(*, issued_at: int = ISSUED, offline_limit: int = 50_000, ttl: int = 180) -> str:
    return mint_demo_code(issued_at, offline_limit=offline_limit, ttl_seconds=ttl)


def foreign_code(key_id: int) -> str:
    """Signed with a key that is not the demo issuer's."""
    return mint_payment_code(
        bytes(range(32)), key_id=key_id, wallet_id=7, token_id=bytes(16), issued_at=ISSUED
    )


def ring(service: CheckoutService, *barcodes: str) -> None:
    for barcode in barcodes:
        outcome = service.handle_scan(barcode)
        assert outcome.action is ScanAction.PRODUCT_ADDED


def pay(service: CheckoutService, text: str) -> PaymentRecord:
    outcome = service.handle_scan(text)
    assert outcome.action is ScanAction.PAYMENT_RECORDED
    assert outcome.payment is not None
    return outcome.payment


def set_limits(db: sqlite3.Connection, service: CheckoutService, limits: OfflineLimits) -> None:
    with write_transaction(db):
        store_settings.save_offline_limits(db, limits)
    service.settings.reload()


def recorded_state(db: sqlite3.Connection) -> tuple[object, ...]:
    return (
        journal_head(db),
        db.execute("SELECT COUNT(*) FROM payments").fetchone()[0],
        db.execute("SELECT COUNT(*) FROM payment_items").fetchone()[0],
        db.execute("SELECT COUNT(*) FROM used_payment_codes").fetchone()[0],
    )


def refused(service: CheckoutService, db: sqlite3.Connection, scan: str) -> UserFacingError:
    """Scan something checkout must refuse; prove nothing was recorded and the cart kept."""
    before, lines = recorded_state(db), service.sale.lines
    with pytest.raises(UserFacingError) as caught:
        service.handle_scan(scan)
    assert recorded_state(db) == before
    assert service.sale.lines == lines
    return caught.value


# --- ringing up ---------------------------------------------------------------------------


def test_scanning_an_ean13_adds_the_product(service: CheckoutService) -> None:
    outcome = service.handle_scan(BULGOGI + "\r\n")  # scanners end with CR/LF

    assert outcome.action is ScanAction.PRODUCT_ADDED
    assert outcome.scan.kind is ScanKind.EAN13
    assert outcome.product is not None
    assert (outcome.product.name, outcome.product.price) == ("한우 불고기 300g", 18_900)
    assert outcome.line_index == 0
    [line] = service.sale.lines
    assert (line.product_id, line.unit_price, line.quantity) == ("P0010", 18_900, 1)


def test_scanning_the_same_product_again_bumps_its_quantity(service: CheckoutService) -> None:
    ring(service, MILK, BULGOGI)

    outcome = service.handle_scan(MILK)

    assert outcome.line_index == 0
    assert [(line.name, line.quantity) for line in service.sale.lines] == [
        ("우유 1L", 2),
        ("한우 불고기 300g", 1),
    ]


def test_in_store_gs1_number_is_looked_up_as_a_store_code(service: CheckoutService) -> None:
    outcome = service.handle_scan(SPROUTS)

    assert outcome.scan.kind is ScanKind.STORE_CODE
    assert outcome.product is not None and outcome.product.name == "국산 콩나물 300g"


@pytest.mark.parametrize("typed", [TTEOK, "cj-tteok6", compose_dubeolsik(TTEOK)])
def test_store_code_is_found_whatever_the_keyboard_did(
    service: CheckoutService, typed: str
) -> None:
    outcome = service.handle_scan(typed)

    assert outcome.scan.kind is ScanKind.STORE_CODE
    assert outcome.product is not None and outcome.product.product_id == "P0038"


@pytest.mark.parametrize("korean", ["사과 1kg", "감사합니다", "청주시 상당구 상당로 155", "사과"])
def test_korean_text_is_refused_as_it_was_scanned(
    db: sqlite3.Connection, service: CheckoutService, korean: str
) -> None:
    ring(service, MILK)
    error = refused(service, db, korean + "\r\n")
    assert (error.code, error.params["code"]) == ("E209", korean)
    assert korean in error.display("ko")  # the cashier sees the Korean, not its keys


def test_hangul_whose_keys_are_no_catalog_code_is_not_a_store_code(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    typed = compose_dubeolsik("CJ-TTEOK9")  # shaped like the shop's codes, but not one
    error = refused(service, db, typed)
    assert (error.code, error.params["code"]) == ("E209", typed)


def test_upc_a_and_its_ean13_form_find_the_same_product(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    with write_transaction(db):
        record(
            db,
            PRODUCT_UPSERT,
            {
                "product_id": "IMP-1",
                "name": "수입 탄산음료",
                "price": 2_500,
                "codes": ["0012345678905"],
            },
            occurred_at=FIXED_NOW,
        )

    upc = service.handle_scan("012345678905")
    ean = service.handle_scan("0012345678905")

    assert upc.scan.kind is ScanKind.UPCA and ean.scan.kind is ScanKind.EAN13
    assert upc.product == ean.product
    assert upc.product is not None and upc.product.product_id == "IMP-1"
    assert [(line.product_id, line.quantity) for line in service.sale.lines] == [("IMP-1", 2)]


def test_ean8_is_its_own_number_space(db: sqlite3.Connection, service: CheckoutService) -> None:
    with write_transaction(db):
        record(
            db,
            PRODUCT_UPSERT,
            {"product_id": "E8", "name": "껌", "price": 1_000, "codes": ["96385074"]},
            occurred_at=FIXED_NOW,
        )

    assert service.handle_scan("96385074").product is not None
    error = refused(service, db, "0000096385074")  # the same digits padded to 13
    assert error.key == "scan.unknown_product"


def test_unknown_barcode_is_refused(db: sqlite3.Connection, service: CheckoutService) -> None:
    error = refused(service, db, "8801234567893")  # valid check digit, not in the catalog

    assert error.key == "scan.unknown_product"
    assert error.params == {"code": "8801234567893"}
    assert service.sale.is_empty()


def test_inactive_product_cannot_be_scanned(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    with write_transaction(db):
        record(
            db,
            PRODUCT_UPSERT,
            {
                "product_id": "P0013",
                "name": "우유 1L",
                "price": 2_980,
                "active": False,
                "codes": [MILK],
            },
            occurred_at=FIXED_NOW,
        )

    assert refused(service, db, MILK).key == "scan.unknown_product"


def test_bad_check_digit_is_refused(db: sqlite3.Connection, service: CheckoutService) -> None:
    error = refused(service, db, "8808123000104")  # 불고기 with the last digit off by one

    assert error.key == "scan.bad_check_digit"
    assert error.code == "E213"


def test_unrecognised_scan_is_refused(db: sqlite3.Connection, service: CheckoutService) -> None:
    assert refused(service, db, "hello world!").key == "scan.unrecognised"


def test_paying_with_an_empty_cart_is_refused(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    assert refused(service, db, code()).key == "checkout.empty_cart"


# --- a discounted payment -----------------------------------------------------------------


def test_discounted_payment_is_priced_and_recorded_consistently(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    ring(service, BULGOGI, MILK, MILK, TOBACCO)
    shown = service.sale.quote()
    text = code()

    payment = pay(service, text)

    # 18,900 + 2 x 2,980 + 4,500 (담배, excluded) = 29,360; eligible 24,860.
    assert (shown.subtotal, shown.eligible) == (29_360, 24_860)
    assert (shown.discount, shown.total) == (2_486, 26_874)
    assert shown.cashback_preview == 2_687  # 10 % of 26,874, rounded down
    assert payment.subtotal == 29_360
    assert payment.eligible == 24_860
    assert payment.discount == 2_486
    assert payment.discount_rate_bp == 1_000
    assert payment.total == 26_874
    assert payment.cashback_preview == 2_687
    assert payment.receipt_no == "20261125-0001"
    assert payment.business_date == "2026-11-25"  # 00:30 in Korea
    assert payment.paid_at == "2026-11-24T15:30:00.000Z"
    assert (payment.tender, payment.status, payment.offline) == ("cheongju_pay", "pending", True)
    assert (payment.voided, payment.approval_no, payment.wallet_id) == (
        False,
        None,
        str(DEMO_WALLET_ID),
    )
    assert [(i.line_no, i.product_id, i.quantity, i.amount, i.excluded_from_discount)
            for i in payment.items] == [
        (1, "P0010", 1, 18_900, False),
        (2, "P0013", 2, 5_960, False),
        (3, "P0035", 1, 4_500, True),
    ]  # fmt: skip
    assert service.sale.is_empty()

    # The journal event, the payment row, its items and the used code all agree.
    event = list(iter_events(db))[-1]
    assert (event.type, event.event_id, event.seq) == (PAYMENT, payment.payment_id, payment.seq)
    body = event.body
    for field in ("receipt_no", "business_date", "subtotal", "eligible", "discount", "total"):
        assert body[field] == getattr(payment, field)
    assert body["cashback_preview"] == payment.cashback_preview
    assert [line["amount"] for line in body["lines"]] == [item.amount for item in payment.items]
    assert [line["name"] for line in body["lines"]] == [item.name for item in payment.items]
    token = parse_payment_code(text).token_id_hex
    assert body["payment_code"]["token_id"] == token
    assert body["payment_code"]["key_id"] == DEMO_ISSUER_KEY_ID
    used = db.execute("SELECT * FROM used_payment_codes").fetchall()
    assert [tuple(row) for row in used] == [(token, payment.payment_id, ISSUED)]
    assert verify_journal(db) is None
    assert service.unsynced() == (1, 26_874)
    assert service.last_payment() == payment


def test_second_payment_gets_the_next_receipt_number(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    ring(service, MILK)
    first = pay(service, code())
    ring(service, TTEOK)
    second = pay(service, code())

    assert (first.receipt_no, second.receipt_no) == ("20261125-0001", "20261125-0002")
    assert second.seq == first.seq + 1
    assert service.unsynced() == (2, first.total + second.total)


def test_discount_is_rounded_down_to_whole_won(service: CheckoutService) -> None:
    service.sale.add_amount(12_345, "기타 상품")

    payment = pay(service, code())

    assert (payment.eligible, payment.discount, payment.total) == (12_345, 1_234, 11_111)
    assert payment.cashback_preview == 1_111
    assert payment.items[0].product_id is None


@pytest.mark.parametrize(
    ("moment", "receipt_no", "business_date"),
    [
        (datetime(2026, 11, 24, 14, 59, 59, tzinfo=UTC), "20261124-0001", "2026-11-24"),
        (datetime(2026, 11, 24, 15, 0, 0, tzinfo=UTC), "20261125-0001", "2026-11-25"),
        (FIXED_NOW, "20261125-0001", "2026-11-25"),
    ],
    ids=["23:59:59 KST", "midnight KST", "00:30 KST"],
)
def test_business_date_is_the_korean_date(
    db: sqlite3.Connection, moment: datetime, receipt_no: str, business_date: str
) -> None:
    service = open_checkout(db, fixed_clock(moment))
    ring(service, MILK)

    payment = pay(service, code(issued_at=unix_seconds(moment)))

    assert (payment.receipt_no, payment.business_date) == (receipt_no, business_date)


def test_receipt_numbers_restart_on_a_new_business_day(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    late_evening = datetime(2026, 11, 24, 14, 59, tzinfo=UTC)  # 23:59 KST
    service.clock = fixed_clock(late_evening)
    ring(service, MILK)
    yesterday = pay(service, code(issued_at=unix_seconds(late_evening)))
    service.clock = fixed_clock(FIXED_NOW)
    ring(service, MILK)
    today_first = pay(service, code())
    ring(service, MILK)
    today_second = pay(service, code())

    assert [p.receipt_no for p in (yesterday, today_first, today_second)] == [
        "20261124-0001",
        "20261125-0001",
        "20261125-0002",
    ]


@pytest.mark.parametrize(
    ("moment", "discount"),
    [
        (datetime(2026, 12, 31, 14, 59, 59, tzinfo=UTC), 1_890),  # 23:59:59 on 12-31 KST
        (datetime(2026, 12, 31, 15, 0, 0, tzinfo=UTC), 0),  # 2027-01-01 in Korea
    ],
)
def test_discount_period_ends_on_the_korean_date(
    db: sqlite3.Connection, moment: datetime, discount: int
) -> None:
    service = open_checkout(db, fixed_clock(moment))  # demo discount: all of 2026
    ring(service, BULGOGI)

    payment = pay(service, code(issued_at=unix_seconds(moment)))

    assert payment.discount == discount
    assert payment.discount_rate_bp == (1_000 if discount else 0)
    assert payment.total == 18_900 - discount


def test_restricted_merchant_previews_no_cashback(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    assert service.settings.merchant is not None
    with write_transaction(db):
        store_settings.save_merchant(db, replace(service.settings.merchant, restricted=True))
    service.settings.reload()
    ring(service, BULGOGI)

    payment = pay(service, code())

    assert (payment.total, payment.cashback_preview) == (BULGOGI_TOTAL, 0)
    assert payment.cashback_restricted
    assert any(row.left == "캐시백 미적립 가맹점" for row in service.receipt(payment))
    # The restriction lifted: a reprint still tells that this sale earned nothing, and the
    # rebuilt projection keeps it (it comes from the journal).
    with write_transaction(db):
        store_settings.save_merchant(db, replace(service.settings.merchant, restricted=False))
    service.settings.reload()
    again = service.payment(payment.payment_id)
    assert again is not None and again.cashback_restricted
    assert any(row.left == "캐시백 미적립 가맹점" for row in service.receipt(again))
    with write_transaction(db):
        rebuild_projections(db)
    rebuilt = service.payment(payment.payment_id)
    assert rebuilt is not None and rebuilt.cashback_restricted


# --- codes and limits that refuse a payment -----------------------------------------------


def test_a_code_pays_only_once(db: sqlite3.Connection, service: CheckoutService) -> None:
    text = code()
    ring(service, MILK)
    pay(service, text)
    ring(service, MILK)

    assert refused(service, db, text).key == "cpm.already_used"
    # Caps Lock does not make it a new code.
    assert refused(service, db, text.lower()).key == "cpm.already_used"


def test_expired_code_is_refused(db: sqlite3.Connection, service: CheckoutService) -> None:
    ring(service, MILK)

    assert refused(service, db, code(issued_at=ISSUED - 600)).key == "cpm.expired"


def test_code_from_the_future_is_refused(db: sqlite3.Connection, service: CheckoutService) -> None:
    ring(service, MILK)

    assert refused(service, db, code(issued_at=ISSUED + 120)).key == "cpm.not_yet_valid"


def test_code_from_an_unknown_key_is_refused(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    ring(service, MILK)

    assert refused(service, db, foreign_code(key_id=123)).key == "cpm.unknown_key"


def test_forged_signature_is_refused(db: sqlite3.Connection, service: CheckoutService) -> None:
    ring(service, MILK)

    assert refused(service, db, foreign_code(DEMO_ISSUER_KEY_ID)).key == "cpm.bad_signature"


def test_online_only_code_is_refused_offline(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    ring(service, MILK)

    assert refused(service, db, code(offline_limit=0)).key == "cpm.online_only"


def test_amount_over_the_codes_offline_limit_is_refused(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    ring(service, BULGOGI)

    error = refused(service, db, code(offline_limit=10_000))

    assert error.key == "cpm.over_offline_limit"
    assert error.params == {"limit": "10,000원", "amount": "17,010원"}


def test_amount_equal_to_the_codes_offline_limit_pays(service: CheckoutService) -> None:
    ring(service, BULGOGI)

    assert pay(service, code(offline_limit=BULGOGI_TOTAL)).total == BULGOGI_TOTAL


def test_amount_over_the_merchant_floor_limit_is_refused(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    ring(service, BULGOGI, BULGOGI, BULGOGI)  # 56,700 - 5,670 = 51,030 > 50,000

    error = refused(service, db, code(offline_limit=100_000))

    assert error.key == "checkout.over_floor_limit"
    assert error.params == {"limit": "50,000원", "amount": "51,030원"}


@pytest.mark.parametrize(
    ("cap", "second_pays"),
    [(2 * BULGOGI_TOTAL - 1, False), (2 * BULGOGI_TOTAL, True)],
    ids=["one-won-over", "exactly-at-cap"],
)
def test_unsynced_total_is_capped(
    db: sqlite3.Connection, service: CheckoutService, cap: int, second_pays: bool
) -> None:
    set_limits(db, service, OfflineLimits(floor_limit=50_000, unsynced_cap=cap))
    ring(service, BULGOGI)
    pay(service, code())
    ring(service, BULGOGI)

    if second_pays:
        assert pay(service, code()).total == BULGOGI_TOTAL
        assert service.unsynced() == (2, cap)
    else:
        assert refused(service, db, code()).key == "checkout.over_unsynced_cap"
        assert service.unsynced() == (1, BULGOGI_TOTAL)


def test_default_unsynced_cap_is_500000(db: sqlite3.Connection, service: CheckoutService) -> None:
    for _ in range(11):
        service.sale.add_amount(50_000, "기타 상품")  # 45,000 after the discount
        pay(service, code())
    assert service.unsynced() == (11, 495_000)
    service.sale.add_amount(6_000, "추가")  # 5,400 after the discount: 500,400 > 500,000

    assert refused(service, db, code()).key == "checkout.over_unsynced_cap"


def test_lowercase_code_from_caps_lock_pays(service: CheckoutService) -> None:
    ring(service, MILK)
    text = code()

    payment = pay(service, text.lower())

    assert payment.total == 2_682
    assert service.sale.is_empty()


def test_code_mangled_by_the_hangul_ime_pays(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    ring(service, MILK)
    text = code()
    mangled = compose_dubeolsik(text)
    assert mangled != text

    outcome = service.handle_scan(mangled)

    assert outcome.action is ScanAction.PAYMENT_RECORDED
    assert outcome.scan.repaired and outcome.scan.text == text
    token = parse_payment_code(text).token_id_hex
    assert db.execute("SELECT token_id FROM used_payment_codes").fetchone()[0] == token


def test_without_issuer_keys_codes_cannot_be_checked(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    with write_transaction(db):
        store_settings.save_keys(db, KeySet([]))
    service.settings.reload()
    ring(service, MILK)

    assert refused(service, db, code()).key == "checkout.no_issuer_keys"


def test_failure_in_the_middle_of_the_write_records_nothing(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    """The journal event and the payment row are written before the items: fail there."""
    db.execute(
        "CREATE TRIGGER fail_items BEFORE INSERT ON payment_items"
        " BEGIN SELECT RAISE(ABORT, 'simulated failure'); END"
    )
    ring(service, BULGOGI, MILK)
    text = code()

    error = refused(service, db, text)

    assert error.key == "store.unavailable"
    db.execute("DROP TRIGGER fail_items")
    assert pay(service, text).receipt_no == "20261125-0001"  # the code was not used up


def test_code_from_a_wallet_beyond_2_53_pays(service: CheckoutService) -> None:
    text = mint_payment_code(
        DEMO_ISSUER_SEED,
        key_id=DEMO_ISSUER_KEY_ID,
        wallet_id=2**64 - 1,
        token_id=bytes(range(16)),
        issued_at=ISSUED,
    )
    ring(service, MILK)

    # wallet_id is u64 (PROTOCOL §1): JSON integers are exact only to 2**53 and SQLite's to
    # 2**63, so it travels and is stored as a decimal string.
    assert pay(service, text).wallet_id == str(2**64 - 1)


# --- voiding the last payment -------------------------------------------------------------


def test_void_with_a_wrong_pin_records_nothing(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    ring(service, MILK)
    payment = pay(service, code())
    before = journal_head(db)

    with pytest.raises(UserFacingError) as caught:
        service.void_last_payment("9876", "고객 변심")

    # Checked by the staff service, the only approval path (the count toward its lock).
    assert caught.value.key == "staff.bad_pin"
    assert journal_head(db) == before
    assert service.last_payment() == payment
    assert service.unsynced() == (1, payment.total)


def test_void_with_the_manager_pin_is_a_journal_event(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    ring(service, BULGOGI)
    payment = pay(service, code())
    assert service.unsynced() == (1, BULGOGI_TOTAL)

    voided = service.void_last_payment(DEMO_MANAGER_PIN, "고객 변심")

    assert voided.voided and voided.payment_id == payment.payment_id
    assert voided.total == payment.total  # nothing is rewritten but the void mark
    event = list(iter_events(db))[-1]
    assert event.type == PAYMENT_VOID
    [owner] = [m for m in StaffService(db, service.clock).members() if m.role is Role.OWNER]
    assert dict(event.body) == {
        "payment_id": payment.payment_id,
        "receipt_no": "20261125-0001",
        "reason": "고객 변심",
        "approved_by": owner.staff_id,  # whose PIN approved it
    }
    row = db.execute(
        "SELECT voided_seq, void_reason FROM payments WHERE payment_id = ?", (payment.payment_id,)
    ).fetchone()
    assert tuple(row) == (event.seq, "고객 변심")
    assert service.unsynced() == (0, 0)
    assert verify_journal(db) is None
    assert any(row.left == "** 취소된 결제 **" for row in service.receipt(voided))


def test_voiding_twice_is_refused(db: sqlite3.Connection, service: CheckoutService) -> None:
    ring(service, MILK)
    pay(service, code())
    service.void_last_payment(DEMO_MANAGER_PIN, "중복 결제")
    before = journal_head(db)

    with pytest.raises(UserFacingError) as caught:
        service.void_last_payment(DEMO_MANAGER_PIN, "중복 결제")

    assert caught.value.key == "void.already_voided"
    assert journal_head(db) == before


def test_nothing_to_void_before_any_payment(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    before = journal_head(db)

    with pytest.raises(UserFacingError) as caught:
        service.void_last_payment(DEMO_MANAGER_PIN, "")

    assert caught.value.key == "void.nothing_to_void"
    assert journal_head(db) == before


def test_void_touches_only_the_latest_payment(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    ring(service, MILK)
    first = pay(service, code())
    ring(service, TTEOK)
    second = pay(service, code())

    service.void_last_payment(DEMO_MANAGER_PIN, "")

    assert service.unsynced() == (1, first.total)
    voided = db.execute("SELECT payment_id FROM payments WHERE voided_seq IS NOT NULL")
    assert [row[0] for row in voided] == [second.payment_id]


def test_void_frees_room_under_the_unsynced_cap(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    set_limits(db, service, OfflineLimits(floor_limit=50_000, unsynced_cap=20_000))
    ring(service, BULGOGI)
    pay(service, code())
    ring(service, BULGOGI)
    assert refused(service, db, code()).key == "checkout.over_unsynced_cap"

    service.void_last_payment(DEMO_MANAGER_PIN, "다시 결제")

    assert pay(service, code()).total == BULGOGI_TOTAL


# --- property: what is stored is what was shown -------------------------------------------

_PICKS = st.lists(
    st.tuples(st.sampled_from(sorted(CATALOG)), st.integers(min_value=1, max_value=3)),
    min_size=1,
    max_size=8,
)


@settings(max_examples=40, deadline=None)  # file I/O: timing varies, correctness does not
@given(picks=_PICKS, open_amount=st.none() | st.integers(min_value=1, max_value=99_999))
def test_stored_payment_equals_the_quote_for_any_cart(
    demo_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
    picks: list[tuple[str, int]],
    open_amount: int | None,
) -> None:
    conn = open_copy(demo_template, tmp_path_factory.mktemp("cart") / "pos.sqlite3")
    try:
        service = open_checkout(conn, fixed_clock())
        # Lift the merchant limits so that any cart is payable by construction.
        set_limits(conn, service, OfflineLimits(floor_limit=10**7, unsynced_cap=10**8))
        for barcode, quantity in picks:
            for _ in range(quantity):
                service.handle_scan(barcode)
        if open_amount is not None:
            service.sale.add_amount(open_amount, "기타")
        amounts = [(CATALOG[b]["price"] * q, CATALOG[b]["excluded"]) for b, q in picks]
        amounts += [(open_amount, False)] if open_amount is not None else []
        subtotal = sum(amount for amount, _ in amounts)
        eligible = sum(amount for amount, excluded in amounts if not excluded)

        shown = service.sale.quote()
        lines = service.sale.lines
        payment = pay(service, code(offline_limit=10**7))

        assert (shown.subtotal, shown.eligible) == (subtotal, eligible)
        assert shown.discount == eligible * 10 // 100
        assert 0 <= shown.discount <= eligible
        assert shown.total == subtotal - shown.discount
        assert shown.cashback_preview == min(shown.total * 10 // 100, 30_000)
        assert (
            payment.subtotal,
            payment.eligible,
            payment.discount,
            payment.discount_rate_bp,
            payment.total,
            payment.cashback_preview,
        ) == (
            shown.subtotal,
            shown.eligible,
            shown.discount,
            shown.discount_rate_bp,
            shown.total,
            shown.cashback_preview,
        )
        assert [
            (i.product_id, i.name, i.unit_price, i.quantity, i.amount, i.excluded_from_discount)
            for i in payment.items
        ] == [
            (
                ln.product_id,
                ln.name,
                ln.unit_price,
                ln.quantity,
                ln.amount,
                ln.excluded_from_discount,
            )
            for ln in lines
        ]
        assert sum(item.amount for item in payment.items) == payment.subtotal
        assert payment.receipt_no == "20261125-0001"
        assert service.sale.is_empty()
    finally:
        conn.close()


def test_a_merchant_qr_scanned_at_the_counter_is_refused(
    db: sqlite3.Connection, service: CheckoutService
) -> None:
    service.handle_scan(BULGOGI)
    shop_qr = build_cheongju_mpm(
        CheongjuPayRequest("CJ-000123", "CHEONGJU MART", "청주마트", amount=18_900, request_id="r1")
    )
    for text in (shop_qr, shop_qr + "\r\n", shop_qr.replace("CHEONGJU MART", "CHEONGJU MARS")):
        error = refused(service, db, text)  # nothing recorded, the cart kept
        assert (error.key, error.code) == ("mpm.merchant_qr_scanned", "E310")
        assert error.display("ko") == "[E310] 가맹점 QR입니다. 고객의 결제 코드를 스캔해 주세요."
    assert [line.product_id for line in service.sale.lines] == ["P0010"]
