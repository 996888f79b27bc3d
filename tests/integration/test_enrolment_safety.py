"""Enrolment cannot burn the city's one-time code, and its errors name the real cause;
a revoked till stops taking Cheongju Pay at once. Against the real server process.

The OS keyring is the one edge faked here: a backend that refuses (as a PC without a
working Secret Service or Credential Manager does).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import keyring
import keyring.errors
import pytest
from helpers import MemoryKeyring
from pos_harness import MILK, Pos, open_pos
from servers import ServerProcess, server_rows

from pos_app.domain.clock import system_clock
from pos_app.domain.errors import UserFacingError
from pos_app.services.checkout import ScanAction
from pos_app.services.enrolment import Enroller, current_enrolment
from pos_app.store import sync_state
from pos_app.store.database import connect
from pos_app.sync.credentials import PROBE_ACCOUNT, KeyringCredentialStore
from pos_app.sync.engine import default_client_factory
from pos_app.sync.errors import AuthRequired


class RefusingKeyring(MemoryKeyring):
    """Refuses to set or get the device's token while ``broken``; ``probe_too`` makes the
    store's own probe fail as well (no store at all), else only the real token fails."""

    def __init__(self, probe_too: bool) -> None:
        super().__init__()
        self.broken = True
        self.probe_too = probe_too

    def _check(self, username: str) -> None:
        if self.broken and (self.probe_too or username != PROBE_ACCOUNT):
            raise keyring.errors.PasswordSetError("the Secret Service is locked")

    def get_password(self, service: str, username: str) -> str | None:
        self._check(username)
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check(username)
        super().set_password(service, username, password)


@pytest.fixture
def server(sqlite_server: ServerProcess) -> ServerProcess:
    return sqlite_server  # one SQLite server (conftest's ``server`` runs both databases)


def use_keyring(backend: MemoryKeyring) -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def no_store() -> Iterator[RefusingKeyring]:
    yield from use_keyring(RefusingKeyring(probe_too=True))


@pytest.fixture
def store_refusing_the_token() -> Iterator[RefusingKeyring]:
    yield from use_keyring(RefusingKeyring(probe_too=False))


def enrol(enroller: Enroller, conn: sqlite3.Connection, server: ServerProcess, **changes: str):
    fields = {
        "server_url": server.url,
        "merchant_id": server.seed["merchant_id"],
        "enrolment_code": server.seed["enrolment_code"],
        "device_name": "POS-01",
    }
    fields.update(changes)
    return enroller.enrol(conn, **fields)


def new_enroller() -> Enroller:
    return Enroller(KeyringCredentialStore(), default_client_factory(), system_clock)


def test_without_a_credential_store_the_server_is_not_asked(server, no_store, tmp_path):
    conn = connect(tmp_path / "pos.sqlite3")
    with pytest.raises(UserFacingError) as refused:
        enrol(new_enroller(), conn, server)
    assert refused.value.code == "E416"
    assert "gnome-keyring" in refused.value.message("ko")  # what to do, on this OS
    assert "자격 증명 관리자" not in refused.value.message("ko")  # Windows' is not named here
    assert server_rows(server, "SELECT device_id FROM enrolment_codes") == [(None,)]
    assert server_rows(server, "SELECT * FROM devices") == []
    no_store.broken = False  # the merchant starts gnome-keyring
    enrolment = enrol(new_enroller(), conn, server)
    assert server_rows(server, "SELECT device_id FROM devices") == [(enrolment.device_id,)]
    conn.close()


def test_a_token_that_cannot_be_saved_burns_no_code_and_leaves_no_device(
    server, store_refusing_the_token, tmp_path
):
    conn = connect(tmp_path / "pos.sqlite3")
    form = new_enroller()
    with pytest.raises(UserFacingError) as refused:
        enrol(form, conn, server)
    assert refused.value.code == "E416"
    assert "같은 코드로 다시 등록" in refused.value.message("ko")
    assert form.holds_grant  # the token waits in memory for the next press
    assert current_enrolment(conn) is None
    assert server_rows(server, "SELECT * FROM devices") == []  # no orphan till
    assert server_rows(server, "SELECT used_at FROM enrolment_codes") == [(None,)]

    # The app restarted meanwhile (its memory gone) and the store still refuses: the same
    # code asks again; the server answers the same device with a new token.
    with pytest.raises(UserFacingError):
        enrol(new_enroller(), conn, server)
    assert server_rows(server, "SELECT * FROM devices") == []

    store_refusing_the_token.broken = False
    enrolment = enrol(form, conn, server)  # the first form's grant was replaced: asks again
    assert not form.holds_grant
    assert current_enrolment(conn) == enrolment
    devices = server_rows(server, "SELECT device_id, revoked_at FROM devices")
    assert devices == [(enrolment.device_id, None)]  # exactly one device, the one in use
    assert server_rows(server, "SELECT used_at IS NOT NULL FROM enrolment_codes") == [(1,)]
    conn.close()


def test_a_held_grant_is_confirmed_on_the_next_press(server, store_refusing_the_token, tmp_path):
    conn = connect(tmp_path / "pos.sqlite3")
    form = new_enroller()
    with pytest.raises(UserFacingError):
        enrol(form, conn, server)
    (granted,) = server_rows(server, "SELECT device_id FROM enrolment_codes")
    store_refusing_the_token.broken = False
    enrolment = enrol(form, conn, server)
    assert (enrolment.device_id,) == granted  # the held grant, not a new one
    assert server_rows(server, "SELECT device_id FROM devices") == [granted]
    conn.close()


@pytest.mark.parametrize(
    ("case", "code", "words"),
    [
        ("wrong_path", "E417", "서버 주소를 확인하세요"),
        ("wrong_code", "E407", "등록 코드"),
        ("server_down", "E418", "서버에 연결할 수 없거나"),
    ],
)
def test_enrolment_errors_name_the_real_cause(server, memory_keyring, tmp_path, case, code, words):
    conn = connect(tmp_path / "pos.sqlite3")
    changes = {
        "wrong_path": {"server_url": server.url + "/v1"},
        "wrong_code": {"enrolment_code": "AAAA-AAAA"},
        "server_down": {},
    }[case]
    if case == "server_down":
        server.stop()
    with pytest.raises(UserFacingError) as refused:
        enrol(new_enroller(), conn, server, **changes)
    assert (refused.value.code, words in refused.value.message("ko")) == (code, True)
    assert current_enrolment(conn) is None
    conn.close()


def test_a_revoked_till_refuses_cheongju_pay_at_once_and_cash_goes_on(
    server, memory_keyring, tmp_path
):
    till: Pos = open_pos(
        server.url, server.seed["enrolment_code"], server.seed["merchant_id"], tmp_path / "p.db"
    )
    try:
        till.pay(MILK)
        till.drain()
        code = till.code()  # the customer's code, made before the city revoked the till
        server.cli("revoke-device", till.device_id())
        till.service.handle_scan(MILK)
        with pytest.raises(AuthRequired) as refused:
            till.engine.pull_once()  # what the sync worker does next: the server says why
        assert refused.value.code == "E419" and "취소" in refused.value.message("ko")
        assert sync_state.revoked_at(till.conn) is not None  # kept: a restart remembers
        with pytest.raises(UserFacingError) as declined:
            till.service.handle_scan(code)  # offline: the rules would have taken it
        assert declined.value.code == "E208"
        assert "등록이 취소" in declined.value.message("ko")
        cash = till.service.pay_cash(10_000)  # cash is final: no exposure, recorded
        assert cash.tender == "cash" and not cash.voided
        outcome = till.service.handle_scan(MILK)
        assert outcome.action is ScanAction.PRODUCT_ADDED
    finally:
        till.close()
