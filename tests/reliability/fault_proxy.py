"""A small fault-injecting TCP proxy between the POS and the server, on 127.0.0.1.

Each request gets the fault its plan names (by request number, whatever connection it came
on), so a trial can say "the next two requests fail this way, then the network is fine":

- ``pass``: bytes both ways, untouched (keep-alive works)
- ``latency``: each chunk held back ``delay_s`` both ways
- ``drop``: closed at once, before the request is read
- ``reset_request``: the request read, then a TCP reset before the server sees it
- ``reset_response``: the request reaches the server, half its answer reaches the POS,
  then a reset (the server did the work; the POS never heard)
- ``truncate_response``: as above but closed cleanly: a short body
- ``http_503``: a 503 with Retry-After from the "load balancer", the server never asked
- ``blackhole``: accepts, reads, never answers (the client's read timeout ends it)
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable

FAULTS = (
    "latency",
    "drop",
    "reset_request",
    "reset_response",
    "truncate_response",
    "http_503",
    "blackhole",
)


class FaultProxy:
    def __init__(self, upstream: tuple[str, int], *, delay_s: float = 0.2) -> None:
        self.upstream = upstream
        self.delay_s = delay_s
        self.plan: Callable[[int], str] = lambda n: "pass"
        self.injected: Counter[str] = Counter()
        self._count = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept_loop, name="fault-proxy", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fail_next(self, fault: str, requests: int) -> None:
        """The next ``requests`` requests get ``fault``; the ones after pass."""
        with self._lock:
            first = self._count
        self.plan = lambda n: fault if first <= n < first + requests else "pass"

    def close(self) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):  # shutdown wakes the accept(); close alone may not
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        self._thread.join(5)

    # ----- the requests ------------------------------------------------------------------

    def _next_fault(self) -> str:
        # Faults are planned per request, not per connection: the POS keeps its connection
        # alive, so the fault must be able to strike in the middle of one.
        with self._lock:
            number, self._count = self._count, self._count + 1
        fault = self.plan(number)
        if fault != "pass":
            self.injected[fault] += 1
        return fault

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        server: socket.socket | None = None
        try:
            while request := _read_http(client):
                fault = self._next_fault()
                if fault == "drop":  # closed with the request unanswered
                    client.close()
                    return
                if fault == "reset_request":
                    _reset(client)
                    return
                if fault == "http_503":
                    client.sendall(
                        b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\n"
                        b"Content-Type: text/plain\r\nContent-Length: 4\r\n"
                        b"Connection: close\r\n\r\nbusy"
                    )
                    client.close()
                    return
                if fault == "blackhole":
                    while not self._stop.wait(0.2) and not _peer_closed(client):
                        pass
                    client.close()
                    return
                if server is None:
                    server = socket.create_connection(self.upstream, timeout=60)
                if fault == "latency":
                    time.sleep(self.delay_s)
                server.sendall(request)
                answer = _read_http(server)
                if not answer:
                    break
                if fault in ("reset_response", "truncate_response"):
                    # The server did the work; the POS hears half of it.
                    client.sendall(answer[: max(1, len(answer) // 2)])
                    if fault == "reset_response":
                        _reset(client)
                    else:
                        client.close()
                    return
                if fault == "latency":
                    time.sleep(self.delay_s)
                client.sendall(answer)
        except OSError:
            pass
        finally:
            client.close()
            if server is not None:
                server.close()


def _reset(sock: socket.socket) -> None:
    """Close with RST instead of FIN (SO_LINGER on, zero timeout)."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _peer_closed(sock: socket.socket) -> bool:
    sock.settimeout(0.01)
    try:
        return sock.recv(1, socket.MSG_PEEK) == b""
    except TimeoutError:
        return False
    except OSError:
        return True
    finally:
        sock.settimeout(None)


def _read_http(sock: socket.socket) -> bytes:
    """One HTTP message: headers, then Content-Length bytes of body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body
