"""App versions at the server: each device's reported version kept (only when it changes),
``publish-version`` checked and carried by the changes feed, ``devices`` listing both.

The header arriving from the real POS over a real sync is in
``tests/integration/test_app_updates.py``.
"""

from __future__ import annotations

import json

import pytest
from server_support import Harness

from central_server import admin
from central_server.cli import main
from pos_app.domain.app_version import VERSION_HEADER

SHA = "0123456789abcdef" * 4
URL = "https://pay.cheongju.go.kr/pos/cjpay-pos-setup-1.4.0.exe"


def versions(harness: Harness) -> dict[str, tuple[str | None, str | None]]:
    return {
        row["device_id"]: (row["app_version"], row["app_version_since"])
        for row in admin.list_devices(harness.engine)
    }


def test_a_device_s_version_is_kept_when_it_changes(harness: Harness) -> None:
    device = harness.enrol()
    other = harness.enrol(name="POS-02")
    assert versions(harness)[device.device_id] == (None, None)

    def sync(said: str | None) -> None:
        headers = dict(device.headers)
        if said is not None:
            headers[VERSION_HEADER] = said
        response = harness.client.get(f"/v1/devices/{device.device_id}/changes", headers=headers)
        assert response.status_code == 200, response.text  # never refused for its version

    sync("1.2.0")
    first = versions(harness)[device.device_id]
    assert first[0] == "1.2.0" and first[1] is not None
    harness.clock.advance(60)
    sync("1.2.0")
    assert versions(harness)[device.device_id] == first  # the same version: no write
    for unusable in (None, "", "v1.3", "x" * 40):
        sync(unusable)
        assert versions(harness)[device.device_id] == first
    sync("1.4.0")
    now = versions(harness)[device.device_id]
    assert now[0] == "1.4.0" and now[1] != first[1]
    assert versions(harness)[other.device_id] == (None, None)  # only the caller's row


def test_publish_version_is_checked_then_reaches_every_device(
    harness: Harness, capsys: pytest.CaptureFixture[str]
) -> None:
    device = harness.enrol()
    url = ["--database-url", str(harness.engine.url.render_as_string(hide_password=False))]
    snapshot = device.changes().json()
    assert {"type": "app_release", "data": None} in snapshot["changes"]

    good = ["--latest", "1.4.0", "--minimum", "1.2.0", "--url", URL, "--sha256", SHA]
    refusals = {
        "not a version": ["--latest", "v1.4", *good[2:]],
        "newer than the latest": ["--latest", "1.1.0", *good[2:]],
        "https": [*good[:5], "http://pay.cheongju.go.kr/setup.exe", *good[6:]],
        "64 hexadecimal": [*good[:7], SHA[:-1]],
    }
    for says, args in refusals.items():
        assert main([*url, "publish-version", *args]) == 2, says
        assert says in capsys.readouterr().err
    assert device.changes(snapshot["cursor"]).json()["changes"] == []  # nothing went out

    assert main([*url, "publish-version", *good[:7], SHA.upper()]) == 0
    published = json.loads(capsys.readouterr().out)
    assert published == {
        "latest": "1.4.0",
        "minimum": "1.2.0",
        "url": URL,
        "sha256": SHA,
        "published_at": published["published_at"],
    }
    page = device.changes(snapshot["cursor"]).json()
    assert page["changes"] == [{"type": "app_release", "data": published}]
    assert {"type": "app_release", "data": published} in device.changes().json()["changes"]

    assert main([*url, "devices", "--merchant-id", harness.seed["merchant_id"]]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["device_id"] == device.device_id and listed["revoked"] is False
    assert main([*url, "devices", "--merchant-id", "M-NOPE"]) == 2
