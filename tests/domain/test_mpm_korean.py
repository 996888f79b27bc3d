"""Korean merchant QRs as card companies print them: read leniently, every deviation named.

The payloads are in ``tests/mpm_samples.py`` with their public sources (repository and path);
the ones marked CONSTRUCTED there are real layouts changed in one named way.
"""

from __future__ import annotations

import pytest
from mpm_samples import (
    KR_BC_CLEANTOPIA,
    KR_BC_LOWER_CRC,
    KR_NICESHOT_BYTES,
    KR_NICESHOT_DYNAMIC,
    KR_NICESHOT_STATIC,
    KR_OSLOW_00_FIRST,
    KR_OSLOW_01_FIRST,
    KR_OSLOW_01_FIRST_OWN_CRC,
    PAYNOW_TAXI,
    PROMPTPAY_PHONE,
    SHOP,
)

from pos_app.domain.mpm import (
    CheongjuPayRequest,
    Deviation,
    MpmError,
    build_cheongju_mpm,
    looks_like_mpm,
    parse_mpm,
    read_cheongju_mpm,
    read_mpm_leniently,
    with_crc,
)
from pos_app.domain.scan import ScanKind, classify_scan
from pos_app.services.inspect_scan import inspect_merchant_qr

BC_AID = "D4100000014010"  # the Korean domestic card AID in template 26 of all of them

# (payload, name in 64.01, city in 64.02, city in 60)
REAL_EMV_ORDER = [
    (KR_OSLOW_00_FIRST, "오슬로우커피 트윈타워점", "서울 중구", "SEOUL JUNG-GU"),
    (KR_NICESHOT_STATIC, "나이스샷", "서울 마포구", "SEOUL MAPO-GU"),
    (KR_NICESHOT_DYNAMIC, "나이스샷", "서울 마포구", "SEOUL MAPO-GU"),
    (KR_BC_CLEANTOPIA, "비씨카드", "경기도", "KYUNGGI-DO"),
]
EVERY_KOREAN = [p for p, *_ in REAL_EMV_ORDER] + [
    KR_OSLOW_01_FIRST,
    KR_OSLOW_01_FIRST_OWN_CRC,
    KR_NICESHOT_BYTES,
    KR_BC_LOWER_CRC,
]


def kinds(text: str) -> list[tuple[Deviation, str]]:
    return [(d.kind, d.field) for d in read_mpm_leniently(text)[1]]


# --- real payloads in EMVCo order: the strict parser reads them as they are --------------------


@pytest.mark.parametrize(("text", "name_ko", "city_ko", "city"), REAL_EMV_ORDER)
def test_real_korean_payloads_parse_strictly_with_the_hangul_intact(
    text: str, name_ko: str, city_ko: str, city: str
) -> None:
    payload = parse_mpm(text)  # CRC over UTF-8, lengths in characters, every mandatory field
    assert payload.schemes() == [BC_AID]
    assert (payload.get("58"), payload.currency, payload.get("60")) == ("KR", "410", city)
    assert (payload.get("64.00"), payload.merchant_name_alt, payload.get("64.02")) == (
        "ko",
        name_ko,
        city_ko,
    )
    assert payload.networks() == {"15": "UnionPay"}
    assert kinds(text) == []


def test_real_dynamic_payloads_carry_whole_won() -> None:
    assert parse_mpm(KR_NICESHOT_DYNAMIC).amount == 256_980
    assert parse_mpm(KR_BC_CLEANTOPIA).amount == 3_251
    assert not parse_mpm(KR_NICESHOT_STATIC).dynamic


# --- deviations ----------------------------------------------------------------------------------


def test_field_01_before_00_is_refused_strictly_and_read_leniently() -> None:
    with pytest.raises(MpmError) as caught:
        parse_mpm(KR_OSLOW_01_FIRST)
    assert (caught.value.field, caught.value.reason) == ("00", "bad_value")

    payload, deviations = read_mpm_leniently(KR_OSLOW_01_FIRST)
    # The source prints it with a CRC made over the fields in EMVCo order: named as well.
    assert [(d.kind, d.field) for d in deviations] == [
        (Deviation.FIELD_01_BEFORE_00, "01"),
        (Deviation.CRC_OVER_EMV_ORDER, "63"),
    ]
    assert str(deviations[0]).startswith("field 01 (point of initiation): comes before field 00")
    assert payload.as_dict() == parse_mpm(KR_OSLOW_00_FIRST).as_dict()
    assert payload.merchant_name_alt == "오슬로우커피 트윈타워점"


def test_field_01_before_00_with_its_own_crc_deviates_only_in_order() -> None:
    assert kinds(KR_OSLOW_01_FIRST_OWN_CRC) == [(Deviation.FIELD_01_BEFORE_00, "01")]


def test_lengths_counted_in_utf8_bytes_are_named_per_field() -> None:
    with pytest.raises(MpmError):
        parse_mpm(KR_NICESHOT_BYTES)
    payload, deviations = read_mpm_leniently(KR_NICESHOT_BYTES)
    assert [(d.kind, d.field) for d in deviations] == [
        (Deviation.LENGTH_IN_BYTES, "64"),
        (Deviation.LENGTH_IN_BYTES, "64.01"),
        (Deviation.LENGTH_IN_BYTES, "64.02"),
    ]
    assert str(deviations[1]) == (
        "field 64.01 (merchant name, alternate language):"
        " length 12 counted in UTF-8 bytes, not characters (4 characters)"
    )
    assert (payload.merchant_name_alt, payload.get("64.02")) == ("나이스샷", "서울 마포구")
    assert payload.get("63") == KR_NICESHOT_BYTES[-4:]


def test_a_lower_case_crc_is_named() -> None:
    assert kinds(KR_BC_LOWER_CRC) == [(Deviation.CRC_LOWER_CASE, "63")]


def test_missing_mandatory_fields_are_deviations_too() -> None:
    assert kinds(PROMPTPAY_PHONE) == [(Deviation.MISSING_MANDATORY, t) for t in ("52", "59", "60")]
    assert kinds(PAYNOW_TAXI) == []


@pytest.mark.parametrize(
    "damaged",
    [
        KR_NICESHOT_BYTES.replace("나이스샷", "나이스삿"),  # one syllable changed
        KR_OSLOW_01_FIRST[:-4] + "0000",  # a CRC that fits neither order
        KR_OSLOW_01_FIRST.replace("0112오슬로우", "0113오슬로우"),
    ],
)
def test_damage_is_not_explained_away_as_a_deviation(damaged: str) -> None:
    with pytest.raises(MpmError):
        read_mpm_leniently(damaged)


# --- routing: a merchant QR, before any IME repair ----------------------------------------------


@pytest.mark.parametrize("text", EVERY_KOREAN)
def test_every_korean_payload_routes_as_a_merchant_qr_untouched(text: str) -> None:
    assert looks_like_mpm(text)
    result = classify_scan(text + "\r\n")
    assert (result.kind, result.text, result.repaired) == (ScanKind.MERCHANT_QR, text, False)


@pytest.mark.parametrize(
    "text",
    [
        "010211000201",  # a head and nothing else
        "0102110002026304ABCD",  # format indicator "02" (DuitNow's), not "01"
        "01021X0002016304ABCD",
        "0102110102110002016304ABCD",  # 00 third
        "8801234567893",
    ],
)
def test_what_does_not_look_like_mpm(text: str) -> None:
    assert not looks_like_mpm(text)


# --- Cheongju Pay's own reading and building --------------------------------------------------


def test_cheongju_pay_reads_its_qr_printed_with_01_first_but_never_builds_one() -> None:
    built = build_cheongju_mpm(SHOP)
    assert built.startswith("000201010212")
    fields = built[:-8]
    printed_01_first = with_crc(fields[6:12] + fields[:6] + fields[12:])
    assert printed_01_first.startswith("010212000201")
    assert read_cheongju_mpm(printed_01_first) == SHOP


def test_cheongju_pay_reading_tolerates_the_order_and_nothing_else() -> None:
    static = CheongjuPayRequest("CJ-000123", "CHEONGJU MART", "청주마트")
    built = build_cheongju_mpm(static)
    body = built[:-8]
    # Template 64 written with its lengths in UTF-8 bytes (64.01 12, 64.02 6, 64 6+16+10): refused.
    as_characters = "64200002KO0104청주마트0202청주"
    assert as_characters in body
    in_bytes = with_crc(body.replace(as_characters, "64320002KO0112청주마트0206청주"))
    assert kinds(in_bytes) == [
        (Deviation.LENGTH_IN_BYTES, "64"),
        (Deviation.LENGTH_IN_BYTES, "64.01"),
        (Deviation.LENGTH_IN_BYTES, "64.02"),
    ]
    with pytest.raises(MpmError):
        read_cheongju_mpm(in_bytes)
    # 01 first with the CRC of the EMVCo order: refused (the CRC must fit what is printed).
    swapped = body[6:12] + body[:6] + body[12:] + built[-8:]
    assert Deviation.CRC_OVER_EMV_ORDER in dict(kinds(swapped))
    with pytest.raises(MpmError) as caught:
        read_cheongju_mpm(swapped)
    assert caught.value.field == "00"


# --- inspect ----------------------------------------------------------------------------------


def test_inspect_a_real_korean_card_company_qr_with_01_first() -> None:
    report = inspect_merchant_qr(KR_OSLOW_01_FIRST)
    assert report["result"] == "deviates_from_emvco"
    assert report["scheme"] == BC_AID and report["networks"] == {"15": "UnionPay"}
    assert (report["country"], report["currency"], report["merchant_city"]) == (
        "KR",
        "410",
        "SEOUL JUNG-GU",
    )
    assert report["alternate"] == {
        "language": "ko",
        "merchant_name": "오슬로우커피 트윈타워점",
        "merchant_city": "서울 중구",
    }
    assert [d["deviation"] for d in report["deviations"]] == [
        "field_01_before_00",
        "crc_over_emv_order",
    ]
    assert "comes before field 00" in report["deviations_text"]
    assert report["code"] == "E314"
    assert report["message"] == (
        f"EMVCo 규격과 다르게 만든 가맹점 QR입니다({BC_AID}): 01 항목이 00 항목보다 앞에 있음,"
        " CRC가 00·01 항목을 규격 순서로 놓은 내용 기준."
    )


def test_inspect_names_bytes_and_lower_case() -> None:
    report = inspect_merchant_qr(KR_NICESHOT_BYTES)
    assert report["result"] == "deviates_from_emvco"
    assert [d["field"] for d in report["deviations"]] == ["64", "64.01", "64.02"]
    assert report["alternate"]["merchant_name"] == "나이스샷"
    assert "64.01 항목 길이를 글자 수가 아닌 UTF-8 바이트 수로 셈" in report["message"]
    report = inspect_merchant_qr(KR_BC_LOWER_CRC)
    assert report["result"] == "deviates_from_emvco" and "CRC가 소문자" in report["message"]


@pytest.mark.parametrize(("text", "name_ko", "city_ko", "city"), REAL_EMV_ORDER)
def test_inspect_real_korean_payloads_in_emv_order_is_ok(
    text: str, name_ko: str, city_ko: str, city: str
) -> None:
    report = inspect_merchant_qr(text)
    assert report["result"] == "ok" and "deviations" not in report
    assert report["alternate"]["merchant_name"] == name_ko


def test_text_made_to_branch_at_every_field_reads_in_linear_time() -> None:
    # "1103é01" reads as 3 characters ("é01", then field 11 of 9) or as 3 UTF-8 bytes ("é0",
    # then field 11 of 10): both end at the same place, so 23 of them split 2^23 ways, and the
    # broken tail makes every one fail. Without remembering each position's answer: minutes.
    unit = "1103é0111109AAAAAAAAA"
    text = "000201" + unit * 23 + "6305ABCD"
    assert len(text) <= 512
    with pytest.raises(MpmError):
        read_mpm_leniently(text)
