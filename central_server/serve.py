"""Run the server with uvicorn on a socket we bind ourselves.

Binding first lets ``--port 0`` pick a free port and still tell the caller which
one: once uvicorn is accepting, one line ``listening on http://HOST:PORT`` goes to
stdout (flushed), so a parent process can wait for it. Logs, access log
included, go to stderr so stdout stays that one line.

``workers`` > 1 (PostgreSQL only): this process migrates, binds, and then
supervises that many worker processes (uvicorn's ``Multiprocess``) that all
accept on the one socket. Workers are spawned, not forked, so each builds its
app from ``worker_app`` and the settings this process leaves in the environment.
The line ``listening on`` comes once every worker is ready; stdin's end of file
or SIGTERM stops them all, and a worker whose supervisor vanished (SIGKILL)
stops itself.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator
from typing import Any, Final

import uvicorn
from fastapi import FastAPI
from sqlalchemy import make_url
from uvicorn.config import LOGGING_CONFIG
from uvicorn.supervisors import Multiprocess

from central_server.app import create_app
from central_server.change_listener import ChangeListener
from central_server.db import create_db_engine
from central_server.issuance import MAX_OFFLINE_LIMIT
from central_server.migrate import upgrade

#: Long polls hold requests up to 30 s; a stopping server does not wait for them.
GRACEFUL_SHUTDOWN_SECONDS = 3
#: The environment variable that hands ``serve``'s settings to spawned workers.
WORKER_SETTINGS_ENV: Final = "CJPAY_CENTRAL_WORKER_SETTINGS"
#: How long each worker may take to start serving before the supervisor gives up.
WORKER_START_SECONDS: Final = 60.0
#: How often a worker checks that its supervisor is still there.
ORPHAN_CHECK_SECONDS: Final = 1.0

_log = logging.getLogger("uvicorn.error")


class WorkersNeedPostgres(ValueError):
    """``workers`` > 1 on SQLite (see docs/decisions.md)."""


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


def _with_change_listener(app: FastAPI, database_url: str) -> FastAPI:
    """On PostgreSQL, LISTEN for other processes' changes while the app runs (its lifespan)."""
    if make_url(database_url).get_backend_name() != "postgresql":
        return app
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        listener = ChangeListener(database_url)
        listener.start()
        try:
            async with inner(app) as state:
                yield state
        finally:
            listener.stop()

    app.router.lifespan_context = lifespan
    return app


def serve(
    database_url: str,
    host: str,
    port: int,
    *,
    stop_when_stdin_closes: bool = False,
    demo: bool = False,
    max_offline_limit: int = MAX_OFFLINE_LIMIT,
    admin_token: str | None = None,
    workers: int = 1,
) -> None:
    """Migrate to head, then serve until interrupted (or, with ``stop_when_stdin_closes``,
    until the parent holding our stdin goes). ``demo``: also serve the customer's routes.
    ``workers``: server processes sharing the socket (> 1: PostgreSQL only)."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if workers > 1 and make_url(database_url).get_backend_name() != "postgresql":
        raise WorkersNeedPostgres(
            "--workers > 1 needs PostgreSQL: SQLite lets one process write at a time, so more "
            "processes add no throughput (see docs/deployment.md)"
        )
    engine = create_db_engine(database_url)
    try:
        upgrade(engine)  # once, before any worker starts
    finally:
        engine.dispose()
    sock = _bind(host, port)  # before the app: a taken port fails fast, with OSError
    if workers > 1:
        settings = {
            "database_url": database_url,
            "demo": demo,
            "max_offline_limit": max_offline_limit,
            "admin_token": admin_token,
        }
        try:
            _serve_workers(
                sock,
                workers,
                settings,
                url_for(host, sock.getsockname()[1]),
                stop_when_stdin_closes=stop_when_stdin_closes,
            )
        finally:
            sock.close()
        return
    app = create_app(
        database_url, demo=demo, max_offline_limit=max_offline_limit, admin_token=admin_token
    )
    _with_change_listener(app, database_url)
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


class _Supervisor(Multiprocess):
    """uvicorn's supervisor, announcing ``listening on`` once every worker serves."""

    def __init__(self, config: uvicorn.Config, sock: socket.socket, announce: str) -> None:
        super().__init__(config, sockets=[sock])
        self._announce = announce
        self.failed = False

    def init_processes(self) -> None:
        super().init_processes()
        for process in self.processes:
            if not process.wait_until_ready(WORKER_START_SECONDS, self.should_exit):
                if not self.should_exit.is_set():
                    _log.error("worker [%s] did not start; stopping", process.pid)
                    self.failed = True
                    self.should_exit.set()
                return
        print(self._announce, flush=True)


def _serve_workers(
    sock: socket.socket,
    workers: int,
    settings: dict[str, Any],
    address: str,
    *,
    stop_when_stdin_closes: bool,
) -> None:
    # Spawned workers inherit the environment; the import string names their app factory.
    os.environ[WORKER_SETTINGS_ENV] = json.dumps(settings)
    config = uvicorn.Config(
        "central_server.serve:worker_app",
        factory=True,
        workers=workers,
        log_config=_log_config(),
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        server_header=False,
    )
    supervisor = _Supervisor(config, sock, f"listening on {address}")
    if stop_when_stdin_closes:

        def watch() -> None:
            with contextlib.suppress(OSError, ValueError):
                sys.stdin.buffer.read()
            supervisor.should_exit.set()

        threading.Thread(target=watch, name="stdin-watch", daemon=True).start()
    supervisor.run()  # until SIGINT/SIGTERM or stdin's end; then stops every worker
    if supervisor.failed:
        raise RuntimeError("a worker process did not start; see the log above")


def worker_app() -> FastAPI:
    """The app of one worker process (``workers`` > 1), from the supervisor's settings."""
    settings = json.loads(os.environ[WORKER_SETTINGS_ENV])
    app = create_app(
        settings["database_url"],
        demo=settings["demo"],
        max_offline_limit=settings["max_offline_limit"],
        admin_token=settings["admin_token"],
    )
    _stop_when_orphaned()
    return _with_change_listener(app, settings["database_url"])


def _stop_when_orphaned() -> None:
    """SIGTERM ourselves (uvicorn then shuts down gracefully) once the supervisor is gone.

    The supervisor stops its workers itself when it can; killed outright (SIGKILL, a
    crash), it cannot, and a worker would go on serving on the shared socket unsupervised.
    (A worker's stdin is /dev/null under multiprocessing, so it cannot watch the pipe.)
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="orphan-watch", daemon=True).start()
