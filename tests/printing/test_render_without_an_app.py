"""Drawing a receipt without a QGuiApplication is a caller's bug: it must fail as an error.

Qt's font database aborts the whole interpreter instead (SIGABRT, no traceback), which took
down every later test of the run; the check runs in a fresh interpreter, since this one may
already hold the suite's QApplication.
"""

from __future__ import annotations

import subprocess
import sys

CHILD = """
from pos_app.domain.print_heads import HEAD_80_203
from pos_app.printing.render import render_image
from pos_app.printing.sample import SAMPLE_MERCHANT, SAMPLE_PAYMENT
from pos_app.domain.receipt import build_receipt
render_image(build_receipt(SAMPLE_MERCHANT, SAMPLE_PAYMENT, "POS-01"), HEAD_80_203)
"""


def test_rendering_without_an_app_raises_instead_of_aborting() -> None:
    child = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=120
    )
    assert child.returncode == 1, (child.returncode, child.stderr[-2000:])
    assert "RuntimeError: drawing a receipt needs a QGuiApplication" in child.stderr
