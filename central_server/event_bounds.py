"""The largest quantities and amounts a pushed event may carry (``422 invalid_event`` above).

A journal event is the device's word; the server adds its numbers up (stock levels, a
day's payments). An absurd value (a quantity of 2^53 - 1) is not a sale, and left in,
it overflows a 64-bit sum and takes every reader of that sum down with it. The ceilings
are far above anything a till rings up and far below what a 64-bit sum of many of them
can hold; the POS's own limits (``pos_app.domain.pricing``) fit under them, so nothing a
real till records is ever refused (a refused event stalls that till's journal).
"""

from __future__ import annotations

from typing import Any, Final

from pos_app.domain.pricing import MAX_UNIT_PRICE
from pos_app.domain.stock import MAX_DELTA

#: Units on one sale or refund line: the same bound as one stock movement.
MAX_LINE_QUANTITY: Final = MAX_DELTA
#: Won for one unit: the POS's own typo guard (1억 원).
MAX_EVENT_UNIT_PRICE: Final = MAX_UNIT_PRICE
#: Grams on one weighed line: a scale label's six-digit weight field (999.999 kg) at most.
MAX_LINE_WEIGHT_G: Final = 999_999
#: Won per kg of goods sold by weight: the POS's unit-price guard.
MAX_PRICE_PER_KG: Final = MAX_UNIT_PRICE
#: Won for one line, one payment's subtotal/total, one refund: 1조 원. The POS allows a
#: line of 1억 원 x 9,999; 9.2 million events at this ceiling still fit a 64-bit sum.
MAX_EVENT_AMOUNT: Final = 1_000_000_000_000


def within(value: Any, low: int, high: int) -> bool:
    """An ``int`` (not a bool) with ``low <= value <= high``."""
    return type(value) is int and low <= value <= high
