"""Routes of merchant-presented payments (EMVCo MPM); the logic is ``payment_requests``.

The POS registers, reads and cancels its requests (device token); the customer's app pays
one (unauthenticated, like the demo's code minting: a production issuer would authenticate
the wallet's owner).
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Depends, Path, Request, Response
from starlette.concurrency import run_in_threadpool

from central_server.auth import Device, path_device
from central_server.models import (
    MpmPaymentIn,
    MpmPaymentOut,
    PaymentRequestIn,
    PaymentRequestOut,
    Problem,
)
from central_server.payment_requests import (
    RequestIn,
    cancel_request,
    pay_request,
    register_request,
    request_state,
)
from central_server.responses import json_response
from central_server.routes import AUTH_ERRORS

router = APIRouter(prefix="/v1")
#: The customer's side (unauthenticated): mounted only on a demo server.
customer_router = APIRouter(prefix="/v1")

_REQUEST_ID: Final = Path(min_length=1, max_length=36, pattern="^[0-9a-f-]+$")


@router.post(
    "/devices/{device_id}/payment-requests",
    tags=["devices"],
    status_code=201,
    response_model=PaymentRequestOut,
    summary="Open a merchant-presented payment request",
    responses={
        **AUTH_ERRORS,
        200: {"model": PaymentRequestOut, "description": "Already registered with this body"},
        409: {"model": Problem, "description": "request_conflict (same id, another body)"},
        422: {"model": Problem, "description": "amount_out_of_range, amount_mismatch"},
    },
)
async def post_request(
    payload: PaymentRequestIn,
    request: Request,
    device: Annotated[Device, Depends(path_device)],
) -> Response:
    """The answer's `payload` is the dynamic merchant QR to show. Idempotent on
    `request_id`: the same body again gets the same request (200)."""
    state = request.app.state
    answer, created = await run_in_threadpool(
        register_request,
        state.engine,
        device.device_id,
        device.merchant_id,
        RequestIn(**payload.model_dump()),
        state.clock(),
    )
    return json_response(answer, 201 if created else 200)


@router.get(
    "/devices/{device_id}/payment-requests/{request_id}",
    tags=["devices"],
    response_model=PaymentRequestOut,
    summary="A payment request as it stands",
    responses={**AUTH_ERRORS, 404: {"model": Problem, "description": "request_unknown"}},
)
async def get_request(
    request: Request,
    device: Annotated[Device, Depends(path_device)],
    request_id: Annotated[str, _REQUEST_ID],
) -> Response:
    state = request.app.state
    answer = await run_in_threadpool(
        request_state, state.engine, device.device_id, request_id, state.clock()
    )
    return json_response(answer)


@router.post(
    "/devices/{device_id}/payment-requests/{request_id}/cancel",
    tags=["devices"],
    response_model=PaymentRequestOut,
    summary="Cancel a payment request",
    responses={
        **AUTH_ERRORS,
        404: {"model": Problem, "description": "request_unknown"},
        409: {"model": Problem, "description": "request_paid (with the paid state)"},
    },
)
async def post_cancel(
    request: Request,
    device: Annotated[Device, Depends(path_device)],
    request_id: Annotated[str, _REQUEST_ID],
) -> Response:
    """Cancelled (or already cancelled/expired: the same answer). If the customer paid
    first: 409 `request_paid` carrying the paid state; record the payment instead."""
    state = request.app.state
    answer = await run_in_threadpool(
        cancel_request, state.engine, device.device_id, request_id, state.clock()
    )
    return json_response(answer)


@customer_router.post(
    "/wallets/{wallet_id}/mpm-payments",
    tags=["customer (demo)"],
    response_model=MpmPaymentOut,
    summary="Pay a merchant QR's payment request from the wallet",
    responses={
        402: {"model": Problem, "description": "insufficient_balance"},
        404: {"model": Problem, "description": "wallet_unknown, request_unknown"},
        409: {
            "model": Problem,
            "description": "merchant_mismatch, amount_mismatch, request_not_open",
        },
        422: {"model": Problem, "description": "mpm_invalid (with `field`), mpm_static"},
    },
)
async def post_mpm_payment(wallet_id: str, payload: MpmPaymentIn, request: Request) -> Response:
    """What the customer's app calls after scanning the customer display's QR. Refusals
    name the QR field at fault (`field`: an EMVCo tag path such as `54` or `26.02`)."""
    state = request.app.state
    answer = await run_in_threadpool(
        pay_request, state.engine, wallet_id, payload.payload, state.clock()
    )
    return json_response(answer)
