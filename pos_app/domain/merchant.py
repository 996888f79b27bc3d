"""What the POS knows about its merchant: identity for receipts, status, policies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pos_app.domain.pricing import CashbackPolicy, DiscountPolicy
from pos_app.domain.tax import TaxpayerType


@dataclass(frozen=True)
class MerchantProfile:
    merchant_id: str
    name: str
    business_number: str  # 10 digits; formatted for display by business_number.format
    representative: str  # 대표자
    address: str
    phone: str
    restricted: bool = False  # 연 매출 30억원 초과: no cashback accrues
    restricted_reason: str = ""
    restricted_since: date | None = None
    restricted_until: date | None = None  # the end of the restricted period, if announced
    #: 일반과세자 / 간이과세자 / 면세사업자: what the receipts may say of VAT.
    taxpayer_type: TaxpayerType = TaxpayerType.GENERAL


@dataclass(frozen=True)
class MerchantTerms:
    """The policies in force for checkout, as last received from the server."""

    discount: DiscountPolicy | None = None
    cashback: CashbackPolicy | None = field(default=None)
