"""The strip under the title: shop name, business number, this till's label, discount badge.

The till's label ("단말기 DEMO-01") is here, where the row has room, rather than in the status
bar: at 1024 pixels the status bar had no room left for it beside the sync state.

A restricted merchant's status is not here but in the full-width ``StatusBanner``: a small
badge beside the name was too easy to miss.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from pos_app.domain.business_number import format_business_number
from pos_app.domain.clock import Clock, business_date
from pos_app.domain.money import format_rate
from pos_app.services.merchant_settings import MerchantSettings


class MerchantHeader(QWidget):
    def __init__(
        self, settings: MerchantSettings, clock: Clock, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._clock = clock
        self.name = QLabel()
        self.name.setObjectName("merchantName")
        self.business_number = QLabel()
        self.device = QLabel()
        self.device.setObjectName("deviceLabel")
        self.discount = QLabel()
        self.discount.setObjectName("discountBadge")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name)
        layout.addWidget(self.business_number)
        layout.addWidget(self.device)
        layout.addStretch(1)
        layout.addWidget(self.discount)
        self.refresh()

    def refresh(self) -> None:
        merchant = self._settings.merchant
        self.name.setText(merchant.name if merchant else self.tr("No merchant set up"))
        self.business_number.setText(
            format_business_number(merchant.business_number) if merchant else ""
        )
        label = self._settings.device_label
        self.device.setText(self.tr("· Device %1").replace("%1", label) if label else "")
        policy = self._settings.terms.discount
        today = business_date(self._clock())
        active = policy is not None and policy.is_active_on(today)
        self.discount.setVisible(active)
        if policy is not None and active:
            until = f" ~{policy.valid_to:%m/%d}" if policy.valid_to else ""
            self.discount.setText(
                self.tr("Cheongju Pay special discount %1").replace(
                    "%1", format_rate(policy.rate_bp)
                )
                + until
            )
