"""tools/run_test_files.py: each file in its own pytest, and a crash or failure is named."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

RUNNER = Path(__file__).resolve().parents[1] / "tools" / "run_test_files.py"


def test_each_file_runs_alone_and_the_failures_are_named(tmp_path: Path) -> None:
    (tmp_path / "test_fine.py").write_text("def test_fine():\n    assert True\n")
    (tmp_path / "test_wrong.py").write_text("def test_wrong():\n    assert 1 == 2\n")
    # What a Qt abort does: no exception, the interpreter dies of SIGABRT.
    (tmp_path / "test_abort.py").write_text("import os\n\ndef test_abort():\n    os.abort()\n")
    run = subprocess.run(
        [sys.executable, str(RUNNER), str(tmp_path), "--jobs", "2", "--seed", "7"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    out = run.stdout
    assert "3 test files, each alone, random order --seed 7, 2 lanes" in out
    assert "1 of 3 files passed alone" in out
    failed = out.split("FAILED alone:")[1]
    assert "test_wrong.py  (failed (exit 1))" in failed
    assert "test_abort.py  (died of SIGABRT)" in failed
    assert "test_fine.py" not in failed


def test_a_clean_run_exits_zero_and_a_filter_that_selects_nothing_is_not_a_failure(
    tmp_path: Path,
) -> None:
    (tmp_path / "test_one.py").write_text("def test_one():\n    assert True\n")
    (tmp_path / "test_two.py").write_text("def test_two():\n    assert True\n")
    run = subprocess.run(
        [sys.executable, str(RUNNER), str(tmp_path), "--", "-k", "one"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "nothing selected" in run.stdout and "2 of 2 files passed alone" in run.stdout
