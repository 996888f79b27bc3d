"""The card terminal's approval number and the card tender's price, pure."""

from __future__ import annotations

from datetime import date

import pytest

from pos_app.domain.card_approval import is_card_approval_no, parse_card_approval_no
from pos_app.domain.errors import UserFacingError
from pos_app.domain.pricing import CartLine, CashbackPolicy, DiscountPolicy, quote
from pos_app.domain.tenders import TENDER_NAMES_KO, Tender


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("12345678", "12345678"),
        (" 1234-5678 ", "12345678"),
        ("123456", "123456"),
        ("1 2 3 4 5 6 7 8 9 0 1 2", "123456789012"),
    ],
)
def test_what_is_typed_or_scanned_becomes_the_digits(typed: str, kept: str) -> None:
    assert parse_card_approval_no(typed) == kept and is_card_approval_no(kept)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "E361"),
        (" - ", "E361"),
        ("12345", "E362"),
        ("1234567890123", "E362"),
        ("A1234567890", "E362"),
        ("１２３４５６７８", "E362"),
    ],
)
def test_a_bad_number_is_a_coded_error(typed: str, code: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_card_approval_no(typed)
    assert caught.value.code == code


def test_the_wire_check_takes_only_the_digits() -> None:
    assert not is_card_approval_no("1234-5678")
    assert not is_card_approval_no(12345678)
    assert not is_card_approval_no(None)


def test_the_card_gets_the_special_discount_and_no_cashback_preview() -> None:
    lines = [CartLine("사과", 10_000), CartLine("담배", 4_500, excluded_from_discount=True)]
    terms = {
        "today": date(2026, 11, 25),
        "discount_policy": DiscountPolicy.percent(10),
        "cashback_policy": CashbackPolicy(rate_bp=1_000, monthly_cap=30_000),
        "merchant_restricted": False,
    }
    card = quote(lines, tender=Tender.CHEONGJU_CARD, **terms)
    qr = quote(lines, tender=Tender.CHEONGJU_PAY, **terms)
    cash = quote(lines, tender=Tender.CASH, **terms)
    assert card.total == qr.total == 13_500 and card.discount == 1_000
    assert card.discount_rate_bp == 1_000 and cash.total == 14_500
    assert card.cashback_preview == 0 < qr.cashback_preview
    assert TENDER_NAMES_KO[Tender.CHEONGJU_CARD] == "청주페이 카드"
