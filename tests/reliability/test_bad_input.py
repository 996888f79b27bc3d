"""Bad input from everything that can send the POS something: the scanner, a CSV file, the
server. Property tests (hypothesis): never a crash, always a coded error, nothing lost.

The hostile server is a real HTTP server on 127.0.0.1 answering whatever hypothesis
chooses: broken JSON, wrong types, near-valid pages with garbage in every field.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXED_NOW, fixed_clock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pos_app.domain.catalog_csv import read_catalog_csv
from pos_app.domain.clock import unix_seconds
from pos_app.domain.errors import UserFacingError
from pos_app.domain.payment_code import KeySet, verify_payment_code
from pos_app.services.checkout import open_checkout
from pos_app.services.demo import demo_public_key, mint_demo_code
from pos_app.services.inspect_scan import inspect_scan
from pos_app.store import sync_state
from pos_app.store.database import write_transaction
from pos_app.store.journal import journal_head, verify_journal
from pos_app.store.sync_state import Enrolment
from pos_app.sync.credentials import MemoryCredentialStore, account_name
from pos_app.sync.engine import SyncEngine, default_client_factory
from pos_app.sync.errors import SyncError

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)

# ----- the scanner -------------------------------------------------------------------------

scan_texts = st.text(max_size=300) | st.sampled_from(
    ["", "\x00", "CJP1", "CJP1" + "A" * 200, "ㅁㅠㅊ123", "00020101021226", "8808123000103\n"]
)


@FUZZ
@given(text=scan_texts)
def test_any_scan_is_handled_or_refused_with_a_code(demo_db: sqlite3.Connection, text: str):
    service = open_checkout(demo_db, fixed_clock())
    service.handle_scan("8808123000134")  # a sale in progress: a bad scan must not lose it
    head = journal_head(demo_db)
    try:
        service.handle_scan(text)
    except UserFacingError as error:
        assert error.code.startswith("E") and error.display("ko")
    assert journal_head(demo_db) == head  # nothing recorded from a random scan
    assert len(service.sale) >= 1
    report = inspect_scan(text, KeySet([]), unix_seconds(FIXED_NOW))
    assert report["result"]  # the support command says something, never raises
    service.sale.clear()


VALID = mint_demo_code(unix_seconds(FIXED_NOW))


@FUZZ
@given(
    position=st.integers(0, len(VALID) - 1),
    replacement=st.characters(codec="ascii"),
    cut=st.integers(0, len(VALID)),
    tail=st.text(max_size=5),
)
def test_a_damaged_payment_code_is_refused_with_a_code(position, replacement, cut, tail):
    keys = KeySet.from_json({"issuer_keys": [demo_key()]})
    damaged = (VALID[:position] + replacement + VALID[position + 1 :])[:cut] + tail
    if damaged == VALID:
        return
    try:
        verify_payment_code(damaged, keys, unix_seconds(FIXED_NOW))
    except UserFacingError as error:
        assert error.code.startswith("E1")
    else:
        # Base32 padding bits can change without changing the bytes; then it IS the code.
        assert damaged.upper().rstrip("=") != VALID or damaged.upper() == VALID


def demo_key() -> dict[str, Any]:
    import base64

    return {"key_id": 1, "public_key": base64.b64encode(demo_public_key()).decode()}


# ----- CSV files ---------------------------------------------------------------------------

csv_cells = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
csv_rows = st.lists(st.lists(csv_cells, min_size=0, max_size=8), max_size=12)


@FUZZ
@given(
    rows=csv_rows,
    header=st.sampled_from(["barcode,name,price", "상품코드,상품명,판매가,재고", "", "a;b;c"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp949"]),
    garbage=st.binary(max_size=30),
)
def test_any_csv_reads_with_row_errors_or_a_coded_refusal(rows, header, encoding, garbage):
    text = header + "\n" + "\n".join(",".join(row) for row in rows)
    try:
        raw = text.encode(encoding) + garbage
    except UnicodeEncodeError:
        raw = text.encode("utf-8") + garbage
    try:
        read = read_catalog_csv(raw)
    except UserFacingError as error:
        assert error.code.startswith("E") and error.display("ko")
        return
    for problem in read.errors:
        assert problem.line > read.header_line and problem.column_letter.isalpha()
        assert problem.message("ko")  # each bad row is told in Korean


# ----- the server --------------------------------------------------------------------------


class HostileServer(ThreadingHTTPServer):
    body: bytes = b"{}"
    status: int = 200


class Handler(BaseHTTPRequestHandler):
    server: HostileServer

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    do_GET = do_POST = do_PUT = do_HEAD = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hostile(tmp_path: Path, demo_db: sqlite3.Connection) -> Iterator[tuple[HostileServer, Any]]:
    server = HostileServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    with write_transaction(demo_db):
        sync_state.save_enrolment(demo_db, Enrolment(url, "M-0001", "dev-1", "POS-01"))
    credentials = MemoryCredentialStore()
    credentials.set_token(account_name(url, "dev-1"), "t" * 40)
    db_path = Path(demo_db.execute("PRAGMA database_list").fetchone()[2])
    engine = SyncEngine(db_path, credentials, fixed_clock(), default_client_factory())
    yield server, engine
    engine.close()
    server.shutdown()
    server.server_close()


change_types = st.sampled_from(
    [
        "merchant_profile",
        "discount_policy",
        "cashback_policy",
        "issuer_keys",
        "notice",
        "order",
        "listing_status",
        "stock_movement",
        "payment_request",
        "something_new",
    ]
)
pages = st.fixed_dictionaries(
    {
        "cursor": st.text(max_size=8) | st.integers() | json_values,
        "changes": st.lists(
            st.fixed_dictionaries({"type": change_types, "data": json_values}), max_size=4
        )
        | json_values,
    }
)
push_replies = st.fixed_dictionaries(
    {
        "last_seq": st.integers() | json_values,
        "results": st.lists(
            st.fixed_dictionaries(
                {
                    "seq": st.integers(0, 50) | json_values,
                    "event_id": st.text(max_size=8),
                    "status": st.sampled_from(["applied", "duplicate", "?"]),
                    "outcome": st.sampled_from(["accepted", "declined", "recorded", "?"]),
                    "approval_no": json_values,
                    "cashback": json_values,
                    "code": json_values,
                }
            ),
            max_size=3,
        )
        | json_values,
    }
)
raw_bodies = st.binary(max_size=60) | json_values.map(lambda v: json.dumps(v).encode())


@FUZZ
@given(page=pages | raw_bodies, status=st.sampled_from([200, 200, 200, 400, 500, 503]))
def test_a_hostile_changes_feed_is_refused_with_a_code(hostile, demo_db, page, status):
    server, engine = hostile
    server.body = page if isinstance(page, bytes) else json.dumps(page).encode()
    server.status = status
    head = journal_head(demo_db)
    try:
        engine.pull_once()
    except SyncError as error:
        assert error.code.startswith("E4")
    assert journal_head(demo_db) == head and verify_journal(demo_db) is None


@FUZZ
@given(reply=push_replies | raw_bodies, status=st.sampled_from([200, 200, 409, 500]))
def test_a_hostile_push_reply_loses_nothing(hostile, demo_db, reply, status):
    server, engine = hostile
    server.body = reply if isinstance(reply, bytes) else json.dumps(reply).encode()
    server.status = status
    before = sync_state.pending_stats(demo_db).count
    try:
        engine.push_once()
    except SyncError as error:
        assert error.code.startswith("E4")
    # An answer the POS cannot trust acknowledges nothing: every event is still queued.
    assert sync_state.pending_stats(demo_db).count in (before, *range(before))
    assert verify_journal(demo_db) is None
