"""The README's server steps, run as written against an empty database, end with a minted code.

The block under "The reference central server" in README.md is read from the file and each
``uv run cjpay-central ...`` line is run through the same entry point (``cjpay-central`` is
``central_server.cli:main``), in order, each one required to succeed. Only the database is
the test's own: ``CJPAY_CENTRAL_DATABASE_URL`` points at an empty SQLite file, and ``serve``
(which would run until stopped) must be the last step and is not started.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest

from central_server.cli import ENV_DATABASE_URL, main
from pos_app.domain.payment_code import parse_payment_code

README = Path(__file__).resolve().parents[2] / "README.md"
SECTION = "## The reference central server"


def readme_steps() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index(SECTION) :]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None, "no sh block under the server heading"
    return [shlex.split(line, comments=True) for line in block.group(1).splitlines()]


def test_the_readme_takes_an_empty_database_to_a_minted_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "empty" / "central.sqlite3"
    monkeypatch.chdir(tmp_path)  # where the README's relative file names land
    monkeypatch.setenv(ENV_DATABASE_URL, f"sqlite:///{database.as_posix()}")
    steps = [step for step in readme_steps() if step]
    assert steps[0][0] == "export" and steps[0][1].startswith(f"{ENV_DATABASE_URL}=")
    commands = steps[1:]
    assert all(step[:3] == ["uv", "run", "cjpay-central"] for step in commands), commands
    assert commands[-1][3] == "serve"
    # The back office's HTTP routes are closed without a token: the README gives one.
    assert "--admin-token-file" in commands[-1]
    assert not database.exists()  # empty: nothing made before the README's first step

    outputs: dict[str, str] = {}
    for step in commands[:-1]:
        args = step[3:]
        code = main(args)
        out, err = capsys.readouterr()
        assert code == 0, f"{shlex.join(step)} failed ({code}):\n{out}\n{err}"
        outputs[args[0]] = out

    # The token file the serve step names was made by an earlier step, for this user only.
    token_file = Path(commands[-1][commands[-1].index("--admin-token-file") + 1])
    assert len(token_file.read_text(encoding="utf-8").strip()) >= 24
    if os.name == "posix":
        assert token_file.stat().st_mode & 0o777 == 0o600
    assert "issuer key 1 created" in outputs["init-db"]
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}\n", outputs["enrolment-code"])
    minted = parse_payment_code(outputs["issue-code"].strip())
    assert minted.key_id == 1 and minted.wallet_id == 1000000042

    # init-db again (an upgrade) leaves the keys alone: key 1 still signs.
    assert main(["init-db"]) == 0
    assert "issuer key" not in capsys.readouterr().out
