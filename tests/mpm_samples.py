"""Merchant QR samples shared by the MPM codec, scan and CLI tests.

The foreign payloads were published in public repositories (tests and samples of PayNow/SGQR
and PromptPay libraries); their CRCs were made by other encoders.
"""

from __future__ import annotations

from pos_app.domain.mpm import CheongjuPayRequest, build_cheongju_mpm, with_crc

PAYNOW_TAXI = (  # Singapore PayNow (SGQR): static ("11") yet with an amount, SGD 20.00
    "00020101021126500009SG.PAYNOW010100211+659855342903010040820220531520400005303702"
    "540520.005802SG5902NA6009Singapore62080104Taxi6304A43D"
)
# Thailand's PromptPay to a phone number: template 29, and no 52, 59 or 60.
PROMPTPAY_PHONE = "00020101021129370016A000000677010111011300668123456785802TH530376463045D82"

SHOP = CheongjuPayRequest(
    merchant_id="CJ-000123",
    merchant_name="CHEONGJU MART",
    merchant_name_ko="청주마트",
    amount=12_500,
    request_id="3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
    reference_label="R20260101-0042",
    terminal_label="POS1",
)


def shop_qr() -> str:
    return build_cheongju_mpm(SHOP)


# --- Korean merchant QRs (EMVCo MPM as Korean card companies print them) ----------------------
# Real payloads, copied verbatim from public repositories of a BC Card (비씨카드) developer:
# account template 26 holds the Korean domestic card AID D4100000014010, field 15 the UnionPay
# merchant id, 62 the QR reference "MQ...", and 64 the Korean name and city in Hangul.

# copanote/emvmpm, src/test/java/com/copanote/emvmpm/parser/EmvMpmParserTest.java (VALID_QR; the
# same text in data/EmvMpmNodeTest.java): a café's static QR printed with field 01 BEFORE field
# 00. Its CRC C38C is that of the same fields with 00 first, as the repository's
# src/main/java/com/copanote/emvmpm/parser/EmvMpmParser.java main() prints it (KR_OSLOW_00_FIRST).
KR_OSLOW_01_FIRST = (
    "0102110002011531260004102600041071479286900000026310014D410000001401005091000058325204"
    "581253034105802KR5925OSULROWOOKOPI TEUUINTAUEO6013SEOUL JUNG-GU6105045486256030910000583"
    "20515MQ202000004761806080000000007080000000164310002ko0112오슬로우커피 트윈타워점"
    "0205서울 중구6304C38C"
)
KR_OSLOW_00_FIRST = (
    "0002010102111531260004102600041071479286900000026310014D410000001401005091000058325204"
    "581253034105802KR5925OSULROWOOKOPI TEUUINTAUEO6013SEOUL JUNG-GU6105045486256030910000583"
    "20515MQ202000004761806080000000007080000000164310002ko0112오슬로우커피 트윈타워점"
    "0205서울 중구6304C38C"
)
# copanote/emvmpm, src/test/java/com/copanote/emvmpm/data/EmvMpmCRCTest.java: a static and a
# dynamic QR of one shop (data1 + expectedCrc1 "1331", data2 + expectedCrc2 "5C76").
KR_NICESHOT_STATIC = (
    "0002010102111531260004102600041071195812000000026310014D410000001401005091000054085204"
    "729953034105802KR5910NAISHUSIAT6013SEOUL MAPO-GU61050408662560309100005408"
    "0515MQ202000004811006080000000007080000000164240002ko0104나이스샷0206서울 마포구63041331"
)
KR_NICESHOT_DYNAMIC = (
    "0002010102121531260004102600041071195812000000026310014D410000001401005091000054085204"
    "7299530341054062569805802KR5910NAISHUSIAT6013SEOUL MAPO-GU61050408662560309100005408"
    "0515MQ202200012703306081000445207080000000164240002ko0104나이스샷0206서울 마포구63045C76"
)
# copanote/developers, docs/mpm/qr/getMpmQrInfo.md (and docs/mpm/qr/verifyMpmQr.md): the
# sample qr_data of BC Card's MPM API documentation, a dynamic QR for 3,251 won.
KR_BC_CLEANTOPIA = (
    "0002010102121531260004102600041075112872400000026310014D41000000140100509000000001520472"
    "105303410540432515802KR5910CleanTopia6010KYUNGGI-DO610513204625603090000000010515MQ2020"
    "90000979306081000011407080000000164210002ko0104비씨카드0203경기도630439F0"
)

# CONSTRUCTED (no public payload with these was found): the real layouts above, changed in one
# way each, with the CRC made to match (upper-case hex unless the change is the case).
# KR_NICESHOT_STATIC with template 64 written by an encoder that counts UTF-8 bytes:
# 64.01 "나이스샷" 4 characters = 12 bytes, 64.02 "서울 마포구" 6 characters = 16 bytes, 64 = 42.
KR_NICESHOT_BYTES = with_crc(
    KR_NICESHOT_STATIC[: KR_NICESHOT_STATIC.index("6424")] + "64420002ko0112나이스샷0216서울 마포구"
)
# KR_BC_CLEANTOPIA with its CRC in lower case.
KR_BC_LOWER_CRC = KR_BC_CLEANTOPIA[:-4] + KR_BC_CLEANTOPIA[-4:].lower()
# KR_OSLOW_01_FIRST with the CRC over the text as printed (01 first): only the order deviates.
KR_OSLOW_01_FIRST_OWN_CRC = with_crc(KR_OSLOW_01_FIRST[:-8])
