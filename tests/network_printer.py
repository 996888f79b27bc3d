"""A network receipt printer for tests: a real TCP listener on 127.0.0.1 that keeps what each
connection sent, and a port where nothing listens (the printer switched off).

The printer is an edge nobody here owns; the socket, python-escpos and the OS's refusal are
the real ones.
"""

from __future__ import annotations

import socket
import threading

DRAWER_KICK = b"\x1bp"  # ESC p: the cash drawer pulse


class ListeningPrinter:
    """Accepts connections one after another; ``jobs`` holds each connection's bytes once
    the sender closed it."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._server.getsockname()[1]
        self.jobs: list[bytes] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return  # closed
            with connection:
                received = bytearray()
                while chunk := connection.recv(65536):
                    received += chunk
            with self._lock:
                self.jobs.append(bytes(received))

    def printed(self) -> list[bytes]:
        with self._lock:
            return list(self.jobs)

    def close(self) -> None:
        self._server.close()
        self._thread.join(timeout=5)


def closed_port() -> int:
    """A port on 127.0.0.1 that refuses connections: bound, then let go."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
