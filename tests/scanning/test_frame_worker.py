"""The decoding worker: newest frame only, two reads to accept, faults contained, a real thread."""

from __future__ import annotations

import threading
from typing import Any

from pos_app.scanning.decoders import Decoded, make_decoder
from pos_app.scanning.frame_worker import FrameWorker
from tests.scanning.drawing import qr_frame


class ScriptedDecoder:
    """Frames here are plain strings naming what the 'camera' sees ("" = nothing)."""

    name = "scripted"

    def __init__(self) -> None:
        self.seen: list[Any] = []

    def decode(self, frame: Any) -> list[Decoded]:
        self.seen.append(frame)
        if frame == "broken":
            raise RuntimeError("decoder fault")
        return [Decoded(t, t.encode(), "QRCode") for t in frame.split(",") if t]


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 0.125
        return self.now


def make(decoder: ScriptedDecoder, accepted: list[str]) -> FrameWorker:
    return FrameWorker(decoder, lambda frame: frame, accepted.append, clock=FakeClock())


def test_only_the_newest_frame_is_decoded() -> None:
    decoder, accepted = ScriptedDecoder(), []
    worker = make(decoder, accepted)
    for frame in ("old", "older?", "newest"):
        worker.offer(frame)
    assert worker.step() is True
    assert decoder.seen == ["newest"]
    assert (worker.stats.offered, worker.stats.replaced, worker.stats.decoded) == (3, 2, 1)
    assert worker.step() is False  # nothing new: nothing decoded twice


def test_a_code_is_accepted_on_its_second_read_and_only_once() -> None:
    decoder, accepted = ScriptedDecoder(), []
    worker = make(decoder, accepted)
    for _ in range(10):
        worker.offer("PAYCODE")
        worker.step()
    assert accepted == ["PAYCODE"]
    assert worker.stats.accepted == 1


def test_a_faulty_frame_is_counted_and_the_worker_goes_on() -> None:
    decoder, accepted = ScriptedDecoder(), []
    worker = make(decoder, accepted)
    for frame in ("A", "broken", "A"):
        worker.offer(frame)
        assert worker.step() is True
    assert worker.stats.failed == 1
    assert accepted == ["A"]


def test_switching_decoder_forgets_pending_reads() -> None:
    first, second, accepted = ScriptedDecoder(), ScriptedDecoder(), []
    worker = make(first, accepted)
    worker.offer("A")
    worker.step()
    worker.set_decoder(second)
    worker.offer("A")
    worker.step()
    assert accepted == []  # the read by the old decoder does not count
    worker.offer("A")
    worker.step()
    assert accepted == ["A"] and second.seen == ["A", "A"]


def test_the_thread_decodes_real_frames_and_stops() -> None:
    frame = qr_frame("CJPAY THREAD TEST")
    done = threading.Event()
    accepted: list[str] = []

    def on_accepted(text: str) -> None:
        accepted.append(text)
        done.set()

    worker = FrameWorker(make_decoder(), lambda f: f, on_accepted, decodes_per_second=50)
    worker.start()
    try:
        # Keep "filming" until the worker has taken the code (two reads), as a camera would.
        while not done.wait(timeout=0.01):
            worker.offer(frame)
            assert worker.stats.offered < 5_000, "the worker never accepted the code"
    finally:
        worker.stop()
    assert accepted == ["CJPAY THREAD TEST"]
    assert not worker.running
    assert worker.stats.decoded >= 2
