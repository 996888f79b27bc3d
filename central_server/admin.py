"""Operator actions: merchants, policies, keys, wallets, devices, notices, the demo seed.

The CLI and the tests call these. Each action is one write transaction, and each
one that changes what devices are told records the change rows in that same
transaction, so the feed can never miss or invent a change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import EllipsisType
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, Engine, func, select, update

from central_server.app_versions import device_versions, publish_release
from central_server.changes import record_change, record_merchant_changes
from central_server.db import write_transaction
from central_server.enrolment import DEFAULT_CODE_TTL, new_enrolment_code
from central_server.issuance import (
    SIGNING_KEY,
    MintedCode,
    NoSigningKey,
    WalletUnknown,
    mint_code,
    signing_key,
)
from central_server.listings import listings_in_state
from central_server.listings import review_listing as _review_listing
from central_server.orders import OrderRequest
from central_server.orders import cancel_order as _cancel_order
from central_server.orders import place_order as _place_order
from central_server.problems import ProblemError
from central_server.schema import (
    cashback_policies,
    devices,
    issuer_keys,
    merchants,
    notices,
    wallets,
)
from central_server.state import (
    cashback_policy_json,
    current_cashback_policy,
    merchant_profile,
    merchant_row,
    notice_json,
    published_keys,
)
from central_server.wallet_ids import parse_wallet_id
from pos_app.domain.app_version import Release
from pos_app.domain.business_number import parse_business_number
from pos_app.domain.change_kinds import ChangeKind
from pos_app.domain.clock import Clock, business_date, system_clock, unix_seconds
from pos_app.domain.demo_issuer import DEMO_ISSUER_KEY_ID, demo_public_key
from pos_app.domain.listings import ListingState
from pos_app.domain.payment_code import DEFAULT_OFFLINE_LIMIT, DEFAULT_TTL_SECONDS
from pos_app.domain.pricing import DiscountPolicy
from pos_app.domain.tax import TaxpayerType

_MERCHANT_ID = re.compile(r"[A-Z0-9][A-Z0-9-]{0,31}")
_MAX_U32: Final = 2**32 - 1


class AdminError(ValueError):
    """A refused admin action; the message is for the operator."""


@dataclass(frozen=True)
class Discount:
    rate_bp: int
    valid_from: date | None = None
    valid_to: date | None = None
    rounding_unit: int = 1


# ----- merchants ------------------------------------------------------------------------


def _discount_columns(discount: Discount | None) -> dict[str, Any]:
    if discount is None:
        return {
            "discount_rate_bp": None,
            "discount_valid_from": None,
            "discount_valid_to": None,
            "discount_rounding_unit": None,
        }
    try:  # the POS's own rules for a valid discount
        DiscountPolicy(
            discount.rate_bp, discount.valid_from, discount.valid_to, discount.rounding_unit
        )
    except ValueError as exc:
        raise AdminError(f"discount: {exc}") from None
    return {
        "discount_rate_bp": discount.rate_bp,
        "discount_valid_from": discount.valid_from,
        "discount_valid_to": discount.valid_to,
        "discount_rounding_unit": discount.rounding_unit,
    }


def _business_number(text: str) -> str:
    try:
        return parse_business_number(text)
    except ValueError as exc:
        raise AdminError(f"사업자등록번호 {text!r}: {exc}") from None


def _next_merchant_id(conn: Connection) -> str:
    numbers = [
        int(match.group(1))
        for (merchant_id,) in conn.execute(select(merchants.c.merchant_id))
        if (match := re.fullmatch(r"M-(\d+)", merchant_id))
    ]
    return f"M-{max(numbers, default=0) + 1:04d}"


def create_merchant(
    engine: Engine,
    *,
    name: str,
    business_number: str,
    merchant_id: str | None = None,
    representative: str = "",
    address: str = "",
    phone: str = "",
    sector: str = "",
    discount: Discount | None = None,
    designated: bool = False,
    taxpayer_type: TaxpayerType | str = TaxpayerType.GENERAL,
    clock: Clock = system_clock,
) -> dict[str, Any]:
    """Create a merchant (active); returns its profile as the feed sends it."""
    if not name.strip():
        raise AdminError("a merchant needs a name")
    taxpayer = _taxpayer_type(taxpayer_type)
    digits = _business_number(business_number)
    columns = _discount_columns(discount)
    now = clock()
    with write_transaction(engine) as conn:
        merchant_id = merchant_id or _next_merchant_id(conn)
        if not _MERCHANT_ID.fullmatch(merchant_id):
            raise AdminError(f"merchant id {merchant_id!r}: use A-Z, 0-9 and '-', up to 32")
        if merchant_row(conn, merchant_id) is not None:
            raise AdminError(f"merchant {merchant_id} already exists")
        conn.execute(
            merchants.insert().values(
                merchant_id=merchant_id,
                name=name.strip(),
                business_number=digits,
                representative=representative,
                address=address,
                phone=phone,
                sector=sector,
                status="active",
                restricted_reason="",
                designated=designated,
                taxpayer_type=taxpayer.value,
                created_at=now,
                updated_at=now,
                **columns,
            )
        )
        record_merchant_changes(conn, merchant_id, now)
        row = merchant_row(conn, merchant_id)
        assert row is not None
        return merchant_profile(row)


_UPDATABLE: Final = frozenset(
    {
        "name",
        "business_number",
        "representative",
        "address",
        "phone",
        "sector",
        "designated",
        "taxpayer_type",
    }
)


def _taxpayer_type(value: TaxpayerType | str) -> TaxpayerType:
    try:
        return TaxpayerType(value)
    except ValueError:
        names = ", ".join(kind.value for kind in TaxpayerType)
        raise AdminError(f"taxpayer type {value!r}: one of {names}") from None


def update_merchant(
    engine: Engine,
    merchant_id: str,
    *,
    clock: Clock = system_clock,
    discount: Discount | EllipsisType | None = ...,
    **fields: Any,
) -> dict[str, Any]:
    """Change profile fields and/or the discount (``...``: unchanged; ``None``: removed)."""
    unknown = set(fields) - _UPDATABLE
    if unknown:
        raise AdminError(f"cannot update {sorted(unknown)}")
    values = dict(fields)
    if "business_number" in values:
        values["business_number"] = _business_number(values["business_number"])
    if "taxpayer_type" in values:
        values["taxpayer_type"] = _taxpayer_type(values["taxpayer_type"]).value
    if not isinstance(discount, EllipsisType):
        values.update(_discount_columns(discount))
    now = clock()
    with write_transaction(engine) as conn:
        _require_merchant(conn, merchant_id)
        conn.execute(
            update(merchants)
            .where(merchants.c.merchant_id == merchant_id)
            .values(updated_at=now, **values)
        )
        record_merchant_changes(conn, merchant_id, now)
        row = merchant_row(conn, merchant_id)
        assert row is not None
        return merchant_profile(row)


def set_status(
    engine: Engine,
    merchant_id: str,
    status: str,
    *,
    reason: str = "",
    since: date | None = None,
    until: date | None = None,
    clock: Clock = system_clock,
) -> dict[str, Any]:
    """Restrict a merchant (연 매출 30억원 초과: no cashback accrues there) or lift it."""
    if status not in ("active", "restricted"):
        raise AdminError("status is 'active' or 'restricted'")
    now = clock()
    if status == "restricted":
        values = {
            "restricted_reason": reason,
            "restricted_since": since or business_date(now),
            "restricted_until": until,
        }
    else:
        values = {"restricted_reason": "", "restricted_since": None, "restricted_until": None}
    with write_transaction(engine) as conn:
        _require_merchant(conn, merchant_id)
        conn.execute(
            update(merchants)
            .where(merchants.c.merchant_id == merchant_id)
            .values(status=status, updated_at=now, **values)
        )
        record_merchant_changes(conn, merchant_id, now)
        row = merchant_row(conn, merchant_id)
        assert row is not None
        return merchant_profile(row)


def _require_merchant(conn: Connection, merchant_id: str) -> None:
    if merchant_row(conn, merchant_id) is None:
        raise AdminError(f"no merchant {merchant_id}")


# ----- cashback policy --------------------------------------------------------------------


def set_cashback_policy(
    engine: Engine,
    *,
    rate_bp: int,
    monthly_cap: int,
    extra_rate_bp: int = 0,
    clock: Clock = system_clock,
) -> dict[str, Any]:
    """A new policy in force from now on (the history is kept)."""
    if not (0 <= rate_bp <= 10_000 and 0 <= extra_rate_bp <= 10_000 and monthly_cap >= 0):
        raise AdminError("rates are 0..10000 bp and the monthly cap is >= 0 won")
    now = clock()
    with write_transaction(engine) as conn:
        conn.execute(
            cashback_policies.insert().values(
                rate_bp=rate_bp,
                monthly_cap=monthly_cap,
                extra_rate_bp=extra_rate_bp,
                created_at=now,
            )
        )
        policy = current_cashback_policy(conn)
        data = cashback_policy_json(policy, designated=True)  # personalised when read
        record_change(conn, ChangeKind.CASHBACK_POLICY, data, merchant_id=None, now=now)
        return data or {}


# ----- devices ----------------------------------------------------------------------------


def create_enrolment_code(
    engine: Engine,
    merchant_id: str,
    *,
    ttl: timedelta = DEFAULT_CODE_TTL,
    clock: Clock = system_clock,
) -> str:
    with write_transaction(engine) as conn:
        _require_merchant(conn, merchant_id)
        return new_enrolment_code(conn, merchant_id, clock(), ttl)


def revoke_device(engine: Engine, device_id: str, *, clock: Clock = system_clock) -> None:
    with write_transaction(engine) as conn:
        revoked = conn.execute(
            update(devices)
            .where(devices.c.device_id == device_id, devices.c.revoked_at.is_(None))
            .values(revoked_at=clock())
        )
        if revoked.rowcount != 1:
            raise AdminError(f"no active device {device_id}")


# ----- issuer keys ------------------------------------------------------------------------


def _insert_key(conn: Connection, now: datetime, not_before: int | None) -> int:
    # Numbered after the server's own signing keys (a trusted verify-only key, such as the
    # demo issuer's 900001, does not move the numbering).
    key_id = (
        conn.execute(select(func.max(issuer_keys.c.key_id)).where(SIGNING_KEY)).scalar() or 0
    ) + 1
    if key_id > _MAX_U32:
        raise AdminError("issuer key ids are exhausted (u32)")
    private = Ed25519PrivateKey.generate()
    conn.execute(
        issuer_keys.insert().values(
            key_id=key_id,
            private_seed=private.private_bytes_raw(),
            public_key=private.public_key().public_bytes_raw(),
            not_before=not_before,
            not_after=None,
            created_at=now,
        )
    )
    return key_id


def _record_keys_change(conn: Connection, now: datetime) -> list[dict[str, Any]]:
    keys = published_keys(conn, unix_seconds(now))
    record_change(conn, ChangeKind.ISSUER_KEYS, {"keys": keys}, merchant_id=None, now=now)
    return keys


def create_issuer_key(engine: Engine, *, clock: Clock = system_clock) -> dict[str, Any]:
    """Add a signing key, valid from now, leaving the others as they are."""
    now = clock()
    with write_transaction(engine) as conn:
        key_id = _insert_key(conn, now, unix_seconds(now))
        keys = _record_keys_change(conn, now)
    return next(key for key in keys if key["key_id"] == key_id)


def ensure_signing_key(engine: Engine, *, clock: Clock = system_clock) -> dict[str, Any] | None:
    """A fresh server's first issuer key (``init-db``): without one no payment code can be
    minted. Returns the key made, or None when one of the server's keys signs already."""
    now = clock()
    with engine.connect() as conn:
        if signing_key(conn, unix_seconds(now)) is not None:
            return None
    return create_issuer_key(engine, clock=clock)


def rotate_key(engine: Engine, *, clock: Clock = system_clock) -> dict[str, Any]:
    """A new signing key from now; every current key stops signing now (``not_after``) and
    stays published for 600 s more, so codes it signed a moment ago still verify."""
    now = clock()
    now_unix = unix_seconds(now)
    with write_transaction(engine) as conn:
        conn.execute(
            update(issuer_keys)
            .where(SIGNING_KEY)  # a trusted verify-only key is not the server's to retire
            .where((issuer_keys.c.not_after.is_(None)) | (issuer_keys.c.not_after > now_unix))
            .values(not_after=now_unix)
        )
        key_id = _insert_key(conn, now, now_unix)
        keys = _record_keys_change(conn, now)
    return next(key for key in keys if key["key_id"] == key_id)


# ----- wallets ----------------------------------------------------------------------------


def _wallet_id(wallet_id: str | int) -> str:
    number = parse_wallet_id(str(wallet_id))
    if number is None:
        raise AdminError(f"wallet id {wallet_id!r}: a decimal u64 without leading zeros")
    return str(number)


def topup(engine: Engine, wallet_id: str | int, amount: int, *, clock: Clock = system_clock) -> int:
    """Add ``amount`` won (creating the wallet if needed); returns the new balance."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise AdminError("a top-up is a whole, non-negative number of won")
    key = _wallet_id(wallet_id)
    now = clock()
    with write_transaction(engine) as conn:
        balance = conn.execute(select(wallets.c.balance).where(wallets.c.wallet_id == key)).scalar()
        if balance is None:
            conn.execute(
                wallets.insert().values(
                    wallet_id=key, balance=amount, created_at=now, updated_at=now
                )
            )
            return amount
        conn.execute(
            update(wallets)
            .where(wallets.c.wallet_id == key)
            .values(balance=wallets.c.balance + amount, updated_at=now)
        )
        return int(balance) + amount


def wallet_balance(engine: Engine, wallet_id: str | int) -> int | None:
    with engine.connect() as conn:
        return conn.execute(
            select(wallets.c.balance).where(wallets.c.wallet_id == _wallet_id(wallet_id))
        ).scalar()


def issue_code(
    engine: Engine,
    wallet_id: str | int,
    *,
    offline_limit: int = DEFAULT_OFFLINE_LIMIT,
    ttl_seconds: int = DEFAULT_TTL_SECONDS,
    clock: Clock = system_clock,
) -> MintedCode:
    if not 0 <= offline_limit <= _MAX_U32:
        raise AdminError("offline_limit is 0..4294967295 won")
    if not 1 <= ttl_seconds <= 600:
        raise AdminError("ttl is 1..600 seconds")
    try:
        return mint_code(
            engine,
            _wallet_id(wallet_id),
            clock(),
            offline_limit=offline_limit,
            ttl_seconds=ttl_seconds,
        )
    except WalletUnknown:
        raise AdminError(f"no wallet {wallet_id}") from None
    except NoSigningKey:
        raise AdminError("no issuer key is active: run rotate-key") from None


# ----- notices ----------------------------------------------------------------------------


def post_notice(
    engine: Engine,
    title: str,
    body: str,
    *,
    merchant_id: str | None = None,
    pinned: bool = False,
    clock: Clock = system_clock,
) -> dict[str, Any]:
    """Publish a notice to every merchant (or one); a pinned one is listed first."""
    if not title.strip():
        raise AdminError("a notice needs a title")
    now = clock()
    with write_transaction(engine) as conn:
        if merchant_id is not None:
            _require_merchant(conn, merchant_id)
        notice_id = conn.execute(
            notices.insert()
            .values(
                merchant_id=merchant_id,
                title=title,
                body=body,
                published_at=now,
                pinned=pinned,
            )
            .returning(notices.c.notice_id)
        ).scalar_one()
        return _record_notice(conn, notice_id, now)


def pin_notice(
    engine: Engine, notice_id: int, *, pinned: bool = True, clock: Clock = system_clock
) -> dict[str, Any]:
    """Pin (or unpin) a published notice; devices get it again and replace their copy."""
    now = clock()
    with write_transaction(engine) as conn:
        changed = conn.execute(
            update(notices).where(notices.c.notice_id == notice_id).values(pinned=pinned)
        )
        if changed.rowcount != 1:
            raise AdminError(f"no notice {notice_id}")
        return _record_notice(conn, notice_id, now)


def _record_notice(conn: Connection, notice_id: int, now: datetime) -> dict[str, Any]:
    row = conn.execute(select(notices).where(notices.c.notice_id == notice_id)).one()
    data = notice_json(row)
    record_change(conn, ChangeKind.NOTICE, data, merchant_id=row.merchant_id, now=now)
    return data


# ----- listings and online orders ---------------------------------------------------------


@contextmanager
def _refusals_for_the_operator() -> Iterator[None]:
    """The same actions as the HTTP routes, refused with the same codes, told as AdminError."""
    try:
        yield
    except ProblemError as exc:
        raise AdminError(f"{exc.code}: {exc.detail}") from None


def review_listing(
    engine: Engine,
    listing_id: str,
    decision: str,
    reason: str = "",
    *,
    clock: Clock = system_clock,
) -> dict[str, Any]:
    """Publish or reject (with a reason) a submitted listing; returns its listing_status."""
    with _refusals_for_the_operator():
        return _review_listing(engine, listing_id, decision, reason, now=clock())


def list_listings(engine: Engine, state: str = "submitted") -> list[dict[str, Any]]:
    """Listings in a state (the review queue: submitted), newest first."""
    try:
        wanted = ListingState(state)
    except ValueError:
        raise AdminError(f"unknown listing state {state!r}") from None
    return listings_in_state(engine, wanted)


def place_order(
    engine: Engine, request: OrderRequest, *, clock: Clock = system_clock
) -> dict[str, Any]:
    """Order as a customer would (the demo): paid from the wallet at once."""
    with _refusals_for_the_operator():
        return _place_order(engine, request, clock())


def cancel_order(
    engine: Engine, order_id: str, reason: str = "", *, clock: Clock = system_clock
) -> dict[str, Any]:
    """Cancel as the customer would: refunded in full, reserved stock released."""
    with _refusals_for_the_operator():
        return _cancel_order(engine, order_id, reason, clock())


# ----- the demo -------------------------------------------------------------------------

DEMO_MERCHANT: Final[Mapping[str, Any]] = {
    "merchant_id": "M-DEMO-0001",
    "name": "청주 한빛마트 (연습)",
    "business_number": "1048212347",
    "representative": "김하나",
    "address": "충북 청주시 흥덕구 직지대로 100",
    "phone": "043-000-0000",
    "sector": "마트",
}
DEMO_CUSTOMER_WALLET: Final = "1000000042"
DEMO_WALLETS: Final[Mapping[str, int]] = {
    "1000000042": 1_000_000,  # the demo customer's phone
    "1000000043": 30_000,  # a small balance: online payments over it are declined
    "1000000044": 0,  # empty: only offline payments (the issuer's guarantee) go through
}
DEMO_NOTICES: Final = (
    (
        "청주페이 캐시백 안내",
        "청주페이로 결제하면 결제 금액의 10%를 캐시백으로 돌려드립니다 (월 30만 원 결제분,"
        " 최대 3만 원). 착한가격업소에서는 5%를 더 드립니다.",
    ),
    (
        "연 매출 30억 원 초과 가맹점 안내",
        "연 매출액이 30억 원을 넘는 가맹점에서는 캐시백이 적립되지 않습니다. 매출 기준은 매년"
        " 두 차례 다시 확인합니다.",
    ),
)


def trust_demo_issuer(engine: Engine, *, clock: Clock = system_clock) -> None:
    """Trust the POS demo's issuer key (pos_app/domain/demo_issuer.py) for verifying codes.

    The training phone mints codes with it while the demo server is down; without it the
    server declined them E410 (unknown key) once it was back. Its private half is public
    knowledge, so only a demo server may trust it: a production server never runs this
    (``seed-demo --trust-demo-issuer``, used by the POS's demo server only). The server
    never signs with it: the row holds no private seed."""
    now = clock()
    with write_transaction(engine) as conn:
        known = conn.execute(
            select(issuer_keys.c.key_id).where(issuer_keys.c.key_id == DEMO_ISSUER_KEY_ID)
        ).first()
        if known is not None:
            return
        conn.execute(
            issuer_keys.insert().values(
                key_id=DEMO_ISSUER_KEY_ID,
                private_seed=b"",  # verify only
                public_key=demo_public_key(),
                not_before=None,
                not_after=None,
                created_at=now,
            )
        )
        _record_keys_change(conn, now)


def seed_demo(
    engine: Engine, *, clock: Clock = system_clock, trust_demo_key: bool = False
) -> dict[str, Any]:
    """The demo merchant, policy, key, wallets and notices; safe to run again.

    ``trust_demo_key``: also trust the POS demo's issuer key (the POS's own demo server
    only; the test fixtures and any real server do not).

    Returns what a demo or a test needs, including a fresh single-use enrolment code.
    """
    now = clock()
    today = business_date(now)
    merchant_id = DEMO_MERCHANT["merchant_id"]
    with engine.connect() as conn:
        exists = merchant_row(conn, merchant_id) is not None
        has_policy = current_cashback_policy(conn) is not None
        key_count = conn.execute(select(func.count()).select_from(issuer_keys)).scalar_one()
    if not has_policy:
        set_cashback_policy(
            engine, rate_bp=1_000, monthly_cap=30_000, extra_rate_bp=500, clock=clock
        )
    if not exists:
        create_merchant(
            engine,
            **DEMO_MERCHANT,
            discount=Discount(1_000, date(today.year, 1, 1), date(today.year, 12, 31), 1),
            clock=clock,
        )
        for title, body in DEMO_NOTICES:
            post_notice(engine, title, body, clock=clock)
    if not key_count:
        create_issuer_key(engine, clock=clock)
    if trust_demo_key:
        trust_demo_issuer(engine, clock=clock)
    for wallet_id, balance in DEMO_WALLETS.items():
        if wallet_balance(engine, wallet_id) is None:
            topup(engine, wallet_id, balance, clock=clock)
    with engine.connect() as conn:
        keys = published_keys(conn, unix_seconds(now))
    return {
        "merchant_id": merchant_id,
        "enrolment_code": create_enrolment_code(engine, merchant_id, clock=clock),
        "wallet_ids": list(DEMO_WALLETS),
        "key_ids": [key["key_id"] for key in keys],
    }


# ----- app versions -----------------------------------------------------------------------


def publish_version(
    engine: Engine,
    *,
    latest: str,
    minimum: str,
    url: str,
    sha256: str,
    clock: Clock = system_clock,
) -> dict[str, Any]:
    """Tell every till the newest version, the oldest still supported, and where the
    installer is (with its SHA-256). Checked first: a typo here would reach every shop."""
    try:
        release = Release.checked(latest, minimum, url, sha256)
    except ValueError as exc:
        raise AdminError(str(exc)) from None
    return publish_release(engine, release, clock())


def list_devices(engine: Engine, merchant_id: str | None = None) -> list[dict[str, Any]]:
    """Every device (or one merchant's) with the app version it last reported."""
    if merchant_id is not None:
        with engine.connect() as conn:
            _require_merchant(conn, merchant_id)
    return device_versions(engine, merchant_id)
