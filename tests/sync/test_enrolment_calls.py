"""Enrolment's calls are made once each: the form's button is the retry, so a server that is
down is said at once (urllib3 used to try a refused POST three times, 3.05 s each)."""

from __future__ import annotations

import socket

import pytest
import urllib3.util.connection

from pos_app.sync.client import SyncClient
from pos_app.sync.errors import EnrolmentUnreachable


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
