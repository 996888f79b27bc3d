"""A long poll authorised before its device was revoked answers 401, not the changes: the
device is checked again when the wait ends."""

from __future__ import annotations

import threading
import time
from typing import Any

from server_support import Harness, assert_problem
from sqlalchemy import select

from central_server import admin
from central_server.schema import devices
from pos_app.domain.app_version import VERSION_HEADER


def test_a_device_revoked_during_a_long_poll_gets_401_and_no_data(harness: Harness):
    device = harness.enrol()
    cursor = device.changes().json()["cursor"]
    answers: list[Any] = []

    def poll() -> None:
        # The version header is noted by the auth check: the test sees when it has passed.
        answers.append(
            harness.client.get(
                f"/v1/devices/{device.device_id}/changes",
                params={"after": cursor, "wait": 20},
                headers={**device.headers, VERSION_HEADER: "9.8.7"},
            )
        )

    def version() -> str | None:
        with harness.engine.connect() as conn:
            return conn.execute(
                select(devices.c.app_version).where(devices.c.device_id == device.device_id)
            ).scalar_one()

    waiting = threading.Thread(target=poll)
    waiting.start()
    for _ in range(2_000):  # the poll's auth check has passed once the version is noted
        if version() == "9.8.7":
            break
        time.sleep(0.01)
    assert version() == "9.8.7"
    admin.revoke_device(harness.engine, device.device_id, clock=harness.clock)
    admin.post_notice(harness.engine, "회수 후 공지", "본문", clock=harness.clock)  # wakes it
    waiting.join(timeout=25)
    assert not waiting.is_alive()
    (answer,) = answers
    problem = assert_problem(answer, 401, "unauthorized")
    assert problem["reason"] == "revoked"
    assert "회수 후 공지" not in answer.text


def test_a_long_poll_of_a_device_still_enrolled_answers_as_before(harness: Harness):
    device = harness.enrol()
    cursor = device.changes().json()["cursor"]
    admin.post_notice(harness.engine, "공지", "본문", clock=harness.clock)
    answer = device.changes(cursor, wait=5)
    assert answer.status_code == 200, answer.text
    assert [c["data"]["title"] for c in answer.json()["changes"]] == ["공지"]
