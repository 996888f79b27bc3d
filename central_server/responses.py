"""JSON responses serialised once, directly (the push answers up to 500 results at a time)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Response


def json_response(content: Any, status_code: int = 200) -> Response:
    body = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(content=body, status_code=status_code, media_type="application/json")
