"""Real processes for integration tests: the central server, and a private PostgreSQL.

``run_server`` runs the server exactly as an operator would (``python -m
central_server ... init-db``, ``seed-demo``, ``serve``) and waits for it by
condition (its ``listening on`` line, then ``GET /v1/health``), never by sleeping.
``postgres_cluster`` starts a throwaway PostgreSQL 15 on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import cluster_watchdog
import pytest
import requests

START_TIMEOUT = 30.0
_LISTENING = "listening on "


class ServerStartError(RuntimeError):
    pass


def _server_env(data_dir: Path, admin_token: str = "") -> dict[str, str]:
    env = dict(os.environ)
    if admin_token:
        env["CJPAY_ADMIN_TOKEN"] = admin_token
    # platformdirs' default database must never be the developer's real one.
    env["XDG_DATA_HOME"] = str(data_dir / "xdg-data")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _wait_until(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return
        if time.monotonic() > deadline:
            raise ServerStartError(f"timed out waiting for {what}")
        time.sleep(0.05)  # polling interval for a condition with a deadline, not a race cover


@dataclass
class ServerProcess:
    """A running ``serve`` subprocess and the CLI of the same database."""

    database_url: str
    data_dir: Path
    seed: dict[str, Any] = field(default_factory=dict)
    port: int = 0
    host: str = "127.0.0.1"
    #: ``serve --demo``: the customer's routes, which the suites pay through.
    demo: bool = True
    #: ``/v1/admin``'s bearer token, given to ``serve`` in its environment.
    admin_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    #: ``serve --workers N``: N server processes on the one port (PostgreSQL).
    workers: int = 1
    _process: subprocess.Popen[str] | None = None
    _log: IO[str] | None = None
    _starts: int = 0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def cli(self, *args: str) -> str:
        """Run ``python -m central_server --database-url URL ARGS`` and return its stdout."""
        completed = subprocess.run(
            [sys.executable, "-m", "central_server", "--database-url", self.database_url, *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=_server_env(self.data_dir),
            timeout=120,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"central_server {' '.join(args)} failed ({completed.returncode}):\n"
                f"{completed.stdout}\n{completed.stderr}"
            )
        return completed.stdout

    def enrol_device(
        self, name: str = "POS-01", code: str | None = None
    ) -> tuple[str, dict[str, str]]:
        """Enrol and confirm a device over HTTP (the seed's code unless given): its id and
        the ``Authorization`` header of its token."""
        enrolled = requests.post(
            f"{self.url}/v1/devices",
            json={
                "merchant_id": self.seed["merchant_id"],
                "enrolment_code": code or self.seed["enrolment_code"],
                "device_name": name,
            },
            timeout=30,
        )
        assert enrolled.status_code == 201, enrolled.text
        device = enrolled.json()
        headers = {"Authorization": f"Bearer {device['device_token']}"}
        confirmed = requests.post(
            f"{self.url}/v1/devices/{device['device_id']}/confirm", headers=headers, timeout=30
        )
        assert confirmed.status_code == 200, confirmed.text
        return device["device_id"], headers

    def start(self) -> None:
        if self._process is not None and self._process.poll() is None:
            raise RuntimeError("the server is already running")
        self._starts += 1
        log_path = self.data_dir / f"server-{self._starts}.log"
        self._log = log_path.open("w", encoding="utf-8")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "central_server",
                "--database-url",
                self.database_url,
                "serve",
                "--host",
                self.host,
                "--port",
                str(self.port),
                # The server goes when this test process does, even killed (-9) or aborted:
                # the OS closes the pipe we hold as its stdin.
                "--stop-when-stdin-closes",
                *(["--demo"] if self.demo else []),
                *(["--workers", str(self.workers)] if self.workers != 1 else []),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            encoding="utf-8",
            env=_server_env(self.data_dir, self.admin_token),
        )
        self._process = process
        lines: queue.Queue[str | None] = queue.Queue()
        # Drain stdout for the process's whole life: a full pipe would block the server.
        threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self.kill()
                raise ServerStartError(f"no '{_LISTENING}' line; see {log_path}") from None
            if line is None:
                raise ServerStartError(
                    f"the server exited ({process.wait()}) before listening; see {log_path}"
                )
            if line.startswith(_LISTENING):
                address = line[len(_LISTENING) :].strip()
                self.port = int(address.rsplit(":", 1)[1])
                break
        _wait_until(self._healthy, START_TIMEOUT, f"GET {self.url}/v1/health")

    def _healthy(self) -> bool:
        if self._process is None or self._process.poll() is not None:
            raise ServerStartError("the server exited while starting")
        try:
            return requests.get(f"{self.url}/v1/health", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def kill(self) -> None:
        """SIGKILL: a crash, with no chance to clean up."""
        process = self._process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        self._close_log()

    def restart(self) -> None:
        """Kill if running, then start again on the same port and database."""
        self.kill()
        self.start()

    def stop(self) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)
        self._close_log()

    def _close_log(self) -> None:
        if self._process is not None and self._process.stdin is not None:
            self._process.stdin.close()  # the server's lifeline; it has ended by now
        if self._log is not None:
            self._log.close()
            self._log = None


def _pump(stream: IO[str] | None, lines: queue.Queue[str | None]) -> None:
    if stream is None:
        lines.put(None)
        return
    for line in stream:
        lines.put(line)
    lines.put(None)


@contextmanager
def run_server(
    database_url: str, data_dir: Path, *, demo: bool = True, workers: int = 1
) -> Iterator[ServerProcess]:
    """init-db, seed-demo (its JSON in ``.seed``), then ``serve`` on a free loopback port."""
    data_dir.mkdir(parents=True, exist_ok=True)
    server = ServerProcess(database_url=database_url, data_dir=data_dir, demo=demo, workers=workers)
    server.cli("init-db")
    seed_lines = server.cli("seed-demo").strip().splitlines()
    server.seed = json.loads(seed_lines[-1])
    try:
        server.start()
        yield server
    finally:
        server.stop()


# ----- PostgreSQL -------------------------------------------------------------------------


def _postgres_bindir() -> Path | None:
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            )
            candidates.append(Path(out.stdout.strip()))
    candidates.append(Path("/usr/lib/postgresql/15/bin"))
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    for directory in candidates:
        if (directory / "initdb").is_file() and (directory / "pg_ctl").is_file():
            return directory
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_unavailable_reason() -> str | None:
    """Why a private cluster cannot be started here, or ``None`` if it can."""
    if sys.platform == "win32":
        return "private PostgreSQL clusters are started on POSIX only"
    if _postgres_bindir() is None:
        return "PostgreSQL server binaries (initdb, pg_ctl) not found; apt-get install postgresql"
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "running as root without runuser: cannot start PostgreSQL as another user"
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' OS user (PostgreSQL refuses root)"
    return None


@contextmanager
def postgres_cluster(*, durable: bool = False) -> Iterator[str]:
    """A private PostgreSQL cluster on 127.0.0.1; yields a SQLAlchemy URL to a fresh database.

    ``durable``: PostgreSQL's default durability (fsync, synchronous_commit and full-page
    writes on), as production runs it; benchmarks need it. Tests leave it off for speed.

    Its directory is in the system temp folder, where ``cluster_watchdog`` finds the
    clusters of dead runs; a watchdog process stops this one if the test process dies. As
    root, the cluster is owned and run by the ``postgres`` OS user (PostgreSQL refuses to
    run as root).
    """
    reason = postgres_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    bindir = _postgres_bindir()
    assert bindir is not None
    prefix: list[str] = []
    owner_uid: int | None = None
    if os.geteuid() == 0:
        import pwd

        owner_uid = pwd.getpwnam("postgres").pw_uid
        prefix = ["runuser", "-u", "postgres", "--"]
    pg_ctl = str(bindir / "pg_ctl")
    cluster_watchdog.sweep_dead_clusters(pg_ctl, prefix)
    base, lock = cluster_watchdog.new_cluster_dir(owner_uid)
    data = base / "data"
    log = base / "server.log"

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, text=True, timeout=120)

    port = _free_port()
    watchdog = cluster_watchdog.start_watchdog(base, lock, pg_ctl, prefix)
    try:
        run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={base}"
            " -c max_connections=200"
        )
        if not durable:
            # A test cluster: durability is not what is being tested, speed helps.
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        run(pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
        database = "cjpay_central"
        run(
            str(bindir / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            database,
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{database}"
    except subprocess.CalledProcessError as exc:
        log_text = log.read_text(errors="replace") if log.exists() else ""
        raise RuntimeError(
            f"PostgreSQL failed: {exc.cmd}\n{exc.stdout}\n{exc.stderr}\n{log_text}"
        ) from exc
    finally:
        cluster_watchdog.stop_cluster(base, pg_ctl, prefix)
        watchdog.close()  # the watchdog wakes, finds nothing left to stop, and exits
        lock.close()


def server_rows(server: ServerProcess, sql: str) -> list[tuple]:
    """Rows of the SQLite server's own database, read as an auditor would (not through it)."""
    path = server.database_url.removeprefix("sqlite:///")
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()
