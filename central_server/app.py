"""The FastAPI application: ``create_app(database_url, clock=...)``.

The app does not migrate the database (``init-db`` and ``serve`` do, see
``central_server.migrate``); it only connects to it. One engine per app.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from central_server import admin_routes, media_routes, mpm_routes, shop_routes
from central_server.body_limit import BodyLimitMiddleware
from central_server.db import create_db_engine
from central_server.enrolment import PENDING_GRANT_TTL
from central_server.issuance import MAX_OFFLINE_LIMIT
from central_server.models import JournalPushIn
from central_server.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers
from central_server.rate_limits import DEFAULT_PUSH_RATE, PushLimiter, PushRate
from central_server.routes import customer_router, router
from central_server.server_time import ServerTimeMiddleware
from pos_app.domain.clock import Clock, system_clock

API_VERSION = "1"
DESCRIPTION = """\
Reference central server for the Cheongju Pay (청주페이) merchant POS: the exact
**Sync API v1** of `docs/protocol.md`.

* Devices enrol with a single-use code and then authenticate with
  `Authorization: Bearer <device_token>`.
* A device pushes its hash-chained journal; payments are re-verified and settled
  (approval number, cashback, balance) or declined with a stable code.
* A device polls (or long-polls) the changes feed for its merchant's profile,
  policies, the issuer keys and notices, online orders and listing reviews.
* Catalogue, stock movements, listings and online orders travel as journal events;
  stock is the sum of movements, each applied once by its id.

Every error is `application/problem+json` (RFC 9457) with a stable `code`.
"""


def create_app(
    database_url: str,
    *,
    clock: Clock | None = None,
    pending_grant_ttl: timedelta = PENDING_GRANT_TTL,
    demo: bool = False,
    max_offline_limit: int = MAX_OFFLINE_LIMIT,
    admin_token: str | None = None,
    push_rate: PushRate = DEFAULT_PUSH_RATE,
) -> FastAPI:
    """``pending_grant_ttl``: how long an enrolment's token may wait for its confirm.

    ``demo``: also mount the customer's routes (mint a wallet's payment code, pay a merchant
    QR, order from the shop). They trust whoever calls with a wallet id, so a production
    server (the default) answers 404 for them.
    ``max_offline_limit``: the most a minted code stands behind offline (won); a request for
    more gets this much.
    ``admin_token``: what ``/v1/admin`` requires as a bearer token; None refuses it all.
    ``push_rate``: each device's journal pushes, per process (429 beyond it)."""
    app = FastAPI(
        title="Cheongju Pay central server (reference)",
        summary="Sync API v1 for the Cheongju Pay POS",
        description=DESCRIPTION,
        version=API_VERSION,
        openapi_tags=[
            {"name": "public", "description": "No authentication."},
            {"name": "devices", "description": "Enrolment, then device-token calls."},
            {"name": "media", "description": "Listing photos by SHA-256 (upload: device)."},
            {
                "name": "customer (demo)",
                "description": "What the customer's app does; `serve --demo` only (else 404).",
            },
            {
                "name": "admin",
                "description": "The city's back office: the admin token, loopback clients only.",
            },
        ],
    )
    app.state.engine = create_db_engine(database_url)
    app.state.clock = clock or system_clock
    app.state.pending_grant_ttl = pending_grant_ttl
    app.state.demo = demo
    app.state.max_offline_limit = max_offline_limit
    app.state.push_limiter = PushLimiter(push_rate)
    app.state.admin_token_sha256 = (
        None if admin_token is None else admin_routes.admin_token_digest(admin_token)
    )
    install_problem_handlers(app)
    # Inside the clock stamp (a 413 carries X-Server-Time-Ms too), outside every route.
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(ServerTimeMiddleware, clock=app.state.clock)
    app.include_router(router)
    app.include_router(media_routes.router)
    app.include_router(shop_routes.router)
    app.include_router(admin_routes.router)
    app.include_router(mpm_routes.router)
    if demo:
        app.include_router(customer_router)
        app.include_router(shop_routes.customer_router)
        app.include_router(mpm_routes.customer_router)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
        )
        # The push body is parsed by hand (speed); publish its model all the same.
        push = JournalPushIn.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(push.pop("$defs", {}))
        components["JournalPushIn"] = push
        _problem_media_types(schema)
        app.openapi_schema = schema
    return app.openapi_schema


def _problem_media_types(schema: dict[str, Any]) -> None:
    """Error responses are ``application/problem+json``, as the handlers send them."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status[:1] in "45" and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
