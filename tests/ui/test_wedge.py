"""Keyboard-wedge scanner capture: burst detection (pure) and the application event filter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.scanning.wedge import (
    DEFAULT_MAX_GAP_S,
    DEFAULT_MIN_LENGTH,
    BurstDetector,
    KeyboardWedgeFilter,
    send_as_keystrokes,
)

FAST = 0.005  # well inside the 50 ms gap: scanner speed
SLOW = 0.2  # well outside it: human speed


class FakeClock:
    """A clock the test moves by hand; the filter never reads real time."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class KeyRecorder(QObject):
    """Records the key events a widget actually receives (after the app-level filter)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.events: list[tuple[str, str]] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            kind = "press" if event.type() == QEvent.Type.KeyPress else "release"
            self.events.append((kind, event.text()))
        return False

    def presses(self) -> str:
        return "".join(text for kind, text in self.events if kind == "press")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def wedge(qapp: QApplication, clock: FakeClock) -> Iterator[KeyboardWedgeFilter]:
    wedge = KeyboardWedgeFilter(clock=clock)
    qapp.installEventFilter(wedge)
    yield wedge
    wedge.set_enabled(False)
    qapp.removeEventFilter(wedge)


@pytest.fixture
def scans(wedge: KeyboardWedgeFilter) -> list[str]:
    received: list[str] = []
    wedge.scanned.connect(received.append)
    return received


def show_window(qtbot, *widgets: QWidget) -> QWidget:
    window = QWidget()
    layout = QVBoxLayout(window)
    for widget in widgets:
        layout.addWidget(widget)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def give_focus(qtbot, window: QWidget, widget: QWidget) -> None:
    window.activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def type_fast(widget: QWidget, text: str, clock: FakeClock) -> None:
    for char in text:
        QTest.keyClick(widget, char)
        clock.advance(FAST)


def type_slowly(widget: QWidget, text: str, clock: FakeClock) -> None:
    for char in text:
        QTest.keyClick(widget, char)
        clock.advance(SLOW)


def commit(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


# --- BurstDetector -------------------------------------------------------------------------------


def test_detector_defaults() -> None:
    detector = BurstDetector()
    assert detector.max_gap_s == DEFAULT_MAX_GAP_S == 0.050
    assert detector.min_length == DEFAULT_MIN_LENGTH == 4
    assert detector.held == ()
    assert detector.deadline is None


@pytest.mark.parametrize(("max_gap_s", "min_length"), [(0, 4), (-0.1, 4), (0.05, 0)])
def test_detector_rejects_nonsense_parameters(max_gap_s: float, min_length: int) -> None:
    with pytest.raises(ValueError):
        BurstDetector(max_gap_s, min_length)


def test_detector_rejects_empty_text() -> None:
    with pytest.raises(ValueError):
        BurstDetector().key("", 0.0)


def test_fast_burst_then_enter_is_a_scan() -> None:
    detector = BurstDetector()
    for i, char in enumerate("CJP-0001"):
        assert detector.key(char, i * 0.01).released == ()
    assert detector.held_text == "CJP-0001"
    assert detector.enter(0.08) == "CJP-0001"
    assert detector.held == ()


def test_short_burst_is_not_a_scan_and_stays_held_for_release() -> None:
    detector = BurstDetector()
    detector.key("1", 0.0, payload="p1")
    detector.key("2", 0.01, payload="p2")
    assert detector.enter(0.02) is None
    assert [(h.text, h.payload) for h in detector.take_held()] == [("1", "p1"), ("2", "p2")]
    assert detector.held == ()


def test_enter_too_late_is_not_a_scan() -> None:
    detector = BurstDetector()
    for i, char in enumerate("ABCDE"):
        detector.key(char, i * 0.01)
    assert detector.enter(0.04 + 0.051) is None
    assert detector.held_text == "ABCDE"


def test_enter_with_nothing_held() -> None:
    detector = BurstDetector()
    assert not detector.would_scan(1.0)
    assert detector.enter(1.0) is None


def test_would_scan_changes_nothing() -> None:
    detector = BurstDetector()
    for i, char in enumerate("ABCD"):
        detector.key(char, i * 0.01)
    assert detector.would_scan(0.04)
    assert not detector.would_scan(0.2)
    assert detector.held_text == "ABCD"
    assert detector.enter(0.04) == "ABCD"


def test_slow_key_releases_earlier_keys_as_typing() -> None:
    detector = BurstDetector()
    detector.key("a", 0.0)
    detector.key("b", 0.01)
    decision = detector.key("c", 0.5)
    assert [h.text for h in decision.released] == ["a", "b"]
    assert detector.held_text == "c"


def test_expiry_and_deadline() -> None:
    detector = BurstDetector(max_gap_s=0.05)
    assert not detector.expired(10.0)
    detector.key("x", 1.0)
    assert detector.deadline == pytest.approx(1.05)
    assert not detector.expired(1.04)
    assert detector.expired(1.06)


def test_multi_character_commit_counts_every_character() -> None:
    detector = BurstDetector(min_length=4)
    detector.key("ㅊㅓ", 0.0)
    detector.key("ㅇㅈ", 0.01)
    assert detector.enter(0.02) == "ㅊㅓㅇㅈ"


# Events: ("key", char, gap), ("enter", gap) or ("tick", gap) where a tick is the flush timer
# looking at the clock. Gaps are any non-negative time, including exactly on the boundary.
_gaps = st.floats(min_value=0.0, max_value=0.3, allow_nan=False, allow_infinity=False)
_events = st.lists(
    st.one_of(
        st.tuples(st.just("key"), st.characters(codec="utf-8", categories=["L", "N"]), _gaps),
        st.tuples(st.just("enter"), st.just(""), _gaps),
        st.tuples(st.just("tick"), st.just(""), _gaps),
    ),
    max_size=60,
)


@settings(max_examples=300)
@given(
    events=_events,
    max_gap_s=st.sampled_from([0.02, 0.05, 0.1]),
    min_length=st.integers(min_value=1, max_value=6),
)
def test_every_key_ends_up_scanned_or_typed_in_order(
    events: list[tuple[str, str, float]], max_gap_s: float, min_length: int
) -> None:
    detector = BurstDetector(max_gap_s, min_length)
    delivered: list[int] = []  # key numbers, in the order they left the detector
    typed_or_scanned: list[str] = []
    chars: list[str] = []
    t = 0.0
    for kind, char, gap in events:
        t += gap
        if kind == "key":
            decision = detector.key(char, t, payload=len(chars))
            chars.append(char)
            delivered.extend(h.payload for h in decision.released)
            typed_or_scanned.extend(h.text for h in decision.released)
        elif kind == "enter":
            before = detector.held
            scan = detector.enter(t)
            if scan is None:
                released = detector.take_held()
                delivered.extend(h.payload for h in released)
                typed_or_scanned.extend(h.text for h in released)
            else:
                assert scan == "".join(h.text for h in before)
                assert len(scan) >= min_length
                delivered.extend(h.payload for h in before)
                typed_or_scanned.append(scan)
        elif detector.expired(t):
            released = detector.take_held()
            delivered.extend(h.payload for h in released)
            typed_or_scanned.extend(h.text for h in released)
    released = detector.take_held()
    delivered.extend(h.payload for h in released)
    typed_or_scanned.extend(h.text for h in released)

    assert delivered == list(range(len(chars)))  # nothing lost, duplicated or reordered
    assert "".join(typed_or_scanned) == "".join(chars)


@given(
    typed=st.text(alphabet="0123456789abc", max_size=5),
    code=st.text(alphabet="ABCDEFXYZ0123456789-:", min_size=4, max_size=40),
    gaps=st.lists(st.floats(min_value=0.0, max_value=0.045), min_size=41, max_size=41),
)
def test_burst_after_typing_scans_exactly_the_burst(
    typed: str, code: str, gaps: list[float]
) -> None:
    detector = BurstDetector()
    t = 0.0
    released: list[str] = []
    for char in typed:
        t += SLOW
        released.extend(h.text for h in detector.key(char, t).released)
    t += SLOW
    released.extend(h.text for h in detector.key(code[0], t).released)
    assert "".join(released) == typed
    for char, gap in zip(code[1:], gaps, strict=False):
        t += gap
        assert detector.key(char, t).released == ()
    assert detector.enter(t + gaps[-1]) == code


@given(text=st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_human_speed_never_scans(text: str) -> None:
    detector = BurstDetector()
    t = 0.0
    for char in text:
        t += 0.06
        detector.key(char, t)
        t += 0.06
        assert detector.enter(t) is None
        detector.take_held()


# --- KeyboardWedgeFilter -------------------------------------------------------------------------


def test_scan_over_a_table_is_captured_and_the_table_gets_no_keys(qtbot, wedge, scans, clock):
    table = QTableWidget(3, 3)
    table.setCurrentCell(0, 0)
    window = show_window(qtbot, table)
    give_focus(qtbot, window, table)
    recorder = KeyRecorder(table)

    type_fast(table, "CJP-12345", clock)
    QTest.keyClick(table, Qt.Key.Key_Return)

    assert scans == ["CJP-12345"]
    clock.advance(1.0)
    wedge.flush()  # nothing may be left over to leak into the table later
    assert recorder.events == []
    assert (table.currentRow(), table.currentColumn()) == (0, 0)


def test_scan_into_a_focused_line_edit_leaves_it_empty(qtbot, wedge, scans, clock):
    line_edit = QLineEdit()
    window = show_window(qtbot, line_edit)
    give_focus(qtbot, window, line_edit)
    returns: list[bool] = []
    line_edit.returnPressed.connect(lambda: returns.append(True))

    type_fast(line_edit, "cjpay:AbC-0042", clock)
    QTest.keyClick(line_edit, Qt.Key.Key_Enter)

    assert scans == ["cjpay:AbC-0042"]
    assert line_edit.text() == ""
    assert returns == []


def test_slow_typing_reaches_the_line_edit_once_the_timer_fires(qtbot, wedge, scans, clock):
    line_edit = QLineEdit()
    window = show_window(qtbot, line_edit)
    give_focus(qtbot, window, line_edit)
    recorder = KeyRecorder(line_edit)

    type_slowly(line_edit, "12a5", clock)
    # All but the last key were released when the next key came too late.
    assert line_edit.text() == "12a"
    # The last one is released by the flush timer, since the clock has moved past the gap.
    qtbot.waitUntil(lambda: line_edit.text() == "12a5")

    assert scans == []
    assert recorder.events == [(kind, char) for char in "12a5" for kind in ("press", "release")]


def test_flush_releases_held_keys_as_typing(qtbot, wedge, scans, clock):
    line_edit = QLineEdit()
    window = show_window(qtbot, line_edit)
    give_focus(qtbot, window, line_edit)

    type_fast(line_edit, "abc", clock)
    assert line_edit.text() == ""  # held: could still become a scan
    wedge.flush()

    assert line_edit.text() == "abc"
    assert scans == []


def test_timer_does_not_release_before_the_clock_says_the_gap_is_over(qtbot, wedge, clock):
    line_edit = QLineEdit()
    window = show_window(qtbot, line_edit)
    give_focus(qtbot, window, line_edit)

    type_fast(line_edit, "ab", clock)
    qtbot.wait(120)  # the timer fires, but the (frozen) clock says the burst may go on
    assert line_edit.text() == ""
    clock.advance(SLOW)
    qtbot.waitUntil(lambda: line_edit.text() == "ab")


def test_hangul_commit_strings_in_a_burst_are_a_scan(qtbot, wedge, scans, clock):
    line_edit = QLineEdit()
    window = show_window(qtbot, line_edit)
    give_focus(qtbot, window, line_edit)

    for jamo in "ㅊㅓㅇㅈㅜㅔㅐ":
        commit(line_edit, jamo)
        clock.advance(FAST)
    QTest.keyClick(line_edit, Qt.Key.Key_Return)

    assert scans == ["ㅊㅓㅇㅈㅜㅔㅐ"]  # raw: repairing Hangul is the classifier's job
    assert line_edit.text() == ""


def test_hangul_typed_slowly_is_redelivered_as_input_method_events(qtbot, wedge, scans, clock):
    line_edit = QLineEdit()
    window = show_window(qtbot, line_edit)
    give_focus(qtbot, window, line_edit)

    commit(line_edit, "한")
    clock.advance(SLOW)
    commit(line_edit, "글")
    assert line_edit.text() == "한"
    clock.advance(SLOW)
    wedge.flush()

    assert line_edit.text() == "한글"
    assert scans == []


def test_preedit_ends_a_burst_and_passes_through(qtbot, wedge, scans, clock):
    line_edit = QLineEdit()
    window = show_window(qtbot, line_edit)
    give_focus(qtbot, window, line_edit)

    type_fast(line_edit, "ab", clock)
    QApplication.sendEvent(line_edit, QInputMethodEvent("ㅎ", []))
    assert line_edit.text() == "ab"  # the held keys came first
    QApplication.sendEvent(line_edit, QInputMethodEvent())  # cancel the composition
    assert scans == []


def test_send_as_keystrokes_to_the_focus_widget_is_a_scan(qtbot, wedge, scans):
    line_edit = QLineEdit()
    table = QTableWidget(2, 2)
    window = show_window(qtbot, table, line_edit)
    give_focus(qtbot, window, line_edit)
    recorder = KeyRecorder(line_edit)

    send_as_keystrokes("CJPAY:1:AbC-0042/한")

    assert scans == ["CJPAY:1:AbC-0042/한"]
    assert line_edit.text() == ""
    assert recorder.events == []


def test_send_as_keystrokes_to_an_explicit_target(qtbot, wedge, scans):
    table = QTableWidget(2, 2)
    _window = show_window(qtbot, table)
    send_as_keystrokes("ORDER-77", table)
    assert scans == ["ORDER-77"]


def test_send_as_keystrokes_uses_scanner_like_keys(qtbot):
    target = QWidget()
    qtbot.addWidget(target)
    seen: list[tuple[int, int, str, bool]] = []

    class Spy(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                assert isinstance(event, QKeyEvent)
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                pressed = event.type() == QEvent.Type.KeyPress
                seen.append((event.key(), shift, event.text(), pressed))
            return False

    spy = Spy(target)
    target.installEventFilter(spy)
    send_as_keystrokes("aZ9-", target)

    assert seen == [
        (Qt.Key.Key_A, False, "a", True),
        (Qt.Key.Key_A, False, "a", False),
        (Qt.Key.Key_Z, True, "Z", True),
        (Qt.Key.Key_Z, True, "Z", False),
        (Qt.Key.Key_9, False, "9", True),
        (Qt.Key.Key_9, False, "9", False),
        (Qt.Key.Key_unknown, False, "-", True),
        (Qt.Key.Key_unknown, False, "-", False),
        (Qt.Key.Key_Return, False, "\r", True),
        (Qt.Key.Key_Return, False, "\r", False),
    ]


def test_short_burst_and_its_enter_reach_the_line_edit(qtbot, wedge, scans, clock):
    line_edit = QLineEdit()
    window = show_window(qtbot, line_edit)
    give_focus(qtbot, window, line_edit)

    type_fast(line_edit, "12", clock)
    with qtbot.waitSignal(line_edit.returnPressed, timeout=1000) as blocker:
        QTest.keyClick(line_edit, Qt.Key.Key_Return)

    assert blocker.signal_triggered
    assert line_edit.text() == "12"
    assert scans == []


def test_enter_after_a_pause_is_typing_not_a_scan(qtbot, wedge, scans, clock):
    line_edit = QLineEdit()
    window = show_window(qtbot, line_edit)
    give_focus(qtbot, window, line_edit)
    returned: list[str] = []
    line_edit.returnPressed.connect(lambda: returned.append(line_edit.text()))

    type_fast(line_edit, "15000", clock)
    clock.advance(SLOW)
    QTest.keyClick(line_edit, Qt.Key.Key_Return)

    assert returned == ["15000"]  # the digits arrived before the Enter
    assert scans == []


def test_typing_then_a_burst_splits_at_the_pause(qtbot, wedge, scans, clock):
    line_edit = QLineEdit()
    window = show_window(qtbot, line_edit)
    give_focus(qtbot, window, line_edit)

    type_slowly(line_edit, "ab", clock)
    type_fast(line_edit, "CODE9", clock)
    QTest.keyClick(line_edit, Qt.Key.Key_Return)

    assert scans == ["CODE9"]
    assert line_edit.text() == "ab"


def test_backspace_releases_held_keys_first(qtbot, wedge, scans, clock):
    line_edit = QLineEdit()
    window = show_window(qtbot, line_edit)
    give_focus(qtbot, window, line_edit)

    type_fast(line_edit, "abc", clock)
    QTest.keyClick(line_edit, Qt.Key.Key_Backspace)

    assert line_edit.text() == "ab"
    assert scans == []


def test_ctrl_shortcut_keys_are_not_held(qtbot, wedge, clock):
    line_edit = QLineEdit()
    window = show_window(qtbot, line_edit)
    give_focus(qtbot, window, line_edit)

    type_fast(line_edit, "abc", clock)
    QTest.keyClick(line_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    QTest.keyClick(line_edit, "x")
    wedge.flush()

    assert line_edit.text() == "x"


def test_shift_presses_do_not_split_a_scan(qtbot, wedge, scans, clock):
    table = QTableWidget(2, 2)
    window = show_window(qtbot, table)
    give_focus(qtbot, window, table)
    shift = Qt.KeyboardModifier.ShiftModifier

    for char in "AB12":
        QTest.keyPress(table, Qt.Key.Key_Shift)
        QTest.keyClick(table, char, shift if char.isalpha() else Qt.KeyboardModifier.NoModifier)
        QTest.keyRelease(table, Qt.Key.Key_Shift, shift)
        clock.advance(FAST)
    QTest.keyClick(table, Qt.Key.Key_Return)

    assert scans == ["AB12"]


def test_plain_key_shortcuts_cannot_steal_scanner_characters(qtbot, wedge, scans, clock):
    table = QTableWidget(2, 2)
    window = show_window(qtbot, table)
    give_focus(qtbot, window, table)
    activations: list[bool] = []
    shortcut = QShortcut(QKeySequence("A"), window)
    shortcut.activated.connect(lambda: activations.append(True))

    # Without the filter the shortcut does take the key (so the check below means something).
    wedge.set_enabled(False)
    QTest.keyClick(table, "a")
    assert activations == [True]
    wedge.set_enabled(True)

    type_fast(table, "a1a2", clock)
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert scans == ["a1a2"]
    assert activations == [True]


def test_an_enter_shortcut_does_not_eat_the_end_of_a_scan(qtbot, wedge, scans, clock):
    table = QTableWidget(2, 2)
    window = show_window(qtbot, table)
    give_focus(qtbot, window, table)
    activations: list[bool] = []
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_Return), window)
    shortcut.activated.connect(lambda: activations.append(True))

    type_fast(table, "PAY-1234", clock)
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert scans == ["PAY-1234"]
    assert activations == []

    clock.advance(SLOW)
    QTest.keyClick(table, Qt.Key.Key_Return)  # an ordinary Enter still works as a shortcut
    assert activations == [True]
    assert scans == ["PAY-1234"]


def test_redelivered_keys_propagate_to_parents_without_being_captured_again(
    qtbot, wedge, scans, clock
):
    plain = QWidget()  # ignores key presses, so Qt passes them on to the parent
    plain.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    window = show_window(qtbot, plain)
    give_focus(qtbot, window, plain)
    child_recorder = KeyRecorder(plain)
    parent_recorder = KeyRecorder(window)

    type_fast(plain, "xy", clock)
    wedge.flush()

    assert child_recorder.presses() == "xy"
    assert parent_recorder.presses() == "xy"


def test_keys_go_back_to_their_original_receivers(qtbot, wedge, scans, clock):
    first, second = QLineEdit(), QLineEdit()
    _window = show_window(qtbot, first, second)

    type_fast(first, "ab", clock)
    type_fast(second, "c", clock)
    wedge.flush()

    assert (first.text(), second.text()) == ("ab", "c")


def test_receiver_deleted_while_its_keys_are_held(qtbot, wedge, scans, clock):
    doomed, survivor = QLineEdit(), QLineEdit()
    _window = show_window(qtbot, doomed, survivor)

    type_fast(doomed, "ab", clock)
    type_fast(survivor, "c", clock)
    shiboken6.delete(doomed)
    clock.advance(SLOW)
    wedge.flush()

    assert survivor.text() == "c"
    assert scans == []


def test_disabling_delivers_held_keys_and_stops_capture(qtbot, wedge, scans, clock):
    line_edit = QLineEdit()
    window = show_window(qtbot, line_edit)
    give_focus(qtbot, window, line_edit)

    type_fast(line_edit, "ab", clock)
    wedge.set_enabled(False)
    assert not wedge.is_enabled()
    assert line_edit.text() == "ab"

    type_fast(line_edit, "cdef", clock)
    QTest.keyClick(line_edit, Qt.Key.Key_Return)
    assert line_edit.text() == "abcdef"
    assert scans == []

    wedge.set_enabled(True)
    type_fast(line_edit, "SCAN", clock)
    QTest.keyClick(line_edit, Qt.Key.Key_Return)
    assert scans == ["SCAN"]


def test_send_as_keystrokes_with_nowhere_to_go(qapp):
    if QApplication.focusWidget() is not None or QApplication.activeWindow() is not None:
        pytest.skip("another window is active")
    with pytest.raises(RuntimeError):
        send_as_keystrokes("X")
