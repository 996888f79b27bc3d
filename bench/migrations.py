"""What a schema upgrade costs on a long history, against a replay of the whole journal.

Builds a file of N cash sales straight through ``CheckoutService`` (no UI), then times:

- ``rebuild_projections``: every event replayed in Python (what an upgrade would cost if a
  step rebuilt the tables from the journal);
- the set-based data steps the migrations run: the stock backfill (``INSERT … SELECT``
  over payments and their items) and the recount of exposure (``UPDATE`` over payments),
  each as the migration's own SQL text, in a transaction rolled back afterwards.

- the checked copy start-up makes before it runs an upgrade (``make_backup``).

Prints the times and the ratio replay / set-based step. It measures; it asserts nothing.

    uv run python bench/migrations.py [--sales 100000] [--dir DIR]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from pos_app.domain.clock import KST
from pos_app.services.backups import BEFORE_UPGRADE
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import seed_demo
from pos_app.store.backup import make_backup
from pos_app.store.database import connect
from pos_app.store.migrations import MIGRATIONS
from pos_app.store.projection import rebuild_projections

# 300 sales a day, one every 2 minutes from 09:00 KST: a busy shop's year is 100,000 sales.
SALES_PER_DAY = 300
SECONDS_BETWEEN_SALES = 120


class SteppingClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def build_file(path: Path, sales: int) -> None:
    """N cash sales of 1-3 demo products each, through the checkout service."""
    start = datetime(2025, 1, 1, 9, tzinfo=KST)
    clock = SteppingClock(start)
    conn = connect(path)
    try:
        seed_demo(conn, clock)
        # Building the file is not what is measured: no fsync per sale.
        conn.execute("PRAGMA synchronous=OFF")
        service = open_checkout(conn, clock)
        codes = [
            r[0] for r in conn.execute("SELECT code FROM product_codes ORDER BY code LIMIT 40")
        ]
        rng = random.Random(19)
        for i in range(sales):
            day, slot = divmod(i, SALES_PER_DAY)
            clock.now = start + timedelta(days=day, seconds=slot * SECONDS_BETWEEN_SALES)
            for code in rng.sample(codes, rng.randint(1, 3)):
                service.handle_scan(code)
            service.pay_cash(100_000)
            if i and i % 10_000 == 0:
                print(f"  built {i:,} sales", file=sys.stderr)
    finally:
        conn.close()


def timed(
    conn: sqlite3.Connection, sql_or_call: str | object, *, keep: bool, setup: str = ""
) -> float:
    """Seconds for one write transaction (rolled back unless ``keep``); ``setup`` runs
    first in the same transaction, untimed."""
    conn.execute("BEGIN IMMEDIATE")
    for statement in split_statements(setup):
        conn.execute(statement)
    began = time.perf_counter()
    try:
        if isinstance(sql_or_call, str):
            for statement in split_statements(sql_or_call):
                conn.execute(statement)
        else:
            sql_or_call(conn)  # type: ignore[operator]
        elapsed = time.perf_counter() - began
    finally:
        conn.execute("COMMIT" if keep else "ROLLBACK")
    return elapsed


def split_statements(script: str) -> list[str]:
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending)
            pending = ""
    return statements


def stock_backfill_sql() -> str:
    """The upgrade's backfill of stock movements from every payment (its own SQL); run
    after the device's movements are deleted, as the file it upgrades had none."""
    script = next(s for s in MIGRATIONS if "'counter_sale', paid_at" in s)
    backfill = script[script.index("INSERT INTO stock_movements") :]
    return backfill


def exposure_recount_sql() -> str:
    """The upgrade's re-status and recount of exposure over every payment (its own SQL)."""
    script = next(s for s in MIGRATIONS if "only Cheongju Pay money is exposure" in s)
    head = script[: script.index("DROP TRIGGER")]
    recount = script[script.index("UPDATE unsynced_totals SET\n    count = (SELECT") :]
    return head + recount[: recount.index("DROP INDEX")]


def run(sales: int, directory: Path) -> None:
    path = directory / "history.sqlite3"
    began = time.perf_counter()
    build_file(path, sales)
    print(
        f"file: {sales:,} cash sales, {path.stat().st_size / 1e6:.0f} MB,"
        f" built in {time.perf_counter() - began:.0f} s"
    )
    conn = connect(path)
    try:
        backfill = timed(
            conn,
            stock_backfill_sql(),
            keep=False,
            setup="DELETE FROM stock_movements WHERE source = 'device';",
        )
        recount = timed(conn, exposure_recount_sql(), keep=False)
        replay = timed(conn, rebuild_projections, keep=False)
    finally:
        conn.close()
    began = time.perf_counter()
    make_backup(path, directory / "backups", datetime.now(KST), BEFORE_UPGRADE)
    backup = time.perf_counter() - began
    print(f"checked copy made before an upgrade          {backup:7.2f} s")
    print(f"replay of the journal (rebuild_projections)  {replay:7.2f} s")
    print(
        f"set-based step: stock backfill (v4 SQL)      {backfill:7.2f} s"
        f"   replay / step = {replay / backfill:.0f}x"
    )
    print(
        f"set-based step: exposure recount (v11 SQL)   {recount:7.2f} s"
        f"   replay / step = {replay / recount:.0f}x"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        run(args.sales, Path(tmp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
