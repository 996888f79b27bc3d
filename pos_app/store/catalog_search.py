"""Catalog search as the cashier types: names, categories and codes, fast at 100,000 products.

What matches (active products only):

- the query is split on whitespace into terms; a product matches when every term is
  a substring of its name or of its category (Korean of any length, ``사`` included;
  A-Z case-insensitive - other letters match as typed), or
- the whole query is a prefix of one of its codes (barcode or store code; store codes
  are matched in upper case, and a digits-only query also as a UPC-A, i.e. with the
  leading 0 its EAN-13 key carries).

Order: the product whose code is exactly the query (as a scan would find it), then
names that start with the query, then every other match; by name within each group
(A-Z folded, then product id, so equal names keep one order).

How it stays fast (``bench/catalog_search.py`` measures it): ``product_search`` is a
copy of the searchable text kept by triggers (migration v4), with a name-ordered index
and an FTS5 trigram index. A common query is answered by walking the name index and
stopping at the first ``limit`` matches. A rare one is answered from the trigram index:
terms of 3+ characters directly, 1-2 character terms through the trigrams that start
with them (the keys are padded, so every character starts one). Every candidate is
checked against the exact rule above in SQL, so the index only has to find a superset.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import unicodedata
from dataclasses import dataclass

from pos_app.domain.records import Product
from pos_app.domain.scan import ScanKind, classify_scan, product_code_key
from pos_app.domain.tax import TaxCategory

#: Rows of the name index a search walks before it turns to the trigram index. Walking
#: costs ~0.1 us a row; a query that has not found ``limit`` matches in this many names
#: is rare enough for the index (expected matches <= limit * products / WALK_ROWS).
WALK_ROWS = 4_000
#: A 1-2 character term that starts more distinct trigrams than this is common: it is
#: left to the exact check instead of becoming a long OR in the FTS query.
MAX_TERM_EXPANSION = 64
#: A code prefix shared by at most this many codes is answered by fetching them all;
#: a commoner one (``880``: every Korean barcode) by a walk in name order that stops
#: early. Both cost about the same there (~2 ms at 100,000 products).
CODE_FETCH_LIMIT = 2_000

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_CODE_KINDS = frozenset({ScanKind.EAN13, ScanKind.EAN8, ScanKind.UPCA, ScanKind.STORE_CODE})
_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")


@dataclass(frozen=True)
class SearchQuery:
    """A typed query, normalised the way the index keys are."""

    text: str  # NFC, no control characters, single spaces, A-Z folded
    terms: tuple[str, ...]
    exact_code: str | None  # the key a scan of the query would look up
    code_prefixes: tuple[str, ...]


def parse_query(raw: str) -> SearchQuery:
    # NFC: a name typed on one PC and searched on another must compare equal.
    # Control characters cannot be typed and would collide with the key padding;
    # a lone surrogate cannot even be stored.
    clean = "".join(
        ch
        for ch in unicodedata.normalize("NFC", raw)
        if unicodedata.category(ch) not in {"Cc", "Cs"}
    )
    terms = tuple(clean.translate(_ASCII_LOWER).split())
    exact: str | None = None
    prefixes: tuple[str, ...] = ()
    if len(terms) == 1 and set(clean.strip()) <= _CODE_CHARS:
        code = clean.strip()
        scan = classify_scan(code)
        if scan.kind in _CODE_KINDS:
            exact = product_code_key(scan)
        upper = code.upper()
        prefixes = (upper, "0" + upper) if upper.isdigit() else (upper,)
    return SearchQuery(" ".join(terms), terms, exact, prefixes)


def search_products(
    conn: sqlite3.Connection, query: str, limit: int | None = 50, *, walk_rows: int = WALK_ROWS
) -> list[Product]:
    """Active products matching ``query``, best first; ``limit=None`` returns them all.

    An empty query lists active products by name. ``walk_rows`` tunes the plan (see
    the module's docstring), never the answer.
    """
    if limit is not None and limit <= 0:
        return []
    parsed = parse_query(query)
    if not parsed.text:
        return _load(conn, _by_name(conn, limit))
    found: list[str] = []
    exact_id = _exact_code_match(conn, parsed.exact_code)
    if exact_id is not None:
        found.append(exact_id)
    found += _name_prefix_matches(conn, parsed.text, exact_id, _remaining(limit, found))
    need = _remaining(limit, found)
    if need != 0:
        later = _Later(conn, parsed, exact_id, need)
        # The first `need` of a union are among the first `need` of each part.
        merged = sorted({*later.term_matches(walk_rows), *later.code_prefix_matches()})
        found += [product_id for _, product_id in merged[:need]]
    return _load(conn, found)


def _remaining(limit: int | None, found: list[str]) -> int | None:
    return None if limit is None else limit - len(found)


def _sql_limit(limit: int | None) -> int:
    return -1 if limit is None else limit  # SQLite: a negative LIMIT means none


def _by_name(conn: sqlite3.Connection, limit: int | None) -> list[str]:
    rows = conn.execute(
        "SELECT product_id FROM product_search WHERE active = 1"
        " ORDER BY name_key, product_id LIMIT ?",
        (_sql_limit(limit),),
    )
    return [row[0] for row in rows]


def _exact_code_match(conn: sqlite3.Connection, code: str | None) -> str | None:
    if code is None:
        return None
    row = conn.execute(
        "SELECT product_id FROM product_codes JOIN product_search USING (product_id)"
        " WHERE code = ? AND active = 1",
        (code,),
    ).fetchone()
    return row[0] if row else None


def _after(prefix: str) -> str | bytes:
    """The smallest value greater than every string that starts with ``prefix``."""
    stem = prefix.rstrip(chr(sys.maxunicode))
    if not stem:
        return b""  # SQLite sorts every BLOB after every TEXT
    return stem[:-1] + chr(ord(stem[-1]) + 1)


def _name_prefix_matches(
    conn: sqlite3.Connection, text: str, exact_id: str | None, limit: int | None
) -> list[str]:
    if limit == 0:
        return []
    rows = conn.execute(
        "SELECT product_id FROM product_search"
        " WHERE active = 1 AND name_key >= ? AND name_key < ? AND product_id IS NOT ?"
        " ORDER BY name_key, product_id LIMIT ?",
        (text, _after(text), exact_id, _sql_limit(limit)),
    )
    return [row[0] for row in rows]


class _Later:
    """The third group: matches that neither carry the exact code nor start with the query.

    Each part returns (name_key, product_id) pairs in name order, at most ``need``.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        parsed: SearchQuery,
        exact_id: str | None,
        need: int | None,
    ) -> None:
        self._conn = conn
        self._parsed = parsed
        self._params: dict[str, object] = {
            "text": parsed.text,
            "text_end": _after(parsed.text),
            "exact_id": exact_id,
            "need": _sql_limit(need),
        }
        self._need = need
        self._not_earlier = (
            "s.active = 1 AND s.product_id IS NOT :exact_id"
            " AND NOT (s.name_key >= :text AND s.name_key < :text_end)"
        )

    def _rows(self, sql: str, **extra: object) -> list[tuple[str, str]]:
        return [(row[0], row[1]) for row in self._conn.execute(sql, {**self._params, **extra})]

    def term_matches(self, walk_rows: int) -> list[tuple[str, str]]:
        checks = []
        for i, term in enumerate(self._parsed.terms):
            self._params[f"t{i}"] = term
            checks.append(f"(instr(s.name_key, :t{i}) OR instr(s.category_key, :t{i}))")
        condition = f"{' AND '.join(checks)} AND {self._not_earlier}"
        select = "SELECT s.name_key, s.product_id FROM product_search AS s"
        order = "ORDER BY s.name_key, s.product_id LIMIT :need"
        if self._need is not None:
            # Walk the first walk_rows names (index only). Enough matches there are
            # the answer: any match further on sorts after them.
            boundary = self._conn.execute(
                "SELECT name_key FROM product_search WHERE active = 1"
                " ORDER BY name_key, product_id LIMIT 1 OFFSET ?",
                (max(walk_rows, 1) - 1,),
            ).fetchone()
            bound = "" if boundary is None else "s.name_key <= :boundary AND "
            walked = self._rows(
                f"{select} WHERE {bound}{condition} {order}",
                boundary=boundary[0] if boundary else None,
            )
            if boundary is None or len(walked) >= self._need:
                return walked
        expression = _fts_expression(self._conn, self._parsed.terms)
        if expression == "":
            return []
        if expression is None:  # only short, common terms: check every product
            return self._rows(f"{select} WHERE {condition} {order}")
        # The FTS hits first (MATERIALIZED), then one lookup each (CROSS JOIN fixes the
        # order): left to itself the planner walks the name index and probes the hits
        # per product, seconds at 100,000 products.
        return self._rows(
            "WITH hits(docid) AS MATERIALIZED"
            " (SELECT rowid FROM product_fts WHERE product_fts MATCH :fts)"
            " SELECT s.name_key, s.product_id FROM hits"
            f" CROSS JOIN product_search AS s ON s.docid = hits.docid WHERE {condition} {order}",
            fts=expression,
        )

    def code_prefix_matches(self) -> list[tuple[str, str]]:
        if not self._parsed.code_prefixes:
            return []
        ranges = []
        for i, prefix in enumerate(self._parsed.code_prefixes):
            self._params[f"c{i}"], self._params[f"c{i}_end"] = prefix, _after(prefix)
            ranges.append(f"(c.code >= :c{i} AND c.code < :c{i}_end)")
        in_range = " OR ".join(ranges)
        [(count, _)] = self._rows(
            "SELECT count(*), NULL FROM"
            f" (SELECT 1 FROM product_codes AS c WHERE {in_range} LIMIT :cap)",
            cap=CODE_FETCH_LIMIT + 1,
        )
        if count == 0:
            return []
        order = "ORDER BY s.name_key, s.product_id LIMIT :need"
        if count <= CODE_FETCH_LIMIT or self._need is None:
            # Codes first, as with the FTS hits.
            return self._rows(
                "WITH hits(product_id) AS MATERIALIZED"
                f" (SELECT DISTINCT product_id FROM product_codes AS c WHERE {in_range})"
                " SELECT s.name_key, s.product_id FROM hits"
                " CROSS JOIN product_search AS s ON s.product_id = hits.product_id"
                f" WHERE {self._not_earlier} {order}"
            )
        return self._rows(
            "SELECT s.name_key, s.product_id FROM product_search AS s"
            f" WHERE {self._not_earlier} AND EXISTS (SELECT 1 FROM product_codes AS c"
            f" WHERE c.product_id = s.product_id AND ({in_range})) {order}"
        )


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _fts_expression(conn: sqlite3.Connection, terms: tuple[str, ...]) -> str | None:
    """An FTS5 query whose hits include every product matching all ``terms``.

    None when no term narrows the search (all short and common); "" when some term
    occurs in no product at all.
    """
    parts = []
    for term in terms:
        if len(term) >= 3:
            parts.append(_phrase(term))
            continue
        # Padded keys: every occurrence of a 1-2 character term starts some trigram.
        # The vocabulary is sorted, so those that start with it come first.
        starts = [
            row[0]
            for row in conn.execute(
                "SELECT term FROM product_fts_terms WHERE term >= ? LIMIT ?",
                (term, MAX_TERM_EXPANSION + 1),
            )
            if row[0].startswith(term)
        ]
        if not starts:
            return ""
        if len(starts) <= MAX_TERM_EXPANSION:
            parts.append("(" + " OR ".join(_phrase(start) for start in starts) + ")")
    return " AND ".join(parts) if parts else None


def _load(conn: sqlite3.Connection, product_ids: list[str]) -> list[Product]:
    """The products, in the given order, with their codes (two queries, whatever the count)."""
    if not product_ids:
        return []
    ids = json.dumps(product_ids)
    codes: dict[str, list[str]] = {}
    for product_id, code in conn.execute(
        "SELECT product_id, code FROM product_codes"
        " WHERE product_id IN (SELECT value FROM json_each(?)) ORDER BY product_id, code",
        (ids,),
    ):
        codes.setdefault(product_id, []).append(code)
    rows = conn.execute(
        "SELECT p.product_id, p.name, p.price, p.category, p.excluded_from_discount, p.active,"
        " p.tax_category, p.sold_by_weight, p.price_per_kg, p.market_price"
        " FROM json_each(?) AS j JOIN products AS p ON p.product_id = j.value"
        " ORDER BY j.key",
        (ids,),
    )
    return [
        Product(
            product_id=product_id,
            name=name,
            price=price,
            category=category,
            excluded_from_discount=bool(excluded),
            active=bool(active),
            codes=tuple(codes.get(product_id, ())),
            tax_category=TaxCategory(tax_category),
            sold_by_weight=bool(by_weight),
            price_per_kg=per_kg,
            market_price=bool(market),
        )
        for (
            product_id,
            name,
            price,
            category,
            excluded,
            active,
            tax_category,
            by_weight,
            per_kg,
            market,
        ) in rows
    ]
