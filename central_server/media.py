"""The media store: listing photos, addressed by the SHA-256 of their bytes.

The device resizes and compresses a photo, uploads it under its hash, and only then pushes
the listing that names it. The hash is the key, so an upload is idempotent and a stored
photo can never change; the bytes must be the JPEG or PNG they claim to be, since anyone
may fetch them (listings show them) and nothing else should be served from here.

A file that merely starts with the right magic is not enough: Pillow must read it as that
format from its header, and the header's pixel count must be within MAX_PIXELS, so neither
an HTML page behind a PNG signature nor a decompression bomb is kept. Only the header (and,
for PNG, the chunk checksums) is read; the pixels are never decoded here.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from PIL import Image, UnidentifiedImageError
from sqlalchemy import Engine, select

from central_server.db import per_dialect, read_transaction, write_transaction
from central_server.schema import media

MAX_MEDIA_BYTES: Final = 2 * 1024 * 1024
#: Accepted types and the bytes each file of that type starts with.
SIGNATURES: Final = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
#: The Pillow format name each accepted type must be read as.
_FORMATS: Final = {"image/jpeg": "JPEG", "image/png": "PNG"}
#: The most pixels a stored photo may have (4096 x 4096): devices send at most 1280 px on
#: the long side, and a shop page must be able to decode every photo it is sent.
MAX_PIXELS: Final = 4096 * 4096


class MediaRefused(ValueError):
    """``code`` is the problem code: media_hash_mismatch | unsupported_media_type |
    media_unreadable (the right magic, but not an image of that type within MAX_PIXELS)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


@dataclass(frozen=True)
class MediaInfo:
    sha256: str
    content_type: str
    size: int

    def to_json(self) -> dict[str, str | int]:
        return {"sha256": self.sha256, "content_type": self.content_type, "size": self.size}


_INSERT_ONCE: Final = per_dialect(
    lambda insert: (
        insert(media)
        .on_conflict_do_nothing(index_elements=[media.c.sha256])
        .returning(media.c.sha256)
    )  # a row only if this call inserted (rowcount is not portable)
)


def check_media(sha256: str, content_type: str, data: bytes) -> None:
    """Raise MediaRefused unless ``data`` hashes to ``sha256`` and is of ``content_type``."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise MediaRefused("media_hash_mismatch", "the bytes do not hash to the path's SHA-256")
    signature = SIGNATURES.get(content_type)
    if signature is None or not data.startswith(signature):
        raise MediaRefused(
            "unsupported_media_type", f"the bytes are not a {content_type} file (JPEG or PNG)"
        )
    _check_image_header(content_type, data)


def _check_image_header(content_type: str, data: bytes) -> None:
    """Read the header only; refuse what is not a readable image within MAX_PIXELS."""
    try:
        with warnings.catch_warnings():
            # Pillow warns (not raises) between its own limit and twice it; ours is lower.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[_FORMATS[content_type]]) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise MediaRefused(
                        "media_unreadable",
                        f"the photo is {width}x{height}; at most {MAX_PIXELS} pixels",
                    )
                image.verify()  # PNG: every chunk's CRC; no pixel is decoded
    except MediaRefused:
        raise
    except Image.DecompressionBombError as exc:
        # Pillow refuses a header far past its own limit before we see the size.
        raise MediaRefused(
            "media_unreadable", f"the photo has more than {MAX_PIXELS} pixels"
        ) from exc
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ) as exc:
        raise MediaRefused(
            "media_unreadable", f"the bytes are not a readable {content_type} image"
        ) from exc


def store_media(
    engine: Engine,
    sha256: str,
    content_type: str,
    data: bytes,
    *,
    device_id: str | None,
    now: datetime,
) -> tuple[MediaInfo, bool]:
    """Check and store; returns the stored media and whether this call stored it."""
    check_media(sha256, content_type, data)
    with write_transaction(engine) as conn:
        inserted = conn.execute(
            _INSERT_ONCE[conn.dialect.name],
            {
                "sha256": sha256,
                "content_type": content_type,
                "size": len(data),
                "data": data,
                "device_id": device_id,
                "created_at": now,
            },
        ).first()
    return MediaInfo(sha256, content_type, len(data)), inserted is not None


def media_info(engine: Engine, sha256: str) -> MediaInfo | None:
    with read_transaction(engine) as conn:
        row = conn.execute(
            select(media.c.content_type, media.c.size).where(media.c.sha256 == sha256)
        ).first()
    return MediaInfo(sha256, row.content_type, row.size) if row else None


def media_bytes(engine: Engine, sha256: str) -> tuple[str, bytes] | None:
    """(content type, bytes), or None when not held."""
    with read_transaction(engine) as conn:
        row = conn.execute(
            select(media.c.content_type, media.c.data).where(media.c.sha256 == sha256)
        ).first()
    return (row.content_type, bytes(row.data)) if row else None
