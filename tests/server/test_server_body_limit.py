"""Every route has a body limit, enforced while the body streams in: a body over it is
answered ``413`` (the server's problem shape) and the rest is never read.

The app is driven as ASGI with a ``receive`` that hands out the body chunk by chunk and
counts what the server took, so "not read whole" is measured, not assumed.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

from server_support import Harness, PosDevice

from central_server.body_limit import DEFAULT_MAX_BYTES
from central_server.event_shape import MAX_BODY_BYTES

CHUNK = 64 * 1024


class Answer:
    def __init__(self) -> None:
        self.status = 0
        self.headers: dict[bytes, bytes] = {}
        self.body = b""
        self.consumed = 0

    def problem(self) -> dict[str, Any]:
        assert self.headers[b"content-type"].startswith(b"application/problem+json")
        return json.loads(self.body)


def _chunks(total: int) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        size = min(CHUNK, total - sent)
        sent += size
        yield b" " * size


def drive(
    harness: Harness,
    method: str,
    path: str,
    total: int,
    *,
    headers: dict[str, str] | None = None,
    declared: int | None = None,
) -> Answer:
    """Send ``total`` bytes (chunked unless ``declared`` is a Content-Length)."""
    answer = Answer()
    chunks = _chunks(total)
    raw_headers = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    if declared is not None:
        raw_headers.append((b"content-length", str(declared).encode()))
    else:
        raw_headers.append((b"transfer-encoding", b"chunked"))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": raw_headers,
        "client": ("testclient", 50000),
        "server": ("testserver", 80),
    }

    async def receive() -> dict[str, Any]:
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        answer.consumed += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = dict(message.get("headers", []))
        elif message["type"] == "http.response.body":
            answer.body += message.get("body", b"")

    asyncio.run(harness.client.app(scope, receive, send))
    return answer


def test_a_huge_declared_body_to_enrolment_is_413_unread(harness: Harness):
    answer = drive(harness, "POST", "/v1/devices", 200 * 1024 * 1024, declared=200 * 1024 * 1024)
    assert answer.status == 413
    assert answer.problem()["code"] == "payload_too_large"
    assert answer.consumed == 0


def test_a_huge_chunked_body_to_enrolment_stops_being_read_at_the_limit(harness: Harness):
    answer = drive(harness, "POST", "/v1/devices", 200 * 1024 * 1024)
    assert answer.status == 413
    problem = answer.problem()
    assert problem["code"] == "payload_too_large"
    assert problem["max_bytes"] == DEFAULT_MAX_BYTES
    assert answer.consumed <= DEFAULT_MAX_BYTES + CHUNK


def test_a_chunked_journal_push_over_16_mib_is_413_while_streaming(harness: Harness):
    device: PosDevice = harness.enrol()
    answer = drive(
        harness,
        "POST",
        f"/v1/devices/{device.device_id}/journal",
        64 * 1024 * 1024,
        headers={**device.headers, "Content-Type": "application/json"},
    )
    assert answer.status == 413
    assert answer.problem()["code"] == "batch_too_large"
    assert answer.consumed <= MAX_BODY_BYTES + CHUNK


def test_a_chunked_photo_over_its_limit_is_413_media_too_large(harness: Harness):
    device: PosDevice = harness.enrol()
    answer = drive(
        harness,
        "PUT",
        "/v1/media/" + "0" * 64,
        16 * 1024 * 1024,
        headers={**device.headers, "Content-Type": "image/jpeg"},
    )
    assert answer.status == 413
    assert answer.problem()["code"] == "media_too_large"
    assert answer.consumed < 3 * 1024 * 1024


def test_a_small_body_still_reaches_the_route(harness: Harness):
    answer = drive(harness, "POST", "/v1/devices", 10, declared=10)
    # Ten spaces are not JSON: the route read it and answered, not the limit.
    assert answer.status == 422
