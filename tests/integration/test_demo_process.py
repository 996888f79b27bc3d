"""``cjpay-pos --demo`` as a process (offscreen): SIGTERM or SIGINT ends it cleanly, and its
temporary folder (data, the demo server's database) is removed.
Before, SIGTERM killed it on the spot and the folder and the demo server were left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

START_S = 60.0
UP_FILES = ("central.sqlite3", "pos.sqlite3")  # the demo server's and the counter's


def demo_folders(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("cjpay-pos-demo-*"))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_demo_leaves_no_temporary_folder(tmp_path: Path, number: int) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(tmp),  # where tempfile.mkdtemp makes the demo's folder
        "CJPAY_POS_DATA_DIR": str(tmp_path / "data"),  # its log
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "pos_app", "--demo"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + START_S
        # Up: its data file and the demo server's database are in the folder.
        while time.monotonic() < deadline and process.poll() is None:
            folders = demo_folders(tmp)
            if folders and all((folders[0] / f).exists() for f in UP_FILES):
                break
            time.sleep(0.1)
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert demo_folders(tmp), "the demo did not start"
        time.sleep(3)  # into the event loop (a signal during start-up is handled too)
        process.send_signal(number)
        assert process.wait(30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
    assert demo_folders(tmp) == []
