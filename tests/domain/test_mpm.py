"""EMVCo MPM codec: CRC, other schemes' real payloads, round trips, errors naming the field."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from mpm_samples import PAYNOW_TAXI, PROMPTPAY_PHONE, SHOP

from pos_app.domain.errors import UserFacingError
from pos_app.domain.mpm import (
    CHEONGJU_PAY_GUID,
    CheongjuPayRequest,
    MpmError,
    MpmField,
    MpmPayload,
    NotCheongjuPayError,
    build_cheongju_mpm,
    crc16_ccitt_false,
    encode_fields,
    looks_like_mpm,
    parse_mpm,
    read_cheongju_mpm,
    user_error,
    with_crc,
)

# More published payloads of other schemes (see mpm_samples.py), from PayNow, Pix, bKash and
# PromptPay libraries' tests and samples; their CRCs were made by other encoders.
PAYNOW_REFERENCE = (
    "00020101021126500009SG.PAYNOW010100211+6590901234030100408205004155204000053037025406"
    "888.885802SG5902NA6009Singapore62320128Payment reference XX1234567863046B73"
)
PIX = (  # Brazil, BRL 90.00; template 26 holds a phone key and a description
    "00020101021126500014br.gov.bcb.pix0114+55839821173400210Cueca sexy5204000053039865405"
    "90.005802BR5919RITA DE C N DA CRUZ6011JOAO PESSOA62070503***6304236A"
)
PIX_STATIC = (
    "00020101021126500014br.gov.bcb.pix0128shallom.financeiro@gmail.com520400005303986"
    "5802BR5918COMUNIDADE SHALLOM6015SAO JOAO DE MER62070503***630438AA"
)
BKASH = (  # Bangladesh, Bangla QR
    "00020101021126500009com.bkash010202020420020319920022101615827704252047372530305"
    "05802BD5918TextLy 016158277046015Purbo boidonath62260211016158277040807PAYMENT630466A7"
)
FOREIGN_WELL_FORMED = [PAYNOW_TAXI, PAYNOW_REFERENCE, PIX, PIX_STATIC, BKASH]

# Thailand's PromptPay: template 29 (person to person) and 30 (bill payment). Real ones leave
# out 52, 59 and 60, which EMV MPM makes mandatory.
PROMPTPAY_AMOUNT = (
    "00020101021229370016A000000677010111011300660000000005802TH530376454044.226304E469"
)
PROMPTPAY_BILL = (
    "00020101021230710016A00000067701011201150112345678912330212REF1234567890312REF9876543215"
    "3037645406200.005802TH5906THAIQR6304F528"
)
# Vietnam's VietQR (NAPAS, template 38): like PromptPay, no 52, 59 or 60.
VIETQR = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA53037045406120000"
    "5802VN62170813ung ho lu lut6304C15C"
)
# Malaysia's DuitNow as published by merchants' banks: payload format indicator "02", where
# EMV MPM (and so this parser) allows only "01". Refused, naming field 00.
DUITNOW = (
    "00020201021126410014A000000615000101065016640209123456789520499995303458540510.005802MY"
    "5909QRCSDNBHD6005BANGI6304343F"
)
# Published with field 54 declaring 5 characters for "500.00" (6): the split goes wrong
# after it, yet the error must name 54.
PROMPTPAY_BAD_AMOUNT_LENGTH = (
    "00020101021129370016A000000677010111011300668999911115802TH53037645405500.006304EE88"
)


def fields_of(text: str) -> list[MpmField]:
    """Top-level fields of a payload, CRC left off (for building broken ones)."""
    return [f for f in parse_mpm(text, require_all=False).fields if f.tag != "63"]


def rebuilt(fields: list[MpmField]) -> str:
    return with_crc(encode_fields(fields))


def refused(text: str, **kwargs: bool) -> MpmError:
    with pytest.raises(MpmError) as caught:
        parse_mpm(text, **kwargs)
    return caught.value


# --- CRC ---------------------------------------------------------------------------------------


def test_crc_check_value() -> None:
    assert crc16_ccitt_false(b"123456789") == 0x29B1
    # init 0xFFFF and no final xor: nothing in, the init out
    assert crc16_ccitt_false(b"") == 0xFFFF


@pytest.mark.parametrize("text", [*FOREIGN_WELL_FORMED, PROMPTPAY_PHONE, PROMPTPAY_BILL])
def test_crc_agrees_with_other_encoders(text: str) -> None:
    # The CRC covers everything up to and including "6304", as 4 upper-case hex digits.
    assert f"{crc16_ccitt_false(text[:-4].encode()):04X}" == text[-4:]
    assert with_crc(text[:-8]) == text


def test_lower_case_crc_is_accepted() -> None:
    text = build_cheongju_mpm(SHOP)
    assume_lower = text[:-4] + text[-4:].lower()
    assert parse_mpm(assume_lower).get("63") == text[-4:].lower()


# --- other schemes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "scheme", "currency", "amount"),
    [
        (PAYNOW_TAXI, "SG.PAYNOW", "702", "20.00"),
        (PAYNOW_REFERENCE, "SG.PAYNOW", "702", "888.88"),
        (PIX, "br.gov.bcb.pix", "986", "90.00"),
        (PIX_STATIC, "br.gov.bcb.pix", "986", None),
        (BKASH, "com.bkash", "050", None),
    ],
)
def test_other_schemes_parse(text: str, scheme: str, currency: str, amount: str | None) -> None:
    payload = parse_mpm(text)
    assert payload.schemes() == [scheme]
    assert payload.currency == currency
    assert payload.get("54") == amount
    # Not KRW: the POS has no whole-won amount to take from it, only the decimal.
    assert payload.amount is None
    assert payload.amount_decimal == (Decimal(amount) if amount else None)
    assert payload.missing() == []
    assert looks_like_mpm(text)


def test_nested_templates_of_other_schemes() -> None:
    payload = parse_mpm(PAYNOW_TAXI)
    assert payload.get("26.01") == "0"
    assert payload.get("26.02") == "+6598553429"
    assert payload.get("62.01") == "Taxi"
    assert not payload.dynamic
    assert payload.as_dict()["26"] == {
        "00": "SG.PAYNOW",
        "01": "0",
        "02": "+6598553429",
        "03": "0",
        "04": "20220531",
    }
    pix = parse_mpm(PIX)
    assert pix.get("26.02") == "Cueca sexy"
    assert pix.merchant_name == "RITA DE C N DA CRUZ"
    assert not pix.dynamic


def test_promptpay_lacks_emv_mandatory_fields_and_is_read_leniently() -> None:
    error = refused(PROMPTPAY_PHONE)
    assert (error.field, error.reason) == ("52", "missing")
    payload = parse_mpm(PROMPTPAY_PHONE, require_all=False)
    assert payload.missing() == ["52", "59", "60"]
    assert payload.get("29.00") == "A000000677010111"
    assert payload.get("29.01") == "0066812345678"
    amount = parse_mpm(PROMPTPAY_AMOUNT, require_all=False)
    assert amount.dynamic and amount.amount_decimal == Decimal("4.22")
    bill = parse_mpm(PROMPTPAY_BILL, require_all=False)
    assert bill.missing() == ["52", "60"]
    assert bill.merchant_name == "THAIQR"
    assert bill.get("30.02") == "REF123456789"


def test_vietqr_is_read_leniently() -> None:
    payload = parse_mpm(VIETQR, require_all=False)
    assert payload.schemes() == ["A000000727"]
    # Sub-fields are split one level deep; VietQR's own nesting inside 38.01 stays text.
    assert payload.get("38.01") == "000697041501130011001932418"
    assert payload.get("38.02") == "QRIBFTTA"
    assert payload.get("62.08") == "ung ho lu lut"
    assert payload.amount_decimal == Decimal("120000") and payload.currency == "704"
    assert payload.missing() == ["52", "59", "60"]


def test_duitnow_format_indicator_02_is_refused_naming_00() -> None:
    assert f"{crc16_ccitt_false(DUITNOW[:-4].encode()):04X}" == DUITNOW[-4:]
    error = refused(DUITNOW, require_all=False)
    assert (error.field, error.reason) == ("00", "bad_value")
    assert str(error) == "field 00 (payload format indicator): must be \"01\", got '02'"
    assert not looks_like_mpm(DUITNOW)


def test_a_published_payload_with_a_wrong_amount_length_names_54() -> None:
    error = refused(PROMPTPAY_BAD_AMOUNT_LENGTH, require_all=False)
    assert (error.field, error.reason) == ("54", "bad_length")
    assert "field 54 (amount)" in str(error) and "should be 06" in str(error)


def test_other_schemes_are_not_cheongju_pay() -> None:
    for text in [PAYNOW_TAXI, PIX, PROMPTPAY_PHONE]:
        with pytest.raises(NotCheongjuPayError) as caught:
            read_cheongju_mpm(text)
        assert caught.value.field == "26"
    message = user_error(caught.value).display("ko")
    assert message.startswith("[E312]") and "A000000677010111" in message


# --- Cheongju Pay ------------------------------------------------------------------------------


def test_cheongju_pay_payload_layout() -> None:
    text = build_cheongju_mpm(SHOP)
    payload = parse_mpm(text)
    tags = [f.tag for f in payload.fields]
    assert tags == ["00", "01", "26", "52", "53", "54", "58", "59", "60", "62", "64", "63"]
    assert payload.as_dict()["26"] == {
        "00": CHEONGJU_PAY_GUID,
        "01": "CJ-000123",
        "02": "3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
    }
    assert payload.get("53") == "410" and payload.get("58") == "KR"
    assert payload.get("60") == "CHEONGJU"
    assert payload.get("54") == "12500" and payload.amount == 12_500
    assert payload.as_dict()["64"] == {"00": "KO", "01": "청주마트", "02": "청주"}
    assert payload.merchant_name_alt == "청주마트"
    assert payload.dynamic
    assert re.fullmatch(r"6304[0-9A-F]{4}", text[-8:])
    assert read_cheongju_mpm(text) == SHOP


def test_static_cheongju_pay_qr() -> None:
    static = CheongjuPayRequest(merchant_id="CJ-000123", merchant_name="CHEONGJU MART")
    text = build_cheongju_mpm(static)
    assert text.startswith("000201010211")
    assert parse_mpm(text).get("54") is None
    assert read_cheongju_mpm(text) == static


ascii_text = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=25
)
hangul_name = st.text(
    alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3), min_size=1, max_size=25
)


@st.composite
def cheongju_requests(draw: st.DrawFn) -> CheongjuPayRequest:
    dynamic = draw(st.booleans())
    return CheongjuPayRequest(
        merchant_id=draw(st.from_regex(r"[A-Z0-9-]{1,20}", fullmatch=True)),
        merchant_name=draw(ascii_text),
        merchant_name_ko=draw(st.none() | hangul_name),
        mcc=draw(st.from_regex(r"[0-9]{4}", fullmatch=True)),
        amount=draw(st.integers(1, 10**9)) if dynamic else draw(st.none()),
        request_id=str(draw(st.uuids())) if dynamic else None,
        reference_label=draw(st.none() | ascii_text),
        terminal_label=draw(st.none() | ascii_text),
    )


@given(cheongju_requests())
def test_cheongju_pay_round_trip(request: CheongjuPayRequest) -> None:
    text = build_cheongju_mpm(request)
    assert looks_like_mpm(text)
    assert read_cheongju_mpm(text) == request
    assert parse_mpm(text).dynamic == (request.request_id is not None)


# A generic tree: any well-formed fields, templates nested, encode and parse back the same.
_TAGS_PRIMITIVE = ["01", "02", "15", "52", "53", "55", "58", "59", "60", "61", "65"]
_VALUE_CHARS = st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.characters(
    min_codepoint=0xAC00, max_codepoint=0xAC20
)


def _leaf(tag: str, value: str) -> MpmField:
    return MpmField(tag, value)


@st.composite
def sub_fields(draw: st.DrawFn, first: MpmField | None = None) -> tuple[MpmField, ...]:
    tags = draw(st.lists(st.sampled_from([f"{n:02d}" for n in range(1, 12)]), unique=True))
    children = [first] if first else []
    budget = 99 - sum(len(c.encode()) for c in children)
    for tag in sorted(tags):
        value = draw(st.text(alphabet=_VALUE_CHARS, min_size=1, max_size=12))
        if budget - (4 + len(value)) < 0:
            break
        budget -= 4 + len(value)
        children.append(_leaf(tag, value))
    if not children:
        children.append(_leaf("01", draw(st.text(alphabet=_VALUE_CHARS, min_size=1, max_size=9))))
    return tuple(children)


def _template(tag: str, children: tuple[MpmField, ...]) -> MpmField:
    return MpmField(tag, encode_fields(children), children)


@st.composite
def payload_trees(draw: st.DrawFn) -> tuple[MpmField, ...]:
    fields: list[MpmField] = [_leaf("00", "01")]
    if draw(st.booleans()):
        fields.append(_leaf("01", draw(st.sampled_from(["11", "12"]))))
    accounts = draw(st.lists(st.integers(26, 51), min_size=1, max_size=3, unique=True))
    for number in sorted(accounts):
        guid = _leaf("00", draw(st.from_regex(r"[A-Z]{2}\.[A-Z]{3,12}", fullmatch=True)))
        fields.append(_template(f"{number:02d}", draw(sub_fields(guid))))
    fields += [
        _leaf("52", draw(st.from_regex(r"[0-9]{4}", fullmatch=True))),
        _leaf("53", draw(st.from_regex(r"[0-9]{3}", fullmatch=True))),
    ]
    if draw(st.booleans()):
        fields.append(_leaf("54", draw(st.from_regex(r"[0-9]{1,10}(\.[0-9]{2})?", fullmatch=True))))
    fields += [
        _leaf("58", draw(st.from_regex(r"[A-Z]{2}", fullmatch=True))),
        _leaf("59", draw(st.text(alphabet=_VALUE_CHARS, min_size=1, max_size=25))),
        _leaf("60", draw(st.text(alphabet=_VALUE_CHARS, min_size=1, max_size=15))),
    ]
    if draw(st.booleans()):
        fields.append(_template("62", draw(sub_fields())))
    if draw(st.booleans()):
        language = _leaf("00", draw(st.sampled_from(["KO", "ZH", "TH"])))
        name = _leaf("01", draw(st.text(alphabet=_VALUE_CHARS, min_size=1, max_size=25)))
        fields.append(_template("64", (language, name)))
    if draw(st.booleans()):
        fields.append(_template(f"{draw(st.integers(80, 99))}", draw(sub_fields())))
    return tuple(fields)


@given(payload_trees())
def test_any_tree_of_fields_round_trips(tree: tuple[MpmField, ...]) -> None:
    text = with_crc(encode_fields(tree))
    assume(len(text) <= 512)
    payload = parse_mpm(text)
    assert payload.fields[:-1] == tree
    assert payload.fields[-1] == MpmField("63", text[-4:])
    assert encode_fields(payload.fields) == text


@settings(max_examples=300)
@given(
    cheongju_requests(),
    st.integers(0, 10_000),
    st.sampled_from(list("0123456789ABCDEFXYZabc.- 청")),
)
def test_any_one_character_changed_is_valid_or_named(
    request: CheongjuPayRequest, where: int, new: str
) -> None:
    text = build_cheongju_mpm(request)
    at = where % len(text)
    assume(text[at] != new)
    mutated = text[:at] + new + text[at + 1 :]
    try:
        payload = parse_mpm(mutated)
    except MpmError as error:
        assert error.field == "" or re.fullmatch(r"\d\d(\.\d\d)?", error.field)
        assert error.reason in {
            "bad_length",
            "bad_crc",
            "missing",
            "bad_value",
            "not_tlv",
            "duplicate",
            "too_long",
        }
        return
    # Still valid: only the CRC's own case can change without the CRC noticing.
    assert isinstance(payload, MpmPayload)
    assert mutated.upper() == text.upper()


@given(cheongju_requests(), st.integers(0, 10_000), st.integers(0, 10_000))
def test_reading_a_damaged_cheongju_qr_raises_only_mpm_errors(
    request: CheongjuPayRequest, cut: int, where: int
) -> None:
    text = build_cheongju_mpm(request)
    damaged = text[: cut % len(text)] + text[where % len(text) :]
    try:
        read_cheongju_mpm(damaged)
    except MpmError as error:
        assert isinstance(user_error(error), UserFacingError)


# --- errors name the field ---------------------------------------------------------------------


def with_length(fields: list[MpmField], tag: str, delta: int) -> str:
    """The payload with ``tag``'s declared length off by ``delta`` (and a correct CRC)."""
    body = ""
    for field in fields:
        text = field.encode()
        if field.tag == tag:
            text = f"{tag}{len(field.value) + delta:02d}{field.value}"
        body += text
    return with_crc(body)


@pytest.mark.parametrize("tag", ["54", "59", "60", "62", "64"])
@pytest.mark.parametrize("delta", [-1, 1])
def test_a_wrong_length_is_named(tag: str, delta: int) -> None:
    error = refused(with_length(fields_of(build_cheongju_mpm(SHOP)), tag, delta))
    assert (error.field, error.reason) == (tag, "bad_length")
    assert f"field {tag}" in str(error)


def test_a_length_running_past_the_end_is_named() -> None:
    text = "000201" + "5999CJ MART"
    error = refused(text)
    assert (error.field, error.reason) == ("59", "bad_length")
    assert "runs past the end" in str(error)


def test_a_wrong_crc_is_named_with_the_expected_one() -> None:
    text = build_cheongju_mpm(SHOP)
    wrong = f"{(int(text[-4:], 16) + 1) % 0x10000:04X}"
    error = refused(text[:-4] + wrong)
    assert (error.field, error.reason) == ("63", "bad_crc")
    assert str(error) == f"field 63 (CRC): wrong CRC {wrong}, expected {text[-4:]}"
    changed_name = text.replace("CHEONGJU MART", "CHEONGJU MARS")
    assert refused(changed_name).reason == "bad_crc"


@pytest.mark.parametrize("tag", ["00", "52", "53", "58", "59", "60"])
def test_each_missing_mandatory_tag_is_named(tag: str) -> None:
    fields = [f for f in fields_of(build_cheongju_mpm(SHOP)) if f.tag != tag]
    error = refused(rebuilt(fields))
    assert (error.field, error.reason) == (tag, "missing")


def test_missing_crc_and_missing_account_are_named() -> None:
    body = encode_fields(fields_of(build_cheongju_mpm(SHOP)))
    assert (refused(body).field, refused(body).reason) == ("63", "missing")
    no_account = [f for f in fields_of(build_cheongju_mpm(SHOP)) if f.tag != "26"]
    error = refused(rebuilt(no_account))
    assert (error.field, error.reason) == ("26", "missing")


def test_crc_must_be_last_and_00_first() -> None:
    fields = fields_of(build_cheongju_mpm(SHOP))
    crc_early = with_crc(encode_fields(fields[:-1])) + fields[-1].encode()
    assert (refused(crc_early).field, refused(crc_early).reason) == ("63", "bad_value")
    swapped = rebuilt([fields[1], fields[0], *fields[2:]])
    assert (refused(swapped).field, refused(swapped).reason) == ("00", "bad_value")


def replace_field(text: str, field: MpmField) -> str:
    return rebuilt([field if f.tag == field.tag else f for f in fields_of(text)])


@pytest.mark.parametrize(
    ("field", "path", "reason"),
    [
        # 26.01 says 12 characters but 9 follow: the sub-field, not the template, is wrong.
        (MpmField("26", "0014KR.CHEONGJUPAY0112CJ-000123"), "26.01", "bad_length"),
        (MpmField("26", "0109CJ-000123"), "26.00", "missing"),
        (MpmField("26", "0014KR.CHEONGJUPAY0109CJ-0001230109CJ-000124"), "26.01", "duplicate"),
        (MpmField("26", "KR.CHEONGJUPAY"), "26", "not_tlv"),
        (MpmField("62", "0520R20260101-00420704POS1"), "62.05", "bad_length"),
        (MpmField("62", "0514R20260101-00420799POS1"), "62.07", "bad_length"),
        (MpmField("64", "0003KO0104청주마트"), "64.00", "bad_length"),
        (MpmField("64", "0002KO0202청주"), "64.01", "missing"),
        (MpmField("00", "02"), "00", "bad_value"),
        (MpmField("01", "13"), "01", "bad_value"),
        (MpmField("52", "54A1"), "52", "bad_value"),
        (MpmField("53", "41"), "53", "bad_value"),
        (MpmField("54", "12.345"), "54", "bad_value"),
        (MpmField("54", "-1"), "54", "bad_value"),
        (MpmField("54", "12345678901234"), "54", "bad_value"),
        (MpmField("58", "K1"), "58", "bad_value"),
    ],
)
def test_a_bad_field_or_sub_field_is_named(field: MpmField, path: str, reason: str) -> None:
    error = refused(replace_field(build_cheongju_mpm(SHOP), field))
    assert (error.field, error.reason) == (path, reason)
    assert str(error).startswith(f"field {path}")


def test_a_repeated_top_level_tag_is_named() -> None:
    fields = fields_of(build_cheongju_mpm(SHOP))
    error = refused(rebuilt([*fields, MpmField("59", "ANOTHER NAME")]))
    assert (error.field, error.reason) == ("59", "duplicate")


@pytest.mark.parametrize(
    "text", ["", "hello", "https://example.com/pay?x=1", "CJP1ABCDEFGH", "880123456789X"]
)
def test_text_that_is_not_tlv(text: str) -> None:
    error = refused(text)
    assert (error.field, error.reason) == ("", "not_tlv")
    assert str(error).startswith("payload:")


def test_too_long() -> None:
    text = with_crc("000201" + "".join(MpmField("85", "X" * 99).encode() for _ in range(5)))
    error = refused(text)
    assert (error.field, error.reason) == ("", "too_long")


def test_an_unparsable_scheme_template_80_99_is_kept_as_text() -> None:
    fields = fields_of(build_cheongju_mpm(SHOP))
    payload = parse_mpm(rebuilt([*fields[:-1], MpmField("85", "free text"), fields[-1]]))
    assert payload.field("85") == MpmField("85", "free text")


# --- Cheongju Pay reading and building refusals ----------------------------------------------


@pytest.mark.parametrize(
    ("field", "path"),
    [
        (MpmField("53", "840"), "53"),
        (MpmField("58", "JP"), "58"),
        (MpmField("26", "0014KR.CHEONGJUPAY0109CJ-000123"), "26.02"),
        (MpmField("54", "12500.50"), "54"),
    ],
)
def test_read_cheongju_refuses(field: MpmField, path: str) -> None:
    with pytest.raises(MpmError) as caught:
        read_cheongju_mpm(replace_field(build_cheongju_mpm(SHOP), field))
    assert caught.value.field == path


def test_a_dynamic_qr_without_amount_is_refused() -> None:
    fields = [f for f in fields_of(build_cheongju_mpm(SHOP)) if f.tag != "54"]
    with pytest.raises(MpmError) as caught:
        read_cheongju_mpm(rebuilt(fields))
    assert (caught.value.field, caught.value.reason) == ("54", "missing")


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"merchant_name": "청주마트"}, "59"),
        ({"merchant_name": "A" * 26}, "59"),
        ({"merchant_name": ""}, "59"),
        ({"merchant_name_ko": "가" * 26}, "64.01"),
        ({"amount": None}, "54"),
        ({"amount": 0}, "54"),
        ({"amount": -100}, "54"),
        ({"mcc": "54111"}, "52"),
        ({"request_id": "요청"}, "26.02"),
        ({"reference_label": "R" * 26}, "62.05"),
        ({"merchant_id": "M" * 60}, "26"),
    ],
)
def test_build_refuses(change: dict, path: str) -> None:
    fields = {**SHOP.__dict__, **change}
    with pytest.raises(MpmError) as caught:
        build_cheongju_mpm(CheongjuPayRequest(**fields))
    assert caught.value.field == path


def test_user_errors_are_coded() -> None:
    with pytest.raises(MpmError) as caught:
        build_cheongju_mpm(CheongjuPayRequest("CJ-1", "청주마트"))
    assert user_error(caught.value).code == "E313"
    bad_crc = user_error(refused(build_cheongju_mpm(SHOP)[:-4] + "0000"))
    assert bad_crc.code == "E311" and "63" in bad_crc.message("ko")


def test_looks_like_mpm() -> None:
    assert looks_like_mpm(build_cheongju_mpm(SHOP))
    assert looks_like_mpm(PROMPTPAY_PHONE)
    assert not looks_like_mpm("8801234567893")
    assert not looks_like_mpm("000201" + "x" * 10)
    assert not looks_like_mpm(build_cheongju_mpm(SHOP)[:-1])
    assert uuid.UUID(SHOP.request_id or "")
