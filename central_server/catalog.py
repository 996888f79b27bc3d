"""The merchant's catalogue, kept from its devices' ``product_upsert`` events.

The server does not judge products (the POS owns its catalogue); it keeps the last version
each product was pushed with, so listings and orders can be read against it. Optional fields
(photo, low_stock_at, favourite) are missing from older events and default here;
tax_category, as on the POS (store/projection.py), keeps the stored value when an event
does not carry it (a writer that does not know it cannot turn 면세 goods taxable), and is
taxable for a product first seen without it.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Insert, select

from central_server.db import per_dialect
from central_server.schema import products
from central_server.settlement import RECORDED, PushContext, Settlement
from pos_app.domain.journal import JournalEvent
from pos_app.domain.tax import TaxCategory


def _upsert(insert: Any) -> Insert:
    statement = insert(products)
    keys = {"merchant_id", "product_id"}
    return statement.on_conflict_do_update(
        index_elements=[products.c.merchant_id, products.c.product_id],
        set_={c.name: statement.excluded[c.name] for c in products.columns if c.name not in keys},
    )


_UPSERT = per_dialect(_upsert)


def _product_row(merchant_id: str, event: JournalEvent) -> dict[str, Any]:
    body = event.body
    return {
        "merchant_id": merchant_id,
        "product_id": body["product_id"],
        "name": body["name"],
        "price": body["price"],
        "category": body.get("category", ""),
        "excluded_from_discount": body.get("excluded_from_discount", False),
        "active": body.get("active", True),
        "codes": json.dumps(body.get("codes", []), ensure_ascii=False),
        "photo": body.get("photo"),
        "low_stock_at": body.get("low_stock_at"),
        "favourite": body.get("favourite", False),
        "event_id": event.event_id,
    }


def _stored_tax(ctx: PushContext, product_id: str) -> str:
    stored = ctx.conn.execute(
        select(products.c.tax_category).where(
            products.c.merchant_id == ctx.merchant_id, products.c.product_id == product_id
        )
    ).scalar()
    return stored or TaxCategory.TAXABLE.value


def apply_product_upsert(ctx: PushContext, event: JournalEvent) -> Settlement:
    row = _product_row(ctx.merchant_id, event)
    row["tax_category"] = event.body.get("tax_category") or _stored_tax(ctx, row["product_id"])
    ctx.conn.execute(_UPSERT[ctx.conn.dialect.name], {**row, "updated_at": ctx.received_at})
    return RECORDED
