"""Decode the newest camera frame a few times a second, on a thread of its own.

A camera delivers 30 frames a second; decoding one takes 2-5 ms when the first read finds the
code and up to ~100 ms when it does not (the decoder's retry passes stop at a per-frame budget
chosen so 8 decodes a second still fit, see ``decoders.py``; on a still scene with nothing
readable, such as an empty counter, the decoder's scene memory cuts that to the first read
after one round). Decoding every frame would
waste a core and fall behind, so frames are not queued: :meth:`FrameWorker.offer` replaces
the one waiting frame, and the worker takes whatever is newest when it is ready, at most
``decodes_per_second`` times a second. What it reads goes through a :class:`ReadFilter`, and
only accepted texts reach ``on_accepted`` (called on the worker thread; the Qt side turns it
into a queued signal).

Both decoders release the GIL while they work, the retry passes too (their pixel work is
Pillow's C code): measured, the UI thread's longest gap stays near Python's 5 ms switch
interval while one decodes in a loop, so a Python thread is enough.
No Qt here: frames are opaque to this module, ``to_gray`` turns one into a decoder frame.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pos_app.scanning.decoders import Decoder
from pos_app.scanning.read_filter import ReadFilter

log = logging.getLogger(__name__)

DECODES_PER_SECOND = 8.0  # two reads to accept: a steady code is accepted in about 0.25 s


@dataclass
class WorkerStats:
    offered: int = 0  # frames handed in
    decoded: int = 0  # frames decoded
    replaced: int = 0  # frames dropped because a newer one arrived first
    failed: int = 0  # frames that could not be converted or decoded
    accepted: int = 0  # texts that became scans
    last_decode_ms: float = 0.0


class FrameWorker:
    def __init__(
        self,
        decoder: Decoder,
        to_gray: Callable[[Any], Any],
        on_accepted: Callable[[str], None],
        *,
        read_filter: ReadFilter | None = None,
        decodes_per_second: float = DECODES_PER_SECOND,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._decoder = decoder
        self._to_gray = to_gray
        self._on_accepted = on_accepted
        self._filter = read_filter or ReadFilter()
        self._interval = 1.0 / decodes_per_second
        self._clock = clock
        self._lock = threading.Condition()
        self._pending: Any = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.stats = WorkerStats()

    # ----- any thread ---------------------------------------------------------------

    def offer(self, frame: Any) -> None:
        """Hand in the newest frame; an older one not yet decoded is dropped."""
        with self._lock:
            if self._pending is not None:
                self.stats.replaced += 1
            self._pending = frame
            self.stats.offered += 1
            self._lock.notify()

    def set_decoder(self, decoder: Decoder) -> None:
        with self._lock:
            self._decoder = decoder
            self._filter.reset()

    @property
    def decoder_name(self) -> str:
        return self._decoder.name

    # ----- the work ---------------------------------------------------------------------

    def step(self, timeout: float | None = 0.0) -> bool:
        """Decode the waiting frame (waiting up to ``timeout`` for one); False if none came."""
        with self._lock:
            if self._pending is None and timeout != 0.0:
                self._lock.wait(timeout)
            frame, self._pending = self._pending, None
            decoder = self._decoder
        if frame is None:
            return False
        started = time.perf_counter()
        try:
            texts = [found.text for found in decoder.decode(self._to_gray(frame))]
        except Exception:  # a bad frame or a decoder fault must not stop the camera
            self.stats.failed += 1
            log.exception("camera frame could not be decoded")
            return True
        self.stats.last_decode_ms = (time.perf_counter() - started) * 1000
        self.stats.decoded += 1
        with self._lock:
            accepted = self._filter.offer(texts, self._clock())
        for text in accepted:
            self.stats.accepted += 1
            self._on_accepted(text)
        return True

    # ----- the thread -------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="camera-decoder", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stopping.set()
        with self._lock:
            self._lock.notify()
        thread.join(timeout=5)

    @property
    def running(self) -> bool:
        return self._thread is not None

    def _run(self) -> None:
        while not self._stopping.is_set():
            started = time.monotonic()
            if self.step(timeout=0.5):
                # Pace the decodes; frames arriving meanwhile only replace each other.
                self._stopping.wait(max(0.0, self._interval - (time.monotonic() - started)))
