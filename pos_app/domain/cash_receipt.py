"""현금영수증 (cash receipts): what the customer asks for and the number it is issued to.

A cash sale may carry a cash receipt: 소득공제 (income deduction) to the customer's mobile
number or cash-receipt card, or 지출증빙 (expense proof) to a business registration number.
A shop in a mandatory-issuance trade issues one for a cash sale of 100,000원 or more even
unasked, to the tax service's own number 010-000-1234 (자진발급) when the customer gives none.

Everything here is pure: the POS checks the number as the cashier types it, and the
reference server checks it again from the journal event (it trusts no device).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from pos_app.domain.business_number import business_number_check_digit
from pos_app.domain.errors import ErrorKey, UserFacingError


class CashReceiptPurpose(StrEnum):
    INCOME_DEDUCTION = "income_deduction"  # 소득공제
    EXPENSE_PROOF = "expense_proof"  # 지출증빙


class IdentifierKind(StrEnum):
    PHONE = "phone"
    CARD = "card"
    BUSINESS_NUMBER = "business_number"


class CashReceiptStatus(StrEnum):
    """The relay's word on a request; PENDING until the push that carried it is answered."""

    PENDING = "pending"
    ISSUED = "issued"
    REFUSED = "refused"


class CashReceiptAction(StrEnum):
    ISSUE = "issue"
    CANCEL = "cancel"


#: The tax service's number for a receipt the shop issues unasked (자진발급).
SELF_ISSUED_NUMBER: Final = "0100001234"
#: A mandatory-issuance shop must issue a cash receipt from this cash amount on.
MANDATORY_FROM: Final = 100_000

_SEPARATORS = re.compile(r"[-\s]")
_DIGITS = re.compile(r"[0-9]+")  # ASCII only: str.isdigit would take '²' and Arabic digits
_PHONE = re.compile(r"010[0-9]{8}|01[16789][0-9]{7,8}")
CARD_MIN_DIGITS: Final = 13
CARD_MAX_DIGITS: Final = 19


@dataclass(frozen=True)
class CashReceiptRequest:
    """What the cashier asked for (or the self-issue the rule asked for): the identifier as
    bare ASCII digits."""

    purpose: CashReceiptPurpose
    kind: IdentifierKind
    identifier: str
    self_issued: bool = False

    def to_body(self) -> dict[str, Any]:
        """The ``"cash_receipt"`` object of the cash payment's journal event."""
        return {
            "purpose": self.purpose.value,
            "identifier_kind": self.kind.value,
            "identifier": self.identifier,
            "self_issued": self.self_issued,
        }

    @property
    def masked(self) -> str:
        return mask_identifier(self.kind, self.identifier, self_issued=self.self_issued)


def self_issued_request() -> CashReceiptRequest:
    """자진발급: issued to 010-000-1234 as 소득공제 (the customer may claim it later)."""
    return CashReceiptRequest(
        CashReceiptPurpose.INCOME_DEDUCTION, IdentifierKind.PHONE, SELF_ISSUED_NUMBER, True
    )


def must_self_issue(total: int, *, mandatory_trade: bool, asked: bool) -> bool:
    """A mandatory-issuance shop's cash sale of 100,000원+ the customer asked nothing for."""
    return mandatory_trade and not asked and total >= MANDATORY_FROM


def normalise(text: str) -> str:
    """The text without hyphens and white space (what a scanner or a cashier may add)."""
    return _SEPARATORS.sub("", text)


def luhn_ok(digits: str) -> bool:
    """ISO/IEC 7812 (Luhn, mod 10) check of a digit string, check digit last."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def is_phone(digits: str) -> bool:
    return _PHONE.fullmatch(digits) is not None


def parse_identifier(text: str, purpose: CashReceiptPurpose) -> CashReceiptRequest:
    """The cashier's typed or scanned number as a request, or a coded error (E341-E346).

    소득공제: up to 12 digits is read as a mobile number, 13 to 19 as a cash-receipt card.
    지출증빙: a business registration number, check digit verified.
    """
    digits = normalise(text)
    if not digits:
        raise UserFacingError(ErrorKey.CASH_RECEIPT_EMPTY)
    if _DIGITS.fullmatch(digits) is None:
        raise UserFacingError(ErrorKey.CASH_RECEIPT_NOT_DIGITS)
    if purpose is CashReceiptPurpose.EXPENSE_PROOF:
        if not _business_number_ok(digits):
            raise UserFacingError(ErrorKey.CASH_RECEIPT_BAD_BUSINESS_NUMBER)
        return CashReceiptRequest(purpose, IdentifierKind.BUSINESS_NUMBER, digits)
    if len(digits) < CARD_MIN_DIGITS:
        if not is_phone(digits):
            raise UserFacingError(ErrorKey.CASH_RECEIPT_BAD_PHONE)
        return CashReceiptRequest(purpose, IdentifierKind.PHONE, digits)
    if len(digits) > CARD_MAX_DIGITS:
        raise UserFacingError(ErrorKey.CASH_RECEIPT_BAD_CARD_LENGTH, digits=len(digits))
    if not luhn_ok(digits):
        raise UserFacingError(ErrorKey.CASH_RECEIPT_BAD_CARD_CHECK)
    return CashReceiptRequest(purpose, IdentifierKind.CARD, digits)


def _business_number_ok(digits: str) -> bool:
    return len(digits) == 10 and business_number_check_digit(digits[:9]) == int(digits[9])


def _identifier_ok(kind: IdentifierKind, digits: str) -> bool:
    if _DIGITS.fullmatch(digits) is None:
        return False
    if kind is IdentifierKind.PHONE:
        return is_phone(digits)
    if kind is IdentifierKind.CARD:
        return CARD_MIN_DIGITS <= len(digits) <= CARD_MAX_DIGITS and luhn_ok(digits)
    return _business_number_ok(digits)


def mask_identifier(kind: IdentifierKind, digits: str, *, self_issued: bool = False) -> str:
    """What the receipt prints.

    - a mobile number: the first three and the last four digits (010-****-5678);
    - a card number: the last four only (****-****-****-1234);
    - a business number: whole (123-45-67890): it is public, printed on every receipt the
      business issues, and the buyer's bookkeeping matches the proof by it;
    - the self-issue number 010-000-1234: whole (it is the tax service's, nobody's own).
    """
    if self_issued and digits == SELF_ISSUED_NUMBER:
        return "010-000-1234"
    if kind is IdentifierKind.BUSINESS_NUMBER and len(digits) == 10:
        return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
    if kind is IdentifierKind.PHONE and len(digits) >= 8:
        return f"{digits[:3]}-{'*' * (len(digits) - 7)}-{digits[-4:]}"
    if len(digits) <= 4:
        return "*" * len(digits)
    hidden = "*" * (len(digits) - 4) + digits[-4:]
    return "-".join(hidden[i : i + 4] for i in range(0, len(hidden), 4))


def format_identifier(kind: IdentifierKind, digits: str) -> str:
    """The number as a person writes it (010-1234-5678, 123-45-67890, the card in fours)."""
    if kind is IdentifierKind.PHONE and len(digits) in (10, 11):
        return f"{digits[:3]}-{digits[3:-4]}-{digits[-4:]}"
    if kind is IdentifierKind.BUSINESS_NUMBER and len(digits) == 10:
        return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
    return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def purpose_label(purpose: CashReceiptPurpose) -> str:
    """The receipt's word for the purpose (Korean: the receipt is a Korean document)."""
    return "소득공제" if purpose is CashReceiptPurpose.INCOME_DEDUCTION else "지출증빙"


def request_from_body(obj: Any) -> tuple[CashReceiptRequest | None, str | None]:
    """A journal body's ``"cash_receipt"`` object read back: (request, None), or
    (None, why it cannot be issued). The server answers the reason as a refusal."""
    if not isinstance(obj, Mapping):
        return None, "cash_receipt must be an object"
    try:
        purpose = CashReceiptPurpose(obj.get("purpose"))
        kind = IdentifierKind(obj.get("identifier_kind"))
    except ValueError:
        return None, "unknown purpose or identifier kind"
    identifier = obj.get("identifier")
    self_issued = obj.get("self_issued", False)
    if type(identifier) is not str or type(self_issued) is not bool:
        return None, "identifier must be a string and self_issued a boolean"
    if self_issued:
        if identifier != SELF_ISSUED_NUMBER or kind is not IdentifierKind.PHONE:
            return None, "a self-issued receipt goes to 010-000-1234"
        if purpose is not CashReceiptPurpose.INCOME_DEDUCTION:
            return None, "a self-issued receipt is for income deduction"
    elif not _identifier_ok(kind, identifier):
        return None, f"the {kind.value} fails its check"
    elif (kind is IdentifierKind.BUSINESS_NUMBER) != (purpose is CashReceiptPurpose.EXPENSE_PROOF):
        return None, "expense proof goes to a business number, income deduction to a person"
    return CashReceiptRequest(purpose, kind, identifier, self_issued), None


@dataclass(frozen=True)
class CashReceiptRecord:
    """A cash receipt as the POS keeps it: the request (masked number) and the relay's word."""

    event_id: str  # the event that asked: the payment (issue) or its refund/void (cancel)
    payment_id: str
    action: CashReceiptAction
    purpose: CashReceiptPurpose
    kind: IdentifierKind
    masked: str
    self_issued: bool
    amount: int
    business_date: str
    status: CashReceiptStatus
    approval_no: str | None = None
    reason: str | None = None


def cancel_body(payment_id: str, amount: int, approval_no: str | None) -> dict[str, Any]:
    """The ``"cash_receipt_cancel"`` object a refund or a void of the sale carries: the
    original by its payment (its approval number too, when the answer had come)."""
    return {"payment_id": payment_id, "amount": amount, "approval_no": approval_no}


@dataclass(frozen=True)
class CashReceiptTotals:
    """A day's cash receipts, for the close: the relay's issued ones and its cancels, won
    and count; the ones still waiting for its word counted apart; refused ones not at all."""

    issued_count: int = 0
    issued_amount: int = 0
    cancelled_count: int = 0
    cancelled_amount: int = 0
    pending_count: int = 0  # asked, the relay's word not in yet (offline)

    @property
    def any(self) -> bool:
        return bool(self.issued_count or self.cancelled_count or self.pending_count)
