"""The media store: PUT/HEAD/GET /v1/media/{sha256}, hash-checked, 2 MiB at most, idempotent."""

from __future__ import annotations

import struct
import zlib

import pytest
from server_support import Harness, PosDevice, assert_problem, jpeg, png, sha256_hex

from central_server.media import MAX_MEDIA_BYTES

PNG = png()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A few hundred bytes whose IHDR claims width x height (900 megapixels): decoding it
    would need gigabytes; only reading the header is safe."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 4096, 9)  # far too few rows: never meant to be decoded
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")
    )


@pytest.fixture
def device(harness: Harness) -> PosDevice:
    return harness.enrol()


def test_a_photo_is_stored_once_and_served_to_anyone(harness: Harness, device: PosDevice):
    photo = jpeg("사과", 5_000)
    digest = sha256_hex(photo)
    assert harness.client.head(f"/v1/media/{digest}").status_code == 404
    first = device.upload(photo)
    assert first.status_code == 201, first.text
    assert first.json() == {"sha256": digest, "content_type": "image/jpeg", "size": 5_000}
    again = device.upload(photo)
    assert again.status_code == 200  # already held: the upload is idempotent
    assert again.json() == first.json()
    head = harness.client.head(f"/v1/media/{digest}")
    assert head.status_code == 200
    assert head.headers["content-length"] == "5000"
    assert head.headers["content-type"] == "image/jpeg"
    got = harness.client.get(f"/v1/media/{digest}")  # no token: listings show photos
    assert got.status_code == 200
    assert got.content == photo
    assert got.headers["content-type"] == "image/jpeg"
    assert got.headers["etag"] == f'"{digest}"'
    assert "immutable" in got.headers["cache-control"]
    # Opened directly in a browser, the bytes can neither be sniffed as a page nor run one.
    for response in (head, got):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-security-policy"] == "default-src 'none'"


def test_png_is_accepted_too(harness: Harness, device: PosDevice):
    response = device.upload(PNG, "image/png")
    assert response.status_code == 201, response.text
    assert response.json()["content_type"] == "image/png"
    got = harness.client.get(f"/v1/media/{sha256_hex(PNG)}")
    assert got.content == PNG
    assert got.headers["content-type"] == "image/png"
    assert got.headers["content-security-policy"] == "default-src 'none'"


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (b"\x89PNG\r\n\x1a\n<html><script>alert(document.cookie)</script></html>", "image/png"),
        (b"\xff\xd8\xff\xe0<html><script>alert(document.cookie)</script></html>", "image/jpeg"),
        (PNG[:40], "image/png"),  # a real header cut short
        (bomb_png(), "image/png"),
        (bomb_png(4097, 4096), "image/png"),  # one column over the cap
    ],
    ids=["html-png-magic", "html-jpeg-magic", "truncated", "bomb-30000", "just-over-cap"],
)
def test_the_right_magic_is_not_enough(
    harness: Harness, device: PosDevice, data: bytes, content_type: str
):
    assert len(data) < 1_000
    response = harness.client.put(
        f"/v1/media/{sha256_hex(data)}",
        content=data,
        headers={**device.headers, "Content-Type": content_type},
    )
    assert_problem(response, 422, "media_unreadable")
    assert harness.client.head(f"/v1/media/{sha256_hex(data)}").status_code == 404


@pytest.mark.parametrize("size", [(30_000, 30_000), (4097, 4096)], ids=["bomb", "just-over"])
def test_a_photo_with_too_many_pixels_is_told_so(
    harness: Harness, device: PosDevice, size: tuple[int, int]
):
    """A help desk reading the refusal learns the photo is too big, not that it is broken."""
    data = bomb_png(*size)
    response = harness.client.put(
        f"/v1/media/{sha256_hex(data)}",
        content=data,
        headers={**device.headers, "Content-Type": "image/png"},
    )
    assert_problem(response, 422, "media_unreadable")
    assert "pixels" in response.json()["detail"]


def test_a_photo_at_the_pixel_cap_is_stored(device: PosDevice):
    # The header check alone decides: this one is at the cap (its rows are not all there).
    assert device.upload(bomb_png(4096, 4096), "image/png").status_code == 201


def test_bytes_that_do_not_hash_to_the_path_are_refused(harness: Harness, device: PosDevice):
    photo = jpeg("원본")
    other = sha256_hex(jpeg("다른 사진"))
    response = harness.client.put(
        f"/v1/media/{other}",
        content=photo,
        headers={**device.headers, "Content-Type": "image/jpeg"},
    )
    assert_problem(response, 422, "media_hash_mismatch")
    assert harness.client.head(f"/v1/media/{other}").status_code == 404
    assert harness.client.head(f"/v1/media/{sha256_hex(photo)}").status_code == 404


def test_the_size_limit_is_2_mib(harness: Harness, device: PosDevice):
    assert device.upload(jpeg("꽉 찬", MAX_MEDIA_BYTES)).status_code == 201
    too_big = jpeg("넘친", MAX_MEDIA_BYTES + 1)
    body = assert_problem(device.upload(too_big), 413, "media_too_large")
    assert "2097152" in body["detail"]
    assert harness.client.head(f"/v1/media/{sha256_hex(too_big)}").status_code == 404


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (jpeg("x"), "text/html"),
        (jpeg("x"), ""),
        (PNG, "image/jpeg"),  # the bytes are not what the header says
        (b"<html><script>alert(1)</script></html>", "image/jpeg"),
    ],
)
def test_only_jpeg_and_png_bytes_are_stored(
    harness: Harness, device: PosDevice, data: bytes, content_type: str
):
    headers = {**device.headers, "Content-Type": content_type}
    response = harness.client.put(f"/v1/media/{sha256_hex(data)}", content=data, headers=headers)
    assert_problem(response, 415, "unsupported_media_type")
    assert harness.client.head(f"/v1/media/{sha256_hex(data)}").status_code == 404


def test_uploading_needs_a_device_token(harness: Harness):
    photo = jpeg()
    response = harness.client.put(
        f"/v1/media/{sha256_hex(photo)}", content=photo, headers={"Content-Type": "image/jpeg"}
    )
    assert_problem(response, 401, "unauthorized")
    response = harness.client.put(
        f"/v1/media/{sha256_hex(photo)}",
        content=photo,
        headers={"Content-Type": "image/jpeg", "Authorization": "Bearer nope"},
    )
    assert_problem(response, 401, "unauthorized")


@pytest.mark.parametrize("path", ["ABC", "A" * 64, "g" * 64, "a" * 65, "%00" + "a" * 61])
def test_a_path_that_is_not_a_sha256_is_422(harness: Harness, device: PosDevice, path: str):
    assert_problem(harness.client.get(f"/v1/media/{path}"), 422, "invalid_request")
    response = harness.client.put(
        f"/v1/media/{path}",
        content=jpeg(),
        headers={**device.headers, "Content-Type": "image/jpeg"},
    )
    assert_problem(response, 422, "invalid_request")


def test_an_unknown_photo_is_404(harness: Harness):
    assert_problem(harness.client.get(f"/v1/media/{'0' * 64}"), 404, "media_unknown")
