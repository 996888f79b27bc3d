"""``/v1/admin``: the city's back office, on this machine only.

Refused (403) unless the client is a loopback address and the request came straight to the
server: behind a reverse proxy every request arrives from loopback, so a request carrying
``Forwarded`` / ``X-Forwarded-For`` is refused too. The same actions are CLI commands.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from central_server.listings import review_listing
from central_server.models import ListingStatusOut, Problem, ReviewIn
from central_server.problems import ProblemError
from central_server.responses import json_response
from pos_app.domain.addresses import is_loopback_host

_PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-real-ip")


def _is_loopback(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return is_loopback_host(host)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 from a dual-stack socket
    return address.is_loopback


def loopback_only(request: Request) -> None:
    """FastAPI dependency: 403 unless a loopback client called us directly."""
    host = request.client.host if request.client else ""
    if not _is_loopback(host) or any(name in request.headers for name in _PROXY_HEADERS):
        raise ProblemError(403, "forbidden", "the admin API answers clients on this machine only")


router = APIRouter(prefix="/v1/admin", tags=["admin"], dependencies=[Depends(loopback_only)])


@router.post(
    "/listings/{listing_id}/review",
    response_model=ListingStatusOut,
    summary="Publish or reject a submitted listing",
    responses={
        403: {"model": Problem, "description": "forbidden: not a loopback client"},
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
