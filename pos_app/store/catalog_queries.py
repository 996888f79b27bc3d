"""Catalogue reads for the catalogue screen (the counter's own reads stay in queries.py)."""

from __future__ import annotations

import sqlite3

from pos_app.domain.records import Product
from pos_app.store.queries import product_by_id


def code_owner(conn: sqlite3.Connection, code_key: str) -> tuple[str, str] | None:
    """(product_id, name) of the product, active or not, that holds this code key."""
    row = conn.execute(
        "SELECT product_id, name FROM product_codes JOIN products USING (product_id)"
        " WHERE code = ?",
        (code_key,),
    ).fetchone()
    return (row[0], row[1]) if row else None


def inactive_products(conn: sqlite3.Connection, limit: int = 200) -> list[Product]:
    """Deactivated products, newest change first (search only finds active ones)."""
    rows = conn.execute(
        "SELECT product_id FROM products WHERE active = 0 ORDER BY updated_seq DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [p for p in (product_by_id(conn, row[0]) for row in rows) if p is not None]


def product_count(conn: sqlite3.Connection) -> tuple[int, int]:
    """(active, inactive) product counts."""
    row = conn.execute(
        "SELECT COALESCE(SUM(active = 1), 0), COALESCE(SUM(active = 0), 0) FROM products"
    ).fetchone()
    return int(row[0]), int(row[1])


#: product_upsert fields the catalogue form does not edit; an edit must carry them over.
EXTRA_FIELDS = ("photo", "low_stock_at", "favourite")


def product_extras(conn: sqlite3.Connection, product_id: str) -> dict[str, object]:
    """The product's fields the catalogue form does not edit (schema v5 columns)."""
    row = conn.execute(
        f"SELECT {', '.join(EXTRA_FIELDS)} FROM products WHERE product_id = ?", (product_id,)
    ).fetchone()
    if row is None:
        return {}
    extras = dict(zip(EXTRA_FIELDS, row, strict=True))
    extras["favourite"] = bool(extras["favourite"])
    return extras


def favourite_products(conn: sqlite3.Connection, limit: int = 40) -> list[Product]:
    """Active favourites for the one-tap grid, by category then name."""
    rows = conn.execute(
        "SELECT product_id FROM products WHERE favourite = 1 AND active = 1"
        " ORDER BY category, name LIMIT ?",
        (limit,),
    ).fetchall()
    return [p for p in (product_by_id(conn, row[0]) for row in rows) if p is not None]
