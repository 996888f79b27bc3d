"""Where the customer display goes: pure choice over the monitors Qt reports.

Kept free of Qt so the rule can be tested with any set of screens (a test machine has one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ScreenInfo:
    name: str
    x: int
    y: int
    width: int
    height: int
    primary: bool = False

    def as_preference(self) -> dict[str, Any]:
        return {"name": self.name, "x": self.x, "y": self.y, "w": self.width, "h": self.height}

    def label(self) -> str:
        return f"{self.name} ({self.width}x{self.height} @ {self.x},{self.y})"


@dataclass(frozen=True)
class Placement:
    screen: ScreenInfo
    full_screen: bool
    missing: bool  # the chosen monitor is not connected: fell back to the cashier's screen


def _matches(screen: ScreenInfo, wanted: Mapping[str, Any]) -> bool:
    return (screen.x, screen.y, screen.width, screen.height) == (
        wanted.get("x"),
        wanted.get("y"),
        wanted.get("w"),
        wanted.get("h"),
    )


def choose_placement(
    screens: Sequence[ScreenInfo], wanted: Mapping[str, Any] | None
) -> Placement | None:
    """The monitor for the display and whether it fills it; None with no screen at all.

    The saved choice is found by name first (a monitor keeps its name when moved), then by
    geometry (names change with a new cable or driver). Without a choice, the first monitor
    that is not the cashier's. Full screen only on a monitor that is not the cashier's
    (primary): on a one-monitor PC the display is a normal window the cashier can place.
    """
    if not screens:
        return None
    primary = next((s for s in screens if s.primary), screens[0])
    chosen: ScreenInfo | None = None
    missing = False
    if wanted:
        chosen = next((s for s in screens if s.name == wanted.get("name")), None)
        chosen = chosen or next((s for s in screens if _matches(s, wanted)), None)
        missing = chosen is None
    if chosen is None:
        chosen = next((s for s in screens if s is not primary), primary)
    return Placement(chosen, full_screen=chosen is not primary, missing=missing)
