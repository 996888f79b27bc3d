"""Run the server with uvicorn on a socket we bind ourselves.

Binding first lets ``--port 0`` pick a free port and still tell the caller which
one: once uvicorn is accepting, one line ``listening on http://HOST:PORT`` goes to
stdout (flushed), so a parent process can wait for it. Logs, access log
included, go to stderr so stdout stays that one line.
"""

from __future__ import annotations

import contextlib
import copy
import socket
import sys
import threading
from typing import Any

import uvicorn
from uvicorn.config import LOGGING_CONFIG

from central_server.app import create_app
from central_server.db import create_db_engine
from central_server.issuance import MAX_OFFLINE_LIMIT
from central_server.migrate import upgrade

#: Long polls hold requests up to 30 s; a stopping server does not wait for them.
GRACEFUL_SHUTDOWN_SECONDS = 3


def url_for(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class _AnnouncingServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, announce: str) -> None:
        super().__init__(config)
        self._announce = announce

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            print(self._announce, flush=True)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    if sys.platform != "win32":
        # A restart on the same port must not wait for the old connections' TIME_WAIT.
        # (On Windows SO_REUSEADDR would let two servers share a port: not wanted.)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this: without it, a keep-alive client waits out
    # Nagle + delayed ACK (~40 ms) on every response written in two parts.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def _log_config() -> dict[str, Any]:
    config = copy.deepcopy(LOGGING_CONFIG)
    config["handlers"]["access"]["stream"] = "ext://sys.stderr"
    config["loggers"]["central_server"] = {"handlers": ["default"], "level": "INFO"}
    return config


def _stop_when_stdin_closes(server: uvicorn.Server) -> None:
    """Stop the server once its stdin reaches end of file.

    A parent that starts the server for itself (the POS's demo, a test run) holds the other
    end of the pipe; when the parent ends in any way, a kill or a crash included, the OS
    closes it, so the server never outlives the one process it serves. Works the same on
    Windows, where there is no parent-death signal.
    """

    def watch() -> None:
        with contextlib.suppress(OSError, ValueError):  # no usable stdin: taken as closed
            sys.stdin.buffer.read()
        server.should_exit = True

    threading.Thread(target=watch, name="stdin-watch", daemon=True).start()


def serve(
    database_url: str,
    host: str,
    port: int,
    *,
    stop_when_stdin_closes: bool = False,
    demo: bool = False,
    max_offline_limit: int = MAX_OFFLINE_LIMIT,
    admin_token: str | None = None,
) -> None:
    """Migrate to head, then serve until interrupted (or, with ``stop_when_stdin_closes``,
    until the parent holding our stdin goes). ``demo``: also serve the customer's routes."""
    engine = create_db_engine(database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    sock = _bind(host, port)  # before the app: a taken port fails fast, with OSError
    app = create_app(
        database_url, demo=demo, max_offline_limit=max_offline_limit, admin_token=admin_token
    )
    bound_port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        log_config=_log_config(),
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        server_header=False,
    )
    server = _AnnouncingServer(config, f"listening on {url_for(host, bound_port)}")
    if stop_when_stdin_closes:
        _stop_when_stdin_closes(server)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        app.state.engine.dispose()
