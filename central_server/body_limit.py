"""One streamed request-body limit for every route, enforced before any route reads a byte.

A route that calls ``request.body()`` (or lets FastAPI parse a model) reads the whole body
into memory first, so a per-route length check comes too late: a 200 MB body to an
unauthenticated route is already in memory when it is refused. This plain ASGI middleware
refuses a declared ``Content-Length`` over the route's limit without reading anything, and
counts a chunked body as it arrives, answering ``413`` the moment the limit is passed; the
route then sees a disconnected client and whatever it does is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from central_server.event_shape import MAX_BODY_BYTES
from central_server.media import MAX_MEDIA_BYTES
from central_server.problems import problem_response

Scope = dict[str, Any]
Message = dict[str, Any]

#: Every other body is a small JSON document (enrolment, a review, a payment request).
DEFAULT_MAX_BYTES: Final = 64 * 1024


@dataclass(frozen=True)
class BodyLimit:
    max_bytes: int
    code: str
    detail: str


_DEFAULT: Final = BodyLimit(
    DEFAULT_MAX_BYTES, "payload_too_large", f"the body is over {DEFAULT_MAX_BYTES} bytes"
)
# (method, path pattern, limit); the codes are the ones the protocol already documents.
_ROUTE_LIMITS: Final = (
    (
        "POST",
        re.compile(r"/v1/devices/[^/]+/journal"),
        BodyLimit(MAX_BODY_BYTES, "batch_too_large", f"the body is over {MAX_BODY_BYTES} bytes"),
    ),
    (
        "PUT",
        re.compile(r"/v1/media/[^/]+"),
        BodyLimit(
            MAX_MEDIA_BYTES, "media_too_large", f"a photo is at most {MAX_MEDIA_BYTES} bytes"
        ),
    ),
)


def limit_for(method: str, path: str) -> BodyLimit:
    for route_method, pattern, limit in _ROUTE_LIMITS:
        if method == route_method and pattern.fullmatch(path):
            return limit
    return _DEFAULT


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length" and value.isdigit():
            return int(value)
    return None


class BodyLimitMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["method"], scope["path"])
        declared = _declared_length(scope)
        if declared is not None and declared > limit.max_bytes:
            await self._refuse(limit, scope, receive, send)
            return

        received = 0
        refused = False
        response_started = False

        async def counted_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message: Message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit.max_bytes:
                    refused = True
                    if not response_started:
                        await self._refuse(limit, scope, receive, send)
                    # The route stops reading: to it, the client has gone.
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal response_started
            if refused:
                return  # the 413 is the answer; the route's reaction to the "disconnect" is not
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            if not refused:
                raise
            # The route failed on the "disconnect" we made up after answering 413.

    @staticmethod
    async def _refuse(limit: BodyLimit, scope: Scope, receive: Any, send: Any) -> None:
        response = problem_response(413, limit.code, limit.detail, max_bytes=limit.max_bytes)
        # Connection: close, so the server does not try to read the rest of the body.
        response.headers["Connection"] = "close"
        await response(scope, receive, send)
