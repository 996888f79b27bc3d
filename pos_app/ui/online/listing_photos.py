"""A row of photo thumbnails, in listing order (the first is the cover the shoppers see)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

THUMB_PX = 96
#: sha256 -> the stored JPEG, or None when this PC does not hold it
PhotoSource = Callable[[str], bytes | None]


class PhotoStrip(QListWidget):
    """Thumbnails keyed by the photo's SHA-256 (``Qt.UserRole``)."""

    def __init__(self, source: PhotoSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = source
        # A decoded 1280 px JPEG is a few ms; the list redraws on every selection.
        self._thumbs: dict[str, QPixmap] = {}
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.setSpacing(4)
        self.setFixedHeight(THUMB_PX + 44)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def show_photos(self, shas: Sequence[str]) -> None:
        self.clear()
        for position, sha in enumerate(shas, start=1):
            self._append(sha, position)

    def add_photo(self, sha: str) -> None:
        self._append(sha, self.count() + 1)
        self.setCurrentRow(self.count() - 1)

    def shas(self) -> tuple[str, ...]:
        return tuple(self.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.count()))

    def _append(self, sha: str, position: int) -> None:
        pixmap = self._thumbnail(sha)
        caption = (
            self.tr("%1 (cover)").replace("%1", str(position)) if position == 1 else str(position)
        )
        if pixmap is None:
            caption = self.tr("%1 not on this PC").replace("%1", str(position))
            pixmap = _placeholder()
        item = QListWidgetItem(QIcon(pixmap), caption)
        item.setData(Qt.ItemDataRole.UserRole, sha)
        item.setToolTip(sha)
        self.addItem(item)

    def renumber(self) -> None:
        """After a photo moved or was removed: captions follow the order."""
        self.show_photos(self.shas())

    def _thumbnail(self, sha: str) -> QPixmap | None:
        if sha not in self._thumbs:
            data = self._source(sha)
            image = QImage.fromData(data) if data else QImage()
            if image.isNull():
                return None
            self._thumbs[sha] = QPixmap.fromImage(
                image.scaled(
                    THUMB_PX,
                    THUMB_PX,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        return self._thumbs[sha]


def _placeholder() -> QPixmap:
    pixmap = QPixmap(THUMB_PX, THUMB_PX)
    pixmap.fill(QColor("#eeeeee"))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#999999"))
    painter.drawRect(0, 0, THUMB_PX - 1, THUMB_PX - 1)
    painter.drawLine(0, 0, THUMB_PX - 1, THUMB_PX - 1)
    painter.end()
    return pixmap
