"""The decoder's scene memory: a still scene shares the passes over its frames, then idles.

Frames of a still scene are one noiseless picture with a fresh draw of sensor noise each
(``hard_frames.noisy``), as a fixed camera delivers them. Time is never measured: the budget
is exercised with the fake clocks of ``test_decode_passes.py`` (a step clock that allows a
fixed number of passes per frame, or a frozen one that never runs out).
"""

from __future__ import annotations

from PIL import Image

from pos_app.scanning.decode_passes import PASS_ORDER
from pos_app.scanning.decoders import ZxingDecoder
from pos_app.scanning.read_filter import ReadFilter
from pos_app.scanning.scene_memory import same_scene, thumbnail
from tests.scanning.hard_frames import (
    HARD_CONDITIONS,
    code_image,
    empty_counter,
    hard_frame,
    noisy,
    payment_code,
    still_blur_scene,
    to_image,
)
from tests.scanning.test_decode_passes import StepClock, frozen, recording_passes

NAMES = [name for name, _ in PASS_ORDER]


def fake_passes(count: int) -> tuple[list, list[str]]:
    return recording_passes({f"p{i}": False for i in range(count)})


def with_code(counter: Image.Image, left: int, top: int, *, side: int = 110, angle: float = 0):
    """The counter with a payment code of ``side`` px (quiet zone included) lying on it."""
    code = code_image(payment_code(1)).resize((side, side), Image.Resampling.BICUBIC)
    if angle:
        code = code.rotate(angle, Image.Resampling.BICUBIC, expand=True, fillcolor=160)
    frame = counter.copy()
    frame.paste(code, (left, top))
    return frame


def test_the_next_frame_of_a_still_scene_starts_after_the_budget_stop() -> None:
    # 20 ms per clock read, 50 ms budget: two passes per frame.
    passes, ran = fake_passes(5)
    decoder = ZxingDecoder(clock=StepClock(0.020), budget_ms=50, passes=passes)
    counter = empty_counter(1)
    assert decoder.decode(noisy(counter, 0)) == []
    assert decoder.last_passes == ["default", "p0", "p1"]
    assert decoder.decode(noisy(counter, 1)) == []
    assert decoder.last_passes == ["default", "p2", "p3"]
    assert decoder.decode(noisy(counter, 2)) == []
    assert decoder.last_passes == ["default", "p4"]
    assert ran == ["p0", "p1", "p2", "p3", "p4"]


def test_after_a_whole_round_a_still_scene_gets_the_first_read_only() -> None:
    decoder = ZxingDecoder(clock=frozen)
    counter = empty_counter(2)
    assert decoder.decode(noisy(counter, 0)) == []
    assert decoder.last_passes == ["default", *NAMES]
    for draw in range(1, 4):
        assert decoder.decode(noisy(counter, draw)) == []
        assert decoder.last_passes == ["default"]


def test_a_changed_scene_starts_from_the_first_pass_again() -> None:
    passes, _ = fake_passes(3)
    decoder = ZxingDecoder(clock=frozen, passes=passes)
    counter = empty_counter(3)
    decoder.decode(noisy(counter, 0))
    decoder.decode(noisy(counter, 1))
    assert decoder.last_passes == ["default"]  # idle
    # A phone comes in whose code the first read cannot read (too small): a new scene.
    changed = noisy(with_code(counter, 200, 300, side=40), 2)
    assert decoder.decode(changed) == []
    assert decoder.last_passes == ["default", "p0", "p1", "p2"]
    # And half-way through a round: the budget stopped it, then the scene changed.
    decoder = ZxingDecoder(clock=StepClock(0.020), budget_ms=50, passes=passes)
    decoder.decode(noisy(counter, 3))
    assert decoder.last_passes == ["default", "p0", "p1"]
    decoder.decode(noisy(empty_counter(4), 4))
    assert decoder.last_passes == ["default", "p0", "p1"]


def test_a_still_code_only_a_late_pass_reads_is_read_and_accepted() -> None:
    # Blur seed 14: only the crop deconvolution (7th pass) reads it. 40 ms per clock read and
    # a 60 ms budget allow one pass per frame: without the memory every frame would stop after
    # the first pass, the same place each time, and the code would never be read.
    scene, text = still_blur_scene(14)
    late = NAMES.index("crop_deconvolved")
    forgetful = ZxingDecoder(clock=StepClock(0.040), budget_ms=60, scene_memory=False)
    for draw in range(late + 2):
        assert forgetful.decode(noisy(scene, draw)) == []
        assert forgetful.last_passes == ["default", NAMES[0]]

    decoder = ZxingDecoder(clock=StepClock(0.040), budget_ms=60)
    read_filter = ReadFilter()
    reads: list[int] = []
    accepted: list[str] = []
    for draw in range(late + 3):
        texts = [d.text for d in decoder.decode(noisy(scene, draw))]
        assert len(decoder.last_passes) == 2  # one pass per frame
        if texts:
            reads.append(draw)
        accepted += read_filter.offer(texts, now=draw * 0.125)
    # Frame `late` reaches the deconvolution; the next frame of the still scene starts at that
    # pass again, so the second identical read the read filter needs follows at once.
    assert reads[:2] == [late, late + 1]
    assert accepted == [text]


def test_fresh_sensor_noise_on_the_same_scene_is_the_same_scene() -> None:
    scenes = [empty_counter(seed) for seed in range(3)]
    scenes += [still_blur_scene(seed)[0] for seed in range(3)]
    scenes += [to_image(hard_frame(condition, 5)[0]) for condition in HARD_CONDITIONS]
    for index, scene in enumerate(scenes):
        first = thumbnail(to_image(noisy(scene, 2 * index)))
        second = thumbnail(to_image(noisy(scene, 2 * index + 1)))
        assert same_scene(first, second), index


def test_a_code_appearing_moving_or_turning_is_a_new_scene() -> None:
    counter = empty_counter(5)
    empty = thumbnail(to_image(noisy(counter, 0)))
    placed = with_code(counter, 500, 300)
    here = thumbnail(to_image(noisy(placed, 1)))
    assert not same_scene(empty, here)  # a 110 px code appears on the counter
    for moved in (
        with_code(counter, 503, 300),  # 3 px to the right
        with_code(counter, 500, 298),  # 2 px up
        with_code(counter, 500, 300, angle=3),  # turned by 3 degrees
    ):
        assert not same_scene(here, thumbnail(to_image(noisy(moved, 2))))
    assert same_scene(here, thumbnail(to_image(noisy(placed, 3))))


def test_a_read_by_the_first_read_leaves_the_scene_state_alone() -> None:
    passes, _ = fake_passes(2)
    decoder = ZxingDecoder(clock=frozen, passes=passes)
    counter = empty_counter(6)
    decoder.decode(noisy(counter, 0))
    assert decoder.scene is not None and decoder.scene.idle
    readable = with_code(counter, 400, 200, side=330)
    assert [d.text for d in decoder.decode(noisy(readable, 1))] == [payment_code(1)]
    assert decoder.last_passes == ["default"]
    # Back to the empty counter: a new scene (it differs from the frame before), a new round.
    decoder.decode(noisy(counter, 2))
    assert decoder.last_passes == ["default", "p0", "p1"]


def test_tiny_and_odd_frames_have_a_scene_too() -> None:
    decoder = ZxingDecoder(clock=frozen)
    for width, height in [(1, 1), (7, 1), (17, 9)]:
        frame = memoryview(bytes(range(width * height))).cast("B", (height, width))
        decoder.decode(frame)
        assert decoder.last_passes == ["default", *NAMES]  # each size is a new scene
        decoder.decode(frame)
        assert decoder.last_passes == ["default"]
