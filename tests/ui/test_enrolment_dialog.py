"""The enrolment dialog waits on the server off the UI thread: it says so, holds its buttons
(Esc included: the answer is stored when it comes), then shows the refusal with its code."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest

from pos_app.services.setup import has_owner
from pos_app.store import sync_state
from pos_app.store.database import write_transaction
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


def _dialog(qtbot, conn, clock) -> EnrolmentDialog:
    dialog = EnrolmentDialog(conn, MemoryCredentialStore(), default_client_factory(), clock, "ko")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_next_attempt_clears_the_previous_error_while_it_waits(qtbot, empty_db, clock):
    dialog = _dialog(qtbot, empty_db, clock)
    dialog.server_url.setText("http://127.0.0.1:9")
    dialog.merchant_id.setText("M-0001")
    dialog.enrolment_code.setText("ABCD-EFGH")
    dialog.pin.setText("2468")
    dialog.pin_again.setText("2468")
    QTest.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.enrol_button.isEnabled, timeout=20_000)
    assert "[E418]" in dialog.error.text()  # unreachable: the address or the server, said so

    QTest.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    waiting = QCoreApplication.translate("EnrolmentDialog", "Enrolling: waiting for the server...")
    assert dialog.error.text() == waiting  # the old error is gone while this one waits
    qtbot.waitUntil(dialog.enrol_button.isEnabled, timeout=20_000)


def test_a_shop_with_no_records_is_not_told_they_are_kept(qtbot, empty_db, clock):
    dialog = _dialog(qtbot, empty_db, clock)
    kept = QCoreApplication.translate("EnrolmentDialog", "Records waiting to be sent are kept.")
    assert kept not in dialog.intro.text()
    assert "revoked" not in dialog.intro.text() and "취소" not in dialog.intro.text()


def test_a_revoked_till_with_records_is_told_both(qtbot, demo_db, clock):
    with write_transaction(demo_db):
        sync_state.mark_revoked(demo_db, "2026-12-05T00:00:00.000Z")
    assert sync_state.pending_stats(demo_db).count > 0  # the demo's products, not yet sent
    dialog = _dialog(qtbot, demo_db, clock)
    text = dialog.intro.text()
    revoked = QCoreApplication.translate(
        "EnrolmentDialog",
        "Cheongju Pay revoked this device's enrolment: it takes no Cheongju Pay payments until"
        " it is enrolled again (cash and card still work). Ask the merchant office for a new"
        " code.",
    )
    kept = QCoreApplication.translate("EnrolmentDialog", "Records waiting to be sent are kept.")
    assert revoked in text  # why the form is back
    assert kept in text
