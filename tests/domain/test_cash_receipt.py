"""Cash-receipt numbers: parsing, checks, masking, the self-issue rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.business_number import business_number_check_digit
from pos_app.domain.cash_receipt import (
    SELF_ISSUED_NUMBER,
    CashReceiptPurpose,
    CashReceiptRequest,
    IdentifierKind,
    format_identifier,
    luhn_ok,
    mask_identifier,
    must_self_issue,
    normalise,
    parse_identifier,
    request_from_body,
    self_issued_request,
)
from pos_app.domain.errors import ErrorKey, UserFacingError

INCOME = CashReceiptPurpose.INCOME_DEDUCTION
EXPENSE = CashReceiptPurpose.EXPENSE_PROOF


def with_luhn(body: str) -> str:
    for last in "0123456789":
        if luhn_ok(body + last):
            return body + last
    raise AssertionError("unreachable")


def business(first_nine: str) -> str:
    return first_nine + str(business_number_check_digit(first_nine))


@pytest.mark.parametrize(
    "text", ["010-1234-5678", "01012345678", "010 1234 5678", "011-123-4567", "0191234-5678"]
)
def test_mobile_numbers_are_accepted(text: str) -> None:
    request = parse_identifier(text, INCOME)
    assert request.kind is IdentifierKind.PHONE
    assert request.identifier == normalise(text)


@pytest.mark.parametrize(
    "text", ["010-123-4567", "010123456789", "012-1234-5678", "020-1234-5678", "010"]
)
def test_a_mobile_number_of_the_wrong_shape_is_e341(text: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_identifier(text, INCOME)
    assert caught.value.key is ErrorKey.CASH_RECEIPT_BAD_PHONE
    assert caught.value.code == "E341" and "휴대전화" in caught.value.message("ko")


def test_a_card_number_passes_its_luhn_check_or_is_e343() -> None:
    card = with_luhn("154412345678901")  # 16 digits
    request = parse_identifier(card, INCOME)
    assert request.kind is IdentifierKind.CARD
    wrong = card[:-1] + str((int(card[-1]) + 1) % 10)
    with pytest.raises(UserFacingError) as caught:
        parse_identifier(wrong, INCOME)
    assert caught.value.code == "E343"


def test_a_card_number_too_long_is_e342() -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_identifier("1" * 20, INCOME)
    assert caught.value.code == "E342" and "20" in caught.value.message("ko")


def test_expense_proof_takes_a_business_number_with_its_check_digit() -> None:
    number = business("123456789")
    request = parse_identifier(f"{number[:3]}-{number[3:5]}-{number[5:]}", EXPENSE)
    assert request == CashReceiptRequest(EXPENSE, IdentifierKind.BUSINESS_NUMBER, number)
    bad = number[:-1] + str((int(number[-1]) + 1) % 10)
    with pytest.raises(UserFacingError) as caught:
        parse_identifier(bad, EXPENSE)
    assert caught.value.code == "E344"


@pytest.mark.parametrize(("text", "code"), [("", "E345"), (" - ", "E345"), ("010-12a4", "E346")])
def test_empty_and_non_digit_input_are_coded(text: str, code: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_identifier(text, INCOME)
    assert caught.value.code == code


def test_unicode_digits_are_not_digits() -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_identifier("٠١٠١٢٣٤٥٦٧٨", INCOME)  # Arabic-Indic digits
    assert caught.value.code == "E346"


def test_masks_as_the_receipt_prints_them() -> None:
    assert mask_identifier(IdentifierKind.PHONE, "01012345678") == "010-****-5678"
    assert mask_identifier(IdentifierKind.PHONE, "0111234567") == "011-***-4567"
    assert mask_identifier(IdentifierKind.CARD, "1544123456789012") == "****-****-****-9012"
    assert mask_identifier(IdentifierKind.BUSINESS_NUMBER, "1234567891") == "123-45-67891"
    assert self_issued_request().masked == "010-000-1234"


def test_the_self_issue_rule() -> None:
    assert must_self_issue(100_000, mandatory_trade=True, asked=False)
    assert not must_self_issue(99_999, mandatory_trade=True, asked=False)
    assert not must_self_issue(120_000, mandatory_trade=False, asked=False)
    assert not must_self_issue(120_000, mandatory_trade=True, asked=True)
    request = self_issued_request()
    assert request.identifier == SELF_ISSUED_NUMBER and request.self_issued


def test_the_body_reads_back_and_the_server_rechecks_it() -> None:
    request = parse_identifier("010-1234-5678", INCOME)
    assert request_from_body(request.to_body()) == (request, None)
    assert request_from_body(self_issued_request().to_body())[0] == self_issued_request()
    forged = {**request.to_body(), "identifier": "01012"}
    assert request_from_body(forged)[0] is None
    not_self = {**request.to_body(), "identifier": SELF_ISSUED_NUMBER}
    assert request_from_body(not_self)[0] is None  # 010 + 7 digits: not a mobile number
    assert request_from_body("x")[0] is None
    assert request_from_body({**request.to_body(), "purpose": "bribe"})[0] is None


# ----- properties -------------------------------------------------------------------------

phones = st.builds(
    lambda head, rest: head + rest,
    st.sampled_from(["010"]),
    st.text("0123456789", min_size=8, max_size=8),
) | st.builds(
    lambda head, rest: head + rest,
    st.sampled_from(["011", "016", "017", "018", "019"]),
    st.text("0123456789", min_size=7, max_size=8),
)
cards = st.text("0123456789", min_size=12, max_size=18).map(with_luhn)
separated = st.text("- ", max_size=3)


@given(st.text(), st.sampled_from(list(CashReceiptPurpose)))
def test_no_text_crashes_the_parser(text: str, purpose: CashReceiptPurpose) -> None:
    try:
        request = parse_identifier(text, purpose)
    except UserFacingError as error:
        assert error.code.startswith("E34")
        return
    assert request_from_body(request.to_body()) == (request, None)


@given(st.text())
def test_normalising_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@given(phones | cards, separated)
def test_parsing_the_formatted_number_gives_it_back(digits: str, noise: str) -> None:
    request = parse_identifier(noise + digits, INCOME)
    again = parse_identifier(format_identifier(request.kind, request.identifier), INCOME)
    assert again == request


@given(phones)
def test_a_phone_mask_never_shows_the_middle_digits(digits: str) -> None:
    masked = mask_identifier(IdentifierKind.PHONE, digits)
    assert masked.startswith(digits[:3]) and masked.endswith(digits[-4:])
    assert set(masked[3:-4]) <= {"*", "-"}
    assert len(masked.replace("-", "")) == len(digits)


@given(cards)
def test_a_card_mask_shows_the_last_four_only(digits: str) -> None:
    masked = mask_identifier(IdentifierKind.CARD, digits)
    assert masked.replace("-", "")[-4:] == digits[-4:]
    assert set(masked.replace("-", "")[:-4]) == {"*"}
