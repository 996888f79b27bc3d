"""The enrolment dialog waits on the server off the UI thread: it says so, holds its Enrol
button (Cancel stays usable), then shows the refusal with its code. A form the server could
only refuse is refused on screen and never sent; the dialog is as tall as its message."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
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


@pytest.fixture
def hung_server() -> Iterator[socket.socket]:
    """A port that takes connections and never answers (a hung server): nothing is accepted,
    so ``accept`` also tells whether anything came at all."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    yield listener
    listener.close()


def _url(listener: socket.socket) -> str:
    return f"http://127.0.0.1:{listener.getsockname()[1]}"


def _fill(dialog: EnrolmentDialog, url: str, code: str) -> None:
    dialog.server_url.setText(url)
    dialog.merchant_id.setText("M-0001")
    dialog.enrolment_code.setText(code)
    dialog.pin.setText("2468")
    dialog.pin_again.setText("2468")


def _nothing_came(listener: socket.socket) -> bool:
    try:
        connection, _ = listener.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


@pytest.mark.parametrize(
    ("code", "error"),
    [("", "[E421]"), ("   ", "[E421]"), ("ABCD-EFG0", "[E422]"), ("ABCD-EFGHJ", "[E422]")],
)
def test_an_empty_or_malformed_code_is_refused_on_screen_and_never_sent(
    qtbot, empty_db, clock, hung_server, code, error
):
    dialog = _dialog(qtbot, empty_db, clock)
    qtbot.waitUntil(dialog.isActiveWindow)
    _fill(dialog, _url(hung_server), code)
    dialog.server_url.setFocus()
    QTest.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text().startswith(error)
    assert "서버 주소" not in dialog.error.text()  # not blamed on the address
    assert dialog.enrol_button.isEnabled()  # nothing waits: nothing was sent
    qtbot.waitUntil(dialog.enrolment_code.hasFocus)  # back on the field to mend
    assert _nothing_came(hung_server)


def test_a_well_formed_code_in_small_letters_is_sent(qtbot, empty_db, clock, hung_server):
    dialog = _dialog(qtbot, empty_db, clock)
    _fill(dialog, _url(hung_server), "abcd efgh")
    QTest.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    waiting = QCoreApplication.translate("EnrolmentDialog", "Enrolling: waiting for the server...")
    assert dialog.error.text() == waiting
    dialog.reject()


def test_an_empty_merchant_id_is_refused_on_its_field(qtbot, empty_db, clock, hung_server):
    dialog = _dialog(qtbot, empty_db, clock)
    qtbot.waitUntil(dialog.isActiveWindow)
    _fill(dialog, _url(hung_server), "ABCD-EFGH")
    dialog.merchant_id.setText(" ")
    QTest.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text().startswith("[E423]")
    qtbot.waitUntil(dialog.merchant_id.hasFocus)
    assert _nothing_came(hung_server)


def _enrolment_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "enrolment"]


def test_cancel_closes_the_form_at_once_while_the_server_hangs(qtbot, empty_db, clock, hung_server):
    dialog = _dialog(qtbot, empty_db, clock)
    _fill(dialog, _url(hung_server), "ABCD-EFGH")
    QTest.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    assert not dialog.enrol_button.isEnabled()  # waiting on the hung server
    cancel = dialog._buttons.button(dialog._buttons.StandardButton.Cancel)
    assert cancel.isEnabled()
    QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()  # at once, not after the server's timeout
    assert dialog.result() == EnrolmentDialog.DialogCode.Rejected

    hung_server.close()  # the late answer: the connection dropped
    qtbot.waitUntil(lambda: not _enrolment_threads(), timeout=15_000)
    QCoreApplication.processEvents()  # deliver what the attempt reported
    assert not dialog.isVisible()  # the late answer is ignored: no error, no reopening
    assert not has_owner(empty_db)


def test_the_dialog_shrinks_back_after_a_long_error(qtbot, empty_db, clock):
    dialog = _dialog(qtbot, empty_db, clock)
    dialog.resize(420, dialog.height())
    _fill(dialog, "http://127.0.0.1:9", "ABCD-EFGH")  # nothing listens at port 9: E418 (long)
    dialog.pin_again.setText("1357")
    differ = QCoreApplication.translate("EnrolmentDialog", "The two PINs differ.")
    QTest.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == differ  # a one-line message
    short_height = dialog.height()

    dialog.pin_again.setText("2468")
    QTest.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text().startswith("[E418]"), timeout=20_000)
    assert dialog.height() > short_height  # grown to show the long message whole

    dialog.pin_again.setText("1357")
    QTest.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == differ
    assert dialog.height() == short_height  # no stretched gaps left behind
