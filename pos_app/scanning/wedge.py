"""Keyboard-wedge scanner capture: a fast burst of keys ending in Enter is a scan, not typing.

A USB barcode/QR scanner in keyboard-wedge mode "types" what it read as very fast key presses
followed by Enter. The cashier must not have to click a field first, so capture happens in an
application-wide event filter (:class:`KeyboardWedgeFilter`) that sees every key press before
any widget does:

* Printable keys are held back for at most ``max_gap_s`` (50 ms). If the next key comes sooner
  the burst grows; if Enter comes sooner and the burst has at least ``min_length`` characters it
  is a scan, ``scanned`` is emitted with the raw text and no widget ever sees those keys.
* Otherwise the held keys are re-delivered, in their original order, to the widgets they were
  meant for, so human typing into a search box or an amount field keeps working (it only lags
  by up to ``max_gap_s``, which nobody notices). Held keys are never dropped: they either become
  a scan or they are typed, unless the widget they were meant for was deleted meanwhile.
* Keys that cannot be part of a scan (Backspace, Tab, arrows, F-keys, Escape, Ctrl/Alt/Meta
  shortcuts, auto-repeat) first release the held keys as typing and then pass untouched, so the
  order of everything a widget receives is unchanged.

The decision itself lives in the Qt-free :class:`BurstDetector`, which takes the time as an
argument so that it can be tested exhaustively without a clock or an event loop.

Why the input method is off for scan capture
--------------------------------------------
Korean Windows runs the Microsoft IME, and in Hangul mode it would turn the scanner's ``g``,
``k``, ``s`` into ``ㅎ``, ``ㅏ``, ``ㄴ``. Qt only lets the IME work on widgets that are text inputs:
every other widget (tables, buttons, the main window) has ``Qt.WA_InputMethodEnabled`` false,
and when such a widget has focus Qt disassociates the IME context from the native window
(``ImmAssociateContext(hwnd, nullptr)``), so the keys arrive as plain Latin key presses whatever
mode the IME is in. That is the common case for "scan anywhere in the window". Only when a text
field with the IME enabled has focus can Hangul arrive; the Korean IME then delivers it as a
:class:`~PySide6.QtGui.QInputMethodEvent` with a commit string, which this filter treats like
typed characters, so such a scan is still captured as a scan. The text is passed on raw: a later
classifier maps Hangul jamo back to the Latin keys that produced them (and fixes case); this
module deliberately repairs nothing. Input-method events that carry a pre-edit (composition) are
not characters yet; they end a burst like any non-character key.

Notes for callers
-----------------
* While the filter is enabled, plain printable keys (no Ctrl/Alt/Meta) cannot trigger
  ``QShortcut``/``QAction`` shortcuts: the filter accepts their ``ShortcutOverride``, because a
  shortcut would otherwise eat a scanner character before the filter sees the key press. The
  same is done for an Enter that ends a scan; any other Enter reaches its shortcuts as usual.
* Fast typing into a PIN field (a ``QLineEdit`` not in normal echo mode, or any widget with
  the dynamic property ``scanTarget`` set to ``False``, or inside one) or into a file dialog is
  a person, never a scan (:func:`is_plain_typing_target`): those keys pass untouched, so a PIN
  typed quickly or a path typed quickly in a file dialog reaches its field. That includes keys
  that go to a popup for such a field (the file-name field's completer list is a top-level
  window outside the dialog's parent chain) and every key while a file dialog is modal.
* ``scanned`` is emitted synchronously from inside the event filter, after the filter's own
  state is settled. A slot that opens a modal dialog should be connected with
  ``Qt.QueuedConnection`` rather than run a nested event loop inside key handling.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import cast

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget

__all__ = [
    "DEFAULT_MAX_GAP_S",
    "DEFAULT_MIN_LENGTH",
    "BurstDetector",
    "Decision",
    "HeldKey",
    "KeyboardWedgeFilter",
    "is_plain_typing_target",
    "send_as_keystrokes",
]

#: Scanners send a key every few milliseconds; people rarely type two keys within 50 ms, and
#: never four in a row followed by Enter.
DEFAULT_MAX_GAP_S = 0.050
#: The shortest code this POS scans is longer than this; shorter bursts are treated as typing.
DEFAULT_MIN_LENGTH = 4


@dataclass(slots=True)
class HeldKey:
    """One character (or IME commit string) held back while it may still be part of a scan."""

    text: str
    t: float
    #: Whatever the caller needs to deliver the key later (the filter keeps the event copy here).
    payload: object = None


@dataclass(frozen=True, slots=True)
class Decision:
    """What :meth:`BurstDetector.key` decided. The new key itself is always held.

    ``released`` are keys held earlier that are now known to be typing, because more than
    ``max_gap_s`` passed before the new key. The caller must deliver them, in this order,
    before anything else.
    """

    released: tuple[HeldKey, ...] = ()


# Shared so that the scan path (every key of a burst) allocates no Decision.
_HOLD_ONLY = Decision()


class BurstDetector:
    """Tells a scanner's burst from typing. Pure Python; the caller passes the time in.

    Protocol: offer every character with :meth:`key`; on Enter call :meth:`enter`, and if it
    returns ``None`` release :meth:`take_held` as typing before letting the Enter through; when
    :meth:`expired` becomes true (no key within ``max_gap_s``) release :meth:`take_held` as
    typing. Every key offered therefore ends up exactly once either in a scan or in a release,
    in its original order.
    """

    __slots__ = ("_chars", "_held", "_last_t", "_max_gap_s", "_min_length")

    def __init__(
        self, max_gap_s: float = DEFAULT_MAX_GAP_S, min_length: int = DEFAULT_MIN_LENGTH
    ) -> None:
        if not max_gap_s > 0:
            raise ValueError("max_gap_s must be positive")
        if min_length < 1:
            raise ValueError("min_length must be at least 1")
        self._max_gap_s = float(max_gap_s)
        self._min_length = int(min_length)
        self._held: list[HeldKey] = []
        self._chars = 0
        self._last_t = 0.0

    @property
    def max_gap_s(self) -> float:
        return self._max_gap_s

    @property
    def min_length(self) -> int:
        return self._min_length

    @property
    def held(self) -> tuple[HeldKey, ...]:
        """The keys held right now, oldest first (a snapshot)."""
        return tuple(self._held)

    @property
    def held_text(self) -> str:
        return "".join(h.text for h in self._held)

    @property
    def deadline(self) -> float | None:
        """When the held keys expire if no other key comes, or ``None`` if nothing is held."""
        return self._last_t + self._max_gap_s if self._held else None

    def key(self, text: str, t: float, payload: object = None) -> Decision:
        """Offer a typed character (or an IME commit string) that arrived at time ``t``."""
        if not text:
            raise ValueError("a key must carry text")
        released: tuple[HeldKey, ...] = ()
        if self._held and t - self._last_t > self._max_gap_s:
            # Too slow to be one burst: what came before is typing, the new key may start a scan.
            released = tuple(self._held)
            self._held.clear()
            self._chars = 0
        self._held.append(HeldKey(text, t, payload))
        self._chars += len(text)
        self._last_t = t
        return Decision(released) if released else _HOLD_ONLY

    def would_scan(self, t: float) -> bool:
        """Would an Enter at ``t`` end a qualifying burst? Changes nothing."""
        return (
            bool(self._held)
            and t - self._last_t <= self._max_gap_s
            and self._chars >= self._min_length
        )

    def enter(self, t: float) -> str | None:
        """Enter arrived at ``t``: return the scanned text and forget it, if the burst qualifies.

        A burst qualifies when Enter follows its last key within ``max_gap_s`` and it has at
        least ``min_length`` characters. Otherwise return ``None`` and keep the keys held: the
        caller must release them with :meth:`take_held` before the Enter is delivered.
        """
        if not self.would_scan(t):
            return None
        text = "".join(h.text for h in self._held)
        self._held.clear()
        self._chars = 0
        return text

    def expired(self, t: float) -> bool:
        """True if keys are held and none came within ``max_gap_s``: they are typing."""
        return bool(self._held) and t - self._last_t > self._max_gap_s

    def take_held(self) -> list[HeldKey]:
        """Hand over every held key, oldest first, to be delivered as typing."""
        held = self._held
        self._held = []
        self._chars = 0
        return held


# --- Qt event filter -------------------------------------------------------------------------

_KEY_PRESS = QEvent.Type.KeyPress
_KEY_RELEASE = QEvent.Type.KeyRelease
_SHORTCUT_OVERRIDE = QEvent.Type.ShortcutOverride
_INPUT_METHOD = QEvent.Type.InputMethod
_WATCHED_TYPES = frozenset({_KEY_PRESS, _KEY_RELEASE, _SHORTCUT_OVERRIDE, _INPUT_METHOD})

_ENTER_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})
# Shift is allowed: a scanner presses it for capital letters and symbols.
_SHORTCUT_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
# Pressing a modifier alone (including the Korean 한/영 and 한자 keys) types nothing, so it
# neither joins nor ends a burst: a scanner pressing Shift before a capital must not split it.
_LONE_MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_Hyper_L,
        Qt.Key.Key_Hyper_R,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
        Qt.Key.Key_ScrollLock,
        Qt.Key.Key_Mode_switch,
        Qt.Key.Key_Hangul,
        Qt.Key.Key_Hangul_Hanja,
    }
)
# Keeps memory bounded if releases of scanned keys never arrive (e.g. focus left the app).
_MAX_SWALLOWED_RELEASES = 64


def _key_identity(event: QKeyEvent) -> int:
    """Pairs a key release with its press.

    The native scan code names the physical key, so it matches even if Shift changed between
    press and release; synthetic events have none, and then the Qt key code is used (negated so
    the two kinds never collide).
    """
    scan_code = event.nativeScanCode()
    return scan_code if scan_code else -int(event.key())


#: A widget (or an ancestor) with this dynamic property set to False is never a scanner target.
SCAN_TARGET_PROPERTY = "scanTarget"


def is_plain_typing_target(widget: QObject) -> bool:
    """Is fast typing into ``widget`` a person, never a scan? PIN fields (password echo, or
    marked ``scanTarget=False``) and file dialogs: a scanner is never pointed at them, and
    a PIN or a path typed quickly must reach its field."""
    if isinstance(widget, QLineEdit) and widget.echoMode() != QLineEdit.EchoMode.Normal:
        return True
    node: QObject | None = widget
    while node is not None:
        if node.property(SCAN_TARGET_PROPERTY) is False or isinstance(node, QFileDialog):
            return True
        node = node.parent()
    return False


def _typing_only(watched: QObject) -> bool:
    """Are keys arriving at ``watched`` typing, whatever their speed?

    Besides :func:`is_plain_typing_target` itself: a popup that has the keyboard (a line
    edit's completer list is a top-level window whose parent chain does not reach the file
    dialog) types for the widget that has the focus; and while a file dialog is the modal
    window, every key belongs to it.
    """
    if is_plain_typing_target(watched):
        return True
    if (
        isinstance(watched, QWidget)
        and watched.windowType() == Qt.WindowType.Popup
        and (focus := QApplication.focusWidget()) is not None
        and focus is not watched
        and is_plain_typing_target(focus)
    ):
        return True
    modal = QApplication.activeModalWidget()
    return modal is not None and modal is not watched and is_plain_typing_target(modal)


class _HeldEvent:
    """A swallowed event, copied so it can be delivered later exactly as it came."""

    __slots__ = ("event", "ident", "receiver", "release")

    def __init__(self, receiver: QObject, event: QEvent, ident: int | None) -> None:
        # A Python reference, checked with shiboken6.isValid() before use: PySide6 has no
        # QPointer, and the wrapper turns invalid when the C++ widget is deleted.
        self.receiver = receiver
        self.event = event
        self.ident = ident  # None for input-method events, which have no release
        self.release: QKeyEvent | None = None  # the matching release, if it was swallowed too


class KeyboardWedgeFilter(QObject):
    """Application-wide event filter that turns keyboard-wedge scanner bursts into ``scanned``.

    Install with ``QApplication.instance().installEventFilter(wedge)``. Before removing it, call
    ``set_enabled(False)`` so that keys still held are delivered instead of forgotten.
    """

    #: The raw scanned text, without the Enter. Hangul and case are left as they came.
    scanned = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        # On Windows, Python 3.11's monotonic clock ticks every ~15.6 ms; that is coarse but
        # still well inside the 50 ms gap, and a scanner's keys come a few ms apart.
        clock: Callable[[], float] = time.monotonic,
        max_gap_s: float = DEFAULT_MAX_GAP_S,
        min_length: int = DEFAULT_MIN_LENGTH,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._detector = BurstDetector(max_gap_s, min_length)
        self._gap_ms = max(1, math.ceil(max_gap_s * 1000))
        self._enabled = True
        # Key identity -> held press whose release has not come yet.
        self._pending_release: dict[int, _HeldEvent] = {}
        # Identities of scanned presses (and the scan's Enter) whose releases must not leak.
        self._swallow_release: set[int] = set()
        # Events waiting to be re-delivered; one queue so nested deliveries keep the order.
        self._outbox: deque[_HeldEvent] = deque()
        # The re-delivered events now being sent, innermost last, so the filter lets them pass.
        self._in_flight: list[QEvent] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # A coarse timer may fire up to 5 % early; the burst boundary should be where we say.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timeout)

    # --- public API ---------------------------------------------------------------------------

    def is_enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        """Turn capture on or off. Turning it off first delivers any held keys as typing."""
        if enabled == self._enabled:
            return
        if not enabled:
            self.flush()
            self._pending_release.clear()
            self._swallow_release.clear()
        self._enabled = enabled

    def flush(self) -> None:
        """Deliver every held key now, as typing, to the widget it was meant for."""
        self._timer.stop()
        held = self._detector.take_held()
        if held:
            self._deliver(held)

    # --- event filter -------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Called for every event in the application: reject the uninteresting ones first.
        etype = event.type()
        if etype not in _WATCHED_TYPES or not self._enabled:
            return False
        # Key events reach the QWindow before the focus widget; decide once, at the widget.
        if not watched.isWidgetType() or (self._in_flight and self._is_redelivery(event)):
            return False
        if etype != _KEY_RELEASE and _typing_only(watched):
            # A PIN pad or a file dialog: plain typing, in order after anything held.
            self.flush()
            return False
        if etype == _KEY_PRESS:
            return self._on_key_press(watched, cast(QKeyEvent, event))
        if etype == _KEY_RELEASE:
            return self._on_key_release(cast(QKeyEvent, event))
        if etype == _SHORTCUT_OVERRIDE:
            return self._on_shortcut_override(cast(QKeyEvent, event))
        return self._on_input_method(watched, cast(QInputMethodEvent, event))

    def _on_key_press(self, receiver: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        modifiers = event.modifiers()
        if key in _ENTER_KEYS and not modifiers & _SHORTCUT_MODIFIERS and not event.isAutoRepeat():
            return self._on_enter(event)
        if key in _LONE_MODIFIER_KEYS:
            return False
        text = event.text()
        if (
            text
            and not modifiers & _SHORTCUT_MODIFIERS
            # Scanners do not auto-repeat; a held-down key is a person.
            and not event.isAutoRepeat()
            and text.isprintable()
        ):
            self._hold(receiver, QKeyEvent(event), _key_identity(event), text)
            return True
        # Backspace, Tab, arrows, shortcuts...: the held keys were typed before this one.
        self.flush()
        return False

    def _on_enter(self, event: QKeyEvent) -> bool:
        held = self._detector.held  # enter() forgets them; their releases still need handling
        text = self._detector.enter(self._clock())
        if text is None:
            # Not a scan: whatever was held was typed before this Enter, which then goes on.
            self.flush()
            return False
        self._timer.stop()
        for held_key in held:
            record = cast(_HeldEvent, held_key.payload)
            if record.ident is not None and self._pending_release.get(record.ident) is record:
                del self._pending_release[record.ident]
                self._swallow_next_release(record.ident)
        self._swallow_next_release(_key_identity(event))
        # State is settled before the signal, so a slot may do anything, even re-enter.
        self.scanned.emit(text)
        return True

    def _on_key_release(self, event: QKeyEvent) -> bool:
        ident = _key_identity(event)
        record = self._pending_release.pop(ident, None)
        if record is not None:
            # The press is still held: keep the release with it so the widget later gets both.
            record.release = QKeyEvent(event)
            return True
        if ident in self._swallow_release:
            self._swallow_release.discard(ident)
            return True
        return False

    def _on_shortcut_override(self, event: QKeyEvent) -> bool:
        # Accepting the override stops the shortcut map from consuming the key (a plain
        # printable key would lose a scanner character, an Enter shortcut would eat the end of
        # a scan); the key press then arrives here as usual.
        if event.modifiers() & _SHORTCUT_MODIFIERS:
            return False
        if event.key() in _ENTER_KEYS:
            overridden = self._detector.would_scan(self._clock())
        else:
            text = event.text()
            overridden = bool(text) and text.isprintable()
        if overridden:
            event.accept()
        return overridden

    def _on_input_method(self, receiver: QObject, event: QInputMethodEvent) -> bool:
        commit = event.commitString()
        if (
            commit
            and not event.preeditString()
            and event.replacementLength() == 0
            and commit.isprintable()
        ):
            # A finished character from the IME (Hangul when a text field has focus): it may be
            # part of a scan exactly like a key press.
            self._hold(receiver, QInputMethodEvent(event), None, commit)
            return True
        # Composition in progress or surrounding-text edits are not characters: end the burst.
        self.flush()
        return False

    # --- holding and re-delivery --------------------------------------------------------------

    def _hold(self, receiver: QObject, event_copy: QEvent, ident: int | None, text: str) -> None:
        record = _HeldEvent(receiver, event_copy, ident)
        decision = self._detector.key(text, self._clock(), record)
        if ident is not None:
            self._pending_release[ident] = record
        self._timer.start(self._gap_ms)
        if decision.released:
            self._deliver(decision.released)

    def _on_timeout(self) -> None:
        deadline = self._detector.deadline
        if deadline is None:
            return
        now = self._clock()
        if self._detector.expired(now):
            self.flush()
        else:
            # The injected clock says the gap is not over yet (timer and clock disagree by a
            # tick, or a test's clock is frozen): look again when it should be.
            self._timer.start(max(1, math.ceil((deadline - now) * 1000)))

    def _deliver(self, held: Iterable[HeldKey]) -> None:
        outbox = self._outbox
        outbox.extend(cast(_HeldEvent, h.payload) for h in held)
        # Drain one shared queue: if delivery re-enters (a slot flushes, or a modal dialog's
        # nested event loop releases newer keys) the older keys still go first.
        while outbox:
            record = outbox.popleft()
            ident = record.ident
            if ident is not None and self._pending_release.get(ident) is record:
                # Its real release is still to come and must now reach the widget normally.
                del self._pending_release[ident]
            receiver = record.receiver
            if not shiboken6.isValid(receiver):
                continue  # the widget was deleted while its keys were held: nobody to type into
            self._send(receiver, record.event)
            if record.release is not None and shiboken6.isValid(receiver):
                self._send(receiver, record.release)

    def _send(self, receiver: QObject, event: QEvent) -> None:
        self._in_flight.append(event)
        try:
            QApplication.sendEvent(receiver, event)
        finally:
            self._in_flight.pop()

    def _is_redelivery(self, event: QEvent) -> bool:
        """Is ``event`` the one being re-delivered (or a copy a widget forwards on)?"""
        current = self._in_flight[-1]
        if event is current:
            return True  # also covers propagation to parents, which reuses the same event
        if event.type() != current.type():
            return False
        if isinstance(current, QKeyEvent):
            other = cast(QKeyEvent, event)
            return (
                other.key() == current.key()
                and other.text() == current.text()
                and other.timestamp() == current.timestamp()
            )
        if isinstance(current, QInputMethodEvent):
            return cast(QInputMethodEvent, event).commitString() == current.commitString()
        return False

    def _swallow_next_release(self, ident: int) -> None:
        if len(self._swallow_release) >= _MAX_SWALLOWED_RELEASES:
            self._swallow_release.clear()
        self._swallow_release.add(ident)


# --- synthetic scanner ---------------------------------------------------------------------------


def _key_for_char(char: str) -> tuple[int, Qt.KeyboardModifier]:
    """The Qt key a US-layout keyboard would report for ``char``."""
    if "a" <= char <= "z":
        return Qt.Key.Key_A + (ord(char) - ord("a")), Qt.KeyboardModifier.NoModifier
    if "A" <= char <= "Z":
        return Qt.Key.Key_A + (ord(char) - ord("A")), Qt.KeyboardModifier.ShiftModifier
    if "0" <= char <= "9":
        return Qt.Key.Key_0 + (ord(char) - ord("0")), Qt.KeyboardModifier.NoModifier
    return Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier


def send_as_keystrokes(text: str, target: QWidget | None = None) -> None:
    """Type ``text`` and Enter the way a keyboard-wedge scanner does.

    The key events go through ``QApplication.sendEvent`` to ``target``, else to the focus
    widget, else to the active window, so an installed :class:`KeyboardWedgeFilter` sees them
    exactly as it sees a real scanner (the demo customer-phone window uses this).
    """
    receiver = target
    if receiver is None:
        receiver = QApplication.focusWidget()
    if receiver is None:
        receiver = QApplication.activeWindow()
    if receiver is None:
        raise RuntimeError("nowhere to send the keystrokes: no widget has focus")
    no_modifier = Qt.KeyboardModifier.NoModifier
    strokes = [(*_key_for_char(char), char) for char in text]
    strokes.append((Qt.Key.Key_Return, no_modifier, "\r"))
    for key, modifiers, key_text in strokes:
        for event_type in (_KEY_PRESS, _KEY_RELEASE):
            # A slot (e.g. the one handling the scan) may close the window it was typed into.
            if not shiboken6.isValid(receiver):
                return
            QApplication.sendEvent(receiver, QKeyEvent(event_type, key, modifiers, key_text))
