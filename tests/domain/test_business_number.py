"""사업자등록번호: shape, check digit and formatting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.business_number import (
    business_number_check_digit,
    format_business_number,
    is_valid_business_number,
    parse_business_number,
)

# Numbers printed on large Korean companies' public receipts and sites.
REAL = ["220-81-62517", "124-81-00998"]


@pytest.mark.parametrize("text", REAL)
def test_real_numbers_are_valid(text: str) -> None:
    assert is_valid_business_number(text)
    digits = parse_business_number(text)
    assert digits == text.replace("-", "")
    assert parse_business_number(digits) == digits
    assert format_business_number(digits) == text


def test_worked_check_digit() -> None:
    # 124-81-0099?: 1*1+2*3+4*7+8*1+1*3+0*7+0*1+9*3+9*5 = 118, + floor(9*5/10) = 4 -> 122
    assert business_number_check_digit("124810099") == 8


@pytest.mark.parametrize(
    "text",
    [
        "220-81-62518",  # wrong check digit
        "2208162518",
        "220-8162517",
        "22081-62517",
        "220 81 62517",
        " 220-81-62517",
        "220-81-62517\n",
        "220816251",
        "22081625170",
        "220-81-6251A",
        "",
        "２２０８１６２５１７",  # full-width digits
    ],
)
def test_invalid(text: str) -> None:
    assert not is_valid_business_number(text)
    with pytest.raises(ValueError):
        parse_business_number(text)


def test_error_reasons_are_short_and_distinct() -> None:
    with pytest.raises(ValueError, match="check digit"):
        parse_business_number("2208162518")
    with pytest.raises(ValueError, match="XXX-XX-XXXXX"):
        parse_business_number("22-081-62517")


def test_format_checks_shape_only() -> None:
    assert format_business_number("2208162518") == "220-81-62518"
    for bad in ("220-81-62517", "123", "12345678901"):
        with pytest.raises(ValueError):
            format_business_number(bad)


@given(
    first_nine=st.text(alphabet="0123456789", min_size=9, max_size=9),
    position=st.integers(0, 9),
    delta=st.integers(1, 9),
)
def test_check_digit_catches_any_single_digit_change(
    first_nine: str, position: int, delta: int
) -> None:
    digits = first_nine + str(business_number_check_digit(first_nine))
    assert is_valid_business_number(digits)
    assert is_valid_business_number(format_business_number(digits))
    changed = list(digits)
    changed[position] = str((int(changed[position]) + delta) % 10)
    assert not is_valid_business_number("".join(changed))
