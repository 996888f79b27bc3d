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
