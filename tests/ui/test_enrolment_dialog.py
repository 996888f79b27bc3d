"""The enrolment dialog waits on the server off the UI thread: it says so, holds its buttons
(Esc included: the answer is stored when it comes), then shows the refusal with its code."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest

from pos_app.services.setup import has_owner
from pos_app.sync.credentials import MemoryCredentialStore
from pos_app.sync.engine import default_client_factory
from pos_app.ui.dialogs.enrolment_dialog import EnrolmentDialog


def test_enrolling_says_it_waits_and_shows_the_refusal_with_its_code(qtbot, empty_db, clock):
    dialog = EnrolmentDialog(
        empty_db, MemoryCredentialStore(), default_client_factory(), clock, "ko"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.server_url.setText("http://127.0.0.1:9")  # nothing listens there: refused
    dialog.merchant_id.setText("M-0001")
    dialog.enrolment_code.setText("ABCD-EFGH")
    dialog.pin.setText("2468")
    dialog.pin_again.setText("2468")

    QTest.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    waiting = QCoreApplication.translate("EnrolmentDialog", "Enrolling: waiting for the server...")
    assert dialog.error.text() == waiting
    assert not dialog.enrol_button.isEnabled()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # not while the server may be enrolling this device

    qtbot.waitUntil(dialog.enrol_button.isEnabled, timeout=20_000)
    assert dialog.error.text().startswith("[E") and dialog.isVisible()
    assert not has_owner(empty_db)  # set only once enrolled
