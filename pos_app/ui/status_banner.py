"""The merchant-status banner: a restricted merchant (연 매출 30억원 초과) earns no cashback.

Full width above every screen, dark red, large bold text: the cashier must not miss it
(a customer asks "캐시백 왜 안 돼요?"). It never takes the focus, so the scanner and the sale
in progress are not disturbed when it appears or goes.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

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
        column = QVBoxLayout(self)
        # Tight: it must not push the total off a 1024x768 (or 150 %-scaled) screen.
        column.setContentsMargins(12, 4, 12, 4)
        column.setSpacing(0)
        column.addWidget(self.title)
        column.addWidget(self.hint)
        self.setVisible(False)

    def show_merchant(self, merchant: MerchantProfile | None) -> None:
        """Shown while the merchant is restricted, hidden otherwise."""
        restricted = merchant is not None and merchant.restricted
        if merchant is not None and restricted:
            self.title.setText(banner_text(merchant))
        self.setVisible(restricted)
