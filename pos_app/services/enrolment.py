"""Enrol this POS with the central server (or enrol it again after a 401).

Re-enrolling with the same server and merchant keeps the device id, so the
journal continues where the server left it and nothing pending is lost.
"""

from __future__ import annotations

import sqlite3

from pos_app.domain.clock import Clock
from pos_app.domain.journal import format_timestamp
from pos_app.domain.server_clock import ServerClock
from pos_app.store import settings, sync_state
from pos_app.store.database import write_transaction
from pos_app.sync.changes_feed import apply_changes
from pos_app.sync.client import check_server_url
from pos_app.sync.credentials import CredentialStore, account_name
from pos_app.sync.engine import ClientFactory


def current_enrolment(conn: sqlite3.Connection) -> sync_state.Enrolment | None:
    return sync_state.load_enrolment(conn)


def enrol_device(
    conn: sqlite3.Connection,
    credentials: CredentialStore,
    client_factory: ClientFactory,
    clock: Clock,
    *,
    server_url: str,
    merchant_id: str,
    enrolment_code: str,
    device_name: str,
) -> sync_state.Enrolment:
    """Enrol, store the token in the credential store, fetch the first snapshot.

    Network calls happen outside any transaction. Raises SyncError subclasses
    (EnrolmentRefused, NetworkError, ...) or E406 for an insecure URL.
    """
    url = check_server_url(server_url)
    merchant_id = merchant_id.strip()
    previous = sync_state.load_enrolment(conn)
    same_device = (
        previous is not None and previous.server_url == url and previous.merchant_id == merchant_id
    )
    client = client_factory(url, None)
    try:
        grant = client.enrol(
            merchant_id,
            enrolment_code.strip(),
            device_name.strip() or settings.UNNAMED_DEVICE,
            device_id=previous.device_id if same_device and previous else None,
        )
        credentials.set_token(account_name(url, grant.device_id), grant.device_token)
        enrolment = sync_state.Enrolment(url, grant.merchant_id, grant.device_id, device_name)
        with write_transaction(conn):
            sync_state.save_enrolment(conn, enrolment)
            settings.set_value(
                conn, settings.DEVICE_LABEL, device_name.strip() or settings.UNNAMED_DEVICE
            )
        client.set_token(grant.device_token)
        page = client.changes(
            grant.device_id, sync_state.load_cursor(conn) if same_device else None
        )
        with write_transaction(conn):
            now = format_timestamp(clock())
            apply_changes(conn, page.changes, page.cursor, now)
            settings.set_value(conn, sync_state.LAST_SUCCESS, now)
    finally:
        client.close()
    return enrolment


def corrected_clock(conn: sqlite3.Connection, local: Clock) -> ServerClock:
    """The PC's clock corrected by the offset last seen from the server (kept on the
    device, so a start without a network still corrects)."""
    return ServerClock(local, sync_state.load_clock_offset(conn))
