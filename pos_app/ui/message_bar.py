"""A one-line feedback bar: green for done, red with the error code for a problem."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from pos_app.domain.errors import UserFacingError


class MessageBar(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message")
        self.setWordWrap(True)
        self.show_message("info", "")

    def show_message(self, kind: str, text: str) -> None:
        """``kind`` is "ok", "info" or "error" (the style sheet colours each)."""
        self.setProperty("kind", kind)
        self.setText(text)
        self.setVisible(bool(text))
        # A dynamic property only restyles after a re-polish.
        self.style().unpolish(self)
        self.style().polish(self)

    def show_error(self, error: UserFacingError, language: str) -> None:
        self.show_message("error", error.display(language))
