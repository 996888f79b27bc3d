"""``cjpay-pos inspect`` and ``verify-journal``, run as the real console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from mpm_samples import PAYNOW_TAXI, PROMPTPAY_PHONE, shop_qr

VECTORS = Path(__file__).resolve().parents[2] / "shared/vectors/cpm_tokens_v1.json"
pytestmark = pytest.mark.skipif(not VECTORS.exists(), reason="shared vectors not beside the repo")


def run(*args: str, data_dir: Path) -> tuple[int, dict]:
    done = subprocess.run(
        [sys.executable, "-m", "pos_app", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    return done.returncode, json.loads(done.stdout)


def vector(name: str) -> dict:
    return next(t for t in json.loads(VECTORS.read_text())["tokens"] if t["name"] == name)


@pytest.mark.parametrize(
    "name", ["valid", "expired", "bad_signature", "unknown_key", "lowercase_from_caps_lock"]
)
def test_inspect_payment_codes_against_a_key_file(name, tmp_path):
    token = vector(name)
    rc, report = run(
        "inspect",
        token["text"],
        "--keys",
        str(VECTORS),
        "--at",
        str(token["checked_at"]),
        data_dir=tmp_path,
    )
    assert report["kind"] == "payment_code"
    assert report["result"] == token["expect"]
    assert rc == (0 if token["expect"] == "ok" else 1)
    if token["expect"] != "ok":
        assert report["code"].startswith("E1") and report["message"]
    if name == "valid":
        assert report["fields"]["token_id_hex"] == token["fields"]["token_id_hex"]


def test_inspect_names_the_ime_repair_and_product_codes(tmp_path):
    from pos_app.domain.hangul_ime import compose_dubeolsik

    token = vector("valid")
    mangled = compose_dubeolsik(token["text"])
    rc, report = run(
        "inspect",
        mangled,
        "--keys",
        str(VECTORS),
        "--at",
        str(token["checked_at"]),
        data_dir=tmp_path,
    )
    assert (rc, report["result"], report["repaired"]) == (0, "ok", token["text"])

    rc, report = run("inspect", "036000291452", data_dir=tmp_path)
    assert report["kind"] == "upca" and report["fields"]["gtin13"] == "0036000291452"
    rc, report = run("inspect", "8801234567890", data_dir=tmp_path)
    assert (rc, report["result"]) == (1, "bad_check_digit")


def test_inspect_without_keys_reports_unknown_key(tmp_path):
    token = vector("valid")
    rc, report = run("inspect", token["text"], "--at", str(token["checked_at"]), data_dir=tmp_path)
    assert (rc, report["result"]) == (1, "unknown_key")


def test_verify_journal_reports_an_intact_and_a_missing_file(tmp_path):
    rc, report = run("verify-journal", data_dir=tmp_path)
    assert (rc, report["result"]) == (2, "missing")
    from pos_app.domain.clock import system_clock
    from pos_app.services.demo import seed_demo
    from pos_app.store.database import connect

    conn = connect(tmp_path / "pos.sqlite3")
    seed_demo(conn, system_clock)
    conn.close()
    rc, report = run("verify-journal", data_dir=tmp_path)
    assert (rc, report["result"], report["first_broken_seq"]) == (0, "ok", None)
    from pos_app.services.demo import _demo_products

    # The demo catalogue (a product event each), its owner and its cashier.
    assert report["events"] == len(_demo_products()) + 2


CORPUS = VECTORS.parents[1] / "corpora/zxing-qr"


def test_decode_image_prints_one_json_line_per_file(tmp_path):
    photo = CORPUS / "qrcode-1/1.png"
    expected = (CORPUS / "qrcode-1/1.txt").read_bytes().decode("utf-8")
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"not an image")
    done = subprocess.run(
        [sys.executable, "-m", "pos_app", "decode-image", str(photo), str(bad)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert (first["text"], first["format"]) == (expected, "QRCode")
    assert second["text"] is None and second["reason"].startswith("unreadable_image")
    assert done.returncode == 1


# --- merchant-presented QR (EMVCo MPM) ---------------------------------------------------------


def test_inspect_a_cheongju_pay_merchant_qr(tmp_path):
    rc, report = run("inspect", shop_qr(), data_dir=tmp_path)
    assert (rc, report["kind"], report["result"]) == (0, "merchant_qr", "ok")
    assert report["scheme"] == "KR.CHEONGJUPAY" and report["dynamic"] is True
    assert report["fields"]["26"]["01"] == "CJ-000123"
    assert report["fields"]["64"]["01"] == "청주마트"  # printed as UTF-8, not \uXXXX
    assert report["cheongju_pay"] == {
        "merchant_id": "CJ-000123",
        "merchant_name": "CHEONGJU MART",
        "merchant_name_ko": "청주마트",
        "mcc": "5411",
        "amount": 12_500,
        "request_id": "3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
        "reference_label": "R20260101-0042",
        "terminal_label": "POS1",
    }


def test_inspect_another_schemes_merchant_qr(tmp_path):
    rc, report = run("inspect", PAYNOW_TAXI, data_dir=tmp_path)
    assert (rc, report["kind"], report["result"]) == (0, "merchant_qr", "ok")
    assert report["scheme"] == "SG.PAYNOW"
    assert report["fields"]["54"] == "20.00" and report["fields"]["62"] == {"01": "Taxi"}
    assert "cheongju_pay" not in report


def test_inspect_promptpay_shows_its_fields_and_what_emv_misses(tmp_path):
    rc, report = run("inspect", PROMPTPAY_PHONE, data_dir=tmp_path)
    assert (rc, report["result"], report["field"]) == (1, "missing", "52")
    assert report["scheme"] == "A000000677010111"
    assert report["missing"] == ["52", "59", "60"]
    assert report["fields"]["29"]["01"] == "0066812345678"


@pytest.mark.parametrize(
    ("damage", "result", "field"),
    [
        (lambda t: t[:-4] + ("0000" if t[-4:] != "0000" else "1111"), "bad_crc", "63"),
        (
            lambda t: with_fixed_crc(t.replace("5913CHEONGJU MART", "5914CHEONGJU MART")),
            "bad_length",
            "59",
        ),
        (lambda t: with_fixed_crc(t.replace("0704POS1", "0709POS1")), "bad_length", "62.07"),
        (lambda t: with_fixed_crc(t.replace("5303410", "")), "missing", "53"),
    ],
)
def test_inspect_names_the_wrong_field(tmp_path, damage, result, field):
    rc, report = run("inspect", damage(shop_qr()), data_dir=tmp_path)
    assert (rc, report["kind"], report["result"], report["field"]) == (
        1,
        "merchant_qr",
        result,
        field,
    )
    assert report["code"] == "E311" and field in report["message"]
    assert report["error"].startswith(f"field {field}")


def with_fixed_crc(text: str) -> str:
    from pos_app.domain.mpm import with_crc

    return with_crc(text[:-8])


def test_inspect_a_cheongju_pay_qr_with_a_foreign_currency(tmp_path):
    rc, report = run(
        "inspect", with_fixed_crc(shop_qr().replace("5303410", "5303840")), data_dir=tmp_path
    )
    assert (rc, report["result"], report["field"]) == (1, "bad_value", "53")
    assert report["fields"]["53"] == "840"  # the payload itself is well-formed


@pytest.mark.parametrize(
    ("contents", "reason"),
    [
        (None, "파일을 열 수 없음"),  # no such file
        (b"\x89PNG\r\n\x1a\n\x00\xff\xfe garbage", "UTF-8 JSON 파일이 아님"),
        (b'{"keys": [1, 2', "UTF-8 JSON 파일이 아님"),
        (b'{"issuer_keys": {"key_id": 1}}', "발급사 키 목록이 아님"),
        (b'[{"key_id": "one", "public_key": "AAAA"}]', "발급사 키 목록이 아님"),
    ],
)
def test_inspect_with_a_bad_key_file_says_why_in_korean_with_a_code(tmp_path, contents, reason):
    keys = tmp_path / "keys.json"
    if contents is not None:
        keys.write_bytes(contents)
    command = ["inspect", vector("valid")["text"], "--keys", str(keys)]
    done = subprocess.run(
        [sys.executable, "-m", "pos_app", "--data-dir", str(tmp_path), *command],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert (report["result"], report["code"]) == ("bad_keys", "E915")
    assert reason in report["message"] and str(keys) in report["message"]
    assert "발급사 키 파일" in report["message"]
