"""A test run that dies leaves no PostgreSQL cluster running.

A pytest child starts a private cluster and is killed with SIGKILL (no teardown runs, as in
an abort or a CI timeout); the cluster's postmaster and its directory must go by themselves.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

import pytest
from cluster_watchdog import PREFIX, sweep_dead_clusters
from servers import _postgres_bindir, postgres_cluster, postgres_unavailable_reason

INTEGRATION = Path(__file__).resolve().parent

CHILD_TEST = """
import time
from servers import postgres_cluster

def test_holds_a_cluster_until_killed():
    with postgres_cluster() as url:
        print("CLUSTER", url, flush=True)
        time.sleep(600)
"""


def _postmaster_of(url: str) -> tuple[int, Path]:
    """The postmaster's pid and its cluster directory, found by the URL's port."""
    port = url.rsplit(":", 1)[1].split("/", 1)[0]
    for pid_file in Path(tempfile.gettempdir()).glob(f"{PREFIX}*/data/postmaster.pid"):
        lines = pid_file.read_text().splitlines()
        if len(lines) > 3 and lines[3].strip() == port:
            return int(lines[0]), pid_file.parent.parent
    raise AssertionError(f"no postmaster.pid for port {port}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_gone(pid: int, base: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while _alive(pid) or base.exists():
        assert time.monotonic() < deadline, f"postmaster {pid} or {base} still there"
        time.sleep(0.1)


@pytest.fixture
def pg_ctl() -> str:
    reason = postgres_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    bindir = _postgres_bindir()
    assert bindir is not None
    return str(bindir / "pg_ctl")


def _start_child(tmp_path: Path) -> tuple[subprocess.Popen[str], str]:
    """A pytest process holding a cluster; returns it and the cluster's URL."""
    (tmp_path / "test_child.py").write_text(CHILD_TEST)
    path = os.pathsep.join([str(INTEGRATION), str(INTEGRATION.parent)])
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pytest",
            "test_child.py",
            "-q",
            "-s",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            f"--rootdir={tmp_path}",
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": path},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert child.stdout is not None
    for line in child.stdout:  # ends at the child's exit if it never starts a cluster
        if line.startswith("CLUSTER "):
            return child, line.split()[1]
    child.wait()
    raise AssertionError("the child never started its cluster")


def _watchdog_of(base: Path) -> int:
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        with suppress(OSError):
            args = cmdline.read_bytes().decode(errors="replace")
            if "cluster_watchdog.py" in args and str(base) in args:
                return int(cmdline.parent.name)
    raise AssertionError(f"no watchdog for {base}")


def test_a_killed_test_run_takes_its_cluster_with_it(tmp_path: Path, pg_ctl: str) -> None:
    child, url = _start_child(tmp_path)
    try:
        pid, base = _postmaster_of(url)
        assert _alive(pid)
    finally:
        child.kill()  # SIGKILL: no teardown, no atexit
        child.wait()
    _wait_gone(pid, base)


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="finds processes in /proc")
def test_a_cluster_whose_run_and_watchdog_both_died_is_swept_at_the_next_start(
    tmp_path: Path, pg_ctl: str
) -> None:
    """kill -9 of the run and of its watchdog: the next cluster's start clears the orphan."""
    child, url = _start_child(tmp_path)
    try:
        pid, base = _postmaster_of(url)
        os.kill(_watchdog_of(base), signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    # Nobody is left to stop it: the orphan runs until a sweep (checked again after it).
    assert _alive(pid) and base.exists()
    with postgres_cluster() as live_url:
        live_pid, live_base = _postmaster_of(live_url)
        _wait_gone(pid, base)
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        assert sweep_dead_clusters(pg_ctl, prefix) == []  # a live run's cluster stays
        assert _alive(live_pid) and live_base.exists()
