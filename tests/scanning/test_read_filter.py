"""The camera's acceptance rules: two identical reads, then repeats held back."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from pos_app.scanning.read_filter import ReadFilter


def test_one_read_is_not_enough_two_are() -> None:
    f = ReadFilter()
    assert f.offer(["A"], 0.0) == []
    assert f.offer(["A"], 0.12) == ["A"]


def test_two_reads_too_far_apart_do_not_confirm() -> None:
    f = ReadFilter(confirm_window_s=1.0)
    assert f.offer(["A"], 0.0) == []
    assert f.offer(["A"], 1.5) == []  # the first read has expired; this one starts over
    assert f.offer(["A"], 2.0) == ["A"]


def test_a_stray_misread_between_good_reads_changes_nothing() -> None:
    f = ReadFilter()
    assert f.offer(["8801234567893"], 0.0) == []
    assert f.offer(["8801234567899"], 0.1) == []  # one misread digit: never accepted
    assert f.offer(["8801234567893"], 0.2) == ["8801234567893"]
    assert f.offer([], 0.3) == []


def test_held_in_view_it_is_accepted_once() -> None:
    f = ReadFilter(repeat_hold_s=2.0)
    accepted = [t for i in range(100) for t in f.offer(["PAY"], i * 0.125)]  # 12 s in view
    assert accepted == ["PAY"]


def test_shown_again_after_the_hold_it_counts_again() -> None:
    f = ReadFilter(repeat_hold_s=2.0)
    f.offer(["X"], 0.0)
    assert f.offer(["X"], 0.1) == ["X"]
    assert f.offer([], 1.0) == []
    assert f.offer(["X"], 2.0) == []  # out of view only 1.9 s: still held, and held longer
    assert f.offer(["X"], 4.2) == []  # 2.2 s since last seen: released, first read again
    assert f.offer(["X"], 4.3) == ["X"]


def test_two_codes_in_one_frame_are_separate_scans() -> None:
    f = ReadFilter()
    assert f.offer(["A", "B"], 0.0) == []
    assert f.offer(["B", "A"], 0.1) == ["B", "A"]


def test_a_code_twice_in_one_frame_is_one_read() -> None:
    f = ReadFilter()
    assert f.offer(["A", "A"], 0.0) == []


def test_reset_forgets_candidates_and_holds() -> None:
    f = ReadFilter()
    f.offer(["A"], 0.0)
    f.offer(["A"], 0.1)
    f.reset()
    assert f.offer(["A"], 0.2) == []
    assert f.offer(["A"], 0.3) == ["A"]


frames = st.lists(
    st.tuples(
        st.floats(min_value=0.01, max_value=3.0),  # time since the previous frame
        st.lists(st.sampled_from("ABC"), max_size=3),
    ),
    max_size=60,
)


@given(frames)
def test_rules_hold_for_any_sequence_of_frames(sequence: list[tuple[float, list[str]]]) -> None:
    f = ReadFilter(confirm_window_s=1.0, repeat_hold_s=2.0)
    now = 0.0
    seen: dict[str, list[float]] = {}
    accepted_at: dict[str, list[float]] = {}
    for step, texts in sequence:
        now += step
        for text in f.offer(texts, now):
            # accepted only in a frame that contains it, with an earlier read within 1 s
            assert text in texts
            assert any(0 < now - t <= 1.0 for t in seen.get(text, []))
            # never twice without a 2 s gap in which it was not seen
            if text in accepted_at:
                last = accepted_at[text][-1]
                sightings = [t for t in seen[text] if t >= last] + [now]
                assert any(b - a >= 2.0 for a, b in pairwise(sightings))
            accepted_at.setdefault(text, []).append(now)
        for text in set(texts):
            seen.setdefault(text, []).append(now)
