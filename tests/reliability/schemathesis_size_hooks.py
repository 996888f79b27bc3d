"""Schemathesis hooks: every request carries its credential (the device's token on its own
routes, or the admin token on the admin routes), and some generated bodies go out padded to
exactly their route's size limit, some one byte over it.

The padding is JSON whitespace after the generated document (or zero bytes after a binary
body), so a body at the limit means what schemathesis generated and the server has to read
and judge all of it; one byte more must be refused with 413 before it is read. Which cases
are padded depends only on the case itself (not on a counter), so shrinking and replaying a
failure pads it the same way.
"""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

import schemathesis

from central_server.body_limit import limit_for

PROBE_HEADER = "X-Size-Probe"
AT_LIMIT = "at-limit"
OVER_LIMIT = "over-limit"
#: Environment variable naming a file that gets one line per padded request, for the test to
#: see that padding happened at all.
PROBE_LOG = "SIZE_PROBE_LOG"
#: The enrolled device's token and the server's admin token, from the test.
DEVICE_TOKEN = "FUZZ_DEVICE_TOKEN"
ADMIN_TOKEN = "FUZZ_ADMIN_TOKEN"
DEVICE_ID = "FUZZ_DEVICE_ID"


def _serialized(body: Any) -> bytes | None:
    if isinstance(body, bytes):
        return body
    try:
        # What requests sends for ``json=``: its default separators, ASCII escapes.
        return json.dumps(body, allow_nan=False).encode()
    except (TypeError, ValueError):
        return None  # something schemathesis serialises its own way: left alone


def _probe_for(method: str, path: str, raw: bytes) -> str | None:
    digest = hashlib.sha256(f"{method} {path} ".encode() + raw).digest()
    return {0: AT_LIMIT, 1: OVER_LIMIT}.get(digest[0] % 3)


@schemathesis.hook
def before_call(ctx: Any, case: Any, kwargs: dict[str, Any]) -> None:
    admin = case.operation.path.startswith("/v1/admin/")
    token = os.environ[ADMIN_TOKEN if admin else DEVICE_TOKEN]
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    if case.path_parameters and "device_id" in case.path_parameters:
        # The enrolled device's own routes, so the fuzzing reaches their handlers.
        case.path_parameters = {**case.path_parameters, "device_id": os.environ[DEVICE_ID]}
    _pad(case)


def _pad(case: Any) -> None:
    if case.body is None or case.method.upper() not in {"POST", "PUT", "PATCH"}:
        return
    raw = _serialized(case.body)
    if raw is None:
        return
    path = case.formatted_path
    probe = _probe_for(case.method.upper(), path, raw)
    limit = limit_for(case.method.upper(), path).max_bytes
    if probe is None or len(raw) > limit:
        return
    size = limit if probe == AT_LIMIT else limit + 1
    filler = b"\0" if isinstance(case.body, bytes) else b" "
    case.body = raw + filler * (size - len(raw))
    case.headers = {**(case.headers or {}), PROBE_HEADER: probe}
    if log := os.environ.get(PROBE_LOG):
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{probe} {case.method.upper()} {case.operation.path} {size}\n")


def _refused_for_size(response: Any) -> bool:
    # The body limit's 413 names the limit; a 413 for too many events names the count.
    if response.status_code != 413:
        return False
    try:
        return "max_bytes" in json.loads(response.content)
    except ValueError:
        return False


@schemathesis.check
def body_limit_respected(ctx: Any, response: Any, case: Any) -> None:
    """One byte over the limit is refused for its size; a body at the limit never is."""
    probe = (case.headers or {}).get(PROBE_HEADER)
    if probe == OVER_LIMIT and not _refused_for_size(response):
        raise AssertionError(f"a body one byte over the limit got {response.status_code}")
    if probe == AT_LIMIT and _refused_for_size(response):
        raise AssertionError("a body exactly at the limit was refused as too large")
