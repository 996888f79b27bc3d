"""Which camera reads become scans: two identical reads to accept, then repeats held back.

A camera sees the same code in frame after frame, and a damaged or half-visible barcode can
now and then be misread. A hand-held scanner solves both with a trigger; a camera needs rules:

* **Two identical reads.** A text becomes a scan only when two decoded frames, no more than
  ``confirm_window_s`` apart, both contain it. One stray misread (an EAN-13 with a wrong digit
  that still passes the check digit, say) is never acted on.
* **Repeat suppression.** After a text is accepted it is held back while it is still in view,
  and until it has been out of view for ``repeat_hold_s``. A customer who keeps the phone up
  pays once; a cashier who wants two of an item takes it away and shows it again (or uses F4).

Time is passed in (monotonic seconds), so the rules are tested without a clock or a camera.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

CONFIRM_WINDOW_S = 1.0
REPEAT_HOLD_S = 2.0


@dataclass
class ReadFilter:
    confirm_window_s: float = CONFIRM_WINDOW_S
    repeat_hold_s: float = REPEAT_HOLD_S
    #: text -> when it was last read but not yet accepted
    _candidates: dict[str, float] = field(default_factory=dict)
    #: text -> when it was last seen after being accepted
    _held: dict[str, float] = field(default_factory=dict)

    def offer(self, texts: Iterable[str], now: float) -> list[str]:
        """The texts read in one decoded frame at ``now``; returns those accepted now.

        Call it for every decoded frame, also the empty ones: time moving on is what lets
        a held code be accepted again.
        """
        self._forget_old(now)
        accepted: list[str] = []
        for text in dict.fromkeys(texts):  # one frame reading a code twice is one read
            if text in self._held:
                self._held[text] = now  # still in view: keep holding it back
                continue
            if text in self._candidates:
                del self._candidates[text]
                self._held[text] = now
                accepted.append(text)
            else:
                self._candidates[text] = now
        return accepted

    def _forget_old(self, now: float) -> None:
        self._candidates = {
            t: seen for t, seen in self._candidates.items() if now - seen <= self.confirm_window_s
        }
        self._held = {t: seen for t, seen in self._held.items() if now - seen < self.repeat_hold_s}

    def reset(self) -> None:
        """Forget everything (the camera was switched or restarted)."""
        self._candidates.clear()
        self._held.clear()
