"""The file-dialog filter for photos, one for every form that takes a picture.

The patterns are the formats ``media/photos.py`` decodes (it tells them by their first
bytes), so every form offers exactly what it can read.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

PICTURE_PATTERNS = ("*.jpg", "*.jpeg", "*.png", "*.bmp", "*.gif", "*.webp")


def picture_filter() -> str:
    """ "Pictures (*.jpg ... *.webp)" in the UI's language, for ``QFileDialog``."""
    return QCoreApplication.translate("PhotoFiles", "Pictures (%1)").replace(
        "%1", " ".join(PICTURE_PATTERNS)
    )
