"""The notices the counter keeps: order (pinned first, newest next), unread, read marks."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

from pos_app.services.notices import NoticeService
from pos_app.store.database import write_transaction
from pos_app.sync import changes_feed


def arrive(db: sqlite3.Connection, *notices: dict[str, Any]) -> None:
    changes = [{"type": "notice", "data": notice} for notice in notices]
    with write_transaction(db):
        changes_feed.apply_changes(db, changes, "c-1")


def notice(number: int, day: int, pinned: bool = False) -> dict[str, Any]:
    return {
        "notice_id": number,
        "title": f"공지 {number}",
        "body": f"본문 {number}",
        "published_at": f"2026-11-{day:02d}T01:00:00.000Z",
        "pinned": pinned,
    }


def test_pinned_first_then_newest_and_unread_count(db: sqlite3.Connection):
    service = NoticeService(db)
    before = service.unread_count()
    arrive(db, notice(901, 20, pinned=True), notice(902, 22), notice(903, 24))
    titles = [n.title for n in service.notices()]
    assert titles[:3] == ["공지 901", "공지 903", "공지 902"]
    assert service.unread_count() == before + 3
    first = service.notices()[0]
    assert first.pinned and not first.read
    assert first.published_at == datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    assert [n.title for n in service.for_display(2)] == ["공지 901", "공지 903"]


def test_marking_read_counts_once_and_survives_a_new_service(db: sqlite3.Connection):
    arrive(db, notice(901, 20), notice(902, 22))
    service = NoticeService(db)
    before = service.unread_count()
    assert service.mark_read("902") is True
    assert service.mark_read("902") is False
    assert service.mark_read("no-such-notice") is False
    assert NoticeService(db).unread_count() == before - 1
    assert NoticeService(db).notice("902").read  # type: ignore[union-attr]


def test_the_same_notice_again_with_pinned_changed_replaces_it(db: sqlite3.Connection):
    arrive(db, notice(901, 20), notice(902, 22))
    service = NoticeService(db)
    service.mark_read("901")
    arrive(db, notice(901, 20, pinned=True))
    kept = [n for n in service.notices() if n.notice_id == "901"]
    assert len(kept) == 1 and kept[0].pinned and kept[0].read
    assert service.notices()[0].notice_id == "901"
    arrive(db, notice(901, 20, pinned=False))
    assert service.notices()[0].notice_id != "901"


def test_pinned_notices_are_not_trimmed_by_many_newer_ones(db: sqlite3.Connection):
    arrive(db, notice(1, 1, pinned=True))
    arrive(db, *(notice(100 + n, 2) for n in range(changes_feed.MAX_NOTICES + 5)))
    kept = NoticeService(db).notices()
    assert len(kept) == changes_feed.MAX_NOTICES
    assert kept[0].notice_id == "1" and kept[0].pinned
    assert "100" not in {n.notice_id for n in kept}  # the oldest unpinned one went
