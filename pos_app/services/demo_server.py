"""Demo mode's central server: the reference server as a child process on 127.0.0.1.

It gets a temporary database, is seeded with the demo merchant (the same shop the
POS demo shows), and is stopped with the POS. If it cannot start, the demo runs
offline with the built-in demo key instead.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

START_TIMEOUT_S = 30.0
#: The server reads its admin token from here (central_server.admin_routes.ENV_ADMIN_TOKEN).
ADMIN_TOKEN_ENV = "CJPAY_ADMIN_TOKEN"


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class DemoServer:
    url: str
    seed: dict[str, Any]
    process: subprocess.Popen[str]
    #: The trainer reviews listings through the admin route: it needs the server's token.
    admin_token: str = ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if self.process.stdin is not None:
            self.process.stdin.close()  # its lifeline; it has ended by now


def central_server_command() -> list[str]:
    """How to start the reference server's CLI: ``python -m central_server`` from source,
    or the frozen app itself (``cjpay-pos central-server``), which carries the server."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "central-server"]
    return [sys.executable, "-m", "central_server"]


def _cli(database_url: str, *args: str) -> str:
    done = subprocess.run(
        [*central_server_command(), "--database-url", database_url, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=True,
    )
    return done.stdout


def start_demo_server(data_dir: Path) -> DemoServer:
    """Start and seed the server; raises OSError/CalledProcessError/TimeoutError on failure."""
    database_url = f"sqlite:///{(data_dir / 'central.sqlite3').as_posix()}"
    _cli(database_url, "init-db")
    # The demo server, and only it, trusts the demo issuer key: the training phone mints
    # with it while the server is down, and those payments must pass once it is back.
    seed = json.loads(
        _cli(database_url, "seed-demo", "--trust-demo-issuer").strip().splitlines()[-1]
    )
    port = free_loopback_port()
    # A fresh secret per start, passed in the environment (not argv, which other users of
    # the PC can list): only this POS can review listings on its demo server.
    admin_token = secrets.token_urlsafe(32)
    process = subprocess.Popen(
        [
            *central_server_command(),
            "--database-url",
            database_url,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            # The demo server goes with the POS, even one killed or crashed: the OS closes
            # the pipe the POS holds as its stdin.
            "--stop-when-stdin-closes",
            # Training's phone mints codes and pays through the customer's routes, which
            # only a demo server serves.
            "--demo",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        env={**os.environ, ADMIN_TOKEN_ENV: admin_token},
    )
    ready = threading.Event()
    url: list[str] = []

    def wait_for_banner() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("listening on "):
                url.append(line.split("listening on ", 1)[1].strip())
                ready.set()
        ready.set()  # the process ended

    threading.Thread(target=wait_for_banner, name="demo-server-out", daemon=True).start()
    if not ready.wait(START_TIMEOUT_S) or not url:
        process.kill()
        raise TimeoutError("the demo server did not start")
    return DemoServer(url=url[0], seed=seed, process=process, admin_token=admin_token)
