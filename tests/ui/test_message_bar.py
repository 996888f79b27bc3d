"""A message shown in a dialog already on screen is shown whole, every wrapped line of it."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.ui.message_bar import MessageBar


def _small_dialog(qtbot) -> tuple[QDialog, MessageBar]:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLineEdit())
    bar = MessageBar()
    layout.addWidget(bar)
    dialog.resize(260, 60)  # narrow, as a PIN dialog is: a long message wraps to lines
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, bar


def test_a_long_error_in_a_shown_dialog_is_not_cut_off(qtbot) -> None:
    dialog, bar = _small_dialog(qtbot)
    error = UserFacingError(ErrorKey.STAFF_APPROVER_NOT_ALLOWED, name="김점원", role="직원")
    bar.show_error(error, "ko")
    qtbot.waitUntil(lambda: bar.isVisible() and bar.height() >= bar.heightForWidth(bar.width()))
    assert bar.text() == error.display("ko")
    assert bar.geometry().bottom() <= dialog.contentsRect().bottom()


def test_the_dialog_keeps_its_size_when_the_message_fits(qtbot) -> None:
    dialog, bar = _small_dialog(qtbot)
    dialog.resize(900, 400)
    qtbot.waitUntil(lambda: dialog.width() == 900)
    bar.show_message("info", "OK")
    qtbot.waitUntil(bar.isVisible)
    assert (dialog.width(), dialog.height()) == (900, 400)
