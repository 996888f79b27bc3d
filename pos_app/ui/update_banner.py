"""The app-version banner: a newer version exists (calm), or this one is older than the city
supports (loud). Advice only: nothing is refused, no sale is held up.

Like the no-cashback banner it sits above every screen and never takes the focus, so the
scanner and the sale in progress are not disturbed when it appears.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from pos_app.domain.app_version import UpdateAdvice, UpdateLevel
from pos_app.domain.errors import ErrorKey, UserFacingError

_STYLE = """
QFrame#updateBanner { background: #dbeafe; border: 1px solid #93c5fd; border-radius: 6px; }
QFrame#updateBanner QLabel { color: #1e3a8a; font-size: 14px; }
QFrame#updateBanner[level="below_minimum"] { background: #c2410c; border: 2px solid #7c2d12; }
QFrame#updateBanner[level="below_minimum"] QLabel { color: white; font-size: 16px; }
QLabel#updateTitle { font-weight: bold; }
"""

_KEYS = {
    UpdateLevel.AVAILABLE: ErrorKey.APP_UPDATE_AVAILABLE,
    UpdateLevel.BELOW_MINIMUM: ErrorKey.APP_BELOW_MINIMUM,
}


class UpdateBanner(QFrame):
    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self.level = UpdateLevel.CURRENT
        self.setObjectName("updateBanner")
        self.setStyleSheet(_STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.title = QLabel()
        self.title.setObjectName("updateTitle")
        self.title.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setObjectName("updateHint")
        self.hint.setWordWrap(True)
        # The address can be copied into a browser; a click selects, it never takes focus.
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 3, 12, 3)  # tight: the total must stay on a 768-pixel screen
        box.setSpacing(0)
        box.addWidget(self.title)
        box.addWidget(self.hint)
        self.setVisible(False)

    def show_advice(self, advice: UpdateAdvice) -> None:
        """Shown while a newer version exists, louder below the minimum; hidden otherwise."""
        self.level = advice.level
        release = advice.release
        key = _KEYS.get(advice.level)
        if key is None or release is None:
            self.setVisible(False)
            return
        message = UserFacingError(
            key, latest=release.latest, running=advice.running, minimum=release.minimum
        )
        self.title.setText(message.display(self._language))
        self.hint.setText(
            self.tr("Download: %1 — close the POS, then run it; your records stay.").replace(
                "%1", release.url
            )
        )
        # The help desk reads the checksum out when a merchant checks the download.
        self.setToolTip(self.tr("Installer SHA-256: %1").replace("%1", release.sha256))
        self.setProperty("level", advice.level.value)
        self.style().unpolish(self)
        self.style().polish(self)
        for label in (self.title, self.hint):
            label.style().unpolish(label)
            label.style().polish(label)
        self.setVisible(True)
