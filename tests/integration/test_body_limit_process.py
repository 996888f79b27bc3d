"""The real server process refuses an oversized body with 413 and stops reading it.

Raw sockets, so the test controls the bytes on the wire: a Content-Length that announces
200 MB (the server answers without waiting for it), and a chunked stream that only ends
when the server answers or hangs up (the test counts what it managed to send).
"""

from __future__ import annotations

import json
import select
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from servers import ServerProcess

HUGE = 200 * 1024 * 1024
CHUNK = 64 * 1024


def _connect(server: ServerProcess) -> socket.socket:
    url = urlsplit(server.url)
    sock = socket.create_connection((url.hostname, url.port), timeout=30)
    return sock


def _read_answer(sock: socket.socket) -> tuple[int, dict[str, Any]]:
    data = b""
    while b"\r\n\r\n" not in data:
        part = sock.recv(65536)
        if not part:
            break
        data += part
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        part = sock.recv(65536)
        if not part:
            break
        body += part
    assert b"application/problem+json" in head.lower()
    return status, json.loads(body[:length])


def test_a_huge_content_length_to_enrolment_is_413_at_once(server: ServerProcess):
    with _connect(server) as sock:
        sock.sendall(
            b"POST /v1/devices HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {HUGE}\r\n\r\n".encode()
            + b"{"
        )
        status, problem = _read_answer(sock)
    assert status == 413
    assert problem["code"] == "payload_too_large"


def _chunked(total: int) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        sent += CHUNK
        yield f"{CHUNK:x}\r\n".encode() + b" " * CHUNK + b"\r\n"


def test_a_huge_chunked_body_to_enrolment_is_413_and_not_read_whole(server: ServerProcess):
    sent = 0
    with _connect(server) as sock:
        sock.sendall(
            b"POST /v1/devices HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        for frame in _chunked(HUGE):
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break  # the server has answered (or hung up)
            try:
                sock.sendall(frame)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += CHUNK
        status, problem = _read_answer(sock)
    assert status == 413
    assert problem["code"] == "payload_too_large"
    # What was sent at all is bounded by the limit plus the sockets' buffers, far below 200 MB.
    assert sent < 32 * 1024 * 1024, sent
