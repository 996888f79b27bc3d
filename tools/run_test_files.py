"""Run every test file alone, each in its own pytest process, and report which failed.

A file that passes only after another file has run (a QApplication, a table, a cached
setting left behind) fails here. Order inside each file is shuffled by pytest-randomly with
one seed for the whole run, printed at the start so a failure can be repeated:

    uv run python tools/run_test_files.py                  # all files, 2 lanes, a new seed
    uv run python tools/run_test_files.py --seed 1234 tests/ui
    uv run python tools/run_test_files.py -- -k refund     # after --: passed to every pytest

Lanes run the slowest files first (durations from the last full run, kept in
``tools/test_file_durations.json``; ``--record`` rewrites it), so the run ends with short
files instead of one long file alone on a core. Exit status: 0 if every file passed (or had
nothing selected), 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DURATIONS = ROOT / "tools" / "test_file_durations.json"
NO_TESTS_COLLECTED = 5  # pytest's exit status when -k/-m selected nothing in a file
UNKNOWN_DURATION = 1e9  # a file never timed goes first: it may be the slowest


@dataclass
class Result:
    path: str
    returncode: int
    seconds: float
    cpu_seconds: float
    output: str

    @property
    def passed(self) -> bool:
        return self.returncode in (0, NO_TESTS_COLLECTED)

    def verdict(self) -> str:
        if self.passed:
            return "ok" if self.returncode == 0 else "nothing selected"
        if self.returncode == -signal.SIGKILL.value:
            return "killed (timed out?)"
        if self.returncode < 0:
            return f"died of {signal.Signals(-self.returncode).name}"
        return f"failed (exit {self.returncode})"


def test_files(paths: Sequence[str]) -> list[str]:
    found: set[Path] = set()
    for given in paths or ["tests"]:
        path = (ROOT / given).resolve()
        if path.is_file():
            found.add(path)
        else:
            found.update(p for p in path.rglob("test_*.py") if p.is_file())
    return sorted(str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in found)


def load_durations() -> dict[str, float]:
    try:
        return {str(k): float(v) for k, v in json.loads(DURATIONS.read_text()).items()}
    except (OSError, ValueError):
        return {}


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def run_file(path: str, pytest_args: list[str], timeout: float) -> Result:
    command = [sys.executable, "-m", "pytest", path, "-q", "-p", "no:cacheprovider", *pytest_args]
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.monotonic()
    # Its own process group: a timeout kills the file's servers with it.
    child = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    timer = threading.Timer(timeout, _kill_group, (child.pid,))
    timer.start()
    assert child.stdout is not None
    output = child.stdout.read()
    child.stdout.close()
    # wait4, not wait: its CPU time (with the servers it reaped) does not depend on how busy
    # the machine is, which the wall time does.
    _, status, usage = os.wait4(child.pid, 0)
    timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode == -signal.SIGKILL.value:
        output += f"\n[run_test_files] killed (after {timeout:.0f} s?)\n"
    cpu = usage.ru_utime + usage.ru_stime
    return Result(path, child.returncode, time.monotonic() - started, cpu, output)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    pytest_args: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, pytest_args = argv[:cut], argv[cut + 1 :]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="files or folders (default: tests)")
    parser.add_argument("--jobs", "-j", type=int, default=2, help="parallel lanes (default 2)")
    parser.add_argument("--seed", type=int, help="pytest-randomly seed (default: a new one)")
    parser.add_argument("--no-random", action="store_true", help="keep the written order")
    parser.add_argument(
        "--timeout", type=float, default=900, help="seconds one file may take (default 900)"
    )
    parser.add_argument(
        "--record", action="store_true", help=f"write the durations to {DURATIONS.name}"
    )
    options = parser.parse_args(argv)
    extra_args = list(pytest_args)

    files = test_files(options.paths)
    if not files:
        print("no test files found", file=sys.stderr)
        return 1
    if options.no_random:
        pytest_args = ["-p", "no:randomly", *pytest_args]
        print(f"{len(files)} test files, each alone, written order, {options.jobs} lanes")
    else:
        seed = options.seed if options.seed is not None else random.randrange(2**31)
        pytest_args = [f"--randomly-seed={seed}", *pytest_args]
        print(
            f"{len(files)} test files, each alone, random order --seed {seed}, {options.jobs} lanes"
        )
    known = load_durations()
    files.sort(key=lambda f: known.get(f, UNKNOWN_DURATION), reverse=True)

    results: list[Result] = []
    lock = threading.Lock()
    started = time.monotonic()

    def one(path: str) -> None:
        result = run_file(path, pytest_args, options.timeout)
        with lock:
            results.append(result)
            print(
                f"[{len(results):3}/{len(files)}] {result.seconds:6.1f}s "
                f"(cpu {result.cpu_seconds:5.1f}s) {result.verdict():<18} {path}",
                flush=True,
            )

    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as lanes:
        list(lanes.map(one, files))
    wall = time.monotonic() - started

    failed = [r for r in results if not r.passed]
    for result in failed:
        print(f"\n===== {result.path}: {result.verdict()} =====\n{result.output.rstrip()}")
    if options.record and not options.paths and not extra_args:
        timed = {r.path: round(r.seconds, 1) for r in sorted(results, key=lambda r: r.path)}
        DURATIONS.write_text(json.dumps(timed, indent=1) + "\n")
    busy = sum(r.seconds for r in results)
    cpu = sum(r.cpu_seconds for r in results)
    print(
        f"\n{len(files) - len(failed)} of {len(files)} files passed alone in {wall:.0f} s "
        f"wall ({busy:.0f} s in pytest processes, {cpu:.0f} s of CPU, {options.jobs} lanes)"
    )
    if failed:
        print("FAILED alone:\n  " + "\n  ".join(f"{r.path}  ({r.verdict()})" for r in failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
