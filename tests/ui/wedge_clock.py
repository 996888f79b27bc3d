"""The keyboard wedge's clock for widget tests: it never reads real time.

The wedge tells a scanner's burst from a person's typing by the gaps between keys. On the
real clock a slow machine, or a garbage collection in the middle of ``QTest.keyClicks``,
could split a burst; on this one the keys a test sends one after another, with nothing
in between, come at one instant (a burst), and time moves only when the test lets it:
each time the event loop wakes (the test waits on a widget, a timer fires) and with
each key of :func:`type_keys`. So what a test types, or leaves without an Enter, is
typing, and what it sends as a burst is a scan, whatever the machine's load.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractEventDispatcher, QObject, Slot
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from pos_app.ui.app import PosController

STEP_S = 1.0  # far beyond the wedge's 50 ms gap


class WedgeClock(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.now = 1_000.0
        dispatcher = QAbstractEventDispatcher.instance()
        assert dispatcher is not None, "the wedge's clock needs the QApplication"
        # Bound to this object: the connection goes when the clock does.
        dispatcher.awake.connect(self.tick)

    def __call__(self) -> float:
        return self.now

    @Slot()
    def tick(self) -> None:
        self.now += STEP_S

    def advance(self, seconds: float = STEP_S) -> None:
        self.now += seconds


class FrozenWedgeClock:
    """A wedge clock that never moves: every key sent, however many waits lie between,
    comes at one instant, so a test can send a long burst in pieces (a popup opening
    midway, an input-method commit) and it is still one scan."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def type_keys(pos: PosController, widget: QWidget, text: str) -> None:
    """A person typing ``text`` into ``widget``: each key a gap after the one before, and
    the gap after the last one over too, so every key has reached the widget on return."""
    clock = pos.session.scan_clock
    assert isinstance(clock, WedgeClock), "the counter was built on the real clock"
    for char in text:
        QTest.keyClicks(widget, char)
        clock.advance()
    pos.scanner.flush()  # what the wedge's timer does once the gap is over
