"""The device token lives in the OS credential store and nowhere else.

The OS keyring is the one edge mocked here: headless Linux has no backend, so an
in-memory keyring backend stands in for Windows Credential Manager.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import ServerProcess, run_server

from pos_app.domain.clock import system_clock
from pos_app.domain.errors import UserFacingError
from pos_app.services.enrolment import current_enrolment, enrol_device
from pos_app.store.database import connect
from pos_app.sync.credentials import SERVICE, KeyringCredentialStore, account_name
from pos_app.sync.engine import default_client_factory


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    with run_server(f"sqlite:///{(tmp_path / 'c.sqlite3').as_posix()}", tmp_path / "s") as s:
        yield s


def test_token_is_in_the_keyring_and_nowhere_else(server, memory_keyring, tmp_path):
    data_dir = tmp_path / "pos"
    conn = connect(data_dir / "pos.sqlite3")
    enrolment = enrol_device(
        conn,
        KeyringCredentialStore(),
        default_client_factory(),
        system_clock,
        server_url=server.url,
        merchant_id=server.seed["merchant_id"],
        enrolment_code=server.seed["enrolment_code"],
        device_name="till",
    )
    conn.close()
    token = memory_keyring.passwords[(SERVICE, account_name(server.url, enrolment.device_id))]
    assert len(token) >= 32
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), f"token leaked into {path}"
    for path in (tmp_path / "s").rglob("*"):  # the server keeps only a hash of it
        if path.is_file():
            assert token.encode() not in path.read_bytes(), f"token leaked into {path}"


def test_a_wrong_enrolment_code_is_refused_and_stores_nothing(server, memory_keyring, tmp_path):
    conn = connect(tmp_path / "pos.sqlite3")
    with pytest.raises(UserFacingError) as refused:
        enrol_device(
            conn,
            KeyringCredentialStore(),
            default_client_factory(),
            system_clock,
            server_url=server.url,
            merchant_id=server.seed["merchant_id"],
            enrolment_code="WRNG-CDEX",  # well formed (E422 otherwise), never issued
            device_name="till",
        )
    assert refused.value.code == "E407"
    assert current_enrolment(conn) is None
    assert memory_keyring.passwords == {}
    conn.close()
