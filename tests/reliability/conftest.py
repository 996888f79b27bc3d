"""Reliability tests reuse the integration harness: the real server process, the POS file."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))

from servers import ServerProcess, run_server


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[ServerProcess]:
    with run_server(f"sqlite:///{(tmp_path / 'central.sqlite3').as_posix()}", tmp_path / "s") as s:
        yield s
