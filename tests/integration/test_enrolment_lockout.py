"""Guessing enrolment codes locks the merchant out, and the POS says so in Korean.

Against the real server process (both databases): ten wrong codes, and then the right code
in the enrolment dialog is refused with E426 and the server's wait (Retry-After), not with
"wrong code" (E407) nor "server busy" (E405); the code is not used. The credential store is
the one edge faked.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from servers import ServerProcess
from sqlalchemy import text as sql

from central_server.db import create_db_engine
from central_server.rate_limits import MERCHANT_LOCKOUT
from pos_app.domain.clock import system_clock
from pos_app.domain.errors import UserFacingError
from pos_app.services.enrolment import Enroller
from pos_app.store.database import connect
from pos_app.sync.credentials import MemoryCredentialStore
from pos_app.sync.engine import default_client_factory
from pos_app.ui.dialogs.enrolment_dialog import EnrolmentDialog


def test_a_locked_out_enrolment_shows_e426_with_the_wait(
    server: ServerProcess, tmp_path: Path, qtbot
):
    conn = connect(tmp_path / "pos.sqlite3")
    enroller = Enroller(MemoryCredentialStore(), default_client_factory(), system_clock)
    for _ in range(MERCHANT_LOCKOUT.max_failures):
        with pytest.raises(UserFacingError) as refused:
            enroller.enrol(
                conn,
                server_url=server.url,
                merchant_id=server.seed["merchant_id"],
                enrolment_code="WRNG-CDEX",
                device_name="POS-01",
            )
        assert refused.value.code == "E407"
    conn.close()

    dialog = EnrolmentDialog(
        connect(tmp_path / "till.sqlite3"),
        MemoryCredentialStore(),
        default_client_factory(),
        system_clock,
        "ko",
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.server_url.setText(server.url)
    dialog.merchant_id.setText(server.seed["merchant_id"])
    dialog.enrolment_code.setText(server.seed["enrolment_code"])  # the right code
    dialog.pin.setText("2468")
    dialog.pin_again.setText("2468")
    QTest.mouseClick(dialog.enrol_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error.text().startswith("[E4"), timeout=20_000)
    text = dialog.error.text()
    assert text.startswith("[E426]"), text
    lockout = int(MERCHANT_LOCKOUT.lockout.total_seconds())
    # The server's Retry-After, counted from the last wrong code a moment ago.
    seconds = int(text.split("초")[0].rsplit(" ", 1)[-1])
    assert lockout - 60 <= seconds <= lockout, text
    assert "등록 코드는 쓰이지 않았으니" in text
    engine = create_db_engine(server.database_url)  # read as an auditor would
    try:
        with engine.connect() as db:
            assert db.execute(sql("SELECT used_at FROM enrolment_codes")).all() == [(None,)]
    finally:
        engine.dispose()
