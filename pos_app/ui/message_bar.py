"""A one-line feedback bar: green for done, red with the error code for a problem."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QLabel, QWidget

from pos_app.domain.errors import UserFacingError


class MessageBar(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message")
        self.setWordWrap(True)
        #: What the line on show is about (an error's key, or a caller's tag such as the
        #: "added" hint), so a caller can take it away once it is no longer true.
        self.tag = ""
        self.show_message("info", "")

    def show_message(self, kind: str, text: str, tag: str = "") -> None:
        """``kind`` is "ok", "info" or "error" (the style sheet colours each)."""
        self.tag = tag if text else ""
        self.setProperty("kind", kind)
        self.setText(text)
        self.setVisible(bool(text))
        # A dynamic property only restyles after a re-polish.
        self.style().unpolish(self)
        self.style().polish(self)

    def show_error(self, error: UserFacingError, language: str) -> None:
        self.show_message("error", error.display(language), tag=error.key)

    def clear_tagged(self, tags: Iterable[str]) -> bool:
        """Take the line away if it is one of ``tags`` (stale now); True if it was."""
        if self.tag and self.tag in set(tags):
            self.show_message("info", "")
            return True
        return False
