"""Staff management for owners: the list, add, change role, deactivate, reset a PIN.

Keyboard first: ↑/↓ in the list, Insert adds, F2 changes the role, F3 resets the PIN,
Delete deactivates. Every refusal (not an owner, a PIN someone else uses, the last owner)
comes back from the service as ``[E8xx]`` in the message bar.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import UserFacingError
from pos_app.domain.staff import Role, StaffMember
from pos_app.services.staff import StaffService, role_text
from pos_app.ui.message_bar import MessageBar

_MEMBER = Qt.ItemDataRole.UserRole
_ROLES = (Role.CASHIER, Role.MANAGER, Role.OWNER)


class StaffForm(QDialog):
    """Name, role and PIN for a new person; or only the role, or only the PIN."""

    def __init__(
        self,
        language: str,
        parent: QWidget | None = None,
        *,
        name: bool = True,
        role: Role | None = Role.CASHIER,
        pin: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Staff member"))
        self.name = QLineEdit()
        self.name.setMaxLength(40)
        self.role = QComboBox()
        for each in _ROLES:
            self.role.addItem(role_text(each, language), each.value)
        if role is not None:
            self.role.setCurrentIndex(_ROLES.index(role))
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        form = QFormLayout()
        if name:
            form.addRow(self.tr("Name"), self.name)
        if role is not None:
            form.addRow(self.tr("Role"), self.role)
        if pin:
            form.addRow(self.tr("PIN (4+ digits)"), self.pin)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        first = self.name if name else self.role if role is not None else self.pin
        first.setFocus()

    def chosen_role(self) -> Role:
        return Role(self.role.currentData())


class StaffScreen(QWidget):
    """``form_factory`` makes the small forms (tests drive them without a modal loop)."""

    def __init__(
        self,
        staff: StaffService,
        language: str,
        parent: QWidget | None = None,
        *,
        form_factory: Callable[..., StaffForm] | None = None,
    ) -> None:
        super().__init__(parent)
        self._staff = staff
        self._language = language
        self._form = form_factory or (lambda **kw: StaffForm(language, self, **kw))
        self.list = QListWidget()
        self.message = MessageBar()
        self.add_button = QPushButton(self.tr("Add (Ins)"))
        self.role_button = QPushButton(self.tr("Change role (F2)"))
        self.pin_button = QPushButton(self.tr("Reset PIN (F3)"))
        self.deactivate_button = QPushButton(self.tr("Deactivate (Del)"))
        actions = (
            (self.add_button, Qt.Key.Key_Insert, self.add),
            (self.role_button, Qt.Key.Key_F2, self.change_role),
            (self.pin_button, Qt.Key.Key_F3, self.reset_pin),
            (self.deactivate_button, Qt.Key.Key_Delete, self.deactivate),
        )
        row = QHBoxLayout()
        for button, key, slot in actions:
            button.clicked.connect(slot)
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            # Only while this screen has the focus (as the catalogue screen does), so the
            # checkout's F2/F3/Del elsewhere are not made ambiguous.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.refresh()
        self.list.setFocus()

    def refresh(self) -> None:
        current = self.selected()
        self.list.clear()
        for member in self._staff.members(include_inactive=True):
            text = f"{member.name} · {role_text(member.role, self._language)}"
            if not member.active:
                text += " · " + self.tr("inactive")
            item = QListWidgetItem(text)
            item.setData(_MEMBER, member)
            self.list.addItem(item)
            if current is not None and member.staff_id == current.staff_id:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)

    def selected(self) -> StaffMember | None:
        item = self.list.currentItem()
        return item.data(_MEMBER) if item is not None else None

    def add(self) -> None:
        form = self._form(name=True, role=Role.CASHIER, pin=True)
        if form.exec() == QDialog.DialogCode.Accepted:
            self._run(
                lambda: self._staff.add(form.name.text(), form.chosen_role(), form.pin.text()),
                self.tr("Added."),
            )

    def change_role(self) -> None:
        member = self.selected()
        if member is None:
            return
        form = self._form(name=False, role=member.role, pin=False)
        if form.exec() == QDialog.DialogCode.Accepted:
            self._run(
                lambda: self._staff.change_role(member.staff_id, form.chosen_role()),
                self.tr("Role changed."),
            )

    def reset_pin(self) -> None:
        member = self.selected()
        if member is None:
            return
        form = self._form(name=False, role=None, pin=True)
        if form.exec() == QDialog.DialogCode.Accepted:
            self._run(
                lambda: self._staff.reset_pin(member.staff_id, form.pin.text()),
                self.tr("PIN reset."),
            )

    def deactivate(self) -> None:
        member = self.selected()
        if member is None or not member.active:
            return
        self._run(lambda: self._staff.deactivate(member.staff_id), self.tr("Deactivated."))

    def _run(self, change: Callable[[], object], done: str) -> None:
        try:
            change()
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        self.message.show_message("ok", done)
        self.refresh()
