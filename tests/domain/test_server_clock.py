"""The NTP-style arithmetic of ``domain.server_clock``: the server's time is placed in the
middle of the round trip, long round trips are ignored, the shortest recent one wins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.server_clock import (
    DATE_RESOLUTION,
    MAX_ROUND_TRIP,
    MILLISECOND,
    SAMPLE_MAX_AGE_S,
    ClockSample,
    ServerClock,
    best_sample,
    make_sample,
)

T0 = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)

offsets = st.integers(min_value=-3 * 86_400_000, max_value=3 * 86_400_000).map(
    lambda ms: timedelta(milliseconds=ms)
)
legs = st.integers(min_value=0, max_value=1000).map(lambda ms: timedelta(milliseconds=ms))


def exchange(
    true_offset: timedelta, out: timedelta, back: timedelta, resolution: timedelta
) -> ClockSample:
    """A request that takes ``out`` to reach the server and ``back`` to return, the server's
    clock being ``true_offset`` ahead of the PC's and truncated to ``resolution``."""
    server_exact = T0 + out + true_offset
    truncated = server_exact - (server_exact - T0 - true_offset) % resolution
    if resolution == DATE_RESOLUTION:
        truncated = server_exact.replace(microsecond=0)
    return ClockSample(truncated, T0, out + back, resolution, taken_at=100.0)


@given(offsets, legs)
def test_a_symmetric_round_trip_gives_the_offset_exactly(true_offset, leg) -> None:
    sample = exchange(true_offset, leg, leg, MILLISECOND)
    assert abs(sample.offset - true_offset) <= MILLISECOND


@given(offsets, legs, legs, st.sampled_from([MILLISECOND, DATE_RESOLUTION]))
def test_any_split_of_the_round_trip_stays_within_the_error_bound(
    true_offset, out, back, resolution
) -> None:
    sample = exchange(true_offset, out, back, resolution)
    assert abs(sample.offset - true_offset) <= sample.error_bound + MILLISECOND


@given(offsets, st.integers(min_value=2001, max_value=60_000))
def test_a_long_round_trip_is_never_taken(true_offset, rtt_ms) -> None:
    clock = ServerClock(lambda: T0)
    long = ClockSample(T0 + true_offset, T0, timedelta(milliseconds=rtt_ms), taken_at=100.0)
    assert not long.usable
    assert not clock.observe(long, 100.0)
    assert clock.offset == timedelta(0)
    assert clock.needs_sample(100.0)


def test_the_long_poll_that_made_receipts_26_s_late_is_refused() -> None:
    """The Date of a 25-second long poll, stamped when the request arrived: as the old code
    read it (server time against the local time at the answer) it is 25 s behind."""
    long_poll = ClockSample(T0, T0, timedelta(seconds=25), DATE_RESOLUTION, taken_at=100.0)
    clock = ServerClock(lambda: T0)
    assert not clock.observe(long_poll, 100.0)
    assert clock.offset == timedelta(0)


@given(st.lists(st.tuples(offsets, legs, legs), min_size=1, max_size=8))
def test_the_shortest_round_trip_wins(exchanges) -> None:
    samples = [exchange(o, out, back, MILLISECOND) for o, out, back in exchanges]
    best = best_sample(samples, 100.0)
    assert best is not None
    assert best.round_trip == min(s.round_trip for s in samples)
    clock = ServerClock(lambda: T0)
    for sample in samples:
        clock.observe(sample, 100.0)
    assert clock.offset == best.offset


def test_old_samples_are_forgotten() -> None:
    sample = ClockSample(T0 + timedelta(hours=1), T0, timedelta(milliseconds=10), taken_at=0.0)
    assert best_sample([sample], SAMPLE_MAX_AGE_S - 1) is sample
    assert best_sample([sample], SAMPLE_MAX_AGE_S + 1) is None


@given(offsets, st.floats(min_value=0, max_value=MAX_ROUND_TRIP.total_seconds()))
def test_make_sample_reads_the_round_trip_on_the_monotonic_clock(true_offset, rtt) -> None:
    # The wall clock is read once, after the answer; the send time is found from it.
    sample = make_sample(T0 + true_offset, MILLISECOND, 50.0, 50.0 + rtt, T0, 50.0 + rtt + 0.5)
    assert abs(sample.round_trip - timedelta(seconds=rtt)) < timedelta(microseconds=2)
    assert abs(sample.local_sent - (T0 - timedelta(seconds=rtt + 0.5))) < timedelta(microseconds=2)
    assert sample.usable


def test_a_small_move_is_not_saved_a_large_one_is() -> None:
    clock = ServerClock(lambda: T0, offset=timedelta(seconds=10))
    near = ClockSample(T0 + timedelta(seconds=10.05), T0, timedelta(0), taken_at=1.0)
    assert not clock.observe(near, 1.0)  # moved 50 ms: not worth a write
    far = ClockSample(T0 + timedelta(seconds=3), T0, timedelta(0), taken_at=2.0)
    assert clock.observe(far, 2.0)  # equally short, newer: the clock was set
    assert abs(clock.offset - timedelta(seconds=3, milliseconds=0.5)) < timedelta(seconds=0.01)
