"""Demo mode's "customer phone": shows a fresh payment QR and can 'scan' it into the POS.

The send button types the code into the POS window as key events, through the
same application-wide keyboard-wedge filter a real USB scanner goes through;
optionally as a Korean IME in Hangul mode would mangle it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from pos_app.domain.clock import Clock, unix_seconds
from pos_app.domain.hangul_ime import compose_dubeolsik
from pos_app.domain.money import format_won
from pos_app.scanning.wedge import send_as_keystrokes
from pos_app.ui.qr_widget import QrWidget

REFRESH_SECONDS = 10
TTL_SECONDS = 180
OFFLINE_LIMIT = 50_000


class CustomerPhoneWindow(QWidget):
    def __init__(
        self,
        clock: Clock,
        scan_target: Callable[[], QWidget],
        mint_code: Callable[[], str],
        parent: QWidget | None = None,
        *,
        shop_tab: QWidget | None = None,
    ) -> None:
        """``mint_code`` is the customer's app asking its issuer for a fresh code."""
        super().__init__(parent)
        self._clock = clock
        self._scan_target = scan_target
        self._mint_code = mint_code
        self.setWindowTitle(self.tr("Customer phone (demo)"))
        # The POS window keeps the keyboard: the scanner must never type into the phone.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.code_text = ""
        self._issued_at = 0
        title = QLabel(self.tr("Cheongju Pay · payment code"))
        title.setObjectName("merchantName")
        self.qr = QrWidget()
        self.countdown = QLabel()
        self.limit = QLabel(self.tr("Offline limit %1").replace("%1", format_won(OFFLINE_LIMIT)))
        self.hangul_mode = QCheckBox(self.tr("Scanner types through the Korean IME (Hangul mode)"))
        self.send_button = QPushButton(self.tr("Scan into the POS"))
        self.send_button.setObjectName("fkey")
        self.send_button.clicked.connect(self.send_to_pos)
        new_button = QPushButton(self.tr("New code"))
        new_button.clicked.connect(self.refresh_code)
        pay_page = QWidget()
        pay = QVBoxLayout(pay_page)
        pay.addWidget(title)
        pay.addWidget(self.qr, 1)
        pay.addWidget(self.countdown)
        pay.addWidget(self.limit)
        pay.addWidget(self.hangul_mode)
        pay.addWidget(self.send_button)
        pay.addWidget(new_button)
        layout = QVBoxLayout(self)
        self.shop_tab = shop_tab
        if shop_tab is None:
            layout.addWidget(pay_page)
        else:
            tabs = QTabWidget()
            tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            tabs.addTab(pay_page, self.tr("Pay"))
            tabs.addTab(shop_tab, self.tr("Shop online"))
            tabs.currentChanged.connect(
                lambda index: shop_tab.reload() if index == 1 else None  # type: ignore[attr-defined]
            )
            layout.addWidget(tabs)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self.refresh_code()

    def refresh_code(self) -> None:
        self._issued_at = unix_seconds(self._clock())
        try:
            self.code_text = self._mint_code()
        except Exception:
            self.code_text = ""
            self.countdown.setText(self.tr("The issuer did not answer; try New code."))
            return
        self.qr.set_text(self.code_text)
        self._tick()

    def _tick(self) -> None:
        age = unix_seconds(self._clock()) - self._issued_at
        if age >= REFRESH_SECONDS:
            self.refresh_code()
            return
        remaining = TTL_SECONDS - age
        self.countdown.setText(
            self.tr("Valid for %1:%2")
            .replace("%1", str(remaining // 60))
            .replace("%2", f"{remaining % 60:02d}")
        )

    def send_to_pos(self) -> None:
        text = compose_dubeolsik(self.code_text) if self.hangul_mode.isChecked() else self.code_text
        target = self._scan_target()
        target.activateWindow()
        send_as_keystrokes(text, target)
        # A code pays once: show the next one right away, as the customer's app would.
        self.refresh_code()
