"""Schemathesis against the real server's OpenAPI: every operation, generated and mutated
requests (examples, coverage, fuzzing, stateful phases), as an enrolled device; never a 5xx.
About a third of the bodies go out padded to exactly their route's size limit and a third one
byte over it (schemathesis_size_hooks.py): over is 413, at the limit is judged like any body.
Bounded (10 examples an operation, a fixed seed) so CI stays quick and repeatable."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import ServerProcess, postgres_cluster, run_server

HERE = Path(__file__).parent
SCHEMATHESIS = shutil.which("schemathesis", path=str(Path(sys.executable).parent))


@pytest.fixture(params=["sqlite", "postgresql"])
def any_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    if request.param == "sqlite":
        with run_server(f"sqlite:///{(tmp_path / 'c.sqlite3').as_posix()}", tmp_path / "s") as s:
            yield s
        return
    with postgres_cluster() as url, run_server(url, tmp_path / "s") as s:
        yield s


def test_no_request_the_schema_allows_or_breaks_gets_a_5xx(
    any_server: ServerProcess, tmp_path: Path
) -> None:
    assert SCHEMATHESIS is not None, "schemathesis is a dev dependency"
    probe_log = tmp_path / "size_probes.txt"
    device_id, headers = any_server.enrol_device("schemathesis")
    run = subprocess.run(
        [
            SCHEMATHESIS,
            "run",
            f"{any_server.url}/openapi.json",
            "--checks",
            "not_a_server_error,body_limit_respected",
            "--max-examples",
            "10",
            "--seed",
            "20261204",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        env={
            **os.environ,
            "NO_COLOR": "1",
            "SCHEMATHESIS_HOOKS": "schemathesis_size_hooks",
            "PYTHONPATH": str(HERE),
            "SIZE_PROBE_LOG": str(probe_log),
            "FUZZ_DEVICE_TOKEN": headers["Authorization"].removeprefix("Bearer "),
            "FUZZ_ADMIN_TOKEN": any_server.admin_token,
            "FUZZ_DEVICE_ID": device_id,
        },
        cwd=tmp_path,  # it keeps a cache folder where it runs: not in the repository
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    cases = re.search(r"(\d+) generated, (\d+) passed\s*$", run.stdout, re.MULTILINE)
    assert cases is not None, run.stdout[-2000:]  # every generated case passed
    generated, passed = int(cases[1]), int(cases[2])
    assert generated == passed > 200
    probes = [line.split() for line in probe_log.read_text(encoding="utf-8").splitlines()]
    sent = {(kind, path) for kind, _method, path, _size in probes}
    # Both sides of the limit reached the journal (16 MiB), the enrolment (64 KiB) routes.
    for path in ("/v1/devices/{device_id}/journal", "/v1/devices"):
        assert {("at-limit", path), ("over-limit", path)} <= sent, sorted(sent)
