"""The PC's clock, corrected by the server's.

A shop PC's clock can be hours or days off (a dead CMOS battery, a wrong time zone). A
payment code is valid for 3 minutes by the issuer's clock, so the POS judges it, and stamps
its records, by its own clock plus the offset last seen from the server (the ``Date`` of
each answer). The offset is kept with the device, so a PC started offline still corrects.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

#: Past this the merchant is told to set the PC's clock (codes allow 30 s of skew).
SKEW_WARN = timedelta(minutes=1)
#: The ``Date`` header has whole seconds: smaller moves are its rounding, not the clock.
_NOISE = timedelta(seconds=2)


class ServerClock:
    def __init__(self, local: Callable[[], datetime], offset: timedelta = timedelta(0)) -> None:
        self._local = local
        self.offset = offset  # one attribute write: safe to read from another thread

    def now(self) -> datetime:
        return self._local() + self.offset

    def observe(self, server_time: datetime, local_time: datetime) -> bool:
        """The server said ``server_time`` when the PC read ``local_time``; True if the
        offset moved (the caller then keeps it)."""
        offset = server_time - local_time
        if abs(offset - self.offset) < _NOISE:
            return False
        self.offset = offset
        return True

    @property
    def skewed(self) -> bool:
        return abs(self.offset) > SKEW_WARN
