"""Schemathesis against the real server's OpenAPI: every operation, generated and mutated
requests (examples, coverage, fuzzing, stateful phases), as an enrolled device; never a 5xx.
Bounded (10 examples an operation, a fixed seed) so CI stays quick and repeatable."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import requests
from servers import ServerProcess

SCHEMATHESIS = shutil.which("schemathesis", path=str(Path(sys.executable).parent))


def test_no_request_the_schema_allows_or_breaks_gets_a_5xx(
    sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    assert SCHEMATHESIS is not None, "schemathesis is a dev dependency"
    enrolled = requests.post(
        f"{sqlite_server.url}/v1/devices",
        json={
            "merchant_id": sqlite_server.seed["merchant_id"],
            "enrolment_code": sqlite_server.seed["enrolment_code"],
            "device_name": "schemathesis",
        },
        timeout=10,
    )
    enrolled.raise_for_status()
    token = enrolled.json()["device_token"]
    requests.post(
        f"{sqlite_server.url}/v1/devices/{enrolled.json()['device_id']}/confirm",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).raise_for_status()
    run = subprocess.run(
        [
            SCHEMATHESIS,
            "run",
            f"{sqlite_server.url}/openapi.json",
            "--checks",
            "not_a_server_error",
            "--max-examples",
            "10",
            "--seed",
            "20261204",
            "--header",
            f"Authorization: Bearer {token}",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        env={**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_HOOKS": ""},
        cwd=tmp_path,  # it keeps a cache folder where it runs: not in the repository
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    cases = re.search(r"(\d+) generated, (\d+) passed\s*$", run.stdout, re.MULTILINE)
    assert cases is not None, run.stdout[-2000:]  # every generated case passed
    generated, passed = int(cases[1]), int(cases[2])
    assert generated == passed > 200
