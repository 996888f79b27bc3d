"""Barcode check digits and classification of what the scanner typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mpm_samples import PAYNOW_TAXI, shop_qr

from pos_app.domain.barcodes import gtin13_key, gtin_check_digit, is_valid_gtin
from pos_app.domain.hangul_ime import compose_dubeolsik
from pos_app.domain.mpm import CheongjuPayRequest, build_cheongju_mpm
from pos_app.domain.payment_code import mint_payment_code
from pos_app.domain.scan import ScanKind, ScanResult, classify_scan

VECTORS_PATH = Path(__file__).resolve().parents[2].parent / "shared/vectors/cpm_tokens_v1.json"

# Check digits below were worked by hand with the GS1 mod-10 rule (weights 3,1 from the
# right) and agree with gtin_check_digit; 880 is GS1 Korea's prefix.
EAN13 = ["8801234567893", "8801043014809", "8801115114154", "4006381333931"]
UPCA = ["036000291452", "012345678905"]
EAN8 = ["96385074", "55123457"]
PAYMENT_TEXT = mint_payment_code(bytes(32), 1, 42, bytes(16), 1_767_225_600)


# --- check digits -----------------------------------------------------------------------------


def test_check_digit_worked_example() -> None:
    # 880123456789: right to left 9*3+8+7*3+6+5*3+4+3*3+2+1*3+0+8*3+8 = 147 -> check 3
    assert gtin_check_digit("880123456789") == 3
    assert gtin_check_digit("03600029145") == 2
    assert gtin_check_digit("9638507") == 4


@pytest.mark.parametrize("code", EAN13 + UPCA + EAN8)
def test_valid_gtins(code: str) -> None:
    assert is_valid_gtin(code)


@pytest.mark.parametrize(
    "code",
    [
        "8801234567890",
        "8801234567894",
        "036000291453",
        "96385075",
        "880123456789",  # 12 digits, but not a valid UPC-A
        "88012345678931",  # GTIN-14 is not scanned at the counter
        "1234567",
        "",
        "880123456789X",
        "٨٨٠١٢٣٤٥٦٧٨٩٣",  # Arabic-Indic digits are digits to Python, not to GS1
    ],
)
def test_invalid_gtins(code: str) -> None:
    assert not is_valid_gtin(code)


@pytest.mark.parametrize("body", ["", "12a", " 12"])
def test_check_digit_needs_digits(body: str) -> None:
    with pytest.raises(ValueError):
        gtin_check_digit(body)


def test_gtin13_key() -> None:
    assert gtin13_key("036000291452") == "0036000291452"
    assert gtin13_key("0036000291452") == "0036000291452"
    assert gtin13_key("8801234567893") == "8801234567893"
    assert gtin13_key("96385074") == "96385074"  # EAN-8 is its own number space
    with pytest.raises(ValueError):
        gtin13_key("8801234567890")


# --- classification ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "kind", "text"),
    [
        ("8801234567893\r\n", ScanKind.EAN13, "8801234567893"),
        ("  8801043014809\t", ScanKind.EAN13, "8801043014809"),
        ("036000291452\n", ScanKind.UPCA, "036000291452"),
        ("96385074\r", ScanKind.EAN8, "96385074"),
        ("2012345678903", ScanKind.STORE_CODE, "2012345678903"),  # in-store, 20-29
        ("A-1001", ScanKind.STORE_CODE, "A-1001"),
        ("apple-01", ScanKind.STORE_CODE, "APPLE-01"),
        ("ABC", ScanKind.STORE_CODE, "ABC"),
        ("A" * 20, ScanKind.STORE_CODE, "A" * 20),
        ("AB", ScanKind.UNKNOWN, "AB"),
        ("A" * 21, ScanKind.UNKNOWN, "A" * 21),
        ("12345", ScanKind.UNKNOWN, "12345"),  # numbers need a letter to be a store code
        ("---", ScanKind.UNKNOWN, "---"),
        ("ABC 123", ScanKind.UNKNOWN, "ABC 123"),
        # Its keys would make the store code TKRHK, but no catalog knows it: Korean stays.
        ("사과", ScanKind.UNKNOWN, "사과"),
        ("https://example.com", ScanKind.UNKNOWN, "https://example.com"),
    ],
)
def test_classify(raw: str, kind: ScanKind, text: str) -> None:
    result = classify_scan(raw)
    assert (result.kind, result.text, result.raw) == (kind, text, raw)
    assert result.problem is None or kind is ScanKind.UNKNOWN


@pytest.mark.parametrize("raw", ["8801234567890", "036000291453", "96385075", "2012345678900"])
def test_wrong_check_digit_is_unknown_with_a_reason(raw: str) -> None:
    result = classify_scan(raw + "\r\n")
    assert result == ScanResult(ScanKind.UNKNOWN, raw, raw + "\r\n", False, "bad_check_digit")


def test_empty_scan() -> None:
    result = classify_scan(" \r\n")
    assert (result.kind, result.text, result.problem) == (ScanKind.UNKNOWN, "", "empty")


def test_payment_code() -> None:
    result = classify_scan(PAYMENT_TEXT + "\r\n")
    assert result == ScanResult(ScanKind.PAYMENT_CODE, PAYMENT_TEXT, PAYMENT_TEXT + "\r\n", False)


def test_caps_lock_payment_code_is_upper_cased() -> None:
    result = classify_scan(PAYMENT_TEXT.lower())
    assert (result.kind, result.text, result.repaired) == (
        ScanKind.PAYMENT_CODE,
        PAYMENT_TEXT,
        False,
    )


def test_payment_code_is_routed_without_verification() -> None:
    # Routing must not decide validity: a broken code still goes to the payment flow,
    # which then tells the cashier exactly what is wrong with it.
    assert classify_scan("CJP1XYZ").kind is ScanKind.PAYMENT_CODE


def test_ime_mangled_payment_code() -> None:
    typed = compose_dubeolsik(PAYMENT_TEXT)
    result = classify_scan(typed + "\n")
    assert (result.kind, result.text, result.repaired) == (
        ScanKind.PAYMENT_CODE,
        PAYMENT_TEXT,
        True,
    )
    assert result.raw == typed + "\n"


def test_ime_mangled_vector_token() -> None:
    if not VECTORS_PATH.is_file():
        pytest.skip(f"shared test vectors not found at {VECTORS_PATH}")
    vectors = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
    text = next(item["text"] for item in vectors["tokens"] if item["name"] == "valid")
    result = classify_scan(compose_dubeolsik(text))
    assert (result.kind, result.text) == (ScanKind.PAYMENT_CODE, text)


def test_ime_mangled_ean_digits_are_unaffected() -> None:
    # Digits have no jamo, so an EAN typed in Hangul mode arrives unchanged.
    assert compose_dubeolsik("8801234567893") == "8801234567893"
    result = classify_scan(compose_dubeolsik("8801234567893"))
    assert (result.kind, result.repaired) == (ScanKind.EAN13, False)


@pytest.mark.parametrize("code", ["ABC123", "A-1001", "SKU-7Q", "RKRT-99", "apple-01"])
def test_ime_mangled_store_code(code: str) -> None:
    typed = compose_dubeolsik(code)
    # A repaired store code is taken when the shop's catalog knows it.
    result = classify_scan(typed, known_code={code.upper()}.__contains__)
    assert (result.kind, result.text, result.repaired) == (
        ScanKind.STORE_CODE,
        code.upper(),
        True,
    )


def test_store_code_example_from_the_domain_notes() -> None:
    result = classify_scan("ㅁㅠㅊ123", known_code={"ABC123"}.__contains__)
    assert (result.kind, result.text, result.repaired) == (ScanKind.STORE_CODE, "ABC123", True)


def test_scan_kind_values() -> None:
    assert [kind.value for kind in ScanKind] == [
        "payment_code",
        "merchant_qr",
        "ean13",
        "ean8",
        "upca",
        "store_code",
        "unknown",
    ]


@given(length=st.sampled_from([8, 12, 13]), data=st.data())
def test_any_gtin_with_its_computed_check_digit_is_classified(
    length: int, data: st.DataObject
) -> None:
    body = data.draw(st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1))
    code = body + str(gtin_check_digit(body))
    result = classify_scan(f" {code}\r\n")
    expected = {8: ScanKind.EAN8, 12: ScanKind.UPCA, 13: ScanKind.EAN13}[length]
    if length == 13 and code.startswith("2"):
        expected = ScanKind.STORE_CODE
    assert (result.kind, result.text, result.problem) == (expected, code, None)
    wrong = code[:-1] + str((int(code[-1]) + data.draw(st.integers(1, 9))) % 10)
    assert classify_scan(wrong).problem == "bad_check_digit"


# --- merchant-presented QR (EMVCo MPM) ---------------------------------------------------------

MERCHANT_QR = shop_qr()


@pytest.mark.parametrize(
    "text", [MERCHANT_QR, PAYNOW_TAXI, PAYNOW_TAXI[:-4] + PAYNOW_TAXI[-4:].lower()]
)
def test_merchant_qr_is_its_own_kind(text: str) -> None:
    result = classify_scan(f"{text}\r\n")
    # As scanned: the Korean name in field 64 must not be taken for IME damage.
    assert (result.kind, result.text, result.repaired) == (ScanKind.MERCHANT_QR, text, False)


def test_merchant_qr_typed_through_a_hangul_ime_is_repaired() -> None:
    static = build_cheongju_mpm(CheongjuPayRequest("CJ-000123", "CHEONGJU MART"))
    typed = compose_dubeolsik(static)
    assert typed != static
    result = classify_scan(typed)
    assert (result.kind, result.text, result.repaired) == (ScanKind.MERCHANT_QR, static, True)
    # Lower case cannot be told back from the IME's Hangul; it still routes as a merchant QR.
    assert classify_scan(compose_dubeolsik(PAYNOW_TAXI)).kind is ScanKind.MERCHANT_QR


def test_a_damaged_merchant_qr_still_routes_as_one() -> None:
    # Routing is cheap; the checkout refuses it anyway and inspect names the broken field.
    damaged = MERCHANT_QR.replace("CHEONGJU MART", "CHEONGJU MARS")
    assert classify_scan(damaged).kind is ScanKind.MERCHANT_QR


@pytest.mark.parametrize("text", ["000201", "0002010102116304ABCG", "8801234567893"])
def test_not_merchant_qrs(text: str) -> None:
    assert classify_scan(text).kind is not ScanKind.MERCHANT_QR
