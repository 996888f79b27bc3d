"""Repairing scans typed through the Korean IME (두벌식) in Hangul mode."""

from __future__ import annotations

import json
import string
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.hangul_ime import (
    compose_dubeolsik,
    contains_hangul,
    normalise_scanned_text,
    repair_wedge_text,
)
from pos_app.domain.payment_code import KeySet, verify_payment_code

VECTORS_PATH = Path(__file__).resolve().parents[2].parent / "shared/vectors/cpm_tokens_v1.json"

# Everything a payment code can contain: the prefix "CJP1" and the base32 alphabet.
PAYMENT_ALPHABET = "".join(sorted(set("CJP1" + string.ascii_uppercase + "234567")))
# Shift matters only for the seven keys that have a doubled jamo; test both cases.
ALL_LETTERS = string.ascii_letters + string.digits
SHIFT_KEYS = "QWERTOP"


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("가", "RK"),
        ("ㅁㅠㅊ123", "ABC123"),
        ("갃", "RKRT"),
        ("뷁", "QNPFR"),  # ㅂ ㅞ(ㅜ+ㅔ) ㄺ(ㄹ+ㄱ)
        ("까", "RK"),  # Shift+R is ㄲ; the shift is lost, the key is not
        ("ㅃㅉㄸㄲㅆㅒㅖ", "QWERTOP"),
        ("ㅘㅙㅚㅝㅞㅟㅢ", "HKHOHLNJNPNLML"),
        ("ㄳㄵㄶㄺㄻㄼㄽㄾㄿㅀㅄ", "RTSWSGFRFAFQFTFXFVFGQT"),
        ("안녕하세요", "DKSSUDGKTPDY"),
        ("뮻123", "ABC123"),
        ("ABC-12 x", "ABC-12 x"),  # not Hangul: untouched, not even upper-cased
        ("", ""),
    ],
)
def test_repair_examples(text: str, keys: str) -> None:
    assert repair_wedge_text(text) == keys


def test_conjoining_jamo_are_repaired_like_precomposed_syllables() -> None:
    for word in ("가", "뷁", "갃", "안녕하세요", "쀍"):
        decomposed = unicodedata.normalize("NFD", word)
        assert decomposed != word
        assert repair_wedge_text(decomposed) == repair_wedge_text(word)


def test_every_syllable_is_typed_by_the_keys_repair_finds() -> None:
    # All 11,172 syllables: the repaired keys, typed alone with Shift where a doubled
    # jamo needs it (the case repair cannot know), give back that very syllable.
    for code in range(0xAC00, 0xD7A4):
        syllable = chr(code)
        keys = repair_wedge_text(syllable)
        assert keys.isascii() and keys.isupper() and 2 <= len(keys) <= 6
        assert syllable in _all_shift_variants(keys), keys


def _all_shift_variants(keys: str) -> set[str]:
    variants = {""}
    for key in keys:
        cases = {key.lower(), key} if key in SHIFT_KEYS else {key.lower()}
        variants = {prefix + case for prefix in variants for case in cases}
    return {compose_dubeolsik(variant) for variant in variants}


def test_archaic_jamo_pass_through() -> None:
    assert repair_wedge_text("ㆍㅿ") == "ㆍㅿ"
    assert contains_hangul("ㆍ")


@pytest.mark.parametrize(
    ("keys", "shown"),
    [
        ("rk", "가"),
        ("RK", "까"),
        ("rkrt", "갃"),
        ("qnpfr", "뷁"),
        ("dkssudgktpdy", "안녕하세요"),
        ("gksrmf", "한글"),
        ("fkrk", "라가"),  # the vowel steals the tentative final ㄱ
        ("rkrtk", "각사"),  # and only the second part of a compound final
        ("abc123", "뮻123"),
        ("ABC123", "뮻123"),  # A, B, C have no shifted jamo
        ("KL", "ㅏㅣ"),  # ㅏ+ㅣ is not a compound vowel in 두벌식
        ("hkl", "ㅘㅣ"),
        ("rt", "ㄳ"),
        ("rtk", "ㄱ사"),
        ("rr", "ㄱㄱ"),
        ("RKQK", "까빠"),
        ("rkQ", "가ㅃ"),  # ㅃ cannot be a final
        ("rk1rk", "가1가"),
        ("CJP1", "처ㅖ1"),
        ("", ""),
    ],
)
def test_compose_examples(keys: str, shown: str) -> None:
    assert compose_dubeolsik(keys) == shown


@pytest.mark.parametrize("char", PAYMENT_ALPHABET)
def test_every_payment_character_alone_and_in_pairs(char: str) -> None:
    texts = [char] + [char + other for other in PAYMENT_ALPHABET]
    texts += [other + char for other in PAYMENT_ALPHABET]
    for text in texts:
        assert repair_wedge_text(compose_dubeolsik(text)) == text


@pytest.mark.parametrize("char", ALL_LETTERS)
def test_every_key_with_and_without_shift_in_triples(char: str) -> None:
    for other in ALL_LETTERS:
        for text in (char + other, other + char, char + other + char, other + char + other):
            assert repair_wedge_text(compose_dubeolsik(text)) == text.upper()


@given(st.text(alphabet=PAYMENT_ALPHABET, min_size=1, max_size=200))
def test_repair_undoes_the_ime_for_payment_alphabet(text: str) -> None:
    assert repair_wedge_text(compose_dubeolsik(text)) == text


@given(st.text(alphabet=ALL_LETTERS + "-_ ./", min_size=1, max_size=200))
def test_repair_undoes_the_ime_for_any_case(text: str) -> None:
    assert repair_wedge_text(compose_dubeolsik(text)) == text.upper()


@given(st.text(alphabet=string.ascii_letters, min_size=1, max_size=50))
def test_compose_output_is_all_hangul(text: str) -> None:
    assert all(contains_hangul(char) for char in compose_dubeolsik(text))


def test_contains_hangul() -> None:
    assert contains_hangul("ㅁ")
    assert contains_hangul("abc가")
    assert contains_hangul("\u1100\u1161")
    assert not contains_hangul("ABC123-")
    assert not contains_hangul("")
    assert not contains_hangul("漢字")


def test_normalise_scanned_text() -> None:
    assert normalise_scanned_text("ㅁㅠㅊ123") == ("ABC123", True)
    assert normalise_scanned_text("abc123") == ("abc123", False)
    assert normalise_scanned_text("ㆍ") == ("ㆍ", False)


def test_real_token_survives_the_ime() -> None:
    if not VECTORS_PATH.is_file():
        pytest.skip(f"shared test vectors not found at {VECTORS_PATH}")
    vectors = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
    entry = next(item for item in vectors["tokens"] if item["name"] == "valid")
    typed = compose_dubeolsik(entry["text"])
    assert contains_hangul(typed)
    repaired, was_repaired = normalise_scanned_text(typed)
    assert was_repaired
    assert repaired == entry["text"]
    code = verify_payment_code(repaired, KeySet.from_json(vectors), entry["checked_at"])
    assert code.fields() == entry["fields"]
