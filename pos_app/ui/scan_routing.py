"""Where a scan goes while a dialog is open.

A scan behind an open dialog must not change the sale the dialog is about, but a dialog
that asks for text may well be asking for a code: a parcel tracking number scanned into
"택배 송장 번호" is that field's text. So, with a modal dialog open:

1. a dialog that takes codes itself (``accept_scan``, the product form) gets the scan;
2. else, a text field of the dialog that has the focus gets it as typed text, then Enter
   as the field's own Enter (the dialog's default button, ``returnPressed``);
3. else the scan is refused (E214), and the refusal is shown in the dialog, where the
   cashier is looking, not on the checkout tab behind it.

PIN fields and file dialogs never get here: the wedge treats fast typing there as typing
(``scanning.wedge.is_plain_typing_target``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.scan import repair_if_code
from pos_app.scanning.wedge import is_plain_typing_target
from pos_app.ui.message_bar import MessageBar

REFUSAL_NAME = "scanRefusal"
REFUSAL_SHOWN_MS = 6000


def route_scan_to_dialog(dialog: QWidget, text: str, language: str) -> bool:
    """Deliver a scan made while ``dialog`` is modal; True if it was used."""
    accept_scan = getattr(dialog, "accept_scan", None)
    if callable(accept_scan):
        return bool(accept_scan(text))
    field = dialog.focusWidget()  # the dialog's own: the keys went to it
    if field is not None and dialog.isAncestorOf(field) and _type_into(field, text):
        return True
    show_refusal(dialog, UserFacingError(ErrorKey.SCAN_DIALOG_OPEN), language)
    return False


def _type_into(field: QWidget, text: str) -> bool:
    if is_plain_typing_target(field):
        return False  # a PIN field: a scanner is never pointed at it
    # Hangul from a Korean IME (the field has it on) is undone only if that makes a code:
    # a Korean memo or name scanned into the field stays Korean.
    text, _ = repair_if_code(text)
    if isinstance(field, QLineEdit):
        if field.isReadOnly():
            return False
        before = field.text()
        field.insert(text)  # through the field's validator and length limit
        if field.text() == before:
            return False  # an amount field refusing a barcode: refused, and no Enter
    elif isinstance(field, (QPlainTextEdit, QTextEdit)):
        if field.isReadOnly():
            return False
        field.insertPlainText(text)
    else:
        return False  # a spin box, a list: no place for a code
    # The scanner's Enter is the field's Enter: returnPressed, the dialog's default button.
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(
            field, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
        )
    return True


def show_refusal(dialog: QWidget, error: UserFacingError, language: str) -> None:
    """In the dialog's own message bar if it has one (``error``), else a red line over the
    bottom of ``dialog`` for a few seconds; and a beep."""
    bar = getattr(dialog, "error", None)
    if isinstance(bar, MessageBar):
        bar.show_error(error, language)
        QApplication.beep()
        return
    label = dialog.findChild(QLabel, REFUSAL_NAME, Qt.FindChildOption.FindDirectChildrenOnly)
    if label is None:
        label = QLabel(dialog)
        label.setObjectName(REFUSAL_NAME)
        label.setWordWrap(True)
        label.setStyleSheet(
            "background: #b3261e; color: white; font-weight: bold; padding: 6px;"
            " border-radius: 4px;"
        )
        timer = QTimer(label)
        timer.setSingleShot(True)
        timer.timeout.connect(label.hide)
    label.setText(error.display(language))
    width = max(120, dialog.width() - 16)
    label.setFixedWidth(width)
    label.adjustSize()
    label.move(8, max(0, dialog.height() - label.height() - 8))
    label.show()
    label.raise_()
    timer = label.findChild(QTimer)
    if timer is not None:
        timer.start(REFUSAL_SHOWN_MS)
    QApplication.beep()
