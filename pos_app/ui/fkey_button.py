"""Function-key buttons: "F5 현금/카드", wrapped onto a second line when the row is narrow.

Twelve keys share one row. A plain QPushButton cannot wrap its text, so on a 1024-pixel
screen (or at 150 % scaling) "Enrol device" was clipped and the row pushed the window wider
than the screen. Here the text is a word-wrapping label: a button asks only for the room of
its longest word. The row decides the height for all its keys: one line when every caption
fits on one, else two for all (one height, so the keys line up).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

_PADDING = 4  # each side, inside the button's frame


class FKeyButton(QPushButton):
    def __init__(self, key: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fkey")
        self.key = key
        self.caption_text = caption
        self.lines = 2
        self.setAccessibleName(f"{key} {caption}")
        self.caption = QLabel(f"<b>{escape(key)}</b> {escape(caption)}")
        self.caption.setObjectName("fkeyCaption")
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Clicks go to the button; the label only shows the text.
        self.caption.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        column = QVBoxLayout(self)
        column.setContentsMargins(_PADDING, _PADDING, _PADDING, _PADDING)
        column.addWidget(self.caption)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def _frame(self) -> int:
        return 2 * _PADDING + 2

    def _widths(self) -> tuple[int, int]:
        """(the widest word, the whole text on one line), in the label's font."""
        metrics = QFontMetrics(self.caption.font())
        bold = QFont(self.caption.font())
        bold.setBold(True)
        key = QFontMetrics(bold).horizontalAdvance(self.key)
        words = self.caption_text.split() or [""]
        widest = max(key, *(metrics.horizontalAdvance(word) for word in words))
        one_line = key + metrics.horizontalAdvance(" " + self.caption_text)
        return widest, one_line

    def minimumSizeHint(self) -> QSize:
        widest, _ = self._widths()
        height = QFontMetrics(self.caption.font()).lineSpacing() * self.lines
        return QSize(widest + self._frame() + 2, height + self._frame())

    def one_line_width(self) -> int:
        return self._widths()[1] + self._frame() + 8

    def set_lines(self, lines: int) -> None:
        if lines != self.lines:
            self.lines = lines
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        minimum = self.minimumSizeHint()
        return QSize(max(self.one_line_width(), minimum.width()), minimum.height())


class FKeyRow(QWidget):
    """The row of function keys: one line of text when all fit, else two."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[FKeyButton] = []

    def add(self, button: FKeyButton) -> None:
        self.buttons.append(button)
        self._row.addWidget(button)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        room = self.width() - self._row.spacing() * (len(self.buttons) - 1)
        lines = 1 if sum(b.one_line_width() for b in self.buttons) <= room else 2
        for button in self.buttons:
            button.set_lines(lines)
