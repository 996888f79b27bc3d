"""``/v1/media/{sha256}``: devices upload listing photos; anyone may fetch them."""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends, Path, Request, Response
from starlette.concurrency import run_in_threadpool

from central_server.auth import Device, token_device
from central_server.media import (
    SIGNATURES,
    MediaRefused,
    media_bytes,
    media_info,
    store_media,
)
from central_server.models import MediaOut, Problem
from central_server.problems import ProblemError
from central_server.responses import json_response

router = APIRouter(prefix="/v1/media", tags=["media"])

Sha256Path = Annotated[
    str, Path(pattern="^[0-9a-f]{64}$", description="SHA-256 of the bytes, lower-case hex")
]
#: A photo never changes under its hash: caches may keep it for good.
_IMMUTABLE: Final = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
    # Opened directly, a photo is a document: it may run, load and embed nothing.
    "Content-Security-Policy": "default-src 'none'",
}


@router.put(
    "/{sha256}",
    status_code=201,
    response_model=MediaOut,
    summary="Upload a photo under its SHA-256",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                content_type: {"schema": {"type": "string", "format": "binary"}}
                for content_type in SIGNATURES
            },
        }
    },
    responses={
        200: {"model": MediaOut, "description": "Already held (the upload is idempotent)."},
        401: {"model": Problem, "description": "Missing, unknown or revoked device token."},
        413: {"model": Problem, "description": "media_too_large (over 2 MiB)"},
        415: {"model": Problem, "description": "unsupported_media_type (JPEG or PNG only)"},
        422: {
            "model": Problem,
            "description": "media_hash_mismatch | media_unreadable (not a readable JPEG/PNG "
            "header, or more than 4096x4096 pixels)",
        },
    },
)
async def put_media(
    sha256: Sha256Path, request: Request, device: Annotated[Device, Depends(token_device)]
) -> Response:
    """The body is the photo's bytes, `Content-Type: image/jpeg` or `image/png`.
    `201` when stored now, `200` when it was already held."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in SIGNATURES:
        raise ProblemError(
            415, "unsupported_media_type", "send Content-Type: image/jpeg or image/png"
        )
    # Over MAX_MEDIA_BYTES never gets here: BodyLimitMiddleware answers 413 while streaming.
    data = await request.body()
    state = request.app.state
    try:
        info, created = await run_in_threadpool(
            lambda: store_media(
                state.engine,
                sha256,
                content_type,
                data,
                device_id=device.device_id,
                now=state.clock(),
            )
        )
    except MediaRefused as exc:
        status = 415 if exc.code == "unsupported_media_type" else 422
        raise ProblemError(status, exc.code, str(exc)) from None
    return json_response(info.to_json(), 201 if created else 200)


def _unknown(sha256: str) -> ProblemError:
    return ProblemError(404, "media_unknown", f"no photo {sha256}")


_PUBLIC_RESPONSES: Final[dict[int | str, dict[str, Any]]] = {
    404: {"model": Problem, "description": "media_unknown"}
}


@router.head("/{sha256}", summary="Is this photo held?", responses=_PUBLIC_RESPONSES)
def head_media(sha256: Sha256Path, request: Request) -> Response:
    """`200` (with its type and length) or `404`: what a device asks before uploading."""
    info = media_info(request.app.state.engine, sha256)
    if info is None:
        raise _unknown(sha256)
    return Response(
        status_code=200,
        media_type=info.content_type,
        headers={**_IMMUTABLE, "Content-Length": str(info.size), "ETag": f'"{sha256}"'},
    )


@router.get(
    "/{sha256}",
    summary="Fetch a photo",
    response_class=Response,
    responses={
        200: {
            "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in SIGNATURES}
        },
        **_PUBLIC_RESPONSES,
    },
)
def get_media(sha256: Sha256Path, request: Request) -> Response:
    """Public: the shop shows listing photos."""
    found = media_bytes(request.app.state.engine, sha256)
    if found is None:
        raise _unknown(sha256)
    content_type, data = found
    return Response(
        content=data, media_type=content_type, headers={**_IMMUTABLE, "ETag": f'"{sha256}"'}
    )
