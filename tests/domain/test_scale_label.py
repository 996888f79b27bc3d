"""Label-scale barcodes: both check digits verified, both kinds of label, any layout."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.barcodes import is_valid_gtin
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.scale_label import (
    LabelValue,
    ScaleFormat,
    make_scale_label,
    parse_scale_label,
    value_check_digit,
    weighed_price,
)

PRICE = ScaleFormat(prefix="2", item_digits=6, value=LabelValue.PRICE)
WEIGHT = ScaleFormat(prefix="21", item_digits=5, value=LabelValue.WEIGHT)
# GS1's variable-measure layout: 2X IIII V PPPPP C (a check digit over the value).
PRICE_CHECKED = ScaleFormat(prefix="20", item_digits=4, value=LabelValue.PRICE, value_check=True)
WEIGHT_CHECKED = ScaleFormat(prefix="28", item_digits=4, value=LabelValue.WEIGHT, value_check=True)


def flip(text: str, position: int) -> str:
    return text[:position] + str((int(text[position]) + 1) % 10) + text[position + 1 :]


def with_ean_check(body12: str) -> str:
    from pos_app.domain.barcodes import gtin_check_digit

    return body12 + str(gtin_check_digit(body12))


def test_gs1_value_check_digits_match_the_specification_examples() -> None:
    # GS1 General Specifications 7.9.3 (the same figures biip's tests use).
    assert value_check_digit("2875") == 9
    assert value_check_digit("14685") == 6


def test_a_price_label_reads_item_and_price() -> None:
    assert parse_scale_label("2001234125000", PRICE).item_code == "001234"
    label = parse_scale_label(make_scale_label(PRICE, "001234", 12_500), PRICE)
    assert (label.item_code, label.price, label.weight_g) == ("001234", 12_500, None)


def test_a_weight_label_reads_item_and_grams() -> None:
    code = make_scale_label(WEIGHT, "00123", 532)
    assert code.startswith("2100123") and is_valid_gtin(code)
    label = parse_scale_label(code, WEIGHT)
    assert (label.item_code, label.weight_g, label.price) == ("00123", 532, None)


@pytest.mark.parametrize("fmt", [PRICE, WEIGHT, PRICE_CHECKED, WEIGHT_CHECKED])
def test_a_bad_ean_check_digit_is_refused_e651(fmt: ScaleFormat) -> None:
    good = make_scale_label(fmt, "1" * fmt.item_digits, 1234)
    with pytest.raises(UserFacingError) as caught:
        parse_scale_label(flip(good, 12), fmt)
    assert caught.value.key is ErrorKey.SCALE_BAD_CHECK_DIGIT and caught.value.code == "E651"


@pytest.mark.parametrize("fmt", [PRICE_CHECKED, WEIGHT_CHECKED])
def test_a_bad_value_check_digit_is_refused_e652_even_with_a_good_ean_check(
    fmt: ScaleFormat,
) -> None:
    good = make_scale_label(fmt, "4321", 14685)
    check_at = len(fmt.prefix) + fmt.item_digits
    assert good[check_at] == "6"
    # A smudged value digit with the EAN check digit made right again: only the value's
    # own check digit catches it.
    bad = with_ean_check(flip(good, check_at + 2)[:12])
    assert is_valid_gtin(bad)
    with pytest.raises(UserFacingError) as caught:
        parse_scale_label(bad, fmt)
    assert caught.value.key is ErrorKey.SCALE_BAD_VALUE_CHECK and caught.value.code == "E652"


def test_a_code_outside_the_layout_is_not_a_label() -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_scale_label("8808123000134", PRICE)
    assert caught.value.key is ErrorKey.SCALE_NOT_A_LABEL


@pytest.mark.parametrize(
    ("prefix", "item", "check"),
    [("3", 5, False), ("", 5, False), ("2", 3, False), ("2", 7, False), ("22", 6, True)],
)
def test_impossible_layouts_are_refused_e656(prefix: str, item: int, check: bool) -> None:
    with pytest.raises(UserFacingError) as caught:
        ScaleFormat(prefix=prefix, item_digits=item, value_check=check)
    assert caught.value.code == "E656"


def test_a_stored_setting_that_cannot_be_read_is_the_default() -> None:
    assert ScaleFormat.from_dict({"prefix": "9"}) == ScaleFormat()
    assert ScaleFormat.from_dict(WEIGHT_CHECKED.as_dict()) == WEIGHT_CHECKED
    assert WEIGHT_CHECKED.pattern == "28IIIIVWWWWWC"


def test_weighed_price_rounds_down_to_the_won() -> None:
    assert weighed_price(532, 18_900) == 10_054  # 10,054.8
    assert weighed_price(1_000, 18_900) == 18_900


@st.composite
def layouts(draw: st.DrawFn) -> ScaleFormat:
    prefix = draw(st.sampled_from(["2", "20", "21", "22", "28"]))
    check = draw(st.booleans())
    value_digits = draw(st.sampled_from([4, 5] if check else [4, 5, 6]))
    item = 12 - len(prefix) - value_digits - int(check)
    if item not in range(4, 7):
        item = 4 if item < 4 else 6
        value_digits = 12 - len(prefix) - item - int(check)
    fmt_args = {"prefix": prefix, "item_digits": item, "value_check": check}
    value = draw(st.sampled_from(list(LabelValue)))
    try:
        return ScaleFormat(value=value, **fmt_args)  # type: ignore[arg-type]
    except UserFacingError:
        return ScaleFormat(prefix="20", item_digits=4, value=value, value_check=True)


@given(layouts(), st.data())
def test_every_label_made_reads_back_the_same(fmt: ScaleFormat, data: st.DataObject) -> None:
    item = data.draw(st.text("0123456789", min_size=fmt.item_digits, max_size=fmt.item_digits))
    value = data.draw(st.integers(0, 10**fmt.value_digits - 1))
    code = make_scale_label(fmt, item, value)
    assert len(code) == 13 and is_valid_gtin(code) and code.startswith(fmt.prefix)
    label = parse_scale_label(code, fmt)
    assert label.item_code == item
    assert (label.price if fmt.value is LabelValue.PRICE else label.weight_g) == value


@given(layouts(), st.data())
def test_any_single_wrong_digit_is_refused(fmt: ScaleFormat, data: st.DataObject) -> None:
    item = data.draw(st.text("0123456789", min_size=fmt.item_digits, max_size=fmt.item_digits))
    value = data.draw(st.integers(0, 10**fmt.value_digits - 1))
    code = make_scale_label(fmt, item, value)
    position = data.draw(st.integers(len(fmt.prefix), 12))
    bad = flip(code, position)
    with pytest.raises(UserFacingError) as caught:
        parse_scale_label(bad, fmt)
    assert caught.value.key is ErrorKey.SCALE_BAD_CHECK_DIGIT


def test_weights_show_in_kg_with_their_sign() -> None:
    from pos_app.domain.scale_label import format_weight_kg

    assert format_weight_kg(532) == "0.532 kg"
    assert format_weight_kg(-1_064) == "-1.064 kg"
    assert format_weight_kg(12_345_678) == "12,345.678 kg"


def test_a_weighed_lines_quantity_is_capped_by_one_stock_movements_bound() -> None:
    from pos_app.domain.cart import Cart
    from pos_app.domain.pricing import CartLine
    from pos_app.domain.stock import MAX_DELTA

    cart = Cart()
    cart.add(CartLine("삼겹살", 10_054, product_id="P", weight_g=532, price_per_kg=18_900))
    cart.set_quantity(0, 2)
    with pytest.raises(UserFacingError) as caught:
        cart.set_quantity(0, MAX_DELTA // 532 + 1)
    assert caught.value.key is ErrorKey.CHECKOUT_BAD_QUANTITY
    assert caught.value.params["max"] == f"{MAX_DELTA // 532:,}"
