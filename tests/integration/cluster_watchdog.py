"""A private PostgreSQL cluster dies with the test process that started it.

``pg_ctl start`` puts the postmaster in a session of its own, so nothing stops it when
pytest is killed (kill -9, an abort in Qt, a CI timeout): every dead run used to leave its
clusters running. Two guards:

- a watchdog process per cluster, in its own session (a kill of pytest's process group
  spares it), that reads a pipe only the test process holds open. The read returns at EOF,
  which the kernel delivers when that process exits in any way, so no polling: then the
  watchdog stops the cluster (``pg_ctl -m immediate``) and removes its directory.
- an ``owner.lock`` in each cluster directory, flock-ed by the test process and inherited by
  its watchdog. Should both die (kill -9 of everything, a reboot), the next start finds the
  lock free and clears that cluster (``sweep_dead_clusters``).

Run as a script, this file is the watchdog.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import IO

PREFIX = "cjpay-pg-"
LOCK = "owner.lock"


def new_cluster_dir(owner_uid: int | None) -> tuple[Path, IO[bytes]]:
    """A fresh directory in the system temp folder, with its lock already held."""
    base = Path(tempfile.mkdtemp(prefix=PREFIX))
    # Locked under another name, then renamed: a sweep never sees an unlocked owner.lock.
    fresh = base / f"{LOCK}.new"
    lock = fresh.open("wb")
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    fresh.rename(base / LOCK)
    if owner_uid is not None:
        os.chown(base, owner_uid, -1)
    return base, lock


def stop_cluster(base: Path, pg_ctl: str, prefix: list[str]) -> None:
    data = base / "data"
    if (data / "postmaster.pid").exists():
        with suppress(OSError, subprocess.SubprocessError):
            subprocess.run(
                [*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                timeout=60,
            )
    shutil.rmtree(base, ignore_errors=True)


def sweep_dead_clusters(pg_ctl: str, prefix: list[str]) -> list[Path]:
    """Stop and remove the clusters whose test process and watchdog are both gone."""
    swept = []
    for base in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            with (base / LOCK).open("rb") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                stop_cluster(base, pg_ctl, prefix)
                swept.append(base)
        except OSError:
            continue  # no lock file (not ours), or held: its owner is alive
    return swept


def start_watchdog(base: Path, lock: IO[bytes], pg_ctl: str, prefix: list[str]) -> IO[bytes]:
    """Starts the watchdog; the caller keeps the returned pipe open while the cluster lives."""
    spec = json.dumps({"base": str(base), "pg_ctl": pg_ctl, "prefix": prefix})
    watchdog = subprocess.Popen(
        [sys.executable, __file__, spec],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(lock.fileno(),),
        start_new_session=True,
    )
    assert watchdog.stdin is not None
    return watchdog.stdin


def _watch(spec: dict[str, object]) -> None:
    sys.stdin.buffer.read()  # EOF: the test process closed the pipe or died
    prefix = spec["prefix"]
    assert isinstance(prefix, list)
    stop_cluster(Path(str(spec["base"])), str(spec["pg_ctl"]), [str(p) for p in prefix])


if __name__ == "__main__":
    _watch(json.loads(sys.argv[1]))
