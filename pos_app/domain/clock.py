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
