"""One merchant, one active till per name: against the real server process, a POS asking
for a name another till of the shop has is told so in Korean with a free name, keeps its
code, and enrols under the name suggested; re-enrolling itself under its own name is fine."""

from __future__ import annotations

from pathlib import Path

import pytest
from servers import ServerProcess

from pos_app.domain.clock import system_clock
from pos_app.domain.errors import UserFacingError
from pos_app.services.enrolment import Enroller, enrol_device
from pos_app.store.database import connect
from pos_app.store.sync_state import load_enrolment
from pos_app.sync.credentials import MemoryCredentialStore
from pos_app.sync.engine import default_client_factory


def new_code(server: ServerProcess) -> str:
    return server.cli("enrolment-code", server.seed["merchant_id"]).strip().splitlines()[-1]


def test_a_name_another_till_has_is_refused_in_korean_and_the_code_kept(
    sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    server = sqlite_server
    first = connect(tmp_path / "first.sqlite3")
    form = {"server_url": server.url, "merchant_id": server.seed["merchant_id"]}
    enrol_device(
        first,
        MemoryCredentialStore(),
        default_client_factory(),
        system_clock,
        enrolment_code=server.seed["enrolment_code"],
        device_name="POS-01",
        **form,
    )
    second = connect(tmp_path / "second.sqlite3")
    enroller = Enroller(MemoryCredentialStore(), default_client_factory(), system_clock)
    code = new_code(server)
    with pytest.raises(UserFacingError) as refused:
        enroller.enrol(second, enrolment_code=code, device_name="POS-01", **form)
    assert refused.value.code == "E424"
    said = refused.value.message("ko")
    assert "이 이름의 단말기가 이미 있습니다" in said and "POS-02" in said
    assert load_enrolment(second) is None

    # The same code, the name suggested: enrolled.
    enrolment = enroller.enrol(second, enrolment_code=code, device_name="POS-02", **form)
    assert enrolment.device_name == "POS-02"

    # The first till re-enrolled (a lost token, say) keeps its own name.
    again = enrol_device(
        first,
        MemoryCredentialStore(),
        default_client_factory(),
        system_clock,
        enrolment_code=new_code(server),
        device_name="POS-01",
        **form,
    )
    assert again.device_id == load_enrolment(first).device_id
    first.close()
    second.close()
