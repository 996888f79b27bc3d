"""Choosing a webcam format: the largest up to 720p, raw YUV over MJPEG, a fluid frame rate."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pos_app.scanning.camera_format import FormatOption, choose_format

SIZES = [(320, 240), (640, 480), (800, 600), (1280, 720), (1920, 1080), (3840, 2160)]


def fmt(w: int, h: int, fps: float = 30.0, raw: bool = True) -> FormatOption:
    return FormatOption(w, h, fps, raw)


def test_a_typical_webcam_gets_720p_yuv() -> None:
    options = [
        fmt(1920, 1080, 30, raw=False),  # MJPEG
        fmt(1920, 1080, 5, raw=True),
        fmt(1280, 720, 30, raw=False),
        fmt(1280, 720, 10, raw=True),
        fmt(640, 480, 30, raw=True),
    ]
    # 720p either way; at 10 fps the YUV one still wins over MJPEG (raw beats decode cost).
    assert choose_format(options) == 3


def test_frame_rate_breaks_ties_and_is_capped_at_30() -> None:
    options = [fmt(1280, 720, 5), fmt(1280, 720, 60), fmt(1280, 720, 30)]
    assert choose_format(options) == 1  # 60 counts as 30: equal to index 2, first max wins
    assert choose_format([fmt(1280, 720, 5), fmt(1280, 720, 15)]) == 1


def test_only_big_formats_give_the_smallest_of_them() -> None:
    assert choose_format([fmt(3840, 2160), fmt(1920, 1080), fmt(2592, 1944)]) == 1


def test_only_tiny_formats_give_the_largest() -> None:
    assert choose_format([fmt(160, 120), fmt(320, 240)]) == 1


def test_no_formats() -> None:
    assert choose_format([]) is None


options = st.lists(
    st.builds(
        FormatOption,
        st.sampled_from(SIZES).map(lambda s: s[0]),
        st.sampled_from(SIZES).map(lambda s: s[1]),
        st.sampled_from([5.0, 10.0, 15.0, 30.0, 60.0]),
        st.booleans(),
    ),
    min_size=1,
    max_size=12,
)


@given(options)
def test_never_outside_the_range_when_something_is_inside(opts: list[FormatOption]) -> None:
    chosen = opts[choose_format(opts)]
    inside = [o for o in opts if 640 <= o.width <= 1280 and 480 <= o.height <= 720]
    if inside:
        assert chosen in inside
        assert chosen.area == max(o.area for o in inside)
