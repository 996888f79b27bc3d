"""A shop's history: start-up and daily work by the size of the file.

    uv run python bench/history.py [--sales 0,100000,300000] [--dir DIR] [--keep]

For each size, builds a POS file of that many sales, then measures on a copy of it:

- **window**: time to a usable main window, offscreen. The app's own start: ``build_session``
  with the shop's launch (so its start-up check, ``ShopLaunch.check_file``, runs inside it,
  whatever that check does today), ``PosController``, ``show()``, the launch's ``started``,
  then the event loop until the window is visible, the PIN sign-in it asks first is up, and
  a zero-timer fires (every event posted during start-up handled). Imports and the
  ``QApplication`` are not in it (the same for every file; ``imports_s`` is printed apart).
  Each run is a fresh Python process; the median of ``--window-runs`` is shown.
- **check**: the start-up check alone: ``ShopLaunch().check_file``, the entry point the app
  calls before it opens the file.
- **backup**: one checked backup (``BackupService.make``, what the daily backup runs).
- **close**: the day close of the file's last (open) day, 300 sales
  (``DayCloseService.close_day``).
- **charts**: the sales screen's 30 days (``last_30_days`` -> ``by_day``, ``figures``,
  ``top_products``).
- **search**: a payment search by part of a receipt number over the whole history
  (``RefundService.search``, the refund screen's search).

and the ratio of each to the empty file's figure (0 sales: the demo catalogue and staff only).

The build does not go through the UI, nor one service call per sale: the sales of a day are
recorded in one write transaction through the store's own ``record`` (hash chain, projection
and triggers as the checkout's), as ``tests/day_sales.py`` does, because 300,000 checkout
calls (one fsync'd transaction each) would take longer than the measurements. Each business day
is opened and closed through ``DayCloseService``, refunds go through ``RefundService.refund``,
and the server's answers are stored with ``sync_state.apply_results`` (Cheongju Pay approved
with an approval number and cashback, cash and card recorded), once per day, as a synced
till's file holds them. The mix: 300 sales a day, 45 % cash, 40 % Cheongju Pay, 15 % card,
1 % voided, 0.5 % refunded; 1-5 lines each from the demo catalogue. The days run back from
today, one a calendar day (300,000 sales: about 2.7 years); the last day is left open. The
journal's checkpoint is where a running till leaves it: the full check after the last
morning's start, then the half-hourly move up to the head (``BackupService.follow_head``).

``--keep`` keeps the built files in ``--dir`` (``history-<sales>.sqlite3``) and reuses them on
the next run, skipping the build; the measurements always run on a fresh copy. A kept file
built on an earlier day has no sales "today": the charts then show 29 days of sales, not 30.

A measurement, not a test: no timer is asserted; it exits non-zero only if something fails.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # `tests` and `bench` are not installed packages

DEFAULT_SALES = "0,100000,300000"
SALES_PER_DAY = 300
WINDOW_RUNS = 3
REPEATS = 3  # the quick reads (check, charts, search): median of this many
CASH, CHEONGJU_PAY, CARD = "cash", "cheongju_pay", "card_terminal"  # domain Tender values
TENDERS = ((CASH, 45), (CHEONGJU_PAY, 40), (CARD, 15))
VOID_SHARE = 0.01
REFUND_SHARE = 0.005
MAX_LINES = 5
RANDOM_SEED = 2026
SEARCH_TEXT = "-0042"  # every day's 42nd receipt: a search that must read all of history
FIGURES = ("window", "check", "backup", "close", "charts", "search")


class MovingClock:
    """The build's clock: set to each sale's moment before a service records it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


# ----- building a file ----------------------------------------------------------------------


def build(path: Path, sales: int, seed: int = RANDOM_SEED) -> dict[str, Any]:
    """Make a POS file at ``path`` holding ``sales`` sales, ending today (KST)."""
    from pos_app.domain.clock import KST
    from pos_app.domain.journal import format_timestamp
    from pos_app.domain.refunds import RefundReason
    from pos_app.services.backups import BackupService
    from pos_app.services.day_close import DayCloseService
    from pos_app.services.demo import DEMO_MANAGER_PIN, seed_demo
    from pos_app.services.refunds import RefundService
    from pos_app.store import queries, sync_state
    from pos_app.store.backup import check_file
    from pos_app.store.database import connect, write_transaction
    from pos_app.store.projection import PAYMENT, PAYMENT_VOID, record

    started = time.perf_counter()
    rng = random.Random(seed)
    days = math.ceil(sales / SALES_PER_DAY)
    today = datetime.now(KST).replace(hour=0, minute=0, second=0, microsecond=0)
    first = today - timedelta(days=max(days - 1, 0))
    clock = MovingClock(first.replace(hour=8))
    conn = connect(path)
    seed_demo(conn, clock)
    products = [
        (row[0], row[1], int(row[2]))
        for row in conn.execute("SELECT product_id, name, price FROM products WHERE active = 1")
    ]
    day_close = DayCloseService(conn, clock)
    refunds = RefundService(conn, clock)
    owner = refunds.pin_approver(DEMO_MANAGER_PIN)("bench")  # the PIN is checked once only
    assert owner is not None
    tender_names = [name for name, _ in TENDERS]
    tender_weights = [weight for _, weight in TENDERS]
    left = sales
    approval = 0
    for day_index in range(days):
        day_start = first + timedelta(days=day_index)
        count = min(SALES_PER_DAY, left)
        left -= count
        if day_index == days - 1:
            # What the app's check after start did on the morning of the last day: the
            # whole file verified and the checkpoint moved to its head, so the timed start
            # rehashes that day's events only (and not the years before).
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if BackupService(path, clock).full_check() is not None:
                raise RuntimeError("the built file fails its full check")
        clock.now = day_start.replace(hour=8, minute=55)
        day_close.open_day(100_000)
        step = (12 * 3600) // max(count, 1)  # 09:00-21:00
        moments = [day_start.replace(hour=9) + timedelta(seconds=i * step) for i in range(count)]
        paid: list[tuple[str, int, datetime]] = []  # payment id, line 1's quantity, when
        with write_transaction(conn) as tx:
            for at in moments:
                tender = rng.choices(tender_names, tender_weights)[0]
                body = _sale_body(rng, products, tender, queries.next_receipt_no(tx, at.date()))
                event = record(tx, PAYMENT, body, occurred_at=at)
                paid.append((event.event_id, body["lines"][0]["quantity"], at))
                if rng.random() < VOID_SHARE:
                    record(
                        tx,
                        PAYMENT_VOID,
                        {"payment_id": event.event_id, "receipt_no": body["receipt_no"]}
                        | {"reason": "잘못 찍음"},
                        occurred_at=at + timedelta(seconds=20),
                    )
                    paid.pop()
        for payment_id, quantity, at in paid:
            if rng.random() < REFUND_SHARE:
                clock.now = at + timedelta(minutes=30)
                refunds.refund(
                    payment_id,
                    reason=RefundReason.CHANGE_OF_MIND,
                    approve=lambda _text: owner,
                    quantities={1: quantity},  # the first item brought back
                )
        with write_transaction(conn) as tx:
            results = []
            acked = sync_state.acked_seq(tx)
            rows = tx.execute(
                "SELECT j.seq, j.event_id, p.tender, p.total, p.eligible FROM journal j"
                " LEFT JOIN payments p ON p.seq = j.seq WHERE j.seq > ?",
                (acked,),
            )
            for seq, event_id, tender, total, eligible in rows.fetchall():
                result: dict[str, Any] = {"seq": seq, "event_id": event_id, "status": "applied"}
                if tender == CHEONGJU_PAY:
                    approval += 1
                    result |= {
                        "outcome": "accepted",
                        "approval_no": f"A{approval:09d}",
                        "cashback": (eligible or total) // 100,
                    }
                else:
                    result["outcome"] = "recorded"
                results.append(result)
            received = format_timestamp(day_start.replace(hour=21, minute=5))
            sync_state.apply_results(tx, results, received)
        if day_index < days - 1:  # the last day stays open: the bench closes it
            clock.now = day_start.replace(hour=21, minute=30)
            settlement = day_close.settlement()
            assert settlement is not None
            day_close.close_day(counted=settlement.expected_cash)
    if days == 0:  # the empty file still has a day open for the day-close figure
        clock.now = today.replace(hour=9)
        day_close.open_day(100_000)
    events = conn.execute("SELECT COUNT(*) FROM journal").fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    # The running till's half-hourly move of the checkpoint up to the head (BackupRunner):
    # the timed start is one after the last move, a restart mid-rush, not after a whole
    # day unverified.
    if BackupService(path, clock).follow_head() is not None:
        raise RuntimeError("the built file's journal does not verify")
    # A file the start-up check refused would stop the timed start at the restore offer.
    check = check_file(path)
    if not check.ok:
        raise RuntimeError(f"the built file does not check: {check.state} {check.detail}")
    return {
        "sales": sales,
        "days": days,
        "events": events,
        "bytes": path.stat().st_size,
        "build_s": round(time.perf_counter() - started, 1),
    }


def _sale_body(
    rng: random.Random, products: list[tuple[str, str, int]], tender: str, receipt_no: str
) -> dict[str, Any]:
    """A payment's journal body as the checkout writes it (see tests/day_sales.py)."""
    lines = []
    for line_no in range(1, rng.randint(1, MAX_LINES) + 1):
        product_id, name, price = rng.choice(products)
        quantity = 1 if rng.random() < 0.8 else rng.randint(2, 4)
        lines.append(
            {
                "line_no": line_no,
                "product_id": product_id,
                "name": name,
                "unit_price": price,
                "quantity": quantity,
                "amount": price * quantity,
                "excluded_from_discount": False,
            }
        )
    subtotal = sum(line["amount"] for line in lines)
    eligible = subtotal if tender == CHEONGJU_PAY else 0
    discount = (eligible // 10) // 10 * 10  # the demo terms' 10 %, whole tens of won
    body: dict[str, Any] = {
        "receipt_no": receipt_no,
        "business_date": f"{receipt_no[:4]}-{receipt_no[4:6]}-{receipt_no[6:8]}",
        "tender": tender,
        "lines": lines,
        "subtotal": subtotal,
        "eligible": eligible,
        "discount": discount,
        "discount_rate_bp": 1000 if discount else 0,
        "total": subtotal - discount,
        "cashback_preview": 0,
        "payment_code": None,
        "offline": tender == CHEONGJU_PAY,
    }
    if tender == CASH:
        tendered = -(-body["total"] // 10_000) * 10_000  # the next 10,000-won note up
        body |= {"tendered": tendered, "change": tendered - body["total"]}
    return body


# ----- time to a usable window (one fresh process each) -------------------------------------


def measure_window(data_dir: Path) -> dict[str, float]:
    """Start the app on ``data_dir`` as ``run_gui`` does; seconds to a usable window."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver*=false")
    imports_start = time.perf_counter()
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from pos_app.logging_setup import setup_logging
    from pos_app.sync.credentials import CredentialStore, MemoryCredentialStore
    from pos_app.ui.app import PosController, _application
    from pos_app.ui.session import LaunchOptions, ShopLaunch, build_session
    from pos_app.ui.staff.sign_in import SignInDialog

    class BenchLaunch(ShopLaunch):
        """The shop's launch (its start-up check, its backups, its first sign-in), with
        the till's enrolment kept in memory instead of the OS keyring: the bench's file is
        not enrolled, and the real launch would open the enrolment form."""

        def connect_server(self, conn: Any, factory: Any, language: str) -> CredentialStore:
            return MemoryCredentialStore()

    app = _application()
    imports_s = time.perf_counter() - imports_start
    setup_logging(data_dir)
    launch = BenchLaunch()
    start = time.perf_counter()
    session = build_session(
        app, LaunchOptions(data_dir=data_dir, language="ko"), launch, on_language=lambda _l: None
    )
    controller = PosController(app, session)
    controller.show()
    launch.started(controller)
    needs_sign_in = bool(controller.shop_pages and controller.shop_pages.shop.staff.members())
    usable: list[float] = []
    loop = QEventLoop()

    def poll() -> None:
        # A zero timer fires when the loop has handled what was posted before it.
        if usable or not controller.window.isVisible():
            return
        modal = QApplication.activeModalWidget()
        if needs_sign_in and not (isinstance(modal, SignInDialog) and modal.isVisible()):
            return
        usable.append(time.perf_counter() - start)
        if isinstance(modal, SignInDialog):
            modal.dismiss()
        loop.quit()

    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(poll)
    ticker.start()
    if not usable:
        loop.exec()
    ticker.stop()
    controller.shutdown()
    controller.window.close()
    session.conn.close()
    return {"window": usable[0], "imports_s": imports_s}


def window_runs(data_dir: Path, runs: int) -> dict[str, float]:
    figures = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, __file__, "--measure-window", str(data_dir)],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
        figures.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        "window": statistics.median(f["window"] for f in figures),
        "window_runs": [round(f["window"], 3) for f in figures],
        "imports_s": statistics.median(f["imports_s"] for f in figures),
    }


# ----- the other figures ----------------------------------------------------------------------


def timed(action: Callable[[], object], repeats: int = 1) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure_work(data_dir: Path) -> dict[str, float]:
    """The start-up check, a backup, the charts, a search and the day close."""
    from pos_app.config import database_path
    from pos_app.domain.clock import system_clock
    from pos_app.services.backups import MANUAL, BackupService
    from pos_app.services.day_close import DayCloseService
    from pos_app.services.refunds import RefundService
    from pos_app.services.sales_report import SalesReportService
    from pos_app.store.database import connect
    from pos_app.ui.session import ShopLaunch

    db_path = database_path(data_dir, demo=False)
    figures = {"check": timed(lambda: ShopLaunch().check_file(db_path, "ko"), REPEATS)}
    figures["backup"] = timed(lambda: BackupService(db_path, system_clock).make(MANUAL))
    conn = connect(db_path)
    try:
        report = SalesReportService(conn, system_clock)

        def charts() -> None:
            span = report.last_30_days()
            report.by_day(span)
            report.figures(span)
            report.top_products(span)

        figures["charts"] = timed(charts, REPEATS)
        refunds = RefundService(conn, system_clock)
        found: list[int] = []
        figures["search"] = timed(
            lambda: found.append(len(refunds.search(receipt_no=SEARCH_TEXT))), REPEATS
        )
        day_close = DayCloseService(conn, system_clock)
        settlement = day_close.settlement()
        assert settlement is not None, "the file has no open day to close"
        figures["close"] = timed(lambda: day_close.close_day(counted=settlement.expected_cash))
        figures["search_found"] = found[-1]
    finally:
        conn.close()
    return figures


# ----- the run --------------------------------------------------------------------------------


def _schema_version() -> int:
    from pos_app.store.migrations import LATEST_VERSION

    return LATEST_VERSION


def built_file(folder: Path, sales: int, keep: bool) -> tuple[Path, dict[str, Any]]:
    """The file of ``sales`` sales: built now, or the one kept by an earlier ``--keep`` run."""
    path = folder / f"history-{sales}.sqlite3"
    facts = path.with_suffix(".json")
    if keep and path.exists() and facts.exists():
        info = json.loads(facts.read_text("utf-8"))
        if info.get("schema") == _schema_version():  # else built by an older app: rebuilt
            return path, info | {"build_s": 0.0, "reused": True}
    path.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    info = build(path, sales) | {"schema": _schema_version()}
    facts.write_text(json.dumps(info), "utf-8")
    return path, info | {"reused": False}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sales", default=DEFAULT_SALES, help="sizes, comma-separated")
    parser.add_argument("--dir", type=Path, default=None, help="where the files go")
    parser.add_argument("--keep", action="store_true", help="keep and reuse the built files")
    parser.add_argument("--window-runs", type=int, default=WINDOW_RUNS)
    parser.add_argument("--measure-window", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_window is not None:
        print(json.dumps(measure_window(args.measure_window)))
        return 0
    sizes = [int(part.replace("_", "")) for part in args.sales.split(",") if part.strip()]
    base = args.dir or Path(tempfile.gettempdir())
    base.mkdir(parents=True, exist_ok=True)
    cache = base / "history-files" if args.keep else Path(tempfile.mkdtemp(dir=base))
    cache.mkdir(parents=True, exist_ok=True)
    from pos_app.config import database_path

    rows: list[dict[str, Any]] = []
    try:
        for sales in sizes:
            source, info = built_file(cache, sales, args.keep)
            verb = "reused" if info["reused"] else f"built in {info['build_s']:.1f} s"
            print(
                f"{sales:>8,} sales: {info['days']} days, {info['events']:,} events,"
                f" {info['bytes'] / 1e6:.0f} MB ({verb})",
                flush=True,
            )
            run_dir = Path(tempfile.mkdtemp(dir=base, prefix=f"history-run-{sales}-"))
            try:
                shutil.copyfile(source, database_path(run_dir, demo=False))
                row = info | window_runs(run_dir, args.window_runs) | measure_work(run_dir)
            finally:
                shutil.rmtree(run_dir, ignore_errors=True)
            rows.append(row)
    finally:
        if not args.keep:
            shutil.rmtree(cache, ignore_errors=True)
    print_table(rows)
    empty = next((row for row in rows if row["sales"] == 0), None)
    print(
        json.dumps(
            {
                "bench": "history",
                "machine": f"{platform.node()} {platform.machine()} cpus={os.cpu_count()}",
                "python": platform.python_version(),
                "files": [
                    row
                    | {
                        f"{name}_ratio": round(row[name] / empty[name], 2)
                        for name in FIGURES
                        if empty is not None and empty[name] > 0
                    }
                    for row in rows
                ],
            }
        )
    )
    return 0


def print_table(rows: list[dict[str, Any]]) -> None:
    empty = next((row for row in rows if row["sales"] == 0), None)
    head = f"{'sales':>8} {'MB':>5} " + " ".join(f"{name:>16}" for name in FIGURES)
    print()
    print(head)
    for row in rows:
        cells = []
        for name in FIGURES:
            cell = f"{row[name] * 1000:.1f}"
            if empty is not None and empty[name] > 0:
                cell += f" {row[name] / empty[name]:6.1f}x"
            cells.append(f"{cell:>16}")
        print(f"{row['sales']:>8,} {row['bytes'] / 1e6:>5.0f} " + " ".join(cells))
    print("(ms; ratio to the empty file's figure; window: median of the runs)")


if __name__ == "__main__":
    sys.exit(main())
