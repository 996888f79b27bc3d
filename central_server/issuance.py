"""Customer payment codes, as the customer's app would get them (demos and tests).

Signed with the newest issuer key that is active now. A production issuer would
authenticate the wallet's owner first; the reference server does not, so it serves
them only when started for a demo (``serve --demo``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import Connection, Engine, func, or_, select

from central_server.db import read_transaction
from central_server.schema import issuer_keys, wallets
from central_server.wallet_ids import parse_wallet_id
from pos_app.domain.clock import unix_seconds
from pos_app.domain.payment_code import (
    DEFAULT_OFFLINE_LIMIT,
    DEFAULT_TTL_SECONDS,
    mint_payment_code,
)

#: The issuer's default cap on a code's ``offline_limit`` (won): what the customer's app asks
#: for by default. A code is a bearer instrument for its offline limit, so the issuer, not the
#: caller, bounds it (``serve --max-offline-limit``).
MAX_OFFLINE_LIMIT: Final = DEFAULT_OFFLINE_LIMIT


class WalletUnknown(Exception):
    pass


class NoSigningKey(Exception):
    pass


@dataclass(frozen=True)
class MintedCode:
    text: str
    issued_at: int
    expires_at: int
    key_id: int

    def to_json(self) -> dict[str, str | int]:
        return {
            "text": self.text,
            "issued_at": self.issued_at,
            "expires_at": self.expires_at,
            "key_id": self.key_id,
        }


#: A key the server signs with: a trusted verify-only key (the demo issuer's, on a demo
#: server) has an empty private seed.
SIGNING_KEY = func.length(issuer_keys.c.private_seed) > 0


def signing_key(conn: Connection, now_unix: int) -> tuple[int, bytes] | None:
    """The newest of the server's own keys whose validity window contains ``now``."""
    row = conn.execute(
        select(issuer_keys.c.key_id, issuer_keys.c.private_seed)
        .where(
            SIGNING_KEY,
            or_(issuer_keys.c.not_before.is_(None), issuer_keys.c.not_before <= now_unix),
            or_(issuer_keys.c.not_after.is_(None), issuer_keys.c.not_after >= now_unix),
        )
        .order_by(issuer_keys.c.created_at.desc(), issuer_keys.c.key_id.desc())
        .limit(1)
    ).first()
    return (row.key_id, bytes(row.private_seed)) if row else None


def mint_code(
    engine: Engine,
    wallet_id: str,
    now: datetime,
    *,
    offline_limit: int = DEFAULT_OFFLINE_LIMIT,
    ttl_seconds: int = DEFAULT_TTL_SECONDS,
) -> MintedCode:
    number = parse_wallet_id(wallet_id)
    if number is None:
        raise WalletUnknown(wallet_id)
    issued_at = unix_seconds(now)
    with read_transaction(engine) as conn:
        exists = conn.execute(
            select(wallets.c.wallet_id).where(wallets.c.wallet_id == str(number))
        ).first()
        if exists is None:
            raise WalletUnknown(wallet_id)
        key = signing_key(conn, issued_at)
    if key is None:
        raise NoSigningKey
    key_id, seed = key
    text = mint_payment_code(
        seed,
        key_id=key_id,
        wallet_id=number,
        token_id=secrets.token_bytes(16),
        issued_at=issued_at,
        ttl_seconds=ttl_seconds,
        offline_limit=offline_limit,
    )
    return MintedCode(text, issued_at, issued_at + ttl_seconds, key_id)
