"""The PC's clock, corrected by the server's (NTP-style, pure arithmetic).

A shop PC's clock can be hours or days off (a dead CMOS battery, a wrong time zone). A
payment code is valid for 3 minutes by the issuer's clock, so the POS judges it, and stamps
its records, by its own clock plus an offset learned from the server. The offset is kept
with the device, so a PC started offline still corrects.

How the offset is learned: each short answer is a *sample*: the server's time on it, and
when the request left and the answer came back (measured on a monotonic clock, so the
round trip is true even if the wall clock jumps). The server's time is taken to fall in the
middle of the round trip, so the error is at most half the round trip (plus the header's
resolution): a sample whose round trip is long says little and is ignored, and a long poll
(an answer held up to 25 s on purpose) is never a sample. Of the recent samples the one
with the shortest round trip wins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

#: Past this the merchant is told to set the PC's clock (codes allow 30 s of skew).
SKEW_WARN = timedelta(minutes=1)
#: A sample with a longer round trip is ignored: its error can be half of it.
MAX_ROUND_TRIP = timedelta(seconds=2)
#: Samples older than this (by the monotonic clock) are forgotten: the PC's clock drifts
#: and the merchant may set it.
SAMPLE_MAX_AGE_S = 15 * 60.0
#: How many recent samples are kept to choose the best from.
KEEP_SAMPLES = 8
#: Smaller moves of the offset are not worth a write to the device's file.
_SAVE_NOISE = timedelta(milliseconds=200)

#: The resolution of the server's time on an answer: HTTP ``Date`` has whole seconds
#: (truncated), the server's own ``X-Server-Time-Ms`` milliseconds.
DATE_RESOLUTION = timedelta(seconds=1)
MILLISECOND = timedelta(milliseconds=1)


@dataclass(frozen=True)
class ClockSample:
    """One short answer: the server said ``server_time`` (truncated to ``resolution``)
    somewhere between the PC's ``local_sent`` and ``local_sent + round_trip``."""

    server_time: datetime
    local_sent: datetime
    round_trip: timedelta
    resolution: timedelta = MILLISECOND
    taken_at: float = 0.0  # monotonic seconds when the answer came back (for its age)

    @property
    def offset(self) -> timedelta:
        """The server's clock minus the PC's: the server's time (the middle of its
        resolution) against the middle of the round trip."""
        server_mid = self.server_time + self.resolution / 2
        local_mid = self.local_sent + self.round_trip / 2
        return server_mid - local_mid

    @property
    def error_bound(self) -> timedelta:
        """The most the offset can be wrong by, whatever the network did."""
        return (self.round_trip + self.resolution) / 2

    @property
    def usable(self) -> bool:
        return timedelta(0) <= self.round_trip <= MAX_ROUND_TRIP


def make_sample(
    server_time: datetime,
    resolution: timedelta,
    sent_mono: float,
    received_mono: float,
    now_local: datetime,
    now_mono: float,
) -> ClockSample:
    """A sample from monotonic readings: the PC's wall clock is read once, now, and the
    send time is found from it by the monotonic clock (so a wall-clock jump during the
    request cannot stretch or shrink the round trip)."""
    local_sent = now_local - timedelta(seconds=now_mono - sent_mono)
    return ClockSample(
        server_time=server_time,
        local_sent=local_sent,
        round_trip=timedelta(seconds=received_mono - sent_mono),
        resolution=resolution,
        taken_at=received_mono,
    )


def best_sample(samples: list[ClockSample], now_mono: float) -> ClockSample | None:
    """The usable, recent sample with the smallest error bound (None if there is none)."""
    fresh = [s for s in samples if s.usable and 0.0 <= now_mono - s.taken_at <= SAMPLE_MAX_AGE_S]
    return min(fresh, key=lambda s: (s.error_bound, -s.taken_at), default=None)


class ServerClock:
    def __init__(
        self,
        local: Callable[[], datetime],
        offset: timedelta = timedelta(0),
    ) -> None:
        self._local = local
        self.offset = offset  # one attribute write: safe to read from another thread
        self._samples: list[ClockSample] = []
        self._saved = offset

    def now(self) -> datetime:
        return self._local() + self.offset

    def observe(self, sample: ClockSample, now_mono: float) -> bool:
        """Take a sample (ignored if its round trip is too long); True if the offset moved
        enough to be kept on the device (the caller then saves it)."""
        if not sample.usable:
            return False
        self._samples = [*self._samples, sample][-KEEP_SAMPLES:]
        best = best_sample(self._samples, now_mono)
        if best is None:
            return False
        self.offset = best.offset
        if abs(self.offset - self._saved) < _SAVE_NOISE:
            return False
        self._saved = self.offset
        return True

    def needs_sample(self, now_mono: float) -> bool:
        """No recent usable sample: the caller should make a short request to get one."""
        return best_sample(self._samples, now_mono) is None

    @property
    def skewed(self) -> bool:
        return abs(self.offset) > SKEW_WARN
