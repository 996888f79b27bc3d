"""Enrolment codes and device enrolment: ``POST /v1/devices``, then ``.../confirm``.

A code is short enough to read over the phone (8 characters from an alphabet
without look-alikes, shown as XXXX-XXXX), short-lived, and only its SHA-256 is
stored. 32**8 = 2**40 codes against a handful of live ones per merchant make
guessing hopeless within a code's life. A code also re-enrols an existing device
(docs/protocol.md, "Re-enrolment").

Enrolment takes two calls, so that a POS that cannot keep the token (no credential
store on the PC, a crash) neither burns the code nor leaves a device behind:

1. ``POST /v1/devices`` grants a *pending* enrolment: a device id and a token, held on
   the code's row. No device row exists yet (or, re-enrolling, the device keeps its old
   token): the token opens nothing but the confirm call. Asked again with the same code
   while the grant is unconfirmed, the server answers with the same device id and a new
   token (the old one stops confirming): the POS may retry as often as it needs.
2. ``POST /v1/devices/{device_id}/confirm`` with the token, once the POS has stored it:
   the device is created (or its token replaced) and the code is used up, together.

A grant not confirmed within ``PENDING_GRANT_TTL`` expires: its token confirms nothing
any more, and the code, if still within its own life, can be asked again.

A merchant's active devices have distinct names (compared without case and outer spaces):
the city and the receipts tell tills apart by name. A name another active device of the
merchant has is refused (``DeviceNameTaken``, with the next free name to suggest), at the
grant and again at the confirm; a device re-enrolled keeps or changes its own name freely.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import Connection, Engine, select, update

from central_server.auth import token_sha256
from central_server.db import write_transaction
from central_server.rate_limits import check_unlocked, enrolment_limits, record_failure
from central_server.schema import devices, enrolment_codes, merchants
from pos_app.domain.journal import GENESIS_HASH

CODE_ALPHABET: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1
CODE_LENGTH: Final = 8
DEFAULT_CODE_TTL: Final = timedelta(hours=24)
#: How long a granted token may wait for its confirm: long enough for a merchant to start
#: the PC's credential store and press the button again, short enough that a token that
#: went astray is dead soon.
PENDING_GRANT_TTL: Final = timedelta(minutes=30)


class EnrolmentRefused(Exception):
    """Unknown merchant, or a wrong, used or expired code: deliberately not said which."""


class ConfirmRefused(Exception):
    """No pending grant for this token and device (wrong, replaced or expired token)."""


class DeviceNameTaken(Exception):
    """Another active device of the merchant has this name; ``suggestion`` is free."""

    def __init__(self, name: str, suggestion: str) -> None:
        super().__init__(f"an active device of this merchant is named {name!r}")
        self.name = name
        self.suggestion = suggestion


def _name_key(name: str) -> str:
    return name.strip().casefold()


def _active_names(conn: Connection, merchant_id: str, except_device: str | None) -> set[str]:
    rows = conn.execute(
        select(devices.c.name).where(
            devices.c.merchant_id == merchant_id,
            devices.c.revoked_at.is_(None),
            devices.c.device_id != (except_device or ""),
        )
    )
    return {_name_key(row.name) for row in rows}


_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def next_free_name(taken: set[str], name: str) -> str:
    """``POS-01`` -> ``POS-02`` (keeping the digits' width), ``till`` -> ``till-2``: the
    first such name not in ``taken`` (keys from :func:`_name_key`)."""
    base = name.strip()
    match = _NUMBERED.match(base)
    stem, number, width = (match[1], int(match[2]), len(match[2])) if match else (base + "-", 1, 1)
    while True:
        number += 1
        candidate = f"{stem}{number:0{width}d}"
        if _name_key(candidate) not in taken:
            return candidate


def _check_name_free(conn: Connection, merchant_id: str, name: str, device_id: str | None) -> None:
    taken = _active_names(conn, merchant_id, device_id)
    if _name_key(name) in taken:
        raise DeviceNameTaken(name.strip(), next_free_name(taken, name))


def normalise_code(code: str) -> str:
    return "".join(char for char in code.upper() if char.isalnum())


def _code_sha256(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode("ascii", "replace")).hexdigest()


def new_enrolment_code(
    conn: Connection, merchant_id: str, now: datetime, ttl: timedelta = DEFAULT_CODE_TTL
) -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    conn.execute(
        enrolment_codes.insert().values(
            code_sha256=_code_sha256(raw),
            merchant_id=merchant_id,
            created_at=now,
            expires_at=now + ttl,
        )
    )
    return f"{raw[:4]}-{raw[4:]}"


def _device_merchant(conn: Connection, device_id: str) -> str | None:
    row = conn.execute(
        select(devices.c.merchant_id).where(devices.c.device_id == device_id)
    ).first()
    return None if row is None else str(row.merchant_id)


def enrol_device(
    engine: Engine,
    merchant_id: str,
    code: str,
    device_name: str,
    now: datetime,
    device_id: str | None = None,
    grant_ttl: timedelta = PENDING_GRANT_TTL,
    client_host: str = "",
) -> tuple[str, str]:
    """Grant a pending enrolment for the code; returns (device_id, device_token).

    Without ``device_id`` the grant is for a new device (its journal will start at seq 1).
    With the id of an existing device of the same merchant (its token lost or revoked) the
    grant re-enrols that device: same id and journal, the new token replacing the old one
    once confirmed. The code stays usable until a grant for it is confirmed; asking again
    must name the same device (or none, for a new one) as the first time.

    Every refusal counts against the merchant id and ``client_host``; too many lock them
    out (:class:`~central_server.rate_limits.Locked`, with the seconds to wait).
    """
    token = secrets.token_urlsafe(32)
    limits = enrolment_limits(merchant_id, client_host)
    with write_transaction(engine) as conn:
        # Locked out: 429 before the code is even looked at (rate_limits.py).
        check_unlocked(conn, limits, now)
        try:
            target = _grant(conn, merchant_id, code, device_name, now, device_id, token, grant_ttl)
        except EnrolmentRefused:
            # Counted in this transaction, which then commits: the count is what it keeps.
            record_failure(conn, limits, now)
            refused = True
        else:
            refused = False
    if refused:
        raise EnrolmentRefused
    return target, token


def _grant(
    conn: Connection,
    merchant_id: str,
    code: str,
    device_name: str,
    now: datetime,
    device_id: str | None,
    token: str,
    grant_ttl: timedelta,
) -> str:
    """The grant itself; raises EnrolmentRefused having written nothing."""
    code_hash = _code_sha256(code)
    if device_id is not None and _device_merchant(conn, device_id) != merchant_id:
        raise EnrolmentRefused
    row = conn.execute(
        select(enrolment_codes.c.device_id).where(
            enrolment_codes.c.code_sha256 == code_hash,
            enrolment_codes.c.merchant_id == merchant_id,
            enrolment_codes.c.used_at.is_(None),
            enrolment_codes.c.expires_at > now,
        )
    ).first()
    if row is None:
        raise EnrolmentRefused
    target = row.device_id
    if target is None:
        target = device_id or str(uuid.uuid4())
    elif device_id is not None and device_id != target:
        raise EnrolmentRefused  # the code was first asked for another device
    elif device_id is None and _device_merchant(conn, target) is not None:
        raise EnrolmentRefused  # it was asked to re-enrol a device this caller did not name
    # Only after the code checked: who holds no code learns nothing of the names.
    _check_name_free(conn, merchant_id, device_name, target)
    # Conditional on the code still being unused: a confirm racing this grant wins, and
    # then this one is refused rather than handing out a token that can confirm nothing.
    granted = conn.execute(
        update(enrolment_codes)
        .where(
            enrolment_codes.c.code_sha256 == code_hash,
            enrolment_codes.c.used_at.is_(None),
        )
        .values(
            device_id=target,
            device_name=device_name,
            grant_token_sha256=token_sha256(token),
            grant_expires_at=now + grant_ttl,
        )
    )
    if granted.rowcount != 1:
        raise EnrolmentRefused
    return str(target)


def confirm_enrolment(engine: Engine, device_id: str, token: str, now: datetime) -> str:
    """The POS stored the token: make the device live with it; returns the merchant id.

    Confirming again with the token that already confirmed answers the same (an answer lost
    on the way is asked again); any other token, or a grant past its time, is refused.
    """
    digest = token_sha256(token)
    with write_transaction(engine) as conn:
        grant = conn.execute(
            select(
                enrolment_codes.c.code_sha256,
                enrolment_codes.c.merchant_id,
                enrolment_codes.c.device_name,
                enrolment_codes.c.grant_expires_at,
                enrolment_codes.c.used_at,
            ).where(
                enrolment_codes.c.grant_token_sha256 == digest,
                enrolment_codes.c.device_id == device_id,
            )
        ).first()
        if grant is None:
            raise ConfirmRefused
        if grant.used_at is not None:
            live = conn.execute(
                select(devices.c.device_id).where(
                    devices.c.device_id == device_id,
                    devices.c.token_sha256 == digest,
                    devices.c.revoked_at.is_(None),
                )
            ).first()
            if live is None:
                raise ConfirmRefused
            return str(grant.merchant_id)
        if grant.grant_expires_at <= now:
            raise ConfirmRefused
        # Two grants may have asked for one name: the first confirmed keeps it. The
        # merchant's row is locked (PostgreSQL; SQLite writes one at a time anyway) so two
        # confirms cannot both find the name free.
        conn.execute(
            select(merchants.c.merchant_id)
            .where(merchants.c.merchant_id == grant.merchant_id)
            .with_for_update()
        )
        _check_name_free(conn, grant.merchant_id, grant.device_name, device_id)
        used = conn.execute(
            update(enrolment_codes)
            .where(
                enrolment_codes.c.code_sha256 == grant.code_sha256,
                enrolment_codes.c.grant_token_sha256 == digest,
                enrolment_codes.c.used_at.is_(None),
            )
            .values(used_at=now)
        )
        if used.rowcount != 1:
            raise ConfirmRefused
        if _device_merchant(conn, device_id) is not None:
            conn.execute(
                update(devices)
                .where(devices.c.device_id == device_id)
                .values(name=grant.device_name, token_sha256=digest, revoked_at=None)
            )
        else:
            conn.execute(
                devices.insert().values(
                    device_id=device_id,
                    merchant_id=grant.merchant_id,
                    name=grant.device_name,
                    token_sha256=digest,
                    created_at=now,
                    last_seq=0,
                    last_hash=GENESIS_HASH,
                )
            )
    return str(grant.merchant_id)
