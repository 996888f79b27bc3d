"""Every answer carries the server's clock in Unix milliseconds (``X-Server-Time-Ms``).

``Date`` has whole seconds and uvicorn fills it in when the request *arrives* (a long poll's
Date is 25 s old when it is sent). The POS sets its clock from short answers, NTP-style
(``pos_app.domain.server_clock``): this header, stamped as the answer starts, gives it the
milliseconds. A plain ASGI middleware: no body buffering, long polls untouched.
"""

from __future__ import annotations

from typing import Any

from pos_app.domain.clock import Clock

HEADER = b"x-server-time-ms"

Scope = dict[str, Any]
Message = dict[str, Any]


class ServerTimeMiddleware:
    def __init__(self, app: Any, clock: Clock) -> None:
        self.app = app
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                millis = round(self.clock().timestamp() * 1000)
                headers = [*message.get("headers", []), (HEADER, str(millis).encode())]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, stamped)
