"""A name list and a PIN field, driven from the keyboard: the PIN field keeps the focus,
the arrow keys move through the names, Enter submits. Shared by sign-in and override."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from pos_app.domain.staff import StaffMember
from pos_app.services.staff import role_text

_MEMBER = Qt.ItemDataRole.UserRole


class PinEntry(QWidget):
    """``submitted(pin, staff_id or "")``: "" when the first row ("PIN only") is chosen."""

    submitted = Signal(str, str)

    def __init__(
        self, members: list[StaffMember], language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.names = QListWidget()
        self.names.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing always reaches the PIN
        anyone = QListWidgetItem(self.tr("(Just type your PIN)"))
        anyone.setData(_MEMBER, "")
        self.names.addItem(anyone)
        for member in members:
            item = QListWidgetItem(f"{member.name} · {role_text(member.role, language)}")
            item.setData(_MEMBER, member.staff_id)
            self.names.addItem(item)
        self.names.setCurrentRow(0)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(12)
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.pin.installEventFilter(self)
        self.names.itemDoubleClicked.connect(lambda _item: self.pin.setFocus())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.names)
        layout.addWidget(self.pin)
        self.setFocusProxy(self.pin)

    def chosen_id(self) -> str:
        item = self.names.currentItem()
        return str(item.data(_MEMBER)) if item is not None else ""

    def choose(self, staff_id: str) -> None:
        for row in range(self.names.count()):
            if self.names.item(row).data(_MEMBER) == staff_id:
                self.names.setCurrentRow(row)

    def clear(self) -> None:
        self.pin.clear()
        self.pin.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.pin and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = Qt.Key(event.key())
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # Consumed here: a dialog's default button (Cancel) must not see it.
                self._submit()
                return True
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(key)
            if step is not None:
                row = self.names.currentRow() + step
                self.names.setCurrentRow(max(0, min(self.names.count() - 1, row)))
                return True
        return super().eventFilter(watched, event)

    def _submit(self) -> None:
        self.submitted.emit(self.pin.text(), self.chosen_id())
