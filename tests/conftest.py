"""Test-wide setup: Qt runs offscreen, keyring uses memory, never the OS store."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
