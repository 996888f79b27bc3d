"""Does camera decoding ever stall the UI thread? The longest gap between UI timer ticks.

Used by ``bench/decode.py`` (``--ui-seconds``). The real capture path runs: frames go into the
app's own ``QVideoSink`` at 30 frames/s from a UI-thread timer, exactly where a webcam's
frames arrive; the decoder thread decodes the newest a few times a second; the preview pane
(the real widget, shown offscreen) paints them. A second timer ticks every 2 ms on the UI
thread and records how late each tick is. The run is done twice on the same frames: decoding
off (the worker not started) and decoding on. If decoding blocked the UI thread, the longest
gap with decoding would grow by about a decode time (15-40 ms); if the decoders release the
GIL as they should, both runs show the same few milliseconds.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame

from pos_app.services import preferences
from pos_app.store.database import connect
from pos_app.ui.camera_control import CameraControl
from pos_app.ui.checkout.camera_pane import CameraPane

FRAME_INTERVAL_MS = 33  # 30 frames a second
TICK_MS = 2


def _run(control: CameraControl, frames: Sequence[QImage], seconds: float) -> dict[str, Any]:
    sink = control.sink
    assert sink is not None and control.scanner is not None
    gaps: list[float] = []
    last = [time.perf_counter()]
    index = [0]

    def feed() -> None:
        sink.setVideoFrame(QVideoFrame(frames[index[0] % len(frames)]))
        index[0] += 1

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    feeder, ticker = QTimer(), QTimer()
    feeder.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    feeder.setInterval(FRAME_INTERVAL_MS)
    ticker.setInterval(TICK_MS)
    feeder.timeout.connect(feed)
    ticker.timeout.connect(tick)
    loop = QEventLoop()
    stats = control.scanner.worker.stats
    decoded_before = stats.decoded
    feeder.start()
    ticker.start()
    last[0] = time.perf_counter()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    feeder.stop()
    ticker.stop()
    gaps = gaps[5:]  # the first ticks include the loop starting up
    return {
        "frames_fed": index[0],
        "decodes_per_s": round((stats.decoded - decoded_before) / seconds, 1),
        "tick_gap_max_ms": round(max(gaps), 2),
        "tick_gap_p99_ms": round(statistics.quantiles(gaps, n=100)[-1], 2),
        "tick_gap_median_ms": round(statistics.median(gaps), 2),
    }


def measure_ui_gap(frames: Sequence[QImage], seconds: float) -> dict[str, Any]:
    """Both runs; needs a QApplication (the preview pane is a widget)."""
    with tempfile.TemporaryDirectory(prefix="cjpay-ui-gap-") as tmp:
        conn = connect(Path(tmp) / "bench.sqlite3")
        # Only our frames: a webcam on the benchmark machine must not add its own.
        preferences.set_camera(conn, preferences.CAMERA_OFF, "zxing")
        control = CameraControl(conn)
        control.start()
        pane = CameraPane(control, "en")
        pane.resize(480, 210)
        pane.show()
        control.scanner.worker.stop()  # decoding off for the baseline
        baseline = _run(control, frames, seconds)
        control.scanner.worker.start()
        decoding = _run(control, frames, seconds)
        stats = control.scanner.worker.stats
        result = {
            "seconds_each": seconds,
            "decoder": control.decoder_name,
            "without_decoding": baseline,
            "with_decoding": decoding,
            "last_decode_ms": round(stats.last_decode_ms, 2),
            "frames_replaced_unseen": stats.replaced,
            "preview_frames_painted": pane.frames_shown,
        }
        control.close()
        pane.close()
        conn.close()
    return result
