"""Manager override: a manager or the owner types their PIN to approve one action at
someone else's till. The signed-in cashier stays signed in."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from pos_app.domain.errors import UserFacingError
from pos_app.domain.staff import Action, StaffMember, may
from pos_app.services.staff import StaffService
from pos_app.ui.message_bar import MessageBar
from pos_app.ui.staff.pin_entry import PinEntry


class ManagerOverrideDialog(QDialog):
    """After ``exec()``, ``approver`` is the approving manager (None if cancelled).

    ``action_text`` says what is approved ("결제취소 18,900원"); ``action`` the rule checked.
    """

    def __init__(
        self,
        staff: StaffService,
        action_text: str,
        language: str,
        parent: QWidget | None = None,
        *,
        action: Action = Action.VOID,
    ) -> None:
        super().__init__(parent)
        self._staff = staff
        self._action = action
        self._language = language
        self.approver: StaffMember | None = None
        self.setWindowTitle(self.tr("Manager approval"))
        what = QLabel(action_text)
        what.setObjectName("merchantName")
        what.setWordWrap(True)
        hint = QLabel(self.tr("A manager types their PIN to approve this one action."))
        approvers = [m for m in staff.members() if may(m.role, action)]
        self.entry = PinEntry(approvers, language)
        self.entry.submitted.connect(self._approve)
        self.error = MessageBar()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(hint)
        layout.addWidget(self.entry)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.entry.setFocus()

    def _approve(self, pin: str, staff_id: str) -> None:
        try:
            self.approver = self._staff.approve(pin, self._action, staff_id or None, self._language)
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            self.entry.clear()
            return
        self.accept()
