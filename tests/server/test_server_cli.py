"""``cjpay-central`` commands, run in-process against the test database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from central_server import admin
from central_server.cli import default_database_url, main
from central_server.db import create_db_engine
from central_server.migrate import head_revision
from pos_app.domain.payment_code import parse_payment_code


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    out = capsys.readouterr().out
    assert code == 0, out
    return out


def test_init_seed_and_the_admin_commands(database_url: str, capsys: pytest.CaptureFixture[str]):
    url = ["--database-url", database_url]
    assert head_revision() in run(capsys, *url, "init-db")
    seed = json.loads(run(capsys, *url, "seed-demo").strip().splitlines()[-1])
    assert seed["merchant_id"] == "M-DEMO-0001"
    assert seed["wallet_ids"] == ["1000000042", "1000000043", "1000000044"]
    assert len(seed["enrolment_code"]) == 9
    again = json.loads(run(capsys, "seed-demo", *url))  # idempotent, a fresh code each time
    assert again["enrolment_code"] != seed["enrolment_code"]
    # Only the POS's demo server trusts the demo issuer key (900001), when asked.
    assert 900_001 not in seed["key_ids"] + again["key_ids"]
    trusted = json.loads(run(capsys, "seed-demo", "--trust-demo-issuer", *url))
    assert 900_001 in trusted["key_ids"]

    merchant = json.loads(
        run(
            capsys,
            *url,
            "create-merchant",
            "--name",
            "육거리 떡집",
            "--business-number",
            "104-82-12347",
            "--sector",
            "떡",
            "--discount-rate-bp",
            "500",
            "--discount-from",
            "2026-01-01",
            "--designated",
        )
    )
    assert merchant["merchant_id"] == "M-0001"
    assert merchant["business_number"] == "1048212347"
    assert merchant["designated"] is True

    code = run(capsys, *url, "enrolment-code", "M-0001").strip()
    assert len(code) == 9 and code[4] == "-"
    text = run(capsys, *url, "issue-code", "1000000042", "--offline-limit", "7000", "--ttl", "60")
    parsed = parse_payment_code(text.strip())
    assert (parsed.offline_limit, parsed.ttl_seconds) == (7000, 60)
    assert json.loads(run(capsys, *url, "topup", "555", "1000")) == {
        "wallet_id": "555",
        "balance": 1000,
    }
    assert json.loads(run(capsys, *url, "topup", "555", "500"))["balance"] == 1500
    assert json.loads(run(capsys, *url, "rotate-key"))["key_id"] == 2
    restricted = json.loads(
        run(capsys, *url, "set-status", "M-0001", "restricted", "--reason", "연 매출 초과")
    )
    assert (restricted["status"], restricted["restricted_reason"]) == ("restricted", "연 매출 초과")
    notice = json.loads(run(capsys, *url, "notice", "설 연휴 안내", "본문"))
    assert notice["title"] == "설 연휴 안내"
    updated = json.loads(
        run(capsys, *url, "update-merchant", "M-0001", "--designated", "no", "--no-discount")
    )
    assert updated["designated"] is False
    policy = json.loads(
        run(capsys, *url, "set-cashback-policy", "--rate-bp", "700", "--monthly-cap", "20000")
    )
    assert policy == {"rate_bp": 700, "monthly_cap": 20000, "extra_rate_bp": 0}


def test_refusals_exit_2_with_a_message(database_url: str, capsys: pytest.CaptureFixture[str]):
    url = ["--database-url", database_url]
    bad = ["create-merchant", "--name", "x", "--business-number", "123-45-67890"]
    assert main([*url, *bad]) == 2
    assert "check digit" in capsys.readouterr().err
    assert main([*url, "enrolment-code", "M-NOPE"]) == 2
    assert main([*url, "revoke-device", "nope"]) == 2
    assert main([*url, "issue-code", "42"]) == 2
    assert "no wallet 42" in capsys.readouterr().err


def test_issue_code_for_an_unknown_wallet_fails(database_url: str):
    engine = create_db_engine(database_url)
    try:
        admin.seed_demo(engine)
        with pytest.raises(admin.AdminError, match="42"):
            admin.issue_code(engine, "42")
    finally:
        engine.dispose()


def test_commands_refuse_an_uninitialised_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    assert main(["--database-url", url, "seed-demo"]) == 2
    assert "init-db" in capsys.readouterr().err


def test_serve_refuses_a_public_host_without_public(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--host", "0.0.0.0"])
    assert exit_info.value.code == 2
    assert "--public" in capsys.readouterr().err


def test_the_default_database_is_in_the_user_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path):
    monkeypatch.delenv("CJPAY_CENTRAL_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_database_url() == f"sqlite:///{tmp_path}/cjpay-central/central.sqlite3"
    monkeypatch.setenv("CJPAY_CENTRAL_DATABASE_URL", "postgresql+psycopg://x/y")
    assert default_database_url() == "postgresql+psycopg://x/y"
