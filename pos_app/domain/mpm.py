"""EMVCo Merchant-Presented Mode (MPM) QR payloads: encode, decode, check.

The text is a list of fields, each ID (2 digits) + length (2 decimal digits,
counted in characters) + value; some fields are templates whose value is again
such a list. The last field is 63, a CRC-16/CCITT-FALSE over everything before
its value. PROTOCOL.md §2 fixes what a Cheongju Pay merchant QR carries; the
parser itself accepts any scheme's well-formed payload (PromptPay, SGQR,
DuitNow, UPI, ...) and, when one is wrong, names the field: a support call can
then say "field 62.05 runs past the end" instead of "bad QR".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final

from pos_app.domain.errors import ErrorKey, Localized, UserFacingError

CHEONGJU_PAY_GUID: Final = "KR.CHEONGJUPAY"
CHEONGJU_CITY: Final = "CHEONGJU"
CHEONGJU_CITY_KO: Final = "청주"
KRW: Final = "410"
KOREA: Final = "KR"
STATIC: Final = "11"
DYNAMIC: Final = "12"

MAX_PAYLOAD: Final = 512
MAX_VALUE: Final = 99
# EMV MPM 1.1 limits "var. up to 25" for the merchant name and the labels.
MAX_NAME: Final = 25
MAX_AMOUNT_TEXT: Final = 13

CRC_TAG: Final = "63"
CRC_HEADER: Final = "6304"

REASON_BAD_LENGTH: Final = "bad_length"
REASON_BAD_CRC: Final = "bad_crc"
REASON_MISSING: Final = "missing"
REASON_BAD_VALUE: Final = "bad_value"
REASON_NOT_TLV: Final = "not_tlv"
REASON_DUPLICATE: Final = "duplicate"
REASON_TOO_LONG: Final = "too_long"

_FIELD_NAMES: Final[dict[str, str]] = {
    "00": "payload format indicator",
    "01": "point of initiation",
    "52": "merchant category code",
    "53": "currency",
    "54": "amount",
    "55": "tip indicator",
    "56": "fixed fee",
    "57": "percentage fee",
    "58": "country",
    "59": "merchant name",
    "60": "merchant city",
    "61": "postal code",
    "62": "additional data",
    "63": "CRC",
    "64": "alternate language",
    "26.00": "scheme id",
    "26.01": "merchant id",
    "26.02": "payment request id",
    "62.05": "reference label",
    "62.07": "terminal label",
    "64.00": "language",
    "64.01": "merchant name, alternate language",
    "64.02": "merchant city, alternate language",
}

# EMV MPM 1.1 table 4.2: the primitive merchant account fields 02..16 by network.
_NETWORKS: Final[dict[str, str]] = {
    **dict.fromkeys(("02", "03"), "Visa"),
    **dict.fromkeys(("04", "05"), "Mastercard"),
    **dict.fromkeys(("06", "07", "08"), "EMVCo reserved"),
    **dict.fromkeys(("09", "10"), "Discover"),
    **dict.fromkeys(("11", "12"), "Amex"),
    **dict.fromkeys(("13", "14"), "JCB"),
    **dict.fromkeys(("15", "16"), "UnionPay"),
}

# Mandatory in EMV MPM, in the order they are checked (and reported).
EMV_MANDATORY: Final = ("00", "52", "53", "58", "59", "60", "63")
# Thailand's PromptPay, the most common MPM payload there is, leaves out 52, 59 and 60;
# a reader that only needs to say what a payload is (inspect) can let those pass.
_ESSENTIAL: Final = ("00", "53", "58", "63")
_AMOUNT = re.compile(r"\d+(\.\d{1,2})?")
_TWO_DIGITS = re.compile(r"\d\d")
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_CRC_TAIL = re.compile(r"6304[0-9A-Fa-f]{4}")
# Field 00 ("01") first, or second after a two-digit field 01: merchant QRs printed by Korean
# card companies' stands put 01 first, and they must route as merchant QRs all the same.
_MPM_HEAD = re.compile(r"(?:0102\d\d)?000201")


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def _crc_text(text_up_to_crc_value: str) -> str:
    return f"{crc16_ccitt_false(text_up_to_crc_value.encode('utf-8')):04X}"


def with_crc(body: str) -> str:
    """``body`` (every field but the CRC) + "6304" + its CRC in upper-case hex."""
    return body + CRC_HEADER + _crc_text(body + CRC_HEADER)


def _describe(path: str) -> str:
    name = _FIELD_NAMES.get(path) or _FIELD_NAMES.get(_generic(path))
    return f"field {path} ({name})" if name else f"field {path}"


def _generic(path: str) -> str:
    # Account templates 26..51 share their sub-field meanings ("31.01" reads like "26.01").
    head, _, rest = path.partition(".")
    if rest and _is_account_tag(head):
        return f"26.{rest}"
    return path


class MpmError(ValueError):
    """A payload that is not valid MPM; ``field`` names where (a tag path or "")."""

    def __init__(self, field: str, reason: str, detail: str = "") -> None:
        self.field = field
        self.reason = reason
        self.detail = detail
        where = _describe(field) if field else "payload"
        super().__init__(f"{where}: {detail or reason.replace('_', ' ')}")


class NotCheongjuPayError(MpmError):
    """A well-formed payload of another scheme: no template with Cheongju Pay's GUID."""

    def __init__(self, schemes: list[str]) -> None:
        self.schemes = schemes
        found = ", ".join(schemes) or "none"
        super().__init__("26", REASON_BAD_VALUE, f"not a {CHEONGJU_PAY_GUID} account ({found})")


def user_error(error: MpmError) -> UserFacingError:
    """The coded message a cashier sees for ``error`` (from build or read)."""
    if error.field == "59" and error.reason == REASON_BAD_VALUE:
        return UserFacingError(ErrorKey.MPM_MERCHANT_NAME_NOT_ASCII, limit=MAX_NAME)
    if isinstance(error, NotCheongjuPayError):
        return UserFacingError(
            ErrorKey.MPM_NOT_CHEONGJU_PAY, scheme=", ".join(error.schemes) or "-"
        )
    return UserFacingError(ErrorKey.MPM_INVALID, field=error.field or "-", reason=error.reason)


@dataclass(frozen=True)
class MpmField:
    tag: str
    value: str
    children: tuple[MpmField, ...] = ()

    def encode(self) -> str:
        return f"{self.tag}{len(self.value):02d}{self.value}"


def _is_account_tag(tag: str) -> bool:
    return tag.isdigit() and 26 <= int(tag) <= 51


def _is_template_tag(tag: str) -> bool:
    return _is_account_tag(tag) or tag in ("62", "64") or (tag.isdigit() and 80 <= int(tag) <= 99)


def _must_parse_children(tag: str) -> bool:
    # 80..99 are each scheme's own business; only 26..51, 62, 64 are defined as templates.
    return _is_account_tag(tag) or tag in ("62", "64")


def encode_fields(fields: Iterable[MpmField]) -> str:
    """The TLV text of ``fields``; a template's value is rebuilt from its children."""
    parts = []
    for field in fields:
        value = encode_fields(field.children) if field.children else field.value
        parts.append(MpmField(field.tag, value).encode())
    return "".join(parts)


@dataclass(frozen=True)
class MpmPayload:
    fields: tuple[MpmField, ...]

    def field(self, path: str) -> MpmField | None:
        found: MpmField | None = None
        children = self.fields
        for tag in path.split("."):
            found = next((f for f in children if f.tag == tag), None)
            if found is None:
                return None
            children = found.children
        return found

    def get(self, path: str) -> str | None:
        found = self.field(path)
        return found.value if found else None

    @property
    def dynamic(self) -> bool:
        return self.get("01") == DYNAMIC

    @property
    def currency(self) -> str | None:
        return self.get("53")

    @property
    def amount_decimal(self) -> Decimal | None:
        text = self.get("54")
        return Decimal(text) if text is not None else None

    @property
    def amount(self) -> int | None:
        """Tag 54 in whole won; None when absent, not KRW, or not a whole number."""
        value = self.amount_decimal
        if value is None or self.currency != KRW or value != value.to_integral_value():
            return None
        return int(value)

    @property
    def merchant_name(self) -> str | None:
        return self.get("59")

    @property
    def merchant_name_alt(self) -> str | None:
        return self.get("64.01")

    def account(self, guid: str) -> MpmField | None:
        for field in self.fields:
            if _is_account_tag(field.tag) and _child_value(field, "00") == guid:
                return field
        return None

    def schemes(self) -> list[str]:
        """Sub-field 00 (the scheme's GUID or AID) of each account template 26..51."""
        return [
            value
            for field in self.fields
            if _is_account_tag(field.tag) and (value := _child_value(field, "00"))
        ]

    def networks(self) -> dict[str, str]:
        """Fields 02..25: card networks' own merchant ids, by the network EMVCo gives them to."""
        return {
            f.tag: _NETWORKS.get(f.tag, "EMVCo reserved")
            for f in self.fields
            if f.tag.isdigit() and 2 <= int(f.tag) <= 25
        }

    def missing(self) -> list[str]:
        """EMV-mandatory tags this payload lacks (only when parsed with require_all=False)."""
        present = {f.tag for f in self.fields}
        return [tag for tag in EMV_MANDATORY if tag not in present]

    def as_dict(self) -> dict[str, Any]:
        return _fields_dict(self.fields)


def _child_value(field: MpmField, tag: str) -> str | None:
    return next((c.value for c in field.children if c.tag == tag), None)


def _fields_dict(fields: tuple[MpmField, ...]) -> dict[str, Any]:
    return {f.tag: (_fields_dict(f.children) if f.children else f.value) for f in fields}


def looks_like_mpm(text: str) -> bool:
    """Cheap routing check: field 00 "01" first (or right after a field 01), and a CRC field
    "6304XXXX" last (hex in either case)."""
    return (
        len(text) >= 12
        and _MPM_HEAD.match(text) is not None
        and _CRC_TAIL.fullmatch(text[-8:]) is not None
    )


def _header(text: str, at: int) -> tuple[str, int] | None:
    """The tag and length at ``at``, or None when those 4 characters are not a header."""
    tag, length = text[at : at + 2], text[at + 2 : at + 4]
    if _TWO_DIGITS.fullmatch(tag) and _TWO_DIGITS.fullmatch(length) and int(length):
        return tag, int(length)
    return None


def _split_as_far_as_it_goes(text: str) -> tuple[list[MpmField], list[int], bool]:
    """Fields and where each starts, up to the first that does not split; True if all did.

    When a header is good but its value runs past the end, that field is the last
    one returned, with the value cut short.
    """
    fields: list[MpmField] = []
    starts: list[int] = []
    at = 0
    while at < len(text):
        header = _header(text, at)
        if header is None:
            return fields, starts, False
        fields.append(MpmField(header[0], text[at + 4 : at + 4 + header[1]]))
        starts.append(at)
        at += 4 + header[1]
    return fields, starts, at == len(text)


Accept = Callable[[str], bool]


def _split(text: str, prefix: str, accept: Accept) -> tuple[tuple[MpmField, ...], list[int]]:
    """Split TLV text into fields (no children) and their offsets; errors name ``prefix`` + tag."""
    fields, starts, complete = _split_as_far_as_it_goes(text)
    if complete:
        return tuple(fields), starts
    guess = _guess_wrong_length(text, prefix, fields, starts, accept)
    if guess is not None:
        raise guess
    if not fields:
        if _TWO_DIGITS.fullmatch(text[:2]):
            raise MpmError(prefix + text[:2], REASON_BAD_LENGTH, f"bad length {text[2:4]!r}")
        raise MpmError(prefix.rstrip("."), REASON_NOT_TLV, "not ID+length+value text")
    last, start = fields[-1], starts[-1]
    declared = text[start + 2 : start + 4]
    if start + 4 + int(declared) > len(text):
        detail = f"length {declared} runs past the end ({len(last.value)} characters left)"
    else:
        detail = f"length {declared} does not end where a next field starts"
    raise MpmError(prefix + last.tag, REASON_BAD_LENGTH, detail)


# How far a wrong length is searched for: encoders miscount by a character or two
# (a decimal point, a multi-byte character counted in bytes).
_LENGTH_SLACK: Final = 3


def _guess_wrong_length(
    text: str, prefix: str, fields: list[MpmField], starts: list[int], accept: Accept
) -> MpmError | None:
    """Name the field whose length is wrong, when one small correction explains it all.

    Where splitting fails (or a split gives nonsense, say a tag twice) is often a
    field or two after the wrong length: the split went on from the wrong place.
    The culprit is taken to be the nearest field before that point whose length,
    a little different, makes the whole text ``accept``-able. Digits split many
    ways, so this is a best guess; the message says which length it doubts.
    """
    for index in range(len(fields) - 1, -1, -1):
        start = starts[index]
        declared = int(text[start + 2 : start + 4])
        for delta in sorted(range(-_LENGTH_SLACK, _LENGTH_SLACK + 1), key=abs):
            actual = declared + delta
            if not delta or not 0 < actual <= MAX_VALUE or start + 4 + actual > len(text):
                continue
            corrected = f"{text[: start + 2]}{actual:02d}{text[start + 4 :]}"
            if accept(corrected):
                detail = f"length {declared:02d} should be {actual:02d}"
                return MpmError(prefix + fields[index].tag, REASON_BAD_LENGTH, detail)
    return None


def _splits_without_repeats(text: str) -> bool:
    fields, _, complete = _split_as_far_as_it_goes(text)
    return complete and len({f.tag for f in fields}) == len(fields)


def _with_children(field: MpmField, path: str) -> MpmField:
    if not _is_template_tag(field.tag):
        return field
    try:
        children, _ = _split(field.value, path + ".", _splits_without_repeats)
    except MpmError:
        if _must_parse_children(field.tag):
            raise
        return field
    seen: set[str] = set()
    for child in children:
        if child.tag in seen:
            raise MpmError(f"{path}.{child.tag}", REASON_DUPLICATE, "appears twice")
        seen.add(child.tag)
    return MpmField(field.tag, field.value, children)


def parse_mpm(text: str, *, require_all: bool = True) -> MpmPayload:
    """Parse and check a payload; raises MpmError naming the wrong field.

    ``require_all=False`` tolerates a missing 52, 59 or 60 (see ``_ESSENTIAL``);
    :meth:`MpmPayload.missing` then lists them.
    """
    if len(text) > MAX_PAYLOAD:
        raise MpmError("", REASON_TOO_LONG, f"{len(text)} characters, at most {MAX_PAYLOAD}")
    if not text:
        raise MpmError("", REASON_NOT_TLV, "empty")

    def well_formed(candidate: str) -> bool:
        fields, _, complete = _split_as_far_as_it_goes(candidate)
        return complete and _structure_error(tuple(fields), require_all) is None

    try:
        top, starts = _split(text, "", well_formed)
    except MpmError:
        if not text.startswith("00"):
            # Text that does not even begin with field 00 is something else (a URL, a
            # barcode); naming a "field" found by splitting it would mislead.
            raise MpmError("", REASON_NOT_TLV, "does not start with field 00") from None
        raise
    problem = _structure_error(top, require_all)
    if problem is not None:
        raise _guess_wrong_length(text, "", list(top), starts, well_formed) or problem
    _check_crc(text)
    payload = MpmPayload(tuple(_with_children(field, field.tag) for field in top))
    _check_values(payload)
    return payload


def _structure_error(top: tuple[MpmField, ...], require_all: bool) -> MpmError | None:
    """What is wrong with the list of top-level fields (not their values), if anything."""
    tags = [f.tag for f in top]
    if CRC_TAG not in tags:
        return MpmError(CRC_TAG, REASON_MISSING, "is missing")
    if tags[-1] != CRC_TAG:
        return MpmError(CRC_TAG, REASON_BAD_VALUE, "must be the last field")
    if not _HEX4.fullmatch(top[-1].value):
        return MpmError(CRC_TAG, REASON_BAD_LENGTH, "must be 4 hex digits")
    repeated = next((tag for i, tag in enumerate(tags) if tag in tags[:i]), None)
    if repeated is not None:
        return MpmError(repeated, REASON_DUPLICATE, "appears twice")
    if tags[0] != "00":
        reason = REASON_BAD_VALUE if "00" in tags else REASON_MISSING
        return MpmError("00", reason, "must be the first field")
    for tag in EMV_MANDATORY if require_all else _ESSENTIAL:
        if tag not in tags:
            return MpmError(tag, REASON_MISSING, "is missing")
    if not any(2 <= int(tag) <= 51 for tag in tags):
        return MpmError("26", REASON_MISSING, "no merchant account field (02..51)")
    return None


def crc_matches(text: str) -> bool:
    """Whether the last 4 characters are the CRC of everything before them (either case)."""
    return text[-4:].upper() == _crc_text(text[:-4])


def splits_to_crc(text: str) -> bool:
    """Whether the whole text splits as tag, length, value fields ending with the CRC field,
    whatever the CRC's value (for text whose letters changed case after the CRC was made)."""
    fields, _, complete = _split_as_far_as_it_goes(text)
    return complete and fields[-1].tag == CRC_TAG


def _check_crc(text: str) -> None:
    given, expected = text[-4:], _crc_text(text[:-4])
    if given.upper() != expected:
        raise MpmError(CRC_TAG, REASON_BAD_CRC, f"wrong CRC {given}, expected {expected}")


_VALUE_RULES: Final[dict[str, tuple[re.Pattern[str], str]]] = {
    "00": (re.compile(r"01"), 'must be "01"'),
    "01": (re.compile(r"1[12]"), 'must be "11" (static) or "12" (dynamic)'),
    "52": (re.compile(r"\d{4}"), "must be 4 digits"),
    "53": (re.compile(r"\d{3}"), "must be 3 digits (ISO 4217)"),
    "58": (re.compile(r"[A-Za-z]{2}"), "must be 2 letters (ISO 3166)"),
}


def _check_values(payload: MpmPayload) -> None:
    for tag, (rule, what) in _VALUE_RULES.items():
        value = payload.get(tag)
        if value is not None and not rule.fullmatch(value):
            raise MpmError(tag, REASON_BAD_VALUE, f"{what}, got {value!r}")
    amount = payload.get("54")
    if amount is not None and (len(amount) > MAX_AMOUNT_TEXT or not _AMOUNT.fullmatch(amount)):
        raise MpmError("54", REASON_BAD_VALUE, f"not a decimal amount: {amount!r}")
    for field in payload.fields:
        if _is_account_tag(field.tag) and _child_value(field, "00") is None:
            raise MpmError(f"{field.tag}.00", REASON_MISSING, "the scheme's id is missing")
    alternate = payload.field("64")
    if alternate is not None:
        for tag in ("00", "01"):
            if _child_value(alternate, tag) is None:
                raise MpmError(f"64.{tag}", REASON_MISSING, "is missing")


# ----- Lenient reading: what shops' stands really carry ------------------------------------


class Deviation(StrEnum):
    """A way a payload departs from EMVCo MPM that a reader can still see through."""

    FIELD_01_BEFORE_00 = "field_01_before_00"
    LENGTH_IN_BYTES = "length_in_bytes"
    CRC_LOWER_CASE = "crc_lower_case"
    CRC_OVER_EMV_ORDER = "crc_over_emv_order"
    MISSING_MANDATORY = "missing_mandatory"


@dataclass(frozen=True)
class MpmDeviation:
    kind: Deviation
    field: str
    detail: str

    def __str__(self) -> str:
        return f"{_describe(self.field)}: {self.detail}"

    def as_dict(self) -> dict[str, str]:
        return {"deviation": self.kind.value, "field": self.field, "text": str(self)}


_DEVIATION_WORDS: Final[dict[Deviation, Localized]] = {
    Deviation.FIELD_01_BEFORE_00: Localized(
        "01 항목이 00 항목보다 앞에 있음", "field 01 before field 00"
    ),
    Deviation.LENGTH_IN_BYTES: Localized(
        "{field} 항목 길이를 글자 수가 아닌 UTF-8 바이트 수로 셈",
        "field {field} length counted in UTF-8 bytes",
    ),
    Deviation.CRC_LOWER_CASE: Localized("CRC가 소문자", "CRC in lower case"),
    Deviation.CRC_OVER_EMV_ORDER: Localized(
        "CRC가 00·01 항목을 규격 순서로 놓은 내용 기준", "CRC over fields 00 and 01 in EMVCo order"
    ),
    Deviation.MISSING_MANDATORY: Localized(
        "필수 항목 {field} 없음", "mandatory field {field} missing"
    ),
}


def deviations_error(scheme: str, deviations: Iterable[MpmDeviation]) -> UserFacingError:
    """E314 naming each deviation in the message's language."""
    words = [_DEVIATION_WORDS[d.kind].format(field=d.field) for d in deviations]
    joined = Localized(", ".join(w.ko for w in words), ", ".join(w.en for w in words))
    return UserFacingError(ErrorKey.MPM_DEVIATES_FROM_EMV, scheme=scheme or "-", deviations=joined)


@dataclass(frozen=True)
class _LenientField:
    tag: str
    value: str
    declared: int  # the length as written; differs from len(value) when counted in bytes


def _chars_in_bytes(text: str, start: int, size: int) -> int | None:
    """How many characters from ``start`` make exactly ``size`` UTF-8 bytes, if any do."""
    used = 0
    for count, char in enumerate(text[start:], start=1):
        used += len(char.encode("utf-8"))
        if used == size:
            return count
        if used > size:
            return None
    return None


def _split_lenient(text: str) -> list[_LenientField] | None:
    """Split TLV text, letting a length count UTF-8 bytes where counting characters fails.

    Only a value holding non-ASCII text has two readings; the first that splits the whole
    text wins, characters tried first. Each position's answer is kept, so text made to
    branch at every field (the server reads what clients send) costs linear time, not 2^n.
    """
    known: dict[int, list[_LenientField] | None] = {}

    def split_from(at: int) -> list[_LenientField] | None:
        if at not in known:
            known[at] = _split_here(at)
        return known[at]

    def _split_here(at: int) -> list[_LenientField] | None:
        if at == len(text):
            return []
        header = _header(text, at)
        if header is None:
            return None
        tag, declared = header
        readings = [declared]
        in_bytes = _chars_in_bytes(text, at + 4, declared)
        if in_bytes is not None and in_bytes != declared:
            readings.append(in_bytes)
        for size in readings:
            end = at + 4 + size
            if end > len(text):
                continue
            rest = split_from(end)
            if rest is not None:
                return [_LenientField(tag, text[at + 4 : end], declared), *rest]
        return None

    return split_from(0)


def _byte_counted(field: _LenientField, path: str) -> MpmDeviation | None:
    if field.declared == len(field.value):
        return None
    detail = (
        f"length {field.declared:02d} counted in UTF-8 bytes, not characters"
        f" ({len(field.value)} characters)"
    )
    return MpmDeviation(Deviation.LENGTH_IN_BYTES, path, detail)


def read_mpm_leniently(text: str) -> tuple[MpmPayload, list[MpmDeviation]]:
    """Read a payload as a support tool should: through the deviations named in
    :class:`Deviation`, each listed; anything else wrong raises MpmError as ``parse_mpm``.

    The CRC still has to match (the text as printed, or with 00 and 01 in EMVCo order), so
    a damaged payload is not explained away as a deviation.
    """
    try:
        payload = parse_mpm(text, require_all=False)
        deviations: list[MpmDeviation] = []
    except MpmError as strict_error:
        payload, deviations = _read_deviating(text, strict_error)
    crc = text[-4:]
    if crc != crc.upper():
        deviations.append(
            MpmDeviation(Deviation.CRC_LOWER_CASE, CRC_TAG, f"{crc!r} in lower-case hex")
        )
    deviations += [
        MpmDeviation(Deviation.MISSING_MANDATORY, tag, "mandatory, missing")
        for tag in payload.missing()
    ]
    return payload, deviations


def _read_deviating(text: str, strict_error: MpmError) -> tuple[MpmPayload, list[MpmDeviation]]:
    """The payload read through field order and byte-counted lengths, or ``strict_error``."""
    top = _split_lenient(text) if len(text) <= MAX_PAYLOAD else None
    if not top or top[-1].tag != CRC_TAG:
        raise strict_error
    deviations = [d for f in top if (d := _byte_counted(f, f.tag)) is not None]
    swapped = len(top) > 1 and (top[0].tag, top[1].tag) == ("01", "00")
    if swapped:
        detail = "comes before field 00 (EMVCo puts 00 first)"
        deviations.insert(0, MpmDeviation(Deviation.FIELD_01_BEFORE_00, "01", detail))
        top[0], top[1] = top[1], top[0]
    fields: list[MpmField] = []
    for field in top[:-1]:
        children: tuple[MpmField, ...] = ()
        if _must_parse_children(field.tag):
            parts = _split_lenient(field.value)
            if parts is None:
                raise strict_error
            for part in parts:
                deviation = _byte_counted(part, f"{field.tag}.{part.tag}")
                if deviation is not None:
                    deviations.append(deviation)
            children = tuple(MpmField(p.tag, p.value) for p in parts)
        fields.append(MpmField(field.tag, field.value, children))
    if not deviations:
        raise strict_error
    crc = text[-4:].upper()
    if crc != _crc_text(text[:-4]):
        # The CRC may have been made before 01 was moved first: the same bytes, 00 first.
        as_made = "".join(f"{f.tag}{f.declared:02d}{f.value}" for f in top[:-1]) + CRC_HEADER
        if not swapped or crc != _crc_text(as_made):
            raise MpmError(CRC_TAG, REASON_BAD_CRC, f"wrong CRC {text[-4:]}")
        detail = "matches the fields with 00 before 01, not the text as printed"
        deviations.append(MpmDeviation(Deviation.CRC_OVER_EMV_ORDER, CRC_TAG, detail))
    # Everything else is checked as for any payload, on the same fields written to EMVCo.
    checked = parse_mpm(with_crc(encode_fields(fields)), require_all=False)
    return MpmPayload((*checked.fields[:-1], MpmField(CRC_TAG, text[-4:]))), deviations


#: What Cheongju Pay's own reading lets pass (field order only; see docs/decisions.md).
_CHEONGJU_TOLERATES: Final = frozenset({Deviation.FIELD_01_BEFORE_00, Deviation.MISSING_MANDATORY})


# ----- Cheongju Pay ------------------------------------------------------------------------


@dataclass(frozen=True)
class CheongjuPayRequest:
    """What a Cheongju Pay merchant QR carries (PROTOCOL.md §2)."""

    merchant_id: str
    merchant_name: str
    merchant_name_ko: str | None = None
    mcc: str = "5411"
    amount: int | None = None
    request_id: str | None = None
    reference_label: str | None = None
    terminal_label: str | None = None


def _ascii_text(path: str, value: str, limit: int) -> str:
    if not value or not value.isascii() or not value.isprintable() or len(value) > limit:
        raise MpmError(path, REASON_BAD_VALUE, f"must be 1..{limit} printable ASCII characters")
    return value


def build_cheongju_mpm(request: CheongjuPayRequest) -> str:
    """The QR text for ``request``: fields in tag order, CRC last in upper-case hex."""
    if not re.fullmatch(r"\d{4}", request.mcc):
        raise MpmError("52", REASON_BAD_VALUE, "must be 4 digits")
    account = [
        MpmField("00", CHEONGJU_PAY_GUID),
        MpmField("01", _ascii_text("26.01", request.merchant_id, MAX_VALUE)),
    ]
    if request.request_id is not None:
        account.append(MpmField("02", _ascii_text("26.02", request.request_id, MAX_VALUE)))
        if request.amount is None:
            raise MpmError("54", REASON_MISSING, "a payment request needs an amount")
    fields = [
        MpmField("00", "01"),
        MpmField("01", DYNAMIC if request.request_id is not None else STATIC),
        MpmField("26", "", tuple(account)),
        MpmField("52", request.mcc),
        MpmField("53", KRW),
    ]
    if request.amount is not None:
        amount = request.amount
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise MpmError("54", REASON_BAD_VALUE, "must be whole won above 0")
        if len(str(amount)) > MAX_AMOUNT_TEXT:
            raise MpmError("54", REASON_TOO_LONG, f"at most {MAX_AMOUNT_TEXT} digits")
        fields.append(MpmField("54", str(amount)))
    fields += [
        MpmField("58", KOREA),
        MpmField("59", _ascii_text("59", request.merchant_name, MAX_NAME)),
        MpmField("60", CHEONGJU_CITY),
    ]
    extra = [
        MpmField(tag, _ascii_text(f"62.{tag}", value, MAX_NAME))
        for tag, value in (("05", request.reference_label), ("07", request.terminal_label))
        if value is not None
    ]
    if extra:
        fields.append(MpmField("62", "", tuple(extra)))
    if request.merchant_name_ko is not None:
        name_ko = request.merchant_name_ko
        if not name_ko or not name_ko.isprintable() or len(name_ko) > MAX_NAME:
            raise MpmError("64.01", REASON_BAD_VALUE, f"must be 1..{MAX_NAME} characters")
        alternate = (
            MpmField("00", "KO"),
            MpmField("01", name_ko),
            MpmField("02", CHEONGJU_CITY_KO),
        )
        fields.append(MpmField("64", "", alternate))
    for field in fields:
        # Templates are checked as a whole: their encoded value must fit a 2-digit length.
        if len(encode_fields([field])) - 4 > MAX_VALUE:
            raise MpmError(field.tag, REASON_TOO_LONG, f"value over {MAX_VALUE} characters")
    text = with_crc(encode_fields(fields))
    if len(text) > MAX_PAYLOAD:
        raise MpmError("", REASON_TOO_LONG, f"{len(text)} characters, at most {MAX_PAYLOAD}")
    return text


def _tolerating_field_order(text: str, error: MpmError) -> MpmPayload:
    """A stand printed with 01 before 00 (CRC over the text as printed) still reads."""
    try:
        payload, deviations = read_mpm_leniently(text)
    except MpmError:
        raise error from None
    if any(d.kind not in _CHEONGJU_TOLERATES for d in deviations):
        raise error
    return payload


def read_cheongju_mpm(text: str) -> CheongjuPayRequest:
    """Parse a payload and read it as a Cheongju Pay merchant QR."""
    # Leniently first: a PromptPay QR (no 52, 59, 60) is "another scheme's", not "52 missing".
    try:
        payload = parse_mpm(text, require_all=False)
    except MpmError as error:
        payload = _tolerating_field_order(text, error)
    account = payload.account(CHEONGJU_PAY_GUID)
    if account is None:
        raise NotCheongjuPayError(payload.schemes())
    if payload.missing():
        raise MpmError(payload.missing()[0], REASON_MISSING, "is missing")
    if payload.currency != KRW:
        raise MpmError("53", REASON_BAD_VALUE, f"must be {KRW} (KRW)")
    if (payload.get("58") or "").upper() != KOREA:
        raise MpmError("58", REASON_BAD_VALUE, f"must be {KOREA}")
    merchant_id = _child_value(account, "01")
    if not merchant_id:
        raise MpmError(f"{account.tag}.01", REASON_MISSING, "the merchant id is missing")
    request_id = _child_value(account, "02")
    amount = payload.amount
    if payload.get("54") is not None and (amount is None or amount <= 0):
        raise MpmError("54", REASON_BAD_VALUE, "must be whole won above 0")
    if payload.dynamic:
        if request_id is None:
            raise MpmError(f"{account.tag}.02", REASON_MISSING, "a dynamic QR needs a request id")
        if amount is None:
            raise MpmError("54", REASON_MISSING, "a dynamic QR needs an amount")
    return CheongjuPayRequest(
        merchant_id=merchant_id,
        merchant_name=payload.merchant_name or "",
        merchant_name_ko=payload.merchant_name_alt,
        mcc=payload.get("52") or "",
        amount=amount,
        request_id=request_id,
        reference_label=payload.get("62.05"),
        terminal_label=payload.get("62.07"),
    )
