"""Who is at the till (누가 계산하나요?): pick a name with the arrows, or just type a PIN."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from pos_app.domain.errors import UserFacingError
from pos_app.domain.staff import StaffMember
from pos_app.services.staff import StaffService
from pos_app.ui.message_bar import MessageBar
from pos_app.ui.staff.pin_entry import PinEntry


class SignInDialog(QDialog):
    """After ``exec()``, ``member`` is who signed in (None if cancelled).

    ``can_cancel=False`` for the app start and a locked till: Escape does nothing then.
    """

    def __init__(
        self,
        staff: StaffService,
        language: str,
        parent: QWidget | None = None,
        *,
        can_cancel: bool = True,
    ) -> None:
        super().__init__(parent)
        self._staff = staff
        self._language = language
        self._can_cancel = can_cancel
        self.member: StaffMember | None = None
        self.setWindowTitle(self.tr("Who is at the till?"))
        title = QLabel(self.tr("Who is at the till?"))
        title.setObjectName("merchantName")
        hint = QLabel(self.tr("Type your PIN and press Enter. ↑/↓ picks a name first."))
        self.entry = PinEntry(staff.members(), language)
        self.entry.submitted.connect(self._sign_in)
        self.error = MessageBar()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.entry)
        layout.addWidget(self.error)
        self.entry.setFocus()

    def reject(self) -> None:
        if self._can_cancel:
            super().reject()

    def show_notice(self, error: UserFacingError) -> None:
        """A notice for whoever faces the lock screen (the app was started again, say):
        this dialog covers the counter, so it is said here. The next PIN typed replaces it."""
        self.error.show_message("info", error.display(self._language), tag=error.key)

    def dismiss(self) -> None:
        """Close without anyone signing in, whatever ``can_cancel`` says: only for the app
        ending (Windows shutting down, an installer), never for a person at the till."""
        self.done(QDialog.DialogCode.Rejected)

    def _sign_in(self, pin: str, staff_id: str) -> None:
        try:
            self.member = self._staff.sign_in(pin, staff_id or None)
        except UserFacingError as error:
            # E802 names the time left on the lock; E801 the tries left.
            self.error.show_error(error, self._language)
            self.entry.clear()
            return
        self.accept()
