"""Enrolment codes and device enrolment (``POST /v1/devices``).

A code is short enough to read over the phone (8 characters from an alphabet
without look-alikes, shown as XXXX-XXXX), single use and short-lived; only its
SHA-256 is stored. 32**8 = 2**40 codes against a handful of live ones per
merchant make guessing hopeless within a code's life. A code also re-enrols an
existing device (docs/protocol.md, "Re-enrolment").
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import Connection, Engine, select, update

from central_server.auth import token_sha256
from central_server.db import write_transaction
from central_server.schema import devices, enrolment_codes
from pos_app.domain.journal import GENESIS_HASH

CODE_ALPHABET: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1
CODE_LENGTH: Final = 8
DEFAULT_CODE_TTL: Final = timedelta(hours=24)


class EnrolmentRefused(Exception):
    """Unknown merchant, or a wrong, used or expired code: deliberately not said which."""


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


def enrol_device(
    engine: Engine,
    merchant_id: str,
    code: str,
    device_name: str,
    now: datetime,
    device_id: str | None = None,
) -> tuple[str, str]:
    """Use the code (once); returns (device_id, device_token).

    Without ``device_id`` a new device is created (its journal starts at seq 1). With
    the id of an existing device of the same merchant (its token lost or revoked) that
    device is re-enrolled: same id and journal, a new token replacing the old one.
    """
    token = secrets.token_urlsafe(32)
    with write_transaction(engine) as conn:
        if device_id is not None:
            existing = conn.execute(
                select(devices.c.merchant_id).where(devices.c.device_id == device_id)
            ).first()
            if existing is None or existing.merchant_id != merchant_id:
                raise EnrolmentRefused
        target = device_id or str(uuid.uuid4())
        # One conditional UPDATE: two enrolments racing for one code cannot both win.
        used = conn.execute(
            update(enrolment_codes)
            .where(
                enrolment_codes.c.code_sha256 == _code_sha256(code),
                enrolment_codes.c.merchant_id == merchant_id,
                enrolment_codes.c.used_at.is_(None),
                enrolment_codes.c.expires_at > now,
            )
            .values(used_at=now, device_id=target)
        )
        if used.rowcount != 1:
            raise EnrolmentRefused
        if device_id is not None:
            conn.execute(
                update(devices)
                .where(devices.c.device_id == device_id)
                .values(name=device_name, token_sha256=token_sha256(token), revoked_at=None)
            )
        else:
            conn.execute(
                devices.insert().values(
                    device_id=target,
                    merchant_id=merchant_id,
                    name=device_name,
                    token_sha256=token_sha256(token),
                    created_at=now,
                    last_seq=0,
                    last_hash=GENESIS_HASH,
                )
            )
    return target, token
