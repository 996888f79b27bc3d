"""Enrolment guesses lock out (across server processes) and journal pushes are rate-limited.

Every refused enrolment counts against the merchant and the client's address in the
database, so two apps on one database (two server processes) count the same guesses. A
lockout answers 429 with Retry-After, the right code included, and leaves the code usable.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from server_support import DEMO_MERCHANT, Harness, assert_problem, make_test_client
from sqlalchemy import select

from central_server.app import create_app
from central_server.rate_limits import CLIENT_LOCKOUT, MERCHANT_LOCKOUT, PushRate
from central_server.schema import enrolment_codes, rate_limits

WRONG = "WRNG-CDEX"  # well formed, never issued


def enrol(client, code: str, merchant_id: str = DEMO_MERCHANT, name: str = "POS-01"):
    body = {"merchant_id": merchant_id, "enrolment_code": code, "device_name": name}
    return client.post("/v1/devices", json=body)


@contextmanager
def second_process(harness: Harness, database_url: str, **options) -> Iterator:
    """Another app on the same database, as another server process would be."""
    app = create_app(database_url, clock=harness.clock, **options)
    try:
        with make_test_client(app) as client:
            yield client
    finally:
        app.state.engine.dispose()


def test_wrong_codes_lock_the_merchant_out_without_burning_its_code(harness: Harness):
    code = harness.seed["enrolment_code"]
    for _ in range(MERCHANT_LOCKOUT.max_failures):
        assert_problem(enrol(harness.client, WRONG), 403, "enrolment_invalid")
    locked = enrol(harness.client, code)  # the right code: locked all the same
    body = assert_problem(locked, 429, "enrolment_locked")
    lockout = int(MERCHANT_LOCKOUT.lockout.total_seconds())
    assert locked.headers["Retry-After"] == str(lockout) == str(body["retry_after"])
    harness.clock.advance(lockout - 1)
    assert locked_retry_after(enrol(harness.client, code)) == 1
    harness.clock.advance(1)
    granted = enrol(harness.client, code)
    assert granted.status_code == 201, granted.text
    with harness.engine.connect() as conn:
        used = conn.execute(select(enrolment_codes.c.used_at)).scalars().all()
    assert None in used  # the lockout did not use the code up; the grant waits for its confirm


def locked_retry_after(response) -> int:
    assert_problem(response, 429, "enrolment_locked")
    return int(response.headers["Retry-After"])


def test_the_count_is_shared_by_every_server_process(harness: Harness, database_url: str):
    half = MERCHANT_LOCKOUT.max_failures // 2
    with second_process(harness, database_url) as other:
        for client in (harness.client, other) * half:
            assert_problem(enrol(client, WRONG), 403, "enrolment_invalid")
        assert MERCHANT_LOCKOUT.max_failures == 2 * half
        for client in (harness.client, other):
            assert locked_retry_after(enrol(client, harness.seed["enrolment_code"])) > 0


def test_one_address_guessing_across_merchants_is_locked_out(harness: Harness):
    per_merchant = MERCHANT_LOCKOUT.max_failures - 1  # never enough to lock one merchant
    merchants = -(-CLIENT_LOCKOUT.max_failures // per_merchant)
    guesses = 0
    for number in range(merchants):
        for _ in range(per_merchant):
            if guesses < CLIENT_LOCKOUT.max_failures:
                answer = enrol(harness.client, WRONG, merchant_id=f"M-{number:04d}")
                assert_problem(answer, 403, "enrolment_invalid")
                guesses += 1
    # This address is locked for every merchant; the shop's own PC, elsewhere, is not.
    assert locked_retry_after(enrol(harness.client, harness.seed["enrolment_code"])) > 0
    with make_test_client(harness.client.app, host="198.51.100.20") as shop_pc:
        assert enrol(shop_pc, harness.seed["enrolment_code"]).status_code == 201


def test_ipv6_guesses_count_by_their_64(harness: Harness):
    for host_number in range(CLIENT_LOCKOUT.max_failures):
        host = f"2001:db8:1:2::{host_number + 1:x}"
        with make_test_client(harness.client.app, host=host) as client:
            merchant = f"M-{host_number % 3:04d}"
            assert_problem(enrol(client, WRONG, merchant_id=merchant), 403, "enrolment_invalid")
    with make_test_client(harness.client.app, host="2001:db8:1:2::ffff") as neighbour:
        assert locked_retry_after(enrol(neighbour, harness.seed["enrolment_code"])) > 0


def test_pushes_are_limited_per_device(harness: Harness, database_url: str):
    first = harness.enrol()
    second = harness.enrol()
    rate = PushRate(burst=3, per_second=0.5)
    with second_process(harness, database_url, push_rate=rate) as client:

        def push(device) -> object:
            path = f"/v1/devices/{device.device_id}/journal"
            return client.post(path, json={"events": []}, headers=device.headers)

        for _ in range(rate.burst):
            assert push(first).status_code == 422  # counted, whatever the body
        limited = push(first)
        assert_problem(limited, 429, "too_many_pushes")  # type: ignore[arg-type]
        assert limited.headers["Retry-After"] == "2"  # one token at 0.5/s
        assert push(second).status_code == 422  # another device has its own bucket
        harness.clock.advance(2)
        assert push(first).status_code == 422
        assert_problem(push(first), 429, "too_many_pushes")  # type: ignore[arg-type]


def test_old_counts_are_purged_and_a_new_window_starts_afresh(harness: Harness):
    for number in range(3):
        assert_problem(
            enrol(harness.client, WRONG, merchant_id=f"M-OLD{number}"), 403, "enrolment_invalid"
        )
    harness.clock.advance(2 * 24 * 3600)
    assert_problem(enrol(harness.client, WRONG), 403, "enrolment_invalid")
    with harness.engine.connect() as conn:
        keys = conn.execute(select(rate_limits.c.limit_key, rate_limits.c.failures)).all()
    # The old merchants' rows are gone; this address's row counts one failure, afresh.
    assert sorted(keys) == [("enrol-client:testclient", 1), (f"enrol-merchant:{DEMO_MERCHANT}", 1)]
