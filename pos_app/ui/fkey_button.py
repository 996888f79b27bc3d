"""A function-key button: "F5 현금/카드", wrapped onto a second line when the row is narrow.

Twelve keys share one row. A plain QPushButton cannot wrap its text, so on a 1024-pixel
screen (or at 150 % scaling) "Enrol device" was clipped and the row pushed the window wider
than the screen. Here the text is a word-wrapping label: the button asks only for the room of
its longest word and always reserves two lines, so the row keeps one height whether a caption
wraps or not.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

LINES = 2
_PADDING = 4  # each side, inside the button's frame


class FKeyButton(QPushButton):
    def __init__(self, key: str, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fkey")
        self.key = key
        self.caption_text = caption
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

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        widest, _ = self._widths()
        height = QFontMetrics(self.caption.font()).lineSpacing() * LINES
        return QSize(widest + self._frame() + 2, height + self._frame())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        _, one_line = self._widths()
        minimum = self.minimumSizeHint()
        return QSize(max(one_line + self._frame() + 8, minimum.width()), minimum.height())
