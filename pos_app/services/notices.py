"""The city's notices for merchants (공지사항): list, unread count, mark read.

Notices arrive through the changes feed and are kept by ``store.sync_state`` (the last
``MAX_NOTICES``, pinned ones never trimmed). Which ones this counter has read is a
screen's state, not a business fact: kept in settings, not journalled, not sent.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pos_app.domain.clock import parse_utc
from pos_app.store import settings, sync_state
from pos_app.store.database import write_transaction

READ_NOTICES = "notices_read"


@dataclass(frozen=True)
class Notice:
    notice_id: str
    title: str
    body: str
    published_at: datetime | None  # aware UTC; None if the server sent none
    pinned: bool
    read: bool


def _moment(text: Any) -> datetime | None:
    if not text:
        return None
    try:
        return parse_utc(str(text))
    except ValueError:
        return None


def _notice(raw: Mapping[str, Any], read_ids: set[str]) -> Notice:
    notice_id = str(raw.get("notice_id", ""))
    return Notice(
        notice_id=notice_id,
        title=str(raw.get("title") or ""),
        body=str(raw.get("body") or ""),
        published_at=_moment(raw.get("published_at")),
        pinned=bool(raw.get("pinned", False)),
        read=notice_id in read_ids,
    )


_OLDEST = datetime.min.replace(tzinfo=UTC)


def _order(notice: Notice) -> tuple[bool, datetime, str]:
    # Sorted descending: pinned first, then the newest; the id breaks ties stably.
    return (notice.pinned, notice.published_at or _OLDEST, notice.notice_id.zfill(20))


class NoticeService:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def _read_ids(self) -> set[str]:
        return {str(notice_id) for notice_id in settings.get_value(self._conn, READ_NOTICES, [])}

    def notices(self) -> list[Notice]:
        """Every notice kept here: pinned first, then the newest first."""
        read_ids = self._read_ids()
        found = [_notice(raw, read_ids) for raw in sync_state.notices(self._conn)]
        return sorted(found, key=_order, reverse=True)

    def for_display(self, limit: int) -> list[Notice]:
        """The first ``limit`` notices in list order (the customer display's idle slides)."""
        return self.notices()[: max(limit, 0)]

    def notice(self, notice_id: str) -> Notice | None:
        return next((n for n in self.notices() if n.notice_id == notice_id), None)

    def unread_count(self) -> int:
        return sum(1 for notice in self.notices() if not notice.read)

    def mark_read(self, notice_id: str) -> bool:
        """The cashier opened it; False if it was read already (nothing written)."""
        kept = {notice.notice_id for notice in self.notices()}
        with write_transaction(self._conn) as conn:
            read_ids = self._read_ids()
            if notice_id in read_ids or notice_id not in kept:
                return False
            # Only ids still kept are remembered, so the list cannot grow without end.
            settings.set_value(conn, READ_NOTICES, sorted((read_ids & kept) | {notice_id}))
        return True
