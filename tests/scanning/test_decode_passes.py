"""The camera decoder's passes: what they read that one zxing-cpp read does not, and when they stop.

Hard frames come from ``tests/scanning/hard_frames.py`` (seeded, drawn with Pillow; the same
generator as ``bench/decode.py``). For each condition the seeds below were picked by running
both decoders over seeds 0-59: frames the single default read misses and the passes read,
chosen so that between them they exercise most passes (blur 9 and 14: only the deconvolution
reads them). The test re-checks both halves, so a change in zxing-cpp or Pillow that makes a
frame easy (or unreadable) shows up here rather than silently weakening the test.

Time is never measured: the budget is exercised with a fake clock that advances a fixed step
whenever it is read, and elsewhere the passes are unbounded (a clock that never advances).
"""

from __future__ import annotations

from typing import Any

import pytest

from pos_app.scanning.decode_passes import PASS_ORDER, PassFrame
from pos_app.scanning.decoders import Decoded, ZxingDecoder, gray_frame, make_decoder
from pos_app.services.demo import mint_demo_code
from tests.scanning.drawing import WHITE, qr_frame
from tests.scanning.hard_frames import HARD_CONDITIONS, hard_frame

ISSUED_AT = 1_764_000_000

#: condition -> seeds whose frame one default read misses and the passes read.
HARD_SEEDS = {
    "blur": (0, 9, 14),
    "low_contrast_dim": (6, 20, 27),
    "low_contrast_bright": (1, 4, 7),
    "small": (4, 7, 21),
    "jpeg": (3, 10, 17),
    "glare": (2, 4, 31),
}


class StepClock:
    """Advances ``step`` seconds each time it is read (the decoder reads it once per check)."""

    def __init__(self, step: float) -> None:
        self.step = step
        self.now = 0.0
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        self.now += self.step
        return self.now


def frozen() -> float:
    """A clock that never moves: no budget ever runs out."""
    return 0.0


def test_every_condition_has_frames() -> None:
    assert set(HARD_SEEDS) == set(HARD_CONDITIONS)


@pytest.mark.parametrize(
    ("condition", "seed"),
    [(c, s) for c, seeds in HARD_SEEDS.items() for s in seeds],
)
def test_passes_read_what_one_read_misses(condition: str, seed: int) -> None:
    frame, text = hard_frame(condition, seed)
    assert ZxingDecoder(second_pass=False).decode(frame) == []
    decoder = ZxingDecoder(clock=frozen)
    assert [d.text for d in decoder.decode(frame)] == [text]
    assert decoder.last_passes[0] == "default" and len(decoder.last_passes) > 1


@pytest.mark.parametrize("seed", [9, 14])
def test_deconvolution_reads_defocus_no_unsharp_mask_recovers(seed: int) -> None:
    # sigma ~0.65 module: every other pass, unbounded, misses these; Van Cittert reads them.
    frame, text = hard_frame("blur", seed)
    others = [(name, run) for name, run in PASS_ORDER if name != "crop_deconvolved"]
    assert ZxingDecoder(clock=frozen, passes=others).decode(frame) == []
    decoder = ZxingDecoder(clock=frozen)
    assert [d.text for d in decoder.decode(frame)] == [text]
    assert decoder.last_passes[-1] == "crop_deconvolved"


def test_hard_frames_are_deterministic() -> None:
    for condition in HARD_CONDITIONS:
        first, text = hard_frame(condition, 3)
        again, same = hard_frame(condition, 3)
        assert first.shape == (720, 1280) and len(text) == 169
        assert first.tobytes() == again.tobytes() and text == same


def test_a_clean_frame_costs_one_read() -> None:
    code = mint_demo_code(ISSUED_AT)
    decoder = ZxingDecoder(clock=frozen)
    assert [d.text for d in decoder.decode(qr_frame(code))] == [code]
    assert decoder.last_passes == ["default"]


def recording_passes(script: dict[str, bool]) -> tuple[list[tuple[str, Any]], list[str]]:
    """Fake passes named like the real ones: each records that it ran, some 'read' a frame."""
    ran: list[str] = []

    def make(name: str, reads: bool) -> Any:
        def run(frame: PassFrame, read: Any) -> list[Any]:
            ran.append(name)
            # A pass that "reads" returns a real zxing result from a clean frame.
            return read(qr_frame(name.upper())) if reads else []

        return run

    return [(name, make(name, reads)) for name, reads in script.items()], ran


def blank() -> memoryview:
    return gray_frame(bytes([WHITE]) * (320 * 240), 320, 240)


def test_passes_stop_at_the_first_read() -> None:
    passes, ran = recording_passes({"one": False, "two": True, "three": True})
    decoder = ZxingDecoder(clock=frozen, passes=passes)
    assert decoder.decode(blank()) == [Decoded(text="TWO", raw=b"TWO", format="QRCode")]
    assert ran == ["one", "two"]
    assert decoder.last_passes == ["default", "one", "two"]


def test_no_read_runs_every_pass_when_time_allows() -> None:
    passes, ran = recording_passes({name: False for name, _ in PASS_ORDER})
    decoder = ZxingDecoder(clock=frozen, passes=passes)
    assert decoder.decode(blank()) == []
    assert ran == [name for name, _ in PASS_ORDER]


def test_the_budget_stops_further_passes() -> None:
    # Each clock read is 20 ms later: the start, then one read before each pass.
    # Before pass 1: 20 ms elapsed, pass 2: 40 ms, pass 3: 60 ms >= the 50 ms budget.
    passes, ran = recording_passes({"one": False, "two": False, "three": True, "four": True})
    clock = StepClock(0.020)
    decoder = ZxingDecoder(clock=clock, budget_ms=50, passes=passes)
    assert decoder.decode(blank()) == []
    assert ran == ["one", "two"]
    assert decoder.last_passes == ["default", "one", "two"]


def test_the_budget_does_not_cut_the_first_read() -> None:
    code = mint_demo_code(ISSUED_AT)
    decoder = ZxingDecoder(clock=StepClock(10.0), budget_ms=1)
    assert [d.text for d in decoder.decode(qr_frame(code))] == [code]


def test_one_pass_decoder_runs_no_passes() -> None:
    passes, ran = recording_passes({"one": True})
    decoder = ZxingDecoder(second_pass=False, clock=frozen, passes=passes)
    assert decoder.decode(blank()) == []
    assert ran == [] and decoder.last_passes == ["default"]


def test_the_default_decoder_has_every_pass_and_a_budget_under_one_decode_interval() -> None:
    decoder = make_decoder()
    assert isinstance(decoder, ZxingDecoder)
    # 8 decodes a second leave 125 ms per frame; the budget plus the dearest pass must fit.
    assert 0 < decoder.budget_ms <= 70
    assert [name for name, _ in decoder._passes] == [name for name, _ in PASS_ORDER]
    # The three-pass decoder's two retries are still there (the corpus needs them).
    assert {"global_histogram", "gamma_2"} <= {name for name, _ in PASS_ORDER}


@pytest.mark.parametrize(("width", "height"), [(1, 1), (2, 3), (7, 1), (17, 9)])
def test_every_pass_copes_with_tiny_and_odd_frames(width: int, height: int) -> None:
    decoder = ZxingDecoder(clock=frozen)
    assert decoder.decode(gray_frame(bytes(range(width * height)), width, height)) == []
    assert decoder.last_passes == ["default"] + [name for name, _ in PASS_ORDER]
