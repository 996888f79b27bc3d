"""The Hangul-IME repair is taken only when it gives a code; Korean text stays Korean.

A scanner typing through the Korean IME (두벌식, Hangul mode) arrives as Hangul, and
undoing that must still give back every code the counter reads. But real Korean text
(a label, an address, a name) also arrives as Hangul, and decomposing it into keys gives
Latin nonsense ("사과" -> "TKRHK") that must never reach the cashier.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mpm_samples import PAYNOW_TAXI

from pos_app.domain.barcodes import gtin_check_digit
from pos_app.domain.hangul_ime import compose_dubeolsik, repair_wedge_text
from pos_app.domain.mpm import CheongjuPayRequest, build_cheongju_mpm, looks_like_mpm, with_crc
from pos_app.domain.payment_code import mint_payment_code
from pos_app.domain.scan import ScanKind, classify_scan, repair_if_code

SEED = bytes(range(32))

# --- codes still survive the IME ----------------------------------------------------------------


@given(
    key_id=st.integers(0, 2**32 - 1),
    wallet_id=st.integers(0, 2**64 - 1),
    token_id=st.binary(min_size=16, max_size=16),
    issued_at=st.integers(0, 2**32 - 1),
    ttl=st.integers(1, 600),
    limit=st.integers(0, 2**32 - 1),
)
def test_any_payment_code_typed_through_the_ime_is_repaired(
    key_id: int, wallet_id: int, token_id: bytes, issued_at: int, ttl: int, limit: int
) -> None:
    code = mint_payment_code(SEED, key_id, wallet_id, token_id, issued_at, ttl, limit)
    typed = compose_dubeolsik(code)
    assert repair_wedge_text(typed) == code
    result = classify_scan(typed + "\r\n")
    assert (result.kind, result.text, result.repaired) == (ScanKind.PAYMENT_CODE, code, True)
    assert repair_if_code(typed) == (code, True)


@given(length=st.sampled_from([8, 12, 13]), data=st.data())
def test_any_gtin_typed_through_the_ime_is_unchanged(length: int, data: st.DataObject) -> None:
    body = data.draw(st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1))
    code = body + str(gtin_check_digit(body))
    typed = compose_dubeolsik(code)
    assert typed == code  # digits have no jamo
    result = classify_scan(typed)
    assert result.text == code and result.problem is None and not result.repaired


_MERCHANT_TEXT = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -", min_size=1, max_size=25)


@given(
    merchant_id=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=1, max_size=20),
    name=_MERCHANT_TEXT.filter(str.isprintable),
    amount=st.none() | st.integers(1, 9_999_999),
)
def test_any_merchant_qr_typed_through_the_ime_is_repaired(
    merchant_id: str, name: str, amount: int | None
) -> None:
    request_id = "3f1c2a4e" if amount is not None else None
    qr = build_cheongju_mpm(
        CheongjuPayRequest(merchant_id, name, amount=amount, request_id=request_id)
    )
    typed = compose_dubeolsik(qr)
    result = classify_scan(typed)
    assert result.kind is ScanKind.MERCHANT_QR
    # Upper-case letters come back exactly, so the CRC checks on the repaired text. (A CRC
    # of four digits leaves the raw text looking like a merchant QR: routed as scanned.)
    if not looks_like_mpm(typed) and not any(char.islower() for char in qr):
        assert (result.text, result.repaired) == (qr, True)


def test_a_merchant_qr_with_lower_case_is_known_by_its_field_chain() -> None:
    # The IME loses case, so the CRC cannot check; the chain of tags and lengths can.
    result = classify_scan(compose_dubeolsik(PAYNOW_TAXI))
    assert (result.kind, result.repaired) == (ScanKind.MERCHANT_QR, True)


def test_mpm_shaped_hangul_without_a_checking_crc_or_chain_stays_as_scanned() -> None:
    typed = "000201" + compose_dubeolsik("abc") + "6304" + compose_dubeolsik("abcd")
    assert repair_wedge_text(typed) == "000201ABC6304ABCD"
    result = classify_scan(typed)
    assert (result.kind, result.text, result.repaired) == (ScanKind.UNKNOWN, typed, False)


def test_a_repaired_qr_with_a_wrong_crc_routes_by_its_whole_field_chain() -> None:
    # A name whose QR has a letter in its CRC, so that the raw scan is no merchant QR yet.
    qr = next(
        text
        for name in ("HELLO", "HELLO MART", "CHEONGJU", "SEOUL SHOP")
        if not (text := with_crc(f"0002010102115802KR59{len(name):02d}{name}"))[-4:].isdigit()
    )
    typed = compose_dubeolsik(qr)
    assert not looks_like_mpm(typed)
    assert classify_scan(typed).text == qr
    wrong = qr[:-1] + ("A" if qr[-1] != "A" else "B")
    result = classify_scan(compose_dubeolsik(wrong))
    assert (result.kind, result.text) == (ScanKind.MERCHANT_QR, wrong)
    # A field whose length runs past the CRC breaks the chain: then nothing is repaired.
    cut = wrong.replace("5802KR", "5809KR")
    assert classify_scan(compose_dubeolsik(cut)).kind is ScanKind.UNKNOWN


_STORE_CODE = st.from_regex(r"[A-Z][A-Z0-9-]{2,19}", fullmatch=True)


@given(code=_STORE_CODE)
def test_a_known_store_code_typed_through_the_ime_is_repaired(code: str) -> None:
    typed = compose_dubeolsik(code)
    known = {code}.__contains__
    result = classify_scan(typed, known_code=known)
    assert (result.kind, result.text, result.repaired) == (ScanKind.STORE_CODE, code, True)
    assert repair_if_code(typed, known) == (code, True)
    # Unknown to the catalog: the scan stays exactly as it came.
    unknown = classify_scan(typed, known_code=set().__contains__)
    assert (unknown.kind, unknown.text, unknown.repaired) == (ScanKind.UNKNOWN, typed, False)
    assert classify_scan(typed).text == typed  # no catalog given: nothing is trusted


def test_a_store_code_that_does_not_parse_as_a_payment_code_stays() -> None:
    # "CJP1" under the IME is "ㅊㅓㅔ1": the prefix alone is not a payment code.
    code = mint_payment_code(SEED, 1, 2, bytes(16), 3)
    typed = compose_dubeolsik(code[:60])
    result = classify_scan(typed)
    assert (result.kind, result.text, result.repaired) == (ScanKind.UNKNOWN, typed, False)
    # Without the IME a broken code is still routed to payment, which names what is wrong.
    assert classify_scan(code[:60]).kind is ScanKind.PAYMENT_CODE


# --- Korean text stays Korean -------------------------------------------------------------------

KOREAN_TEXTS = [
    "사과 1kg",
    "청주시 상당구 상당로 155",
    "감사합니다",
    "김민준",
    "홍길동 010-1234-5678",
    "사과",  # keys T K R H K: shaped like a store code
    "배",  # keys QO
    "딸기2팩",
    "우유 1000ml",
    "충북 청주시 흥덕구 1순환로 1",
    "택배 보관 부탁드립니다.",
    "ㅋㅋㅋ",
    "\u1100\u1161\u11a8",  # 각 in conjoining jamo, as some IMEs send it
]


@pytest.mark.parametrize("text", KOREAN_TEXTS)
def test_genuine_korean_survives_classification(text: str) -> None:
    result = classify_scan(text + "\r\n", known_code=set().__contains__)
    assert (result.text, result.repaired, result.kind) == (text, False, ScanKind.UNKNOWN)
    assert classify_scan(text).text == text
    assert repair_if_code(text) == (text, False)


def test_a_korean_word_whose_keys_are_a_known_store_code_is_read_as_that_code() -> None:
    # The one ambiguity left, on purpose: if the shop really labels goods TKRHK, then
    # "사과" from the scanner is that label typed in Hangul mode.
    result = classify_scan("사과", known_code={"TKRHK"}.__contains__)
    assert (result.kind, result.text, result.repaired) == (ScanKind.STORE_CODE, "TKRHK", True)


_SYLLABLES = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
_KOREAN_TEXT = (
    st.lists(_SYLLABLES | st.sampled_from(list(" 0123456789.,-()kgml")), min_size=1, max_size=40)
    .map("".join)
    .filter(lambda text: any("가" <= char <= "힣" for char in text))
)


@given(text=_KOREAN_TEXT)
def test_any_korean_text_survives_unless_the_catalog_knows_its_keys(text: str) -> None:
    result = classify_scan(text, known_code=set().__contains__)
    assert (result.text, result.repaired) == (text.strip(), False)
    field_text, repaired = repair_if_code(text)
    assert (field_text, repaired) == (text, False)
