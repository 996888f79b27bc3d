"""Photos go up before the events naming them; a refused photo does not wedge the queue.

The client's media calls are checked against canned HTTP answers (a requests adapter);
the engine against a recording fake client on a real SQLite file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from helpers import FIXED_NOW, fixed_clock
from online_support import listing_body
from requests.adapters import BaseAdapter

from pos_app.store import media, sync_state
from pos_app.store.database import write_transaction
from pos_app.store.projection import LISTING_UPSERT, PRODUCT_UPSERT, record
from pos_app.sync.client import PushReply, SyncClient
from pos_app.sync.credentials import MemoryCredentialStore, account_name
from pos_app.sync.engine import SyncEngine
from pos_app.sync.errors import AuthRequired, MediaRefused, NetworkError, ServerBusy

BASE = "http://127.0.0.1:9"
SHA = "e" * 64


class Canned(BaseAdapter):
    """Answers every request with (status, JSON body, headers) and remembers requests."""

    def __init__(self, status: int, body: Any = None, headers: dict | None = None) -> None:
        super().__init__()
        self.answer = (status, body, headers or {})
        self.requests: list[requests.PreparedRequest] = []

    def send(self, request, **kwargs):  # type: ignore[override]
        self.requests.append(request)
        status, body, headers = self.answer
        response = requests.Response()
        response.status_code = status
        response._content = b"" if body is None else json.dumps(body).encode()
        response.headers.update(headers)
        response.request = request
        response.url = request.url
        return response

    def close(self) -> None:
        pass


def client_answering(adapter: Canned) -> SyncClient:
    session = requests.Session()
    client = SyncClient(BASE, token="t", session=session)
    session.mount(BASE + "/", adapter)  # longer than the client's own "http://" mount
    return client


@pytest.mark.parametrize(("status", "stored"), [(201, True), (200, False)])
def test_put_media_sends_the_bytes_by_hash(status, stored):
    adapter = Canned(status, {"sha256": SHA})
    assert client_answering(adapter).put_media(SHA, b"\xff\xd8jpeg") is stored
    sent = adapter.requests[0]
    assert (sent.method, sent.url) == ("PUT", f"{BASE}/v1/media/{SHA}")
    assert sent.body == b"\xff\xd8jpeg"
    assert sent.headers["Content-Type"] == "image/jpeg"
    assert sent.headers["Authorization"] == "Bearer t"


@pytest.mark.parametrize(
    ("status", "body", "raised"),
    [
        (413, {"code": "media_too_large"}, MediaRefused),
        (422, {"code": "media_hash_mismatch"}, MediaRefused),
        (401, {"code": "unauthorized"}, AuthRequired),
        (503, {"code": "unavailable"}, ServerBusy),
    ],
)
def test_put_media_refusals_are_typed(status, body, raised):
    with pytest.raises(raised) as caught:
        client_answering(Canned(status, body, {"Retry-After": "7"})).put_media(SHA, b"x")
    if raised is MediaRefused:
        assert caught.value.reason == body["code"]
        assert caught.value.code == "E733"


@pytest.mark.parametrize(("status", "held"), [(200, True), (404, False)])
def test_head_media_says_whether_the_server_holds_it(status, held):
    adapter = Canned(status)
    assert client_answering(adapter).head_media(SHA) is held
    assert adapter.requests[0].method == "HEAD"


# ----- the engine -------------------------------------------------------------------------


class FakeClient:
    """Records calls in order; ``held`` is what the server holds; ``on_put`` may raise."""

    base_url = BASE
    timed_answer = None  # sends no time: the clock is not corrected

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.held: set[str] = set()
        self.on_put: Callable[[str], None] = lambda sha: None

    def set_token(self, token: str | None) -> None:
        pass

    def close(self) -> None:
        pass

    def head_media(self, sha: str) -> bool:
        self.calls.append(("head", sha))
        return sha in self.held

    def put_media(self, sha: str, data: bytes, content_type: str = "image/jpeg") -> bool:
        self.calls.append(("put", sha))
        self.on_put(sha)
        assert media.sha256_hex(data) == sha
        self.held.add(sha)
        return True

    def push(self, device_id: str, events: list[dict]) -> PushReply:
        self.calls.append(("push", [e["seq"] for e in events]))
        results = [
            {"seq": e["seq"], "event_id": e["event_id"], "status": "applied", "outcome": "recorded"}
            for e in events
        ]
        return PushReply(results, events[-1]["seq"])


@pytest.fixture
def engine_and_client(empty_db: sqlite3.Connection, db_path: Path):
    fake = FakeClient()
    credentials = MemoryCredentialStore()
    with write_transaction(empty_db):
        sync_state.save_enrolment(empty_db, sync_state.Enrolment(BASE, "M-1", "D-1", "POS"))
    credentials.set_token(account_name(BASE, "D-1"), "token")
    engine = SyncEngine(db_path, credentials, fixed_clock(), lambda url, token: fake)  # type: ignore[arg-type,return-value]
    yield engine, fake
    engine.close()


def add_photo(conn: sqlite3.Connection, data: bytes) -> str:
    with write_transaction(conn):
        return media.put_media(conn, data, "image/jpeg", created_at="2026-11-25T00:00:00.000Z")


def record_events(conn: sqlite3.Connection, photos: list[str], product_photo: str) -> None:
    with write_transaction(conn):
        product = {"product_id": "P1", "name": "사과", "price": 1_000, "photo": product_photo}
        record(conn, PRODUCT_UPSERT, product, occurred_at=FIXED_NOW)
        body = listing_body(product_id="P1", photos=photos, state="submitted")
        record(conn, LISTING_UPSERT, body, occurred_at=FIXED_NOW)


def uploaded(conn: sqlite3.Connection) -> dict[str, int]:
    return {r[0]: r[1] for r in conn.execute("SELECT sha256, uploaded FROM media")}


def test_named_photos_go_up_before_the_push_and_only_once(engine_and_client, empty_db):
    engine, fake = engine_and_client
    one, two, three = (add_photo(empty_db, bytes([n]) * 100) for n in (1, 2, 3))
    fake.held.add(two)  # another till sent it already
    unknown = "f" * 64  # named but not on this PC: nothing to send
    draft_only = add_photo(empty_db, b"never named")
    record_events(empty_db, [one, two, unknown], product_photo=three)

    summary = engine.push_once()

    assert summary.remaining == 0
    assert fake.calls == [
        ("head", three),
        ("put", three),
        ("head", one),
        ("put", one),
        ("head", two),
        ("push", [1, 2]),
    ]
    assert uploaded(empty_db) == {one: 1, two: 1, three: 1, draft_only: 0}

    with write_transaction(empty_db):
        record(
            empty_db,
            LISTING_UPSERT,
            listing_body(product_id="P1", photos=[one]),
            occurred_at=FIXED_NOW,
        )
    fake.calls.clear()
    engine.push_once()
    assert fake.calls == [("push", [3])]  # confirmed photos are not asked about again


def test_a_refused_photo_does_not_stop_the_push(engine_and_client, empty_db):
    engine, fake = engine_and_client
    bad, good = add_photo(empty_db, b"too big"), add_photo(empty_db, b"fine")

    def refuse(sha: str) -> None:
        if sha == bad:
            raise MediaRefused("media_too_large")

    fake.on_put = refuse
    record_events(empty_db, [bad, good], product_photo=good)

    assert engine.push_once().remaining == 0
    assert ("push", [1, 2]) in fake.calls
    assert uploaded(empty_db) == {bad: 0, good: 1}  # the listing will be declined media_missing


def test_a_network_failure_while_uploading_stops_this_push(engine_and_client, empty_db):
    engine, fake = engine_and_client
    photo = add_photo(empty_db, b"photo")

    def unreachable(sha: str) -> None:
        raise NetworkError("ConnectionError")

    fake.on_put = unreachable
    record_events(empty_db, [photo], product_photo=photo)

    with pytest.raises(NetworkError):
        engine.push_once()
    assert not [call for call in fake.calls if call[0] == "push"]
    assert sync_state.pending_stats(empty_db).count == 2
    assert uploaded(empty_db) == {photo: 0}


def test_a_media_missing_decline_makes_the_next_submission_upload_again(
    engine_and_client, empty_db
):
    engine, fake = engine_and_client
    photo = add_photo(empty_db, b"photo")
    with write_transaction(empty_db):
        media.mark_uploaded(empty_db, photo)  # our flag says sent; the server lost it
    record_events(empty_db, [photo], product_photo="0" * 64)
    listing_seq = sync_state.pending_events(empty_db, 10)[-1].seq
    acknowledged = [
        {"seq": e.seq, "event_id": e.event_id, "status": "applied", "outcome": "recorded"}
        for e in sync_state.pending_events(empty_db, 10)
    ]
    acknowledged[-1] |= {"outcome": "declined", "code": "media_missing", "message": "사진 없음"}
    with write_transaction(empty_db):
        sync_state.apply_results(empty_db, acknowledged, "2026-11-25T00:00:00.000Z")
    assert uploaded(empty_db) == {photo: 0}
    assert listing_seq == 2

    with write_transaction(empty_db):
        body = listing_body(product_id="P1", photos=[photo], state="submitted")
        record(empty_db, LISTING_UPSERT, body, occurred_at=FIXED_NOW)
    engine.push_once()
    assert fake.calls == [("head", photo), ("put", photo), ("push", [3])]
