"""The admin API needs its token, whoever the TCP peer looks like.

The app is served for real (uvicorn on a loopback port, in a thread) and reached through a
plain TCP relay on this machine, as a TLS terminator in TCP mode or an attacker's ``socat``
would reach it: every connection then comes from 127.0.0.1. Only the admin token opens it.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pytest
import requests
import uvicorn
from server_support import ADMIN_AUTH, Harness, PosDevice, assert_problem, jpeg, listing_body
from server_support import sha256_hex as digest

from central_server import admin
from central_server.app import create_app


def _pump(source: socket.socket, target: socket.socket) -> None:
    with suppress(OSError):
        while data := source.recv(65536):
            target.sendall(data)
    with suppress(OSError):
        target.shutdown(socket.SHUT_WR)


@contextmanager
def tcp_relay(upstream_port: int) -> Iterator[int]:
    """Accept on a loopback port and copy bytes both ways to ``upstream_port``."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", upstream_port))
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=_pump, args=(a, b), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        listener.close()


@contextmanager
def served(app: object) -> Iterator[int]:
    """``app`` served by uvicorn on a free loopback port, in a thread."""
    sock = socket.create_server(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started:
            thread.join(0.01)
            assert thread.is_alive(), "uvicorn did not start"
        yield int(sock.getsockname()[1])
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture
def submitted(harness: Harness) -> PosDevice:
    device = harness.enrol()
    photo = jpeg()
    device.upload(photo)
    device.record("listing_upsert", listing_body(photos=[digest(photo)]))
    return device


def listing_state(harness: Harness) -> str:
    for state in ("submitted", "published", "rejected"):
        if any(row["listing_id"] == "L-0001" for row in admin.list_listings(harness.engine, state)):
            return state
    raise AssertionError("L-0001 is in none of the states")


def test_through_a_tcp_relay_only_the_admin_token_reviews(harness: Harness, submitted: PosDevice):
    url_path = "/v1/admin/listings/L-0001/review"
    reject = {"decision": "reject", "reason": "relay"}
    with served(harness.client.app) as port, tcp_relay(port) as relay_port:
        url = f"http://127.0.0.1:{relay_port}{url_path}"
        anonymous = requests.post(url, json=reject, timeout=10)
        assert_problem(anonymous, 401, "unauthorized")  # type: ignore[arg-type]
        assert anonymous.headers["WWW-Authenticate"] == "Bearer"
        for wrong in ("Bearer wrong", "Bearer " + ADMIN_AUTH["Authorization"][7:-1], "Basic x"):
            refused = requests.post(url, json=reject, headers={"Authorization": wrong}, timeout=10)
            assert refused.status_code in (401, 403), refused.text
        assert listing_state(harness) == "submitted"  # none of them rejected it
        answer = requests.post(url, json={"decision": "publish"}, headers=ADMIN_AUTH, timeout=10)
        assert answer.status_code == 200, answer.text
    assert listing_state(harness) == "published"


def test_a_server_without_an_admin_token_refuses_every_admin_request(
    harness: Harness, submitted: PosDevice, database_url: str
):
    app = create_app(database_url, clock=harness.clock)  # no admin_token
    try:
        with served(app) as port:
            answer = requests.post(
                f"http://127.0.0.1:{port}/v1/admin/listings/L-0001/review",
                json={"decision": "reject", "reason": "no token"},
                headers=ADMIN_AUTH,
                timeout=10,
            )
    finally:
        app.state.engine.dispose()
    assert_problem(answer, 403, "admin_disabled")  # type: ignore[arg-type]
    assert listing_state(harness) == "submitted"


def test_serve_refuses_a_short_or_unreadable_admin_token(tmp_path, monkeypatch, capsys):
    from central_server.cli import main

    short = tmp_path / "short.txt"
    short.write_text("guessable\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    for args in (["--admin-token-file", str(short)], ["--admin-token-file", str(tmp_path / "no")]):
        assert main(["--database-url", url, "serve", "--port", "0", *args]) == 2
    monkeypatch.setenv("CJPAY_ADMIN_TOKEN", "too-short")
    assert main(["--database-url", url, "serve", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "at least 24 characters" in err
    assert "usage:" not in err  # a bad token is not a usage mistake


def test_new_admin_token_makes_a_private_file_and_serve_refuses_one_others_can_read(
    tmp_path, capsys
):
    from central_server.cli import main

    made = tmp_path / "admin-token.txt"
    assert main(["new-admin-token", str(made)]) == 0
    token = made.read_text(encoding="utf-8").strip()
    assert len(token) >= 24
    capsys.readouterr()
    assert main(["new-admin-token", str(made)]) == 2  # never over an existing file
    assert "already exists" in capsys.readouterr().err
    assert made.read_text(encoding="utf-8").strip() == token
    if os.name != "posix":
        return  # the mode check is POSIX's; Windows keeps the file's ACL
    assert made.stat().st_mode & 0o777 == 0o600
    made.chmod(0o644)
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    served = ["--database-url", url, "serve", "--port", "0", "--admin-token-file", str(made)]
    assert main(served) == 2
    assert "chmod 600" in capsys.readouterr().err
