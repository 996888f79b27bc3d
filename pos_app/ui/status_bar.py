"""A status bar whose word-wrapping labels take a second line on a narrow window.

QStatusBar sizes itself from its widgets' size hints and ignores height-for-width, so a
long status ("● 오프라인: 결제는 전송될 때까지 안전하게 보관됩니다") on a 1024-pixel screen was
cut off at the right. Here the bar is as tall as its wrapped labels need at their width now.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QStatusBar

_MARGIN = 4  # above and below the labels


class WrappingStatusBar(QStatusBar):
    def _wrapped_height(self) -> int:
        heights = [
            label.heightForWidth(label.width())
            for label in self.findChildren(QLabel)
            if label.wordWrap() and label.isVisible() and label.width() > 0 and label.text()
        ]
        return max(heights, default=0) + 2 * _MARGIN

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint().expandedTo(QSize(0, self._wrapped_height()))

    def sizeHint(self) -> QSize:
        return super().sizeHint().expandedTo(QSize(0, self._wrapped_height()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.height() < self._wrapped_height():
            self.updateGeometry()  # the labels got narrower: ask for another line


class OneLineFirstLabel(QLabel):
    """A word-wrapping label that asks for its whole text on one line.

    A word-wrapped QLabel's size hint is Qt's guess at a wrapped width, not the text's
    width, so the status bar shared its room evenly and wrapped a long text ("Unsent: 42 ·
    unconfirmed 24,192원 · oldest 0s") beside a short one with room to spare. With the
    one-line width as the hint each label gets what it needs while the bar has room, and
    wraps (its minimum stays the longest word) only when it does not.
    """

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if not self.wordWrap() or not self.text():
            return hint
        margins = self.contentsMargins()
        width = (
            self.fontMetrics().horizontalAdvance(self.text())
            + margins.left()
            + margins.right()
            + 2 * self.margin()
            + max(self.indent(), 0)
        )
        return QSize(width, self.heightForWidth(width))
