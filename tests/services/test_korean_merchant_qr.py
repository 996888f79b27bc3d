"""A Korean card company's merchant QR at the counter and in ``cjpay-pos inspect``.

The payloads and their public sources are in ``tests/mpm_samples.py``: KR_OSLOW_01_FIRST is a
real BC Card QR printed with field 01 before field 00 and Hangul in template 64.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from mpm_samples import KR_BC_LOWER_CRC, KR_NICESHOT_BYTES, KR_NICESHOT_DYNAMIC, KR_OSLOW_01_FIRST

from pos_app.domain.errors import UserFacingError
from pos_app.services.checkout import CheckoutService, ScanAction
from pos_app.store.journal import journal_head

BULGOGI = "8808123000103"  # 한우 불고기 300g in the demo catalogue


def recorded(db: sqlite3.Connection) -> tuple[object, ...]:
    return (
        journal_head(db),
        db.execute("SELECT COUNT(*) FROM payments").fetchone()[0],
        db.execute("SELECT COUNT(*) FROM payment_items").fetchone()[0],
    )


@pytest.mark.parametrize(
    "scan",
    [
        KR_OSLOW_01_FIRST,
        KR_OSLOW_01_FIRST + "\r\n",  # as a keyboard-wedge scanner ends it
        KR_NICESHOT_BYTES + "\n",
        KR_BC_LOWER_CRC,
        KR_NICESHOT_DYNAMIC,  # a dynamic QR with an amount is no payment either
    ],
)
def test_a_korean_card_company_qr_is_refused_as_payment(
    db: sqlite3.Connection, service: CheckoutService, scan: str
) -> None:
    assert service.handle_scan(BULGOGI).action is ScanAction.PRODUCT_ADDED
    before, lines = recorded(db), service.sale.lines
    with pytest.raises(UserFacingError) as caught:
        service.handle_scan(scan)
    assert (caught.value.key, caught.value.code) == ("mpm.merchant_qr_scanned", "E310")
    assert caught.value.display("ko") == "[E310] 가맹점 QR입니다. 고객의 결제 코드를 스캔해 주세요."
    # Nothing paid, nothing added: the cart is the one bulgogi it was.
    assert recorded(db) == before
    assert service.sale.lines == lines
    assert [line.product_id for line in service.sale.lines] == ["P0010"]


def run_inspect(text: str, data_dir: Path) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-m", "pos_app", "--data-dir", str(data_dir), "inspect", text],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    return done.returncode, done.stdout


def test_cli_inspect_prints_the_korean_name_intact_and_the_deviations(tmp_path: Path) -> None:
    rc, out = run_inspect(KR_OSLOW_01_FIRST, tmp_path)
    assert "오슬로우커피 트윈타워점" in out  # as UTF-8 text, not \uXXXX escapes
    report = json.loads(out)
    assert (rc, report["kind"], report["result"]) == (1, "merchant_qr", "deviates_from_emvco")
    assert report["scheme"] == "D4100000014010"
    assert (report["country"], report["currency"]) == ("KR", "410")
    assert report["alternate"]["merchant_name"] == "오슬로우커피 트윈타워점"
    assert report["fields"]["64"]["02"] == "서울 중구"
    assert [(d["deviation"], d["field"]) for d in report["deviations"]] == [
        ("field_01_before_00", "01"),
        ("crc_over_emv_order", "63"),
    ]
    assert report["code"] == "E314" and "01 항목이 00 항목보다 앞에 있음" in report["message"]
