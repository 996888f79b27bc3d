"""The HTTP surface of Sync API v1 (docs/protocol.md). Logic lives in the modules named."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from central_server.auth import (
    Device,
    bearer_scheme,
    path_device,
    still_authorised,
    unauthorized,
)
from central_server.changes import MAX_WAIT_SECONDS, InvalidCursor, wait_for_page
from central_server.db import read_transaction
from central_server.enrolment import (
    ConfirmRefused,
    DeviceNameTaken,
    EnrolmentRefused,
    confirm_enrolment,
    enrol_device,
)
from central_server.event_shape import BatchTooLarge, InvalidEvent
from central_server.issuance import NoSigningKey, WalletUnknown, mint_code
from central_server.journal_push import push_journal
from central_server.models import (
    ChangesOut,
    CodeIn,
    CodeOut,
    ConfirmOut,
    EnrolIn,
    EnrolOut,
    Health,
    JournalConflictOut,
    JournalPushOut,
    KeysOut,
    Problem,
)
from central_server.problems import ProblemError
from central_server.rate_limits import Locked
from central_server.responses import json_response as _json
from central_server.state import published_keys, timestamp
from pos_app.domain.clock import unix_seconds

router = APIRouter(prefix="/v1")
#: What the customer's app does, unauthenticated: mounted only on a demo server
#: (``serve --demo``); a production server answers 404.
customer_router = APIRouter(prefix="/v1")

AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Missing, unknown or revoked device token."},
    403: {"model": Problem, "description": "The token belongs to another device."},
}


@router.get("/health", tags=["public"], response_model=Health, summary="Liveness and clock")
def health(request: Request) -> Response:
    """The POS also uses `time` to estimate its clock offset."""
    with read_transaction(request.app.state.engine) as conn:
        conn.execute(text("SELECT 1"))
    return _json({"status": "ok", "time": timestamp(request.app.state.clock())})


@router.get("/keys", tags=["public"], response_model=KeysOut, summary="Issuer public keys")
def keys(request: Request) -> Response:
    """Every key whose codes may still be presented (a retired key stays until
    `not_after` + 600 s)."""
    now = unix_seconds(request.app.state.clock())
    with read_transaction(request.app.state.engine) as conn:
        return _json({"keys": published_keys(conn, now)})


@router.post(
    "/devices",
    tags=["devices"],
    status_code=201,
    response_model=EnrolOut,
    summary="Enrol a device (pending until confirmed)",
    responses={
        403: {"model": Problem, "description": "enrolment_invalid"},
        409: {"model": Problem, "description": "device_name_taken (with suggested_name)"},
        429: {"model": Problem, "description": "enrolment_locked (Retry-After: seconds)"},
    },
)
def enrol(payload: EnrolIn, request: Request) -> Response:
    """Grants a pending enrolment for the code: a device id and a token that opens nothing but
    `POST /v1/devices/{device_id}/confirm`. Asked again with the same code before it is
    confirmed, the same device id and a new token. With `device_id` (an existing device of the
    merchant) the device is re-enrolled: it keeps its id and journal and, once confirmed, the
    new token replaces the old one."""
    state = request.app.state
    now = state.clock()
    try:
        device_id, token = enrol_device(
            state.engine,
            payload.merchant_id,
            payload.enrolment_code,
            payload.device_name,
            now,
            device_id=payload.device_id,
            grant_ttl=state.pending_grant_ttl,
            client_host=request.client.host if request.client else "",
        )
    except Locked as locked:
        raise ProblemError(
            429,
            "enrolment_locked",
            "too many wrong enrolment codes for this merchant or from this address;"
            f" try again in {locked.retry_after} s (the code stays valid)",
            headers={"Retry-After": str(locked.retry_after)},
            retry_after=locked.retry_after,
        ) from None
    except EnrolmentRefused:
        raise ProblemError(
            403,
            "enrolment_invalid",
            "unknown merchant or device, or a wrong, used or expired enrolment code",
        ) from None
    except DeviceNameTaken as taken:
        raise _name_taken(taken) from None
    return _json(
        {
            "device_id": device_id,
            "device_token": token,
            "merchant_id": payload.merchant_id,
            "status": "pending",
            "confirm_before": timestamp(now + state.pending_grant_ttl),
        },
        201,
    )


@router.post(
    "/devices/{device_id}/confirm",
    tags=["devices"],
    response_model=ConfirmOut,
    summary="Confirm an enrolment: the POS has stored its token",
    responses={
        401: {"model": Problem, "description": "No pending grant for this token."},
        409: {"model": Problem, "description": "device_name_taken (with suggested_name)"},
    },
)
def confirm(
    device_id: str,
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Response:
    """With the granted token: the device becomes active (or, re-enrolled, its token is
    replaced) and the code is used up. Idempotent for the token that confirmed."""
    if credentials is None:
        raise unauthorized("the granted token is required (Authorization: Bearer ...)")
    state = request.app.state
    try:
        merchant_id = confirm_enrolment(
            state.engine, device_id, credentials.credentials, state.clock()
        )
    except ConfirmRefused:
        raise unauthorized(
            "no pending enrolment for this token: expired or replaced; enrol again",
            reason="grant_unknown",
        ) from None
    except DeviceNameTaken as taken:
        raise _name_taken(taken) from None
    return _json({"device_id": device_id, "merchant_id": merchant_id, "status": "active"})


def _name_taken(taken: DeviceNameTaken) -> ProblemError:
    """409: the code is not used; asking again with another name (the suggested one, say)
    grants the same device."""
    return ProblemError(
        409,
        "device_name_taken",
        f"another active device of this merchant is named {taken.name!r}; choose another name",
        device_name=taken.name,
        suggested_name=taken.suggestion,
    )


@router.post(
    "/devices/{device_id}/journal",
    tags=["devices"],
    response_model=JournalPushOut,
    summary="Push journal events",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/JournalPushIn"}}
            },
        }
    },
    responses={
        **AUTH_ERRORS,
        409: {"model": JournalConflictOut, "description": "journal_conflict"},
        413: {"model": Problem, "description": "batch_too_large"},
        422: {"model": Problem, "description": "invalid_event"},
        429: {"model": Problem, "description": "too_many_pushes (Retry-After: seconds)"},
    },
)
async def push(request: Request, device: Annotated[Device, Depends(path_device)]) -> Response:
    """1..500 events in ascending seq, applied in order in one savepoint (one per event only
    after a token race); see docs/protocol.md "Journal push"."""
    state = request.app.state
    wait = state.push_limiter.take(device.device_id, state.clock().timestamp())
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        raise ProblemError(
            429,
            "too_many_pushes",
            f"this device pushes faster than the server takes; retry in {seconds} s",
            headers={"Retry-After": str(seconds)},
        )
    # Over MAX_BODY_BYTES never gets here: BodyLimitMiddleware answers 413 while streaming.
    raw = await request.body()
    try:
        report = await run_in_threadpool(
            push_journal, state.engine, device.device_id, raw, state.clock()
        )
    except BatchTooLarge as exc:
        raise ProblemError(413, "batch_too_large", str(exc), count=exc.count) from None
    except InvalidEvent as exc:
        extra = {"index": exc.index, "seq": exc.seq} if exc.index is not None else {}
        raise ProblemError(422, "invalid_event", exc.detail, **extra) from None
    if report.conflict is not None:
        conflict = report.conflict
        raise ProblemError(
            409,
            "journal_conflict",
            f"{conflict.reason} at seq {conflict.conflict_seq};"
            f" the server expects seq {conflict.expected_seq}",
            expected_seq=conflict.expected_seq,
            reason=conflict.reason,
            conflict_seq=conflict.conflict_seq,
            results=report.results,
            last_seq=report.last_seq,
        )
    return _json({"results": report.results, "last_seq": report.last_seq})


@router.get(
    "/devices/{device_id}/changes",
    tags=["devices"],
    response_model=ChangesOut,
    summary="Changes for this device's merchant",
    responses={**AUTH_ERRORS, 422: {"model": Problem, "description": "invalid_cursor"}},
)
async def changes(
    request: Request,
    device: Annotated[Device, Depends(path_device)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    after: Annotated[
        str | None, Query(description="The cursor of the last applied page; omit or 0: snapshot")
    ] = None,
    wait: Annotated[
        int, Query(ge=0, le=MAX_WAIT_SECONDS, description="Hold up to this many seconds")
    ] = 0,
) -> Response:
    """Omitted or `0` cursor: a snapshot (one change of each state type, and the notices).
    Otherwise the changes after the cursor, oldest first, at most 500 per page."""
    state = request.app.state
    try:
        page = await wait_for_page(state.engine, device.merchant_id, after, wait, state.clock)
    except InvalidCursor as exc:
        raise ProblemError(422, "invalid_cursor", str(exc)) from None
    if wait:
        token = credentials.credentials if credentials else None
        await run_in_threadpool(still_authorised, state.engine, device, token)
    return _json({"cursor": page.cursor, "changes": page.changes})


@customer_router.post(
    "/wallets/{wallet_id}/codes",
    tags=["customer (demo)"],
    status_code=201,
    response_model=CodeOut,
    summary="Mint a customer payment code",
    responses={
        404: {"model": Problem, "description": "wallet_unknown"},
        503: {"model": Problem, "description": "no_signing_key"},
    },
)
def issue_code(
    wallet_id: str, request: Request, payload: Annotated[CodeIn | None, Body()] = None
) -> Response:
    """What the customer's app shows (demos and tests). A production issuer would
    authenticate the wallet's owner; the reference server does not."""
    options = payload or CodeIn()
    try:
        minted = mint_code(
            request.app.state.engine,
            wallet_id,
            request.app.state.clock(),
            # The issuer decides what it stands behind offline, not the caller.
            offline_limit=min(options.offline_limit, request.app.state.max_offline_limit),
            ttl_seconds=options.ttl_seconds,
        )
    except WalletUnknown:
        raise ProblemError(404, "wallet_unknown", f"no wallet {wallet_id}") from None
    except NoSigningKey:
        raise ProblemError(
            503, "no_signing_key", "no issuer key is active; an operator must add one"
        ) from None
    return _json(minted.to_json(), 201)
