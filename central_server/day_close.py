"""The business day's events on the server: ``day_open``, ``cash_movement``, ``day_close``.

The server takes no decision on them (the drawer is the shop's), so they are stored as
``recorded`` like any event it has no handler for. Their bodies are checked here first,
with the POS's own rules, so a malformed one is refused as ``invalid_event`` instead of
being kept as if it were a shop's figures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from pos_app.domain.day_close import CashDirection, DayRuleError, check_amount

DAY_OPEN: Final = "day_open"
CASH_MOVEMENT: Final = "cash_movement"
DAY_CLOSE: Final = "day_close"


def _amount(body: Mapping[str, Any], key: str, *, allow_zero: bool) -> str | None:
    try:
        check_amount(body.get(key), allow_zero=allow_zero)
    except DayRuleError:
        return f"{key} must be a whole number of won within the limit"
    return None


def _text(body: Mapping[str, Any], key: str) -> str | None:
    value = body.get(key)
    if type(value) is not str or not value or "\x00" in value:
        return f"{key} must be a non-empty string"
    return None


def _open(body: Mapping[str, Any]) -> str | None:
    if "float_counted" in body and type(body["float_counted"]) is not bool:
        return "float_counted must be true or false"
    return _text(body, "business_date") or _amount(body, "float", allow_zero=True)


def _movement(body: Mapping[str, Any]) -> str | None:
    if body.get("direction") not in {d.value for d in CashDirection}:
        return "direction must be 'in' or 'out'"
    return (
        _text(body, "day_id") or _text(body, "reason") or _amount(body, "amount", allow_zero=False)
    )


def _split_problem(split: Any, net: Any, where: str) -> str | None:
    """A close's VAT split: whole won, taxable + exempt = the net it splits (net figures
    can be negative: a day whose refunds exceed its sales)."""
    if not isinstance(split, Mapping) or set(split) != {"taxable", "vat", "exempt"}:
        return f"{where} must be {{taxable, vat, exempt}}"
    if any(type(split[key]) is not int for key in split) or type(net) is not int:
        return f"{where} must be whole numbers of won"
    if split["taxable"] + split["exempt"] != net:
        return f"{where}: taxable + exempt must be the net sales"
    if abs(split["vat"]) > abs(split["taxable"]):
        return f"{where}: the VAT must lie within the taxable part"
    return None


def _close_tax(body: Mapping[str, Any]) -> str | None:
    """The split a close from a POS that keeps one carries; a close without it (written
    before) is accepted as it was."""
    if "tax" not in body:
        return None
    problem = _split_problem(body["tax"], body.get("net_sales"), "tax")
    if problem:
        return problem
    tenders, per_tender = body.get("tenders"), body.get("tenders_tax")
    if not isinstance(tenders, Mapping) or not isinstance(per_tender, Mapping):
        return "tenders_tax must be an object per tender"
    if set(per_tender) != set(tenders):
        return "tenders_tax must name the tenders of tenders"
    for tender, split in per_tender.items():
        problem = _split_problem(split, tenders[tender], f"tenders_tax.{tender}")
        if problem:
            return problem
    return None


def _close(body: Mapping[str, Any]) -> str | None:
    return (
        _text(body, "day_id") or _amount(body, "counted_cash", allow_zero=True) or _close_tax(body)
    )


_CHECKS: Final[dict[str, Callable[[Mapping[str, Any]], str | None]]] = {
    DAY_OPEN: _open,
    CASH_MOVEMENT: _movement,
    DAY_CLOSE: _close,
}
DAY_EVENTS: Final = frozenset(_CHECKS)


def body_problem(event_type: str, body: Mapping[str, Any]) -> str | None:
    """What is wrong with a day event's body, or None if it may be recorded."""
    return _CHECKS[event_type](body)
