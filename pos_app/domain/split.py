"""Split payment (복합결제): Cheongju Pay for a part the customer chooses, cash and/or the
card terminal for the rest, and the one rule for the special discount of such a sale.

The customer chooses P, the won charged to Cheongju Pay (the app's QR or the Cheongju Pay
card). The discount is what that money earns: P pays for goods worth P + d at the list
price, and d may be at most the rate of those goods, so

    d(P) = min(D, round_down_to_unit(floor(P * bp / (10000 - bp))))

where D is the full discount on the eligible goods (what paying all by Cheongju Pay gives)
and bp the rate; at 100 % any P > 0 earns D; d(0) = 0. The sale's total is subtotal - d;
the rest (total - P) is paid in cash and/or on the card terminal. P may not exceed the
all-Cheongju-Pay price (subtotal - D). Pure: the POS and the server call the same rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import BASIS_POINTS, format_won, round_down_to_unit
from pos_app.domain.pricing import CartLine, DiscountPolicy
from pos_app.domain.tax import VatSplit, allocate
from pos_app.domain.tenders import Tender, is_cheongju_pay

#: The order a split sale's refund goes back in: the tender whose money is most at risk
#: of being wrong or disputed first (cash leaves the drawer now, the terminal is the card
#: company's, the Cheongju Pay card has no wallet movement here), the wallet last.
REFUND_ORDER: tuple[Tender, ...] = (
    Tender.CASH,
    Tender.CARD_TERMINAL,
    Tender.CHEONGJU_CARD,
    Tender.CHEONGJU_PAY,
)


@dataclass(frozen=True)
class PaymentPart:
    """One tender's share of a payment (a plain payment is one part)."""

    tender: Tender
    amount: int
    tendered: int | None = None  # cash: what was handed over
    change: int | None = None  # cash: what went back
    card_approval_no: str | None = None  # 청주페이 카드: the terminal's approval number
    tax_split: VatSplit | None = None


def valid_approval_no(text: str) -> str:
    """The Cheongju Pay card's approval number as the terminal's slip prints it: 6 to 12
    digits (spaces and hyphens from a scan or typing dropped); E356 otherwise."""
    digits = "".join(ch for ch in text if ch not in " -")
    if not digits.isascii() or not digits.isdigit() or not 6 <= len(digits) <= 12:
        raise UserFacingError(ErrorKey.SPLIT_BAD_APPROVAL_NO)
    return digits


def split_discount(cheongju_pay: int, full_discount: int, rate_bp: int, unit: int) -> int:
    """d(P): the special discount ``cheongju_pay`` won of Cheongju Pay earns (see module)."""
    if cheongju_pay <= 0 or full_discount <= 0:
        return 0
    if rate_bp >= BASIS_POINTS:
        return full_discount
    earned = cheongju_pay * rate_bp // (BASIS_POINTS - rate_bp)
    return min(full_discount, round_down_to_unit(earned, unit))


@dataclass(frozen=True)
class SplitQuote:
    """A split sale priced for ``cheongju_pay`` won of Cheongju Pay."""

    subtotal: int
    eligible: int
    #: D: the discount all-Cheongju-Pay would give (0 when no policy applies today).
    full_discount: int
    #: d(P): the discount this sale gets.
    discount: int
    discount_rate_bp: int
    cheongju_pay: int
    rounding_unit: int = 1

    @property
    def total(self) -> int:
        return self.subtotal - self.discount

    @property
    def rest(self) -> int:
        """What is left for cash and/or the card terminal."""
        return self.total - self.cheongju_pay

    @property
    def cash_price(self) -> int:
        return self.subtotal

    @property
    def all_cheongju_pay_price(self) -> int:
        """The most Cheongju Pay may pay: the price paying all with it."""
        return self.subtotal - self.full_discount

    @property
    def covered(self) -> int:
        """The eligible goods the Cheongju Pay money covers at the list price."""
        return min(self.eligible, self.cheongju_pay + self.discount)


def quote_split(
    lines: Iterable[CartLine],
    *,
    cheongju_pay: int,
    today: date,
    discount_policy: DiscountPolicy | None,
) -> SplitQuote:
    """Price a cart paid ``cheongju_pay`` won by Cheongju Pay and the rest otherwise.

    Raises E352 for a negative amount, E351 above the all-Cheongju-Pay price."""
    if isinstance(cheongju_pay, bool) or not isinstance(cheongju_pay, int) or cheongju_pay < 0:
        raise UserFacingError(ErrorKey.SPLIT_BAD_AMOUNT)
    lines = tuple(lines)
    subtotal = sum(line.amount for line in lines)
    eligible = sum(line.amount for line in lines if not line.excluded_from_discount)
    applies = discount_policy is not None and discount_policy.is_active_on(today)
    rate_bp = discount_policy.rate_bp if applies else 0  # type: ignore[union-attr]
    unit = discount_policy.rounding_unit if discount_policy is not None else 1
    full = discount_policy.discount_for(eligible) if applies else 0  # type: ignore[union-attr]
    if cheongju_pay > subtotal - full:
        raise UserFacingError(
            ErrorKey.SPLIT_OVER_ALL_PAY,
            amount=format_won(cheongju_pay),
            limit=format_won(subtotal - full),
        )
    return SplitQuote(
        subtotal=subtotal,
        eligible=eligible,
        full_discount=full,
        discount=split_discount(cheongju_pay, full, rate_bp, unit),
        discount_rate_bp=rate_bp if cheongju_pay > 0 else 0,
        cheongju_pay=cheongju_pay,
        rounding_unit=unit,
    )


def check_rest_parts(rest: int, cash: int, card: int) -> None:
    """The cash and card parts must be whole won, not negative, and add up to the rest."""
    for amount in (cash, card):
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise UserFacingError(ErrorKey.SPLIT_BAD_AMOUNT)
    if cash + card != rest:
        raise UserFacingError(
            ErrorKey.SPLIT_PARTS_DO_NOT_ADD_UP, parts=format_won(cash + card), rest=format_won(rest)
        )


def parts_split(split: VatSplit, amounts: Sequence[int]) -> list[VatSplit]:
    """Each part's share of the sale's VAT split (과세/부가세/면세 per tender): the exempt
    amount pro rata to the parts, the rest of each part taxable, the VAT pro rata to the
    taxable shares. Each column adds up to the sale's exactly."""
    if sum(amounts) != split.total:
        raise ValueError(f"parts {sum(amounts)} do not add up to {split.total}")
    exempt = allocate(list(amounts), split.exempt)
    taxable = [amount - share for amount, share in zip(amounts, exempt, strict=True)]
    vat = allocate(taxable, split.vat)
    return [
        VatSplit(taxable=t, vat=v, exempt=e) for t, v, e in zip(taxable, vat, exempt, strict=True)
    ]


def refund_by_parts(
    amount: int, parts: Sequence[tuple[Tender, int]], refunded: Sequence[tuple[Tender, int]]
) -> list[tuple[Tender, int]]:
    """``amount`` given back over a split sale's ``parts`` (tender, amount), in
    :data:`REFUND_ORDER`, after what earlier refunds gave back (``refunded``). A part never
    gives back more than it took. Raises ValueError if the parts cannot cover it."""
    left: dict[Tender, int] = {}
    for tender, part in parts:
        left[Tender(tender)] = left.get(Tender(tender), 0) + part
    for tender, back in refunded:
        left[Tender(tender)] = left.get(Tender(tender), 0) - back
    out: list[tuple[Tender, int]] = []
    owed = amount
    for tender in REFUND_ORDER:
        if owed <= 0:
            break
        take = min(owed, max(left.get(tender, 0), 0))
        if take:
            out.append((tender, take))
            owed -= take
    if owed:
        raise ValueError(f"{owed} won of the refund is not covered by the parts")
    return out


#: One tender's share of a split sale or of a refund of it: (tender, won, its VAT split).
SplitShare = tuple[Tender, int, VatSplit]


def refund_parts_split(
    sold: Sequence[SplitShare],
    refunded_before: Sequence[SplitShare],
    refund: Sequence[tuple[Tender, int]],
    refund_split: VatSplit,
) -> list[SplitShare]:
    """Each tender's share of a refund's VAT split, such that what every tender keeps of
    the sale is the pro rata share (:func:`parts_split`) of what the sale keeps.

    The money goes back cash first (:func:`refund_by_parts`) whatever goods came back, so
    taking the refund's taxable goods from the cash part would leave the cash part with
    negative 과세 and the wallet part with more than it was paid for. Instead each tender's
    share is what it held before less its share of what is left after. A tender that gives
    nothing back may still appear, with 0 won: its 과세/면세 mix moves (the exempt goods came
    back through the cash, the wallet's part now pays only for the taxable ones). The shares
    add up to ``refund_split`` and each to its tender's won."""
    order: list[Tender] = []
    held: dict[Tender, list[int]] = {}  # won, taxable, vat, exempt
    for tender, amount, split in sold:
        tender = Tender(tender)
        if tender not in held:
            order.append(tender)
            held[tender] = [0, 0, 0, 0]
        _add(held[tender], amount, split, 1)
    for tender, amount, split in refunded_before:
        _add(held.setdefault(Tender(tender), [0, 0, 0, 0]), amount, split, -1)
    back = {Tender(tender): 0 for tender in order}
    for tender, amount in refund:
        back[Tender(tender)] = back.get(Tender(tender), 0) + amount
    left = VatSplit(
        taxable=sum(h[1] for h in held.values()) - refund_split.taxable,
        vat=sum(h[2] for h in held.values()) - refund_split.vat,
        exempt=sum(h[3] for h in held.values()) - refund_split.exempt,
    )
    remaining = [held[tender][0] - back.get(tender, 0) for tender in order]
    none = VatSplit(taxable=0, vat=0, exempt=0)
    kept = parts_split(left, remaining) if any(remaining) else [none for _ in order]
    shares: list[SplitShare] = []
    for tender, after in zip(order, kept, strict=True):
        _, taxable, vat, exempt = held[tender]
        share = VatSplit(
            taxable=taxable - after.taxable, vat=vat - after.vat, exempt=exempt - after.exempt
        )
        if back.get(tender, 0) or share != none:
            shares.append((tender, back.get(tender, 0), share))
    # As the money went back: cash first, the wallet last (a 0-won share after them).
    rank = {tender: index for index, tender in enumerate(REFUND_ORDER)}
    return sorted(shares, key=lambda share: (share[1] == 0, rank.get(share[0], len(rank))))


def _add(into: list[int], amount: int, split: VatSplit, sign: int) -> None:
    into[0] += sign * amount
    into[1] += sign * split.taxable
    into[2] += sign * split.vat
    into[3] += sign * split.exempt


def cheongju_pay_parts(parts: Iterable[tuple[Tender, int]]) -> int:
    """How many of the parts are Cheongju Pay (at most one is allowed per sale)."""
    return sum(1 for tender, _ in parts if is_cheongju_pay(Tender(tender)))


def split_parts(
    cheongju_pay: int,
    *,
    by_qr: bool,
    card_approval_no: str | None,
    cash: int,
    tendered: int | None,
    card_terminal: int,
) -> list[dict[str, Any]]:
    """A split sale's parts as its event body carries them, checked: exactly one means for
    a Cheongju Pay part (E355), a well-formed approval number (E356), cash handed over
    covering the cash part (E354). The rest's sum is :func:`check_rest_parts`'."""
    by_card = bool(card_approval_no and card_approval_no.strip())
    if cheongju_pay > 0 and by_qr == by_card:
        raise UserFacingError(ErrorKey.SPLIT_NO_CHEONGJU_PAY_MEANS)
    parts: list[dict[str, Any]] = []
    if cheongju_pay > 0:
        part: dict[str, Any] = {
            "tender": (Tender.CHEONGJU_PAY if by_qr else Tender.CHEONGJU_CARD).value,
            "amount": cheongju_pay,
        }
        if by_card:
            part["card_approval_no"] = valid_approval_no(card_approval_no or "")
        parts.append(part)
    if cash > 0:
        handed = cash if tendered is None else tendered
        if isinstance(handed, bool) or not isinstance(handed, int) or handed < cash:
            raise UserFacingError(
                ErrorKey.SPLIT_SHORT_CASH,
                tendered=format_won(handed if isinstance(handed, int) else 0),
                cash=format_won(cash),
            )
        parts.append(
            {
                "tender": Tender.CASH.value,
                "amount": cash,
                "tendered": handed,
                "change": handed - cash,
            }
        )
    if card_terminal > 0:
        parts.append({"tender": Tender.CARD_TERMINAL.value, "amount": card_terminal})
    return parts
