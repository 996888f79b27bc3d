"""Demo mode's "customer phone": shows a fresh payment QR and can 'scan' it into the POS.

The send button types the code into the POS window as key events, through the
same application-wide keyboard-wedge filter a real USB scanner goes through;
optionally as a Korean IME in Hangul mode would mangle it.

With the demo server down the phone mints its codes itself with the demo issuer key
(``mint_offline``; the training counter trusts it), says so, and the POS takes them as
offline payments; a phone that can do neither says plainly that there is no code.

"Pay the merchant QR" is the other direction: the phone "scans" the QR on the customer
display (a grab of that widget, read by the app's own decoder) and pays it through the
server's customer endpoint, as the customer's app would.

Both calls to the demo server (a fresh code, a payment) run off the UI thread
(``ui/background.py``): the counter keeps running while the phone waits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from pos_app.domain.clock import Clock, unix_seconds
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.hangul_ime import compose_dubeolsik
from pos_app.domain.money import format_won
from pos_app.domain.records import PaymentRecord
from pos_app.scanning.decoders import gray_from_qimage, make_decoder
from pos_app.scanning.wedge import send_as_keystrokes
from pos_app.ui.background import run_task
from pos_app.ui.qr_widget import QrWidget

REFRESH_SECONDS = 10
TTL_SECONDS = 180
OFFLINE_LIMIT = 50_000


@dataclass(frozen=True)
class MerchantQrPhone:
    """The phone's side of a merchant QR payment (training only)."""

    grab: Callable[[], QImage | None]  # the customer display's QR as the camera would see it
    pay: Callable[[str], dict[str, Any]]  # the customer's app paying a payload; raises on refusal


def _refusal(exc: Exception) -> UserFacingError:
    return UserFacingError(ErrorKey.DISPLAY_PHONE_REFUSED, reason=str(exc))


class CustomerPhoneWindow(QWidget):
    code_shown = Signal()  # a fresh code (or "no code") is on the phone
    mpm_answered = Signal(object)  # the server's answer (dict) or the refusal (UserFacingError)

    def __init__(
        self,
        clock: Clock,
        scan_target: Callable[[], QWidget],
        mint_code: Callable[[], str],
        parent: QWidget | None = None,
        *,
        shop_tab: QWidget | None = None,
        merchant_qr: MerchantQrPhone | None = None,
        language: str = "ko",
        mint_offline: Callable[[], str] | None = None,
    ) -> None:
        """``mint_code`` is the customer's app asking its issuer for a fresh code;
        ``mint_offline`` makes one on the phone when the issuer does not answer."""
        super().__init__(parent)
        self._clock = clock
        self._scan_target = scan_target
        self._mint_code = mint_code
        self._mint_offline = mint_offline
        self.setWindowTitle(self.tr("Customer phone (demo)"))
        # The POS window keeps the keyboard: the scanner must never type into the phone.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.code_text = ""
        self._issued_at = 0
        self._minting = False  # the issuer is being asked for a code
        self._mint_again = False
        self._send_when_minted = False
        title = QLabel(self.tr("Cheongju Pay · payment code"))
        title.setObjectName("merchantName")
        self.qr = QrWidget()
        self.countdown = QLabel()
        self.countdown.setWordWrap(True)
        self.offline_note = QLabel(
            self.tr(
                "No server: this code was made on the phone with the training issuer key."
                " The POS takes it as an offline payment."
            )
        )
        self.offline_note.setObjectName("phoneOffline")
        self.offline_note.setWordWrap(True)
        self.offline_note.hide()
        self.limit = QLabel(self.tr("Offline limit %1").replace("%1", format_won(OFFLINE_LIMIT)))
        self.hangul_mode = QCheckBox(self.tr("Scanner types through the Korean IME (Hangul mode)"))
        self.send_button = QPushButton(self.tr("Scan into the POS"))
        self.send_button.setObjectName("fkey")
        self.send_button.clicked.connect(self.send_to_pos)
        new_button = QPushButton(self.tr("New code"))
        new_button.clicked.connect(self.refresh_code)
        self._merchant_qr = merchant_qr
        self._ui_language = language
        self.mpm_button = QPushButton(self.tr("Pay the merchant QR"))
        self.mpm_button.setObjectName("fkey")
        self.mpm_button.clicked.connect(self.pay_merchant_qr)
        self.mpm_button.setVisible(merchant_qr is not None)
        self.mpm_result = QLabel()
        self.mpm_result.setObjectName("mpmResult")
        self.mpm_result.setWordWrap(True)
        self.mpm_answered.connect(self._show_mpm_answer)
        self._mpm_approval = ""  # the approval of the payment the phone made, while shown
        for button in (self.send_button, new_button, self.mpm_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the POS keeps the keyboard
        pay_page = QWidget()
        pay = QVBoxLayout(pay_page)
        pay.addWidget(title)
        pay.addWidget(self.qr, 1)
        pay.addWidget(self.countdown)
        pay.addWidget(self.offline_note)
        pay.addWidget(self.limit)
        pay.addWidget(self.hangul_mode)
        pay.addWidget(self.send_button)
        pay.addWidget(new_button)
        pay.addWidget(self.mpm_button)
        pay.addWidget(self.mpm_result)
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
        """Ask the issuer for a fresh code (off the UI thread); :attr:`code_shown` once the
        phone shows it, or made on the phone, or says there is none."""
        self._issued_at = unix_seconds(self._clock())
        if self._minting:
            self._mint_again = True  # the answer on its way was asked for before this
            return
        self._minting = True
        run_task(
            self,
            self._mint_code,
            lambda code: self._minted(lambda: code, offline=False),
            lambda _error: self._minted(self._minted_offline, offline=True),
            name="demo-phone-mint",
        )

    def _minted(self, code: Callable[[], str], *, offline: bool) -> None:
        self._minting = False
        if self._mint_again:
            self._mint_again = False
            self.refresh_code()
            return
        self._show_code(code(), offline=offline)

    def _show_code(self, code: str, *, offline: bool) -> None:
        self._issued_at = unix_seconds(self._clock())
        self.code_text = code
        self.offline_note.setVisible(offline and bool(code))
        # Never a stale code on screen: it would be refused as used or expired.
        self.qr.setVisible(bool(self.code_text))
        if not self.code_text:
            self._send_when_minted = False
            self.countdown.setText(
                self.tr("The issuer did not answer and this phone cannot make codes: no code.")
            )
            self.code_shown.emit()
            return
        self.qr.set_text(self.code_text)
        self._tick()
        self.code_shown.emit()
        if self._send_when_minted:
            self._send_when_minted = False
            self.send_to_pos()

    def _minted_offline(self) -> str:
        if self._mint_offline is None:
            return ""
        try:
            return self._mint_offline()
        except Exception:
            return ""

    def _tick(self) -> None:
        age = unix_seconds(self._clock()) - self._issued_at
        if age >= REFRESH_SECONDS:
            self.refresh_code()
            return
        if not self.code_text:
            return
        remaining = TTL_SECONDS - age
        self.countdown.setText(
            self.tr("Valid for %1:%2")
            .replace("%1", str(remaining // 60))
            .replace("%2", f"{remaining % 60:02d}")
        )

    def send_to_pos(self) -> None:
        if not self.code_text:
            # The issuer may be back: the code goes as soon as it is shown (the countdown
            # line says so if there is none).
            self._send_when_minted = True
            self.refresh_code()
            return
        text = compose_dubeolsik(self.code_text) if self.hangul_mode.isChecked() else self.code_text
        target = self._scan_target()
        target.activateWindow()
        send_as_keystrokes(text, target)
        # A code pays once: none on show until the next one comes, as the customer's app.
        self.code_text = ""
        self.qr.setVisible(False)
        self.refresh_code()

    # ----- paying the merchant QR ------------------------------------------------------------

    def pay_merchant_qr(self) -> None:
        if self._merchant_qr is None:
            return
        image = self._merchant_qr.grab()
        if image is None:
            self._show_mpm_answer(UserFacingError(ErrorKey.DISPLAY_NO_MERCHANT_QR))
            return
        found = [d.text for d in make_decoder("zxing").decode(gray_from_qimage(image))]
        if not found:
            self._show_mpm_answer(UserFacingError(ErrorKey.DISPLAY_QR_UNREADABLE))
            return
        self.mpm_button.setEnabled(False)
        self.mpm_result.setText(self.tr("Paying..."))
        pay = self._merchant_qr.pay
        payload = found[0]
        # Off the UI thread: the POS must keep running while the phone waits. The phone
        # shows any refusal; nothing to recover.
        run_task(
            self,
            lambda: pay(payload),
            self.mpm_answered.emit,
            self.mpm_answered.emit,
            name="demo-phone-mpm",
            coded=_refusal,
        )

    def _show_mpm_answer(self, answer: object) -> None:
        self.mpm_button.setEnabled(True)
        if isinstance(answer, dict):
            self._mpm_approval = str(answer.get("approval_no") or "")
            self.mpm_result.setProperty("kind", "ok")
            self.mpm_result.setText(
                self.tr("Paid %1 · approval %2")
                .replace("%1", format_won(int(answer.get("amount") or 0)))
                .replace("%2", str(answer.get("approval_no") or ""))
            )
            return
        error = (
            answer
            if isinstance(answer, UserFacingError)
            else UserFacingError(ErrorKey.DISPLAY_PHONE_REFUSED, reason=str(answer))
        )
        self._mpm_approval = ""
        self.mpm_result.setProperty("kind", "error")
        self.mpm_result.setText(error.display(self._ui_language))

    def payment_shown(self, payment: PaymentRecord) -> None:
        """The POS drew a payment again: if it is the one this phone paid and it was voided
        or refunded since, the "paid" line says so instead of "paid" forever."""
        if not self._mpm_approval or payment.approval_no != self._mpm_approval:
            return
        if payment.voided:
            text = self.tr("Payment voided · approval %1").replace("%1", self._mpm_approval)
        elif payment.refunded:
            text = (
                self.tr("Refunded %1 · approval %2")
                .replace("%1", format_won(payment.refunded))
                .replace("%2", self._mpm_approval)
            )
        else:
            return
        self.mpm_result.setProperty("kind", "info")
        self.mpm_result.setText(text)
