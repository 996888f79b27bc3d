"""The enrolment form against the real server process: a request the server refuses as
malformed is said to be one (not a wrong address); a cancelled attempt never confirms its
grant (the code stays usable, no device is made); and a revoked till has one enrolment form
at a time, whose success clears the revocation's words from the checkout.

The credential store is the one edge faked (an in-memory store, as the OS keyring is
nobody's here).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from counter_harness import synced_counter
from pos_harness import MILK, Pos, open_pos
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from servers import ServerProcess, server_rows

from pos_app.domain.clock import system_clock
from pos_app.domain.errors import UserFacingError
from pos_app.services.enrolment import (
    CancelSwitch,
    Enroller,
    EnrolmentCancelled,
    current_enrolment,
)
from pos_app.store import sync_state
from pos_app.store.database import connect
from pos_app.sync.credentials import PROBE_ACCOUNT, MemoryCredentialStore
from pos_app.sync.engine import default_client_factory
from pos_app.ui.dialogs.enrolment_dialog import EnrolmentDialog


@pytest.fixture
def server(sqlite_server: ServerProcess) -> ServerProcess:
    return sqlite_server  # one SQLite server (conftest's ``server`` runs both databases)


def fields(server: ServerProcess, **changes: str) -> dict[str, str]:
    return {
        "server_url": server.url,
        "merchant_id": server.seed["merchant_id"],
        "enrolment_code": server.seed["enrolment_code"],
        "device_name": "POS-01",
        **changes,
    }


def test_a_request_the_server_refuses_as_malformed_is_not_blamed_on_the_address(server, tmp_path):
    conn = connect(tmp_path / "pos.sqlite3")
    enroller = Enroller(MemoryCredentialStore(), default_client_factory(), system_clock)
    with pytest.raises(UserFacingError) as refused:
        enroller.enrol(conn, **fields(server, device_name="X" * 101))  # over the server's 100
    message = refused.value.message("ko")
    assert refused.value.code == "E420", message
    assert "입력한 값을 확인하세요" in message and "device_name" in message
    assert "서버 주소" not in message
    assert server_rows(server, "SELECT used_at FROM enrolment_codes") == [(None,)]
    conn.close()


class CancellingStore(MemoryCredentialStore):
    """The cashier presses Cancel while the grant's token is being stored: the moment
    before the confirm, the last one at which a cancel can still be honoured."""

    def __init__(self, switch: CancelSwitch) -> None:
        super().__init__()
        self.switch = switch

    def set_token(self, account: str, token: str) -> None:
        super().set_token(account, token)
        if account != PROBE_ACCOUNT:
            assert self.switch.cancel()


def test_a_cancelled_attempt_never_confirms_and_the_code_stays_usable(server, tmp_path):
    conn = connect(tmp_path / "pos.sqlite3")
    switch = CancelSwitch()
    enroller = Enroller(CancellingStore(switch), default_client_factory(), system_clock)
    with pytest.raises(EnrolmentCancelled):
        enroller.enrol(conn, **fields(server), switch=switch)
    assert current_enrolment(conn) is None
    assert server_rows(server, "SELECT * FROM devices") == []  # nothing confirmed
    assert server_rows(server, "SELECT used_at FROM enrolment_codes") == [(None,)]

    # The merchant tries again with the same code: it works (the grant was never used).
    again = Enroller(MemoryCredentialStore(), default_client_factory(), system_clock)
    enrolment = again.enrol(conn, **fields(server))
    assert server_rows(server, "SELECT device_id FROM devices") == [(enrolment.device_id,)]
    conn.close()


def test_a_cancel_after_the_confirm_was_sent_is_refused():
    switch = CancelSwitch()
    switch.start_confirm()
    assert not switch.cancel()  # too late: the attempt finishes and stores its enrolment


@pytest.fixture
def till(server: ServerProcess, tmp_path: Path) -> Iterator[Pos]:
    pos = open_pos(
        server.url, server.seed["enrolment_code"], server.seed["merchant_id"], tmp_path / "p.db"
    )
    yield pos
    pos.close()


def open_forms() -> list[EnrolmentDialog]:
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, EnrolmentDialog) and widget.isVisible()
    ]


def test_a_revoked_till_has_one_enrolment_form_and_enrolling_clears_the_refusal(
    qtbot, till, server, tmp_path
):
    code = server.cli("enrolment-code", server.seed["merchant_id"]).strip().splitlines()[-1]
    seen: dict[str, object] = {}
    with synced_counter(qtbot, till) as counter:
        screen = counter.window.screen_checkout

        def in_the_form() -> None:
            forms = open_forms()
            if not forms:
                QTimer.singleShot(50, in_the_form)
                return
            # The server's 401 opened the form; behind it the checkout refuses Cheongju Pay
            # (E208), and the cashier presses F7 as well.
            screen.handle_scan(MILK)
            screen.handle_scan(till.code())
            seen["refusal"] = screen.message.text()
            seen["intro"] = forms[0].intro.text()
            seen["first"] = forms[0]
            QTimer.singleShot(0, press_f7)
            QTimer.singleShot(0, after_f7)

        def press_f7() -> None:
            seen["f7"] = "pressed"
            counter.enrol_again()  # a second form would wait here until it is closed
            seen["f7"] = "returned"

        def after_f7() -> None:
            forms = open_forms()
            if seen.get("f7") != "returned" and len(forms) < 2:
                QTimer.singleShot(20, after_f7)
                return
            seen["forms"] = len(forms)
            first = seen["first"]
            assert isinstance(first, EnrolmentDialog)
            for extra in forms:
                if extra is not first:
                    extra.reject()
            first.enrolment_code.setText(code)
            QTest.mouseClick(first.enrol_button, Qt.MouseButton.LeftButton)

        QTimer.singleShot(0, in_the_form)
        server.cli("revoke-device", till.device_id())
        screen.handle_scan(MILK)
        screen.handle_scan(till.code())  # its push meets the server's 401: the form opens
        qtbot.waitUntil(lambda: "forms" in seen and not open_forms(), timeout=20_000)

        assert "[E208]" in str(seen["refusal"])
        assert seen["forms"] == 1  # F7 raised the open form, no second one on top
        assert "등록을 취소" in str(seen["intro"])
        assert sync_state.revoked_at(till.conn) is None
        assert "[E208]" not in screen.message.text()  # the stale refusal is gone
        assert not counter.window.sync_status.connection.text().startswith("● 등록 취소됨")
        assert screen.totals.total_caption.text() == "결제할 금액 (청주페이)"


def test_a_revocation_heard_while_someone_signs_in_waits_for_the_sign_in(qtbot, till, server):
    """The PIN sign-in has the keyboard: an enrolment form over it would take the cashier's
    PIN as a code. The form opens once someone has signed in."""
    with synced_counter(qtbot, till, with_shop=True) as counter:
        pages = counter.shop_pages
        assert pages is not None
        pages.signing_in = True  # as while the PIN dialog is on screen
        server.cli("revoke-device", till.device_id())
        counter.window.screen_checkout.handle_scan(MILK)
        counter.window.screen_checkout.handle_scan(till.code())  # its push meets the 401
        qtbot.waitUntil(lambda: sync_state.revoked_at(till.conn) is not None, timeout=20_000)
        qtbot.waitUntil(lambda: counter._enrol_after_sign_in_pending, timeout=20_000)
        assert open_forms() == []

        seen: list[int] = []

        def look() -> None:
            forms = open_forms()
            if not forms:
                QTimer.singleShot(20, look)
                return
            seen.append(len(forms))
            forms[0].reject()

        QTimer.singleShot(0, look)
        pages.signing_in = False
        pages.signed_in.emit()
        qtbot.waitUntil(lambda: seen == [1], timeout=20_000)
