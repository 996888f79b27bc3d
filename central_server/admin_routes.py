"""``/v1/admin``: the city's back office, for whoever holds the admin token.

"On this machine" is no credential: a TCP relay or a TLS terminator in TCP mode makes any
client look local. So every admin request carries ``Authorization: Bearer <admin token>``,
the token the operator gave ``serve`` (``--admin-token-file`` or ``$CJPAY_ADMIN_TOKEN``);
a server started without one refuses every admin request. The loopback check stays as a
second fence (a leaked token is no use from another machine unless a proxy is in the way),
and a request carrying ``Forwarded`` / ``X-Forwarded-For`` is refused too. The same actions
are CLI commands, which need no HTTP at all.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from typing import Annotated, Final

from fastapi import APIRouter, Depends, Path, Request, Response

from central_server.listings import review_listing
from central_server.models import ListingStatusOut, Problem, ReviewIn
from central_server.problems import ProblemError
from central_server.responses import json_response
from pos_app.domain.addresses import is_loopback_host

_PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")
ENV_ADMIN_TOKEN: Final = "CJPAY_ADMIN_TOKEN"
#: Shorter tokens are refused at start: the token is the admin API's only secret.
MIN_ADMIN_TOKEN_LENGTH: Final = 24


def admin_token_digest(token: str) -> bytes:
    """What the app keeps of the token: equal-length digests make the comparison
    constant-time whatever the presented token's length."""
    return hashlib.sha256(token.encode("utf-8")).digest()


def _is_loopback(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return is_loopback_host(host)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 from a dual-stack socket
    return address.is_loopback


def admin_only(request: Request) -> None:
    """FastAPI dependency: the admin token, from a loopback client that called us directly.

    No token configured: 403 ``admin_disabled``; no ``Authorization``: 401; a wrong token
    or a non-local caller: 403 ``forbidden``."""
    expected: bytes | None = request.app.state.admin_token_sha256
    if expected is None:
        raise ProblemError(403, "admin_disabled", "this server was started without an admin token")
    host = request.client.host if request.client else ""
    if not _is_loopback(host) or any(name in request.headers for name in _PROXY_HEADERS):
        raise ProblemError(403, "forbidden", "the admin API answers clients on this machine only")
    scheme, _, presented = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        raise ProblemError(
            401,
            "unauthorized",
            "the admin token is required (Authorization: Bearer ...)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not hmac.compare_digest(admin_token_digest(presented.strip()), expected):
        raise ProblemError(403, "forbidden", "wrong admin token")


router = APIRouter(prefix="/v1/admin", tags=["admin"], dependencies=[Depends(admin_only)])


@router.post(
    "/listings/{listing_id}/review",
    response_model=ListingStatusOut,
    summary="Publish or reject a submitted listing",
    responses={
        401: {"model": Problem, "description": "unauthorized: no admin token"},
        403: {
            "model": Problem,
            "description": "forbidden (wrong token, not a loopback client) or admin_disabled",
        },
        404: {"model": Problem, "description": "listing_unknown"},
        409: {"model": Problem, "description": "listing_not_submitted"},
        422: {"model": Problem, "description": "reason_required (a rejection)"},
    },
)
def review(
    listing_id: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[^\x00]+$")],
    payload: ReviewIn,
    request: Request,
) -> Response:
    """The merchant's devices see the outcome as a `listing_status` change."""
    state = request.app.state
    return json_response(
        review_listing(
            state.engine, listing_id, payload.decision, payload.reason, now=state.clock()
        )
    )
