"""The days a merchant's tills closed, as the server holds them: each ``day_close`` event's
figures (net sales per tender, refunds, voids) with their VAT split (과세 매출, 부가세, 면세
매출), exactly as the till's slip printed them: the POS sums them with its one definition
(pos_app/domain/net_sales.py) and the server has checked they add up (day_close.py)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, select

from central_server.schema import devices, journal_events
from pos_app.domain.tax import vat_split

_FIGURES = (
    "net_sales",
    "tenders",
    "refund_total",
    "void_total",
    "discounts",
    # Cheongju Pay's net, the app's QR and the card on the terminal together: the city's
    # special-discount figures count both as Cheongju Pay.
    "cheongju_pay_net",
    "counted_cash",
)


def day_closes(engine: Engine, merchant_id: str) -> list[dict[str, Any]]:
    """Every close of the merchant's devices, oldest first. A close pushed before closes
    carried a split reads as all taxable (VAT floor(net / 11)), as its sales do."""
    query = (
        select(
            journal_events.c.device_id,
            journal_events.c.occurred_at,
            journal_events.c.body,
            devices.c.name,
        )
        .join(devices, devices.c.device_id == journal_events.c.device_id)
        .where(devices.c.merchant_id == merchant_id, journal_events.c.type == "day_close")
        .order_by(journal_events.c.occurred_at, journal_events.c.seq)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    closes = []
    for row in rows:
        body = json.loads(row.body)
        report = {"device_id": row.device_id, "device": row.name, "closed_at": row.occurred_at}
        report.update({key: body.get(key) for key in _FIGURES})
        if report["cheongju_pay_net"] is None:  # a close from before the card was a tender
            report["cheongju_pay_net"] = (body.get("tenders") or {}).get("cheongju_pay", 0)
        report["tax"] = body.get("tax") or _all_taxable(body.get("net_sales", 0))
        report["tenders_tax"] = body.get("tenders_tax") or {
            tender: _all_taxable(net) for tender, net in (body.get("tenders") or {}).items()
        }
        closes.append(report)
    return closes


def _all_taxable(net: int) -> dict[str, int]:
    if net >= 0:
        return vat_split(net, 0).as_body()
    back = vat_split(-net, 0)
    return {"taxable": -back.taxable, "vat": -back.vat, "exempt": 0}
