"""Checkout latency benchmark: one Cheongju Pay payment vs one bare SQLite commit.

    uv run python bench/checkout.py [--payments 2000] [--dir DIR] [--profile]

Records N payments through ``CheckoutService.handle_scan`` (the entry point the
UI's scanners call) on a seeded demo file, timing only the pay step (verify the
code, the write transaction, the projection, the read-back). The floor is a bare
``BEGIN IMMEDIATE; INSERT one row; COMMIT`` with the app's pragmas on a fresh
file in the same directory. Target: median(payment) / median(floor) <= 2.

A measurement, not a test: exits 0 whether the target is met or not.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import json
import math
import platform
import pstats
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from pos_app.domain.clock import KST, unix_seconds
from pos_app.domain.offline_rules import OfflineLimits
from pos_app.services.checkout import CheckoutService, ScanAction, open_checkout
from pos_app.services.demo import mint_demo_code, seed_demo
from pos_app.store.database import PRAGMAS, connect, write_transaction
from pos_app.store.settings import save_offline_limits

DEFAULT_PAYMENTS = 2_000
TARGET_RATIO = 2.0
MAX_SUBTOTAL = 50_000  # the demo floor limit; the 10 % discount only lowers the total
MAX_SCANS_PER_SALE = 4
BENCH_LIMITS = OfflineLimits(floor_limit=50_000, unsynced_cap=10**12)
RANDOM_SEED = 2026
FLOOR_ROW = "x" * 256  # one row of about a small journal body's size
PROFILE_LINES = 30
# Untimed warm-up, so both files are past their first WAL checkpoint: until then each
# commit appends to (grows) the -wal file and fdatasync must also flush the new size,
# which is slower than rewriting the recycled WAL as every later commit does. A payment
# writes ~14 WAL pages and the floor ~1, so the 1,000-page checkpoint comes after ~70
# payments but ~800 floor commits.
PAYMENT_WARMUP = 100
FLOOR_WARMUP = 1_500


@dataclass(frozen=True)
class DemoProduct:
    barcode: str
    price: int


@dataclass(frozen=True)
class Sale:
    barcodes: tuple[str, ...]
    code: str  # the customer's payment code, minted before timing starts


@dataclass(frozen=True)
class Summary:
    median_ms: float
    p99_ms: float


class SteppingClock:
    """A fixed clock the benchmark moves forward one second per payment."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: int = 1) -> None:
        self.now += timedelta(seconds=seconds)


# ----- inputs ---------------------------------------------------------------------------


def demo_products() -> list[DemoProduct]:
    """Every barcode in the demo catalogue, with its shelf price."""
    text = resources.files("pos_app.resources.demo").joinpath("products.csv").read_text("utf-8")
    return [
        DemoProduct(barcode=code, price=int(row["price"]))
        for row in csv.DictReader(text.splitlines())
        for code in row["codes"].split(";")
        if code
    ]


def pick_barcodes(rng: random.Random, products: Sequence[DemoProduct]) -> tuple[str, ...]:
    """1-4 scans whose subtotal stays within the offline floor limit."""
    subtotal = 0
    barcodes: list[str] = []
    for _ in range(rng.randint(1, MAX_SCANS_PER_SALE)):
        fitting = [p for p in products if subtotal + p.price <= MAX_SUBTOTAL]
        if not fitting:
            break
        product = rng.choice(fitting)
        subtotal += product.price
        barcodes.append(product.barcode)
    return tuple(barcodes)


def prepare_sales(count: int, start: datetime) -> list[Sale]:
    """Carts and payment codes for every sale; code ``i`` is issued at ``start + i`` s."""
    rng = random.Random(RANDOM_SEED)
    products = demo_products()
    first = unix_seconds(start)
    return [
        Sale(barcodes=pick_barcodes(rng, products), code=mint_demo_code(issued_at=first + i))
        for i in range(count)
    ]


def bench_start() -> datetime:
    """10:00 KST today: mid-morning, so 2,000 s of sales stay on one business day."""
    today = datetime.now(KST).date()
    return datetime(today.year, today.month, today.day, 10, tzinfo=KST)


# ----- measurements ---------------------------------------------------------------------


def open_service(path: Path, clock: SteppingClock) -> tuple[sqlite3.Connection, CheckoutService]:
    """The demo file as the app opens it, with the unsynced cap raised for the run."""
    conn = connect(path)
    seed_demo(conn, clock)
    service = open_checkout(conn, clock)
    with write_transaction(conn):
        save_offline_limits(conn, BENCH_LIMITS)
    service.settings.reload()
    if service.settings.limits != BENCH_LIMITS:
        raise RuntimeError(f"offline limits not raised: {service.settings.limits}")
    return conn, service


def measure_payments(
    service: CheckoutService,
    clock: SteppingClock,
    sales: Sequence[Sale],
    profiler: cProfile.Profile | None,
) -> list[int]:
    """Ring up each sale, then time only the payment scan (ns per payment)."""
    samples: list[int] = []
    for sale in sales:
        for barcode in sale.barcodes:
            service.handle_scan(barcode)
        if profiler is not None:
            profiler.enable()
        started = time.perf_counter_ns()
        outcome = service.handle_scan(sale.code)
        elapsed = time.perf_counter_ns() - started
        if profiler is not None:
            profiler.disable()
        if outcome.action is not ScanAction.PAYMENT_RECORDED:
            raise RuntimeError(f"payment scan was not recorded as a payment: {outcome.action}")
        samples.append(elapsed)
        clock.advance()
    return samples


def floor_commit(conn: sqlite3.Connection) -> int:
    """One bare insert + commit of one row; returns its ns."""
    started = time.perf_counter_ns()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO floor (body) VALUES (?)", (FLOOR_ROW,))
    conn.execute("COMMIT")
    return time.perf_counter_ns() - started


def measure_floor(path: Path, count: int) -> list[int]:
    """The floor with the app's pragmas on a fresh file, after an untimed warm-up (ns)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in PRAGMAS:
            conn.execute(pragma)
        conn.execute("CREATE TABLE floor (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        for _ in range(FLOOR_WARMUP):
            floor_commit(conn)
        return [floor_commit(conn) for _ in range(count)]
    finally:
        conn.close()


def check_recorded(conn: sqlite3.Connection, expected: int) -> None:
    """Every timed payment must be in the file, still pending sync."""
    count = conn.execute("SELECT COUNT(*) FROM payments WHERE status = 'pending'").fetchone()[0]
    if count != expected:
        raise RuntimeError(f"expected {expected} pending payments in the file, found {count}")


# ----- reporting ------------------------------------------------------------------------


def summarise(samples_ns: Sequence[int]) -> Summary:
    ordered = sorted(samples_ns)
    p99 = ordered[max(math.ceil(0.99 * len(ordered)) - 1, 0)]  # nearest rank
    return Summary(median_ms=statistics.median(ordered) / 1e6, p99_ms=p99 / 1e6)


def machine_facts(run_dir: Path) -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "dir": str(run_dir),
    }


def print_profile(profiler: cProfile.Profile) -> None:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats(pstats.SortKey.CUMULATIVE).print_stats(PROFILE_LINES)
    stats.sort_stats(pstats.SortKey.TIME).print_stats(PROFILE_LINES)
    print(out.getvalue(), file=sys.stderr)


def report(n: int, facts: dict[str, str], payment: Summary, floor: Summary, profiled: bool) -> None:
    ratio = payment.median_ms / floor.median_ms
    ratio_p99 = payment.p99_ms / floor.p99_ms
    verdict = "PASS" if ratio <= TARGET_RATIO else "FAIL"
    for name, value in facts.items():
        print(f"{name:<9} {value}")
    print(f"payments  {n} timed (after {PAYMENT_WARMUP} untimed; floor after {FLOOR_WARMUP})")
    print(f"payment   median {payment.median_ms:8.3f} ms   p99 {payment.p99_ms:8.3f} ms")
    print(f"floor     median {floor.median_ms:8.3f} ms   p99 {floor.p99_ms:8.3f} ms")
    print(f"ratio     median {ratio:8.2f}      p99 {ratio_p99:8.2f}")
    print(f"target    median ratio <= {TARGET_RATIO:g}: {verdict}")
    if profiled:
        print("note      cProfile was on during payments: payment times are inflated")
    figures: dict[str, Any] = {
        **facts,
        "payments": n,
        "payment_warmup": PAYMENT_WARMUP,
        "floor_warmup": FLOOR_WARMUP,
        "payment_median_ms": round(payment.median_ms, 4),
        "payment_p99_ms": round(payment.p99_ms, 4),
        "floor_median_ms": round(floor.median_ms, 4),
        "floor_p99_ms": round(floor.p99_ms, 4),
        "ratio_median": round(ratio, 3),
        "ratio_p99": round(ratio_p99, 3),
        "target_ratio": TARGET_RATIO,
        "result": verdict,
        "unsynced_cap_won": BENCH_LIMITS.unsynced_cap,
        "profiled": profiled,
    }
    print(json.dumps(figures, ensure_ascii=False))


# ----- entry point ----------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--payments", type=int, default=DEFAULT_PAYMENTS, help="N (2000)")
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="where to put the files (a fresh subfolder, removed afterwards); default: system temp",
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the pay steps; stats go to stderr"
    )
    args = parser.parse_args(argv)
    if args.payments < 1:
        parser.error("--payments must be at least 1")
    return args


def run(n: int, run_dir: Path, profile: bool) -> None:
    clock = SteppingClock(bench_start())
    sales = prepare_sales(PAYMENT_WARMUP + n, clock.now)
    conn, service = open_service(run_dir / "pos.sqlite3", clock)
    print(
        f"note      offline unsynced cap raised to {BENCH_LIMITS.unsynced_cap:,} won"
        f" (floor limit {BENCH_LIMITS.floor_limit:,} won) for this benchmark"
    )
    profiler = cProfile.Profile() if profile else None
    try:
        measure_payments(service, clock, sales[:PAYMENT_WARMUP], None)
        payment_ns = measure_payments(service, clock, sales[PAYMENT_WARMUP:], profiler)
        check_recorded(conn, PAYMENT_WARMUP + n)
    finally:
        conn.close()
    floor_ns = measure_floor(run_dir / "floor.sqlite3", n)
    if profiler is not None:
        print_profile(profiler)
    report(n, machine_facts(run_dir.parent), summarise(payment_ns), summarise(floor_ns), profile)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    base = args.dir if args.dir is not None else Path(tempfile.gettempdir())
    base.mkdir(parents=True, exist_ok=True)
    run_dir = Path(tempfile.mkdtemp(prefix="cjpay-bench-", dir=base))
    try:
        run(args.payments, run_dir, args.profile)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
