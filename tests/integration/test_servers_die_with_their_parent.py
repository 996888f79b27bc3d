"""A central server started for someone goes when that someone does, however it ends.

The test fixtures' server and the POS demo's server both hold a pipe from their parent as
stdin and stop at its end of file. A parent killed with SIGKILL (no teardown, no atexit, as
in a crashed test run or a POS ended from the task manager) must leave no server behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

INTEGRATION = Path(__file__).resolve().parent

FIXTURE_PARENT = """
import sys, time
from pathlib import Path
from servers import run_server

data = Path(sys.argv[1])
with run_server(f"sqlite:///{data / 'central.sqlite3'}", data) as server:
    print("SERVER", server._process.pid, server.url, flush=True)
    time.sleep(600)
"""

DEMO_PARENT = """
import sys, time
from pathlib import Path
from pos_app.services.demo_server import start_demo_server

server = start_demo_server(Path(sys.argv[1]))
print("SERVER", server.process.pid, server.url, flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (ended, not yet reaped by its init) has ended all the same.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


def _server_of(script: str, tmp_path: Path) -> tuple[subprocess.Popen[str], int]:
    """A parent process running ``script``; returns it and the pid of the server it started."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(INTEGRATION), str(INTEGRATION.parent)])}
    parent = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert parent.stdout is not None
    for line in parent.stdout:  # ends at the parent's exit if it never starts a server
        if line.startswith("SERVER "):
            return parent, int(line.split()[1])
    parent.wait()
    raise AssertionError("the parent never started its server")


def _killed_parent_leaves_no_server(script: str, tmp_path: Path) -> None:
    parent, server_pid = _server_of(script, tmp_path)
    try:
        assert _alive(server_pid)
    finally:
        parent.kill()  # SIGKILL: nothing of the parent's runs
        parent.wait()
    deadline = time.monotonic() + 30  # a bounded wait for the server's graceful stop
    while _alive(server_pid):
        assert time.monotonic() < deadline, f"server {server_pid} outlived its parent"
        time.sleep(0.1)


def test_a_killed_test_run_takes_its_server_with_it(tmp_path: Path) -> None:
    _killed_parent_leaves_no_server(FIXTURE_PARENT, tmp_path)


def test_a_killed_pos_takes_its_demo_server_with_it(tmp_path: Path) -> None:
    _killed_parent_leaves_no_server(DEMO_PARENT, tmp_path)
