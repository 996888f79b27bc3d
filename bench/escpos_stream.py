"""ESC/POS stream size, transfer time and drawer-kick delay per receipt kind and print head.

    uv run python bench/escpos_stream.py

For every slip the counter prints (a sale, a cash sale with change, a voided sale, a cash
refund, the day-close slip, the test page) at 576, 512 and 384 dots, the bytes that go to the
printer:

* before: the picture sent whole by python-escpos (``device.image``, 960-row fragments), then
  ``cut()`` (``ESC d 6`` + ``GS V 0``) and, for cash, the drawer kick last: the stream the app
  sent until the job went out in bands (reproduced here as the baseline);
* after: ``send_rows`` as the app sends it now.

Both are read back by the tests' ESC/POS decoder (``tests/printing/escpos_decoder.py``), which
fails on any byte it does not know, so the figures are of streams a printer accepts. Printed:
bytes, the share of the raster that is all-white rows, the time on the wire at 9,600 and
115,200 baud (8N1: 10 bits a byte), when the drawer kick has arrived, and the paper from cut to
cut (with a head-to-knife distance of 12 mm). The floor is each row's ink alone, from its
first to its last inked byte, with no command around it: no encoding that sends the picture
as raster can send less. The ratio stream/floor is printed; the script measures and asserts
nothing (it exits 0 whatever the figures), then one JSON line.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the renderer wants a QGuiApplication

from escpos.printer import Dummy
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' receipts and decoder

from pos_app.domain.print_heads import HEADS, PrintHead
from pos_app.printing.escpos_output import DRAWER_PIN, picture_rows, send_rows
from pos_app.printing.render import render_image, to_pil
from tests.printing.escpos_decoder import decode
from tests.printing.receipt_kinds import receipt_kinds

BAUDS = (9_600, 115_200)
BITS_PER_BYTE = 10  # 8N1: start bit, 8 data bits, stop bit
KNIFE_MM = 12


def before_stream(rows, head: PrintHead, *, open_drawer: bool) -> bytes:
    """The stream as the app sent it before: one picture, cut, then the drawer."""
    device = Dummy()
    data = device.profile.profile_data
    media = {**data.get("media", {}), "width": {"pixels": head.dots}}
    device.profile.profile_data = {**data, "media": media}
    device.image(to_pil(render_image(rows, head)), impl="bitImageRaster", center=False)
    device.cut()
    if open_drawer:
        device.cashdraw(DRAWER_PIN)
    return device.output


def after_stream(rows, head: PrintHead, *, open_drawer: bool) -> bytes:
    device = Dummy()
    send_rows(device, rows, head, cut=True, open_drawer=open_drawer)
    return device.output


def ink_floor(rows, head: PrintHead) -> int:
    """Every row's bytes from its first to its last with ink, nothing else."""
    total = 0
    for row in picture_rows(to_pil(render_image(rows, head))):
        inked = [i for i, byte in enumerate(row) if byte]
        if inked:
            total += inked[-1] - inked[0] + 1
    return total


def measure(stream: bytes, head: PrintHead) -> dict[str, object]:
    knife = head.mm_to_dots(KNIFE_MM)
    paper = decode(stream, head.dots, head.dpi, cut_distance=knife)
    white = raster = 0
    for event in paper.events:
        if event.kind != "raster":
            continue
        width, height, _x0 = event.value
        data = stream[event.offset + 8 : event.offset + 8 + width * height]
        raster += len(data)
        white += sum(width for y in range(height) if not any(data[y * width : (y + 1) * width]))
    kicks = [event for event in paper.events if event.kind == "drawer"]
    kick_end = kicks[0].offset + 5 if kicks else None
    bands = [event.value[1] for event in paper.events if event.kind == "raster"]
    length = (paper.cut_at or 0) + knife
    return {
        "bytes": len(stream),
        "white_share": round(white / raster, 3) if raster else 0.0,
        "seconds": {baud: round(len(stream) * BITS_PER_BYTE / baud, 2) for baud in BAUDS},
        "kick_seconds": (
            {baud: round(kick_end * BITS_PER_BYTE / baud, 4) for baud in BAUDS}
            if kick_end is not None
            else None
        ),
        "bands": len(bands),
        "tallest_band": max(bands, default=0),
        "paper_mm": round(length * 25.4 / head.dpi, 1),
    }


def main() -> int:
    app = QApplication.instance() or QApplication([])  # noqa: F841 - kept alive for the fonts
    results: list[dict[str, object]] = []
    header = (
        f"{'receipt':<12}{'head':>8} {'':6}{'bytes':>8}{'white':>7}{'9600 s':>8}"
        f"{'115k s':>8}{'kick@9600':>10}{'kick@115k':>10}{'bands':>6}{'tallest':>8}"
        f"{'paper':>7}{'/floor':>8}"
    )
    print(header)
    for name, (rows, _qr, drawer) in receipt_kinds().items():
        for head in HEADS:
            floor = ink_floor(rows, head)
            for when, make in (("before", before_stream), ("after", after_stream)):
                m = measure(make(rows, head, open_drawer=drawer), head)
                kick = m["kick_seconds"]
                kick_slow = f"{kick[9_600]:.3f}" if kick else "-"
                kick_fast = f"{kick[115_200]:.4f}" if kick else "-"
                print(
                    f"{name:<12}{head.key:>8} {when:<6}{m['bytes']:>8,}"
                    f"{m['white_share']:>7.0%}{m['seconds'][9_600]:>8.1f}"
                    f"{m['seconds'][115_200]:>8.2f}{kick_slow:>10}{kick_fast:>10}{m['bands']:>6}"
                    f"{m['tallest_band']:>8}{m['paper_mm']:>6.0f}mm"
                    f"{m['bytes'] / floor:>8.2f}"
                )
                results.append(
                    {"receipt": name, "head": head.key, "when": when, "floor": floor, **m}
                )
    print(json.dumps(results, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
