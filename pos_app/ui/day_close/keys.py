"""Screen-wide keys for the day-close and sales screens."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def add_screen_key(screen: QWidget, key: str, handler: Callable[[], None]) -> None:
    """``key`` runs ``handler`` while the screen (or a field in it) has the focus: only
    there, so the same key can mean something else on another tab."""
    action = QAction(screen)
    action.setShortcut(QKeySequence(key))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(handler)
    screen.addAction(action)
