"""The frozen app's entry point: ``cjpay-pos.exe`` is ``cjpay-pos`` (pos_app.cli)."""

from __future__ import annotations

import multiprocessing
import sys

from pos_app.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen Windows child must not start the app again
    sys.exit(main())
