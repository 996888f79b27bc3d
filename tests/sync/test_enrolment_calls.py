"""Enrolment's calls are made once each: the form's button is the retry, so a server that is
down is said at once (urllib3 used to try a refused POST three times, 3.05 s each)."""

from __future__ import annotations

import http.server
import socket
import threading

import pytest
import urllib3.util.connection

from pos_app.sync.client import SyncClient
from pos_app.sync.errors import EnrolmentUnreachable, WrongServerAddress


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # nothing listens there once closed


@pytest.mark.parametrize("call", ["enrol", "confirm"])
def test_an_enrolment_call_is_one_attempt(monkeypatch, call):
    attempts: list[object] = []
    original = urllib3.util.connection.create_connection

    def counting(*args, **kwargs):
        attempts.append(args[0])
        return original(*args, **kwargs)

    # The socket layer is counted, not replaced: the connect is really refused.
    monkeypatch.setattr(urllib3.util.connection, "create_connection", counting)
    client = SyncClient(f"http://127.0.0.1:{closed_port()}", token="t")
    try:
        with pytest.raises(EnrolmentUnreachable) as refused:
            if call == "enrol":
                client.enrol("M-0001", "ABCD-EFGH", "POS-01")
            else:
                client.confirm_enrolment("device")
    finally:
        client.close()
    assert refused.value.code == "E418"
    assert len(attempts) == 1


class _HtmlSite(http.server.BaseHTTPRequestHandler):
    """A web site at the address: answers every POST with a page, as a router or a
    company home page would."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        page = b"<html><body>Welcome</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, *_args: object) -> None:
        pass


def test_a_web_page_at_the_address_is_the_wrong_address_not_a_wrong_code():
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _HtmlSite)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    client = SyncClient(f"http://127.0.0.1:{site.server_address[1]}")
    try:
        with pytest.raises(WrongServerAddress) as refused:
            client.enrol("M-0001", "ABCD-EFGH", "POS-01")
    finally:
        client.close()
        site.shutdown()
        site.server_close()
    assert refused.value.code == "E417"
    assert "서버 주소를 확인하세요" in refused.value.message("ko")
    assert "text/html" in refused.value.message("ko")
