"""Tenders beside Cheongju Pay: cash (with change) and the separate card terminal.

Only Cheongju Pay moves money through the server; the other tenders are recorded so that
the day's totals match the drawer and the terminal's slip.
"""

from __future__ import annotations

from enum import StrEnum


class Tender(StrEnum):
    """How a sale is paid (the ``payments.tender`` column and the wire's ``tender``)."""

    CHEONGJU_PAY = "cheongju_pay"
    CASH = "cash"
    CARD_TERMINAL = "card_terminal"
    #: The Cheongju Pay card on the shop's card terminal: the terminal approved it (its
    #: approval number is kept), no wallet money moves through the POS or the server.
    CHEONGJU_CARD = "cheongju_card"
    #: 복합결제: several tenders for one sale; its parts are what the figures count.
    SPLIT = "split"


TENDER_NAMES_KO = {
    Tender.CHEONGJU_PAY: "청주페이",
    Tender.CASH: "현금",
    Tender.CARD_TERMINAL: "카드(단말기)",
    Tender.CHEONGJU_CARD: "청주페이 카드",
    Tender.SPLIT: "복합결제",
}


def is_cheongju_pay(tender: Tender) -> bool:
    """Paid with Cheongju Pay however the customer paid (the app's QR or the card on the
    terminal): these earn the special discount and count as Cheongju Pay in the discount
    figures the city reports. Only the QR/app one is exposure to the offline limits and
    moves wallet money (``payment_status.is_exposure``)."""
    return tender in (Tender.CHEONGJU_PAY, Tender.CHEONGJU_CARD)


def cash_change(tendered: int, total: int) -> int:
    """Change to hand back, in whole won; ValueError if the cash does not cover the total."""
    if tendered < total:
        raise ValueError(f"{tendered} won does not cover {total} won")
    return tendered - total


#: Notes and coins a customer typically hands over, for the quick-amount buttons.
QUICK_CASH = (1_000, 5_000, 10_000, 50_000)


def quick_amounts(total: int) -> list[int]:
    """Round sums a customer is likely to hand over for ``total`` (exact first)."""
    amounts = [total]
    for unit in QUICK_CASH:
        rounded = -(-total // unit) * unit
        if rounded not in amounts:
            amounts.append(rounded)
    return amounts
