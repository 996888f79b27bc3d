"""Merchant QR samples shared by the MPM codec, scan and CLI tests.

The foreign payloads were published in public repositories (tests and samples of PayNow/SGQR
and PromptPay libraries); their CRCs were made by other encoders.
"""

from __future__ import annotations

from pos_app.domain.mpm import CheongjuPayRequest, build_cheongju_mpm

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
