"""Every error is ``application/problem+json`` (RFC 9457) with a stable ``code``.

``type`` is ``https://cjpay.invalid/problems/<code>``. Errors raised by FastAPI
and Starlette themselves (unknown path, wrong method, request validation) are
converted too, so a client never has to parse two error shapes. A database
that is busy or unreachable is a ``503`` with ``Retry-After``: the POS retries.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE: Final = "application/problem+json"
TYPE_BASE: Final = "https://cjpay.invalid/problems/"
RETRY_AFTER_SECONDS: Final = 1

_log = logging.getLogger("central_server")

_CODE_FOR_STATUS: Final = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


class ProblemError(Exception):
    """Raise from a route to answer with a problem; ``extra`` adds members (RFC 9457 §3.2)."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        title: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.headers = headers or {}
        self.extra = extra


def problem_response(
    status: int,
    code: str,
    detail: str,
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    body = {
        "type": TYPE_BASE + code,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "code": code,
        "detail": detail,
        **extra,
    }
    all_headers = dict(headers or {})
    if status in (429, 503):
        all_headers.setdefault("Retry-After", str(RETRY_AFTER_SECONDS))
    return Response(
        content=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=all_headers,
    )


async def _problem_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProblemError)
    return problem_response(
        exc.status, exc.code, exc.detail, title=exc.title, headers=exc.headers, **exc.extra
    )


async def _http_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = _CODE_FOR_STATUS.get(exc.status_code, f"http_{exc.status_code}")
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    return problem_response(exc.status_code, code, detail, headers=dict(exc.headers or {}))


async def _validation_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "loc": list(error.get("loc", ())),
            "msg": str(error.get("msg", "")),
            "type": error.get("type"),
        }
        for error in exc.errors()
    ]
    first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(part) for part in first["loc"])
    return problem_response(
        422, "invalid_request", f"{where}: {first['msg']}" if where else first["msg"], errors=errors
    )


def _is_overflow(exc: Exception) -> bool:
    """SQLite reports an overflowing SUM as an OperationalError, like a busy database."""
    return "integer overflow" in str(getattr(exc, "orig", exc)).lower()


async def _database_unavailable(request: Request, exc: Exception) -> Response:
    if _is_overflow(exc):
        # Not transient: the same data overflows again, so "retry" would be a lie that
        # keeps every client retrying forever. A bug to fix, answered as one.
        return await _unexpected(request, exc)
    # Busy (SQLite lock wait ran out), a PostgreSQL restart, a deadlock victim: all
    # transient from the client's side, and the push is safe to retry.
    _log.warning("database unavailable: %s", exc)
    return problem_response(503, "unavailable", "the database is busy or unavailable; retry")


async def _unexpected(_request: Request, exc: Exception) -> Response:
    _log.exception("unhandled error", exc_info=exc)
    return problem_response(500, "internal_error", "internal server error")


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ProblemError, _problem_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(Exception, _unexpected)
