"""A one-line feedback bar: green for done, red with the error code for a problem."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QDialog, QLabel, QWidget

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
        if text:
            self._grow_dialog_to_fit()

    def _grow_dialog_to_fit(self) -> None:
        """A dialog already on screen keeps its size when a wrapped line appears in it, so
        the end of the message (often what to do) was cut off: grow it to show every line."""
        dialog = self.window()
        layout = dialog.layout() if isinstance(dialog, QDialog) else None
        if layout is None or not dialog.isVisible():
            return  # a dialog not yet shown takes the size its content asks for anyway
        layout.activate()
        width = dialog.width()
        if layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(width)
        else:
            needed = layout.totalSizeHint().height()
        if needed > dialog.height():
            dialog.resize(width, needed)

    def show_error(self, error: UserFacingError, language: str) -> None:
        self.show_message("error", error.display(language), tag=error.key)

    def clear_tagged(self, tags: Iterable[str]) -> bool:
        """Take the line away if it is one of ``tags`` (stale now); True if it was."""
        if self.tag and self.tag in set(tags):
            self.show_message("info", "")
            return True
        return False
