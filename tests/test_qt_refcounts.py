"""The Qt bindings must not drop references to True or None.

PySide6 6.12.0 on Python 3.11 lowers True's reference count on every signal emit and
None's on every call of a void method (``setText``, ``setVisible``...). Python 3.11's True
and None are ordinary objects (3.12 made them immortal), so a till that has emitted a few
hundred signals aborts with "Fatal Python error: bool_dealloc". pyproject.toml excludes
that release; this test fails, rather than the till crashing, if a broken one comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

CALLS = 200  # few enough that a broken binding fails here instead of aborting the run
NOISE = 20  # Qt's own bookkeeping may take or give back a few references


class Emitter(QObject):
    plain = Signal()
    carrying = Signal(object)


def _references_lost(action) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(CALLS):
        action()
    return true_before - sys.getrefcount(True), none_before - sys.getrefcount(None)


def test_emitting_signals_keeps_true_and_none(qapp) -> None:
    emitter = Emitter()
    seen: list[object] = []
    emitter.plain.connect(lambda: None)
    emitter.carrying.connect(seen.append)
    lost_true, lost_none = _references_lost(emitter.plain.emit)
    assert lost_true < NOISE and lost_none < NOISE
    lost_true, lost_none = _references_lost(lambda: emitter.carrying.emit(1))
    assert lost_true < NOISE and lost_none < NOISE
    seen.clear()


def test_void_widget_calls_keep_none(qapp) -> None:
    label = QLabel()
    for action in (lambda: label.setText("12,000원"), lambda: label.setVisible(False)):
        lost_true, lost_none = _references_lost(action)
        assert lost_true < NOISE and lost_none < NOISE
