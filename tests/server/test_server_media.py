"""The media store: PUT/HEAD/GET /v1/media/{sha256}, hash-checked, 2 MiB at most, idempotent."""

from __future__ import annotations

import pytest
from server_support import Harness, PosDevice, assert_problem, jpeg, sha256_hex

from central_server.media import MAX_MEDIA_BYTES

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))


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


def test_png_is_accepted_too(device: PosDevice):
    response = device.upload(PNG, "image/png")
    assert response.status_code == 201, response.text
    assert response.json()["content_type"] == "image/png"


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
