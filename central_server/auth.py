"""Device authentication: ``Authorization: Bearer <device_token>``.

The server keeps only the SHA-256 of each token: a copy of the database does
not let anyone act as a device. 401 when the token is missing, unknown or
revoked (the POS asks the merchant to enrol again; a revoked device's problem says
``"reason": "revoked"``) or only granted, not yet confirmed; 403 when the token is
valid but the path names another device.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine, select

from central_server.app_versions import note_device_version
from central_server.db import read_transaction
from central_server.problems import ProblemError
from central_server.schema import devices
from pos_app.domain.app_version import VERSION_HEADER

bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="DeviceToken",
    description="The device_token returned by POST /v1/devices.",
)


@dataclass(frozen=True)
class Device:
    device_id: str
    merchant_id: str
    app_version: str | None = None  # as kept: what the device last said it runs


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def unauthorized(detail: str, reason: str | None = None) -> ProblemError:
    """401; ``reason`` (a problem member) tells the POS why when it must act on it:
    ``revoked`` (the city stopped this device: no Cheongju Pay offline any more)."""
    extra = {"reason": reason} if reason else {}
    return ProblemError(
        401, "unauthorized", detail, headers={"WWW-Authenticate": "Bearer"}, **extra
    )


def device_for_token(engine: Engine, token: str | None) -> Device:
    if not token:
        raise unauthorized("a device token is required (Authorization: Bearer ...)")
    with read_transaction(engine) as conn:
        row = conn.execute(
            select(
                devices.c.device_id,
                devices.c.merchant_id,
                devices.c.revoked_at,
                devices.c.app_version,
            ).where(devices.c.token_sha256 == token_sha256(token))
        ).first()
    if row is None:
        # Also a granted token not yet confirmed: it opens only the confirm call.
        raise unauthorized("unknown device token; enrol the device again")
    if row.revoked_at is not None:
        raise unauthorized("this device was revoked; enrol the device again", reason="revoked")
    return Device(row.device_id, row.merchant_id, row.app_version)


def still_authorised(engine: Engine, device: Device, token: str | None) -> None:
    """Raise the same 401 as at the start if the device lost its token meanwhile.

    A long poll is authorised when it starts and answered up to 30 s later: a device
    revoked in between must not receive the merchant's changes it is no longer trusted
    with.
    """
    again = device_for_token(engine, token)
    if again.device_id != device.device_id:  # the token now names another device
        raise unauthorized("unknown device token; enrol the device again")


def path_device(
    device_id: str,
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Device:
    """FastAPI dependency: the authenticated device, which must be the path's device."""
    device = token_device(request, credentials)
    if device.device_id != device_id:
        raise ProblemError(403, "forbidden", "the token belongs to another device")
    return device


def token_device(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Device:
    """FastAPI dependency: the authenticated device, for paths that name no device.

    Every authenticated call also notes the version the device says it runs."""
    state = request.app.state
    device = device_for_token(state.engine, credentials.credentials if credentials else None)
    said = request.headers.get(VERSION_HEADER)
    note_device_version(state.engine, device.device_id, device.app_version, said, state.clock())
    return device
