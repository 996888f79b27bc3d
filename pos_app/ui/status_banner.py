"""The merchant-status banner: a restricted merchant (연 매출 30억원 초과) earns no cashback.

Full width above every screen, dark red, large bold text: the cashier must not miss it
(a customer asks "캐시백 왜 안 돼요?"). It never takes the focus, so the scanner and the sale
in progress are not disturbed when it appears or goes.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QWidget

from pos_app.domain.merchant import MerchantProfile

_STYLE = """
QFrame#restrictedBanner { background: #b91c1c; border-radius: 6px; }
QLabel#restrictedTitle { color: white; font-size: 21px; font-weight: bold; }
QLabel#restrictedHint { color: #fde2e2; font-size: 15px; }
"""


def period_text(merchant: MerchantProfile) -> str:
    """``2026-07-01 ~ 2026-12-31``, ``2026-07-01 ~`` (no end announced), or nothing."""
    since, until = merchant.restricted_since, merchant.restricted_until
    if since is None and until is None:
        return ""
    start = since.isoformat() if since else ""
    return f"{start} ~ {until.isoformat()}" if until else f"{start} ~"


def banner_text(merchant: MerchantProfile) -> str:
    """E.g. 캐시백 미적립 가맹점 — 연 매출 30억원 초과 (2026-07-01 ~ 2026-12-31)."""
    text = QCoreApplication.translate("StatusBanner", "No cashback at this shop")
    if merchant.restricted_reason.strip():
        text += f" — {merchant.restricted_reason.strip()}"
    period = period_text(merchant)
    return f"{text} ({period})" if period else text


class StatusBanner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restrictedBanner")
        self.setStyleSheet(_STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.title = QLabel()
        self.title.setObjectName("restrictedTitle")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(
            self.tr(
                "Customers can still pay with Cheongju Pay, but no cashback is credited"
                " (the receipt says so)."
            )
        )
        self.hint.setObjectName("restrictedHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Tight: it must not push the total off a 1024x768 (or 150 %-scaled) screen. Title
        # and hint share one line when the window is wide enough (resizeEvent).
        self._box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._box.setContentsMargins(12, 4, 12, 4)
        self._box.setSpacing(0)
        self._box.addWidget(self.title)
        self._box.addWidget(self.hint)
        self.setVisible(False)

    def _one_line_width(self) -> int:
        return sum(
            label.fontMetrics().horizontalAdvance(label.text()) + 24
            for label in (self.title, self.hint)
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        margins = self._box.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        direction = (
            QBoxLayout.Direction.LeftToRight
            if self._one_line_width() <= room
            else QBoxLayout.Direction.TopToBottom
        )
        if direction != self._box.direction():
            self._box.setDirection(direction)
            # On one line each label gets its whole text's width; stacked, each wraps.
            for label in (self.title, self.hint):
                label.setWordWrap(direction == QBoxLayout.Direction.TopToBottom)

    def show_merchant(self, merchant: MerchantProfile | None) -> None:
        """Shown while the merchant is restricted, hidden otherwise."""
        restricted = merchant is not None and merchant.restricted
        if merchant is not None and restricted:
            self.title.setText(banner_text(merchant))
            self.resizeEvent(QResizeEvent(self.size(), self.size()))  # one line or two
        self.setVisible(restricted)
