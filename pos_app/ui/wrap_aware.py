"""A frame that asks for the height its word-wrapped labels need at its width now.

Qt's box and grid layouts take a widget's minimum height from its minimum size hint, which
counts a word-wrapped label as one line. When the label does wrap (a long prompt on a narrow
window) the frame was squeezed and its other rows cut, the large amount to pay first.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame


class WrapAwareFrame(QFrame):
    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth() and self.width() > 0:
            needed = layout.minimumHeightForWidth(self.width()) + 2 * self.frameWidth()
            hint.setHeight(max(hint.height(), needed))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # a new width may need another line (or one less)
