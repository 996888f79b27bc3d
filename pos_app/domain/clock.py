"""Time as the counter sees it: UTC for records, Korea Standard Time for the business day.

KST is a fixed UTC+9 with no daylight saving, so a fixed offset is exact and
avoids depending on a tz database (absent on Windows without the tzdata package).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

KST = timezone(timedelta(hours=9), "KST")

#: A clock is any callable returning an aware UTC datetime; tests pass a fixed one.
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def business_date(moment: datetime) -> date:
    return moment.astimezone(KST).date()


def unix_seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def parse_utc(text: str, *, naive_is_utc: bool = True) -> datetime:
    """An RFC 3339 moment as an aware datetime: ``2026-11-25T03:00:00.000Z`` (the spelling
    ``journal.format_timestamp`` writes), any offset, or none. Without an offset the text is
    read as UTC, which is what this app and its server write; ``naive_is_utc=False``
    refuses it instead (a server reply whose zone we must not guess). Raises ValueError."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        if not naive_is_utc:
            raise ValueError(f"no time zone in {text!r}")
        return moment.replace(tzinfo=UTC)
    return moment
