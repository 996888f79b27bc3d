"""Notices: pinned when posted or later; every pin change reaches the devices as a notice."""

from __future__ import annotations

import json
from typing import Any

import pytest
from server_support import DEMO_MERCHANT, Harness, PosDevice

from central_server import admin
from central_server.cli import main
from central_server.state import notices_for
from pos_app.domain.change_kinds import ChangeKind


def changes(device: PosDevice, after: str | None = None) -> dict[str, Any]:
    response = device.changes(after, 0)
    assert response.status_code == 200, response.text
    return response.json()


def notices_in(page: dict[str, Any]) -> list[dict[str, Any]]:
    return [change["data"] for change in page["changes"] if change["type"] == ChangeKind.NOTICE]


def test_a_pinned_notice_and_pinning_later_reach_the_device(harness: Harness):
    device = harness.enrol()
    cursor = changes(device)["cursor"]
    posted = admin.post_notice(harness.engine, "설 연휴 안내", "본문", pinned=True)
    assert posted["pinned"] is True
    page = changes(device, cursor)
    assert notices_in(page) == [posted]
    plain = admin.post_notice(harness.engine, "일반 공지", "본문")
    assert plain["pinned"] is False
    cursor = changes(device, page["cursor"])["cursor"]
    admin.pin_notice(harness.engine, posted["notice_id"], pinned=False)
    (unpinned,) = notices_in(changes(device, cursor))
    assert unpinned == {**posted, "pinned": False}


def test_pinning_a_notice_that_does_not_exist_is_refused(harness: Harness):
    with pytest.raises(admin.AdminError, match="no notice 9999"):
        admin.pin_notice(harness.engine, 9999)


def test_a_merchant_only_notice_is_pinned_for_that_merchant_only(harness: Harness):
    other = admin.create_merchant(harness.engine, name="다른 가게", business_number="1048212347")
    device = harness.enrol()
    cursor = changes(device)["cursor"]
    theirs = admin.post_notice(
        harness.engine, "다른 가게만", "본문", merchant_id=other["merchant_id"]
    )
    admin.pin_notice(harness.engine, theirs["notice_id"])
    assert notices_in(changes(device, cursor)) == []


def test_the_snapshot_sends_a_pinned_notice_however_many_came_after(harness: Harness):
    old = admin.post_notice(harness.engine, "고정 공지", "본문", pinned=True)
    for number in range(3):
        admin.post_notice(harness.engine, f"새 공지 {number}", "본문")
    with harness.engine.connect() as conn:
        sent = notices_for(conn, DEMO_MERCHANT, limit=2)
    assert [n["title"] for n in sent] == ["고정 공지", "새 공지 2"]
    assert sent[0] == old


def test_the_cli_posts_pinned_and_pins_and_unpins(
    database_url: str, capsys: pytest.CaptureFixture[str]
):
    url = ["--database-url", database_url]

    def run(*args: str) -> dict[str, Any]:
        assert main([*url, *args]) == 0
        return json.loads(capsys.readouterr().out)

    assert main([*url, "init-db"]) == 0
    capsys.readouterr()
    posted = run("notice", "설 연휴 안내", "본문", "--pinned")
    assert posted["pinned"] is True
    assert run("notice", "일반 공지", "본문")["pinned"] is False
    assert run("pin-notice", str(posted["notice_id"]), "--off")["pinned"] is False
    assert run("pin-notice", str(posted["notice_id"]))["pinned"] is True
    assert main([*url, "pin-notice", "9999"]) != 0
