"""Label-scale barcodes: the in-store EAN-13 a market stall's scale prints on a package.

GS1 keeps EAN-13 numbers starting 20-29 for restricted circulation: each shop decides what
they mean. A label scale (CAS, Bizerba, Mettler and the like, set up by the shop) prints

    prefix | item code | [value check digit] | value | EAN-13 check digit

where the prefix is 1-2 digits starting with 2 (often 2, 20-22 or 28), the item code
(4-6 digits) is the product's code in the shop's catalogue, and the value is either the
price in won or the weight in grams. Scales that follow GS1's "variable measure" layout add
a check digit over the value right before it (GS1 General Specifications 7.9.3, four- and
five-digit fields), so a smudged price cannot pass as a different, still EAN-valid number.

The shop's setting (``ScaleFormat``) says which layout its scale prints; the value takes
whatever digits are left. A code with the shop's prefix is a scale label or nothing: a bad
check digit of either kind is refused with a coded error, never sold at a wrong price.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from pos_app.domain.barcodes import gtin_check_digit
from pos_app.domain.errors import ErrorKey, UserFacingError

EAN13_LENGTH: Final = 13
ITEM_DIGITS: Final = range(4, 7)
VALUE_DIGITS: Final = range(4, 7)
#: GS1 defines the value's check digit for four- and five-digit fields only.
CHECKED_VALUE_DIGITS: Final = frozenset({4, 5})

# GS1's weighting factors for the price/weight check digit: each maps a digit to its
# weighted product's units digit ("2-": 2x minus the tens, "3": 3x, "5+": 5x plus the
# tens, "5-": 5x minus the tens).
_W2_MINUS: Final = (0, 2, 4, 6, 8, 9, 1, 3, 5, 7)
_W3: Final = (0, 3, 6, 9, 2, 5, 8, 1, 4, 7)
_W5_PLUS: Final = (0, 5, 1, 6, 2, 7, 3, 8, 4, 9)
_W5_MINUS: Final = (0, 5, 9, 4, 8, 3, 7, 2, 6, 1)


class LabelValue(StrEnum):
    """What the scale writes in the value field."""

    PRICE = "price"  # won, the package's price
    WEIGHT = "weight"  # grams


@dataclass(frozen=True)
class ScaleFormat:
    """The shop's label layout. Defaults: the common Korean "2 + 6-digit item + 5-digit
    price" label, without a value check digit."""

    prefix: str = "2"
    item_digits: int = 6
    value: LabelValue = LabelValue.PRICE
    value_check: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", LabelValue(self.value))
        if not (
            1 <= len(self.prefix) <= 2
            and self.prefix.isascii()
            and self.prefix.isdigit()
            and self.prefix.startswith("2")
        ):
            raise UserFacingError(ErrorKey.SCALE_BAD_FORMAT)
        if self.item_digits not in ITEM_DIGITS:
            raise UserFacingError(ErrorKey.SCALE_BAD_FORMAT)
        digits = self.value_digits
        if digits not in VALUE_DIGITS or (self.value_check and digits not in CHECKED_VALUE_DIGITS):
            raise UserFacingError(ErrorKey.SCALE_BAD_FORMAT)

    @property
    def value_digits(self) -> int:
        """What is left of the 12 data digits for the price or weight."""
        return EAN13_LENGTH - 1 - len(self.prefix) - self.item_digits - int(self.value_check)

    @property
    def pattern(self) -> str:
        """The layout spelled out, as the settings screen shows it (e.g. ``2IIIIIIPPPPPC``)."""
        letter = "P" if self.value is LabelValue.PRICE else "W"
        check = "V" if self.value_check else ""
        return f"{self.prefix}{'I' * self.item_digits}{check}{letter * self.value_digits}C"

    def as_dict(self) -> dict[str, Any]:
        return {
            "prefix": self.prefix,
            "item_digits": self.item_digits,
            "value": self.value.value,
            "value_check": self.value_check,
        }

    @classmethod
    def from_dict(cls, raw: Any) -> ScaleFormat:
        """The stored setting; anything unreadable is the default (never a crash at start)."""
        if not isinstance(raw, dict):
            return cls()
        try:
            return cls(
                prefix=str(raw["prefix"]),
                item_digits=int(raw["item_digits"]),
                value=LabelValue(raw["value"]),
                value_check=bool(raw["value_check"]),
            )
        except (KeyError, TypeError, ValueError, UserFacingError):
            return cls()


@dataclass(frozen=True)
class ScaleLabel:
    """A scale label read: the product's item code and the price (won) or weight (g)."""

    item_code: str
    price: int | None = None
    weight_g: int | None = None


def value_check_digit(value: str) -> int:
    """GS1's check digit over a four- or five-digit price/weight field (GS1 GenSpecs 7.9.3)."""
    if not (value.isascii() and value.isdigit() and len(value) in CHECKED_VALUE_DIGITS):
        raise ValueError(f"a price/weight field is 4 or 5 digits: {value!r}")
    digits = [int(d) for d in value]
    if len(digits) == 4:
        weighted = (_W2_MINUS, _W2_MINUS, _W3, _W5_MINUS)
        total = sum(table[d] for table, d in zip(weighted, digits, strict=True))
        return (total * 3) % 10
    weighted = (_W5_PLUS, _W2_MINUS, _W5_MINUS, _W5_PLUS, _W2_MINUS)
    total = sum(table[d] for table, d in zip(weighted, digits, strict=True))
    # The check digit is the one whose "5-" product brings the sum to a multiple of ten.
    return _W5_MINUS.index((10 - total % 10) % 10)


def is_item_code(text: str) -> bool:
    """Whether a product code is a scale item code (4-6 digits, leading zeros kept: the
    code is stored exactly as the scale prints it in the label)."""
    return len(text) in ITEM_DIGITS and text.isascii() and text.isdigit()


def is_scale_label(text: str, fmt: ScaleFormat) -> bool:
    """Whether a scanned text is in the shop's scale range (its prefix, 13 digits)."""
    return (
        len(text) == EAN13_LENGTH
        and text.isascii()
        and text.isdigit()
        and text.startswith(fmt.prefix)
    )


def parse_scale_label(text: str, fmt: ScaleFormat) -> ScaleLabel:
    """Read a label in the shop's layout, both check digits verified.

    Raises ``UserFacingError`` (E651 EAN-13 check digit, E652 the value's check digit,
    E653 not a label in this layout); the caller asks ``is_scale_label`` first.
    """
    if not is_scale_label(text, fmt):
        raise UserFacingError(ErrorKey.SCALE_NOT_A_LABEL, code=text)
    if gtin_check_digit(text[:-1]) != int(text[-1]):
        raise UserFacingError(ErrorKey.SCALE_BAD_CHECK_DIGIT, code=text)
    at = len(fmt.prefix)
    item_code = text[at : at + fmt.item_digits]
    at += fmt.item_digits
    if fmt.value_check:
        printed = int(text[at])
        at += 1
    value = text[at : at + fmt.value_digits]
    if fmt.value_check and value_check_digit(value) != printed:
        raise UserFacingError(ErrorKey.SCALE_BAD_VALUE_CHECK, code=text)
    if fmt.value is LabelValue.PRICE:
        return ScaleLabel(item_code, price=int(value))
    return ScaleLabel(item_code, weight_g=int(value))


def make_scale_label(fmt: ScaleFormat, item_code: str, value: int) -> str:
    """The 13 digits a scale in this layout prints (tests, the demo's sample labels)."""
    if len(item_code) != fmt.item_digits or not (item_code.isascii() and item_code.isdigit()):
        raise ValueError(f"item code must be {fmt.item_digits} digits: {item_code!r}")
    if not 0 <= value < 10**fmt.value_digits:
        raise ValueError(f"value does not fit {fmt.value_digits} digits: {value}")
    field = f"{value:0{fmt.value_digits}d}"
    check = str(value_check_digit(field)) if fmt.value_check else ""
    body = f"{fmt.prefix}{item_code}{check}{field}"
    return body + str(gtin_check_digit(body))


def weighed_price(weight_g: int, price_per_kg: int) -> int:
    """The price of a weighed amount: grams x won per kg / 1000, rounded DOWN to the won.

    Down, like the special discount: the customer never pays for a fraction of a won that
    was not weighed, and it matches what a scale prints when it prices the label itself.
    """
    if weight_g < 0 or price_per_kg < 0:
        raise ValueError("weight and price per kg are never negative")
    return weight_g * price_per_kg // 1000


def format_weight_kg(weight_g: int) -> str:
    """Grams as the line and the stock screen show them: ``0.532 kg``, ``-1.064 kg``."""
    sign = "-" if weight_g < 0 else ""
    grams = abs(weight_g)
    return f"{sign}{grams // 1000:,}.{grams % 1000:03d} kg"
