"""Enrol this POS with the central server (or enrol it again after a 401).

Re-enrolling with the same server and merchant keeps the device id, so the
journal continues where the server left it and nothing pending is lost.

Enrolment spends a one-time code from the city, so nothing on this PC may waste it:

1. the credential store is proven (a probe set, read back, deleted) before the server is
   asked for anything;
2. the server's grant is pending (docs/protocol.md, "Enrolment"): the token opens nothing
   until confirmed, and the same code may ask again until then;
3. the token is stored and read back, and only then is the grant confirmed;
4. a token that could not be stored, or a confirm that got no answer, is held here (in
   memory, never on disk) so that the next press of the button, same code, carries on
   with the same grant.

The form may be cancelled while an attempt waits on the server (:class:`CancelSwitch`):
up to the confirm the attempt stops where it is, and a grant it got is never confirmed
(it expires on the server, the code still unused); once the confirm is on its way the
cancel comes too late and the attempt finishes, so that the server never holds an active
device this PC does not know.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from typing import Final

from pos_app.domain.clock import Clock
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.journal import format_timestamp
from pos_app.domain.server_clock import ServerClock
from pos_app.store import settings, sync_state
from pos_app.store.database import write_transaction
from pos_app.sync.changes_feed import apply_changes
from pos_app.sync.client import EnrolmentGrant, SyncClient, check_server_url
from pos_app.sync.credentials import CredentialStore, account_name, no_store_error, prove_store
from pos_app.sync.engine import ClientFactory
from pos_app.sync.errors import GrantNotConfirmed

#: The codes the server issues (docs/protocol.md, "Enrolment"): 8 characters without
#: look-alikes, shown as XXXX-XXXX. A code of another shape cannot be right, and asking the
#: server with it only earns a refusal the merchant cannot read.
CODE_ALPHABET: Final = frozenset("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
CODE_LENGTH: Final = 8


def _code_characters(code: str) -> str:
    """The code as the server reads it: capitals, separators (``-``, spaces) left out."""
    return "".join(c for c in code.upper() if c.isalnum())


def check_enrolment_form(merchant_id: str, enrolment_code: str) -> None:
    """Refuse, before anything is sent, a form the server could only refuse: no merchant
    ID (E423), no code (E421), or a code that is not of the issued shape (E422)."""
    if not merchant_id.strip():
        raise UserFacingError(ErrorKey.ENROLMENT_MERCHANT_EMPTY)
    if not enrolment_code.strip():
        raise UserFacingError(ErrorKey.ENROLMENT_CODE_EMPTY)
    if any(not (c.isalnum() or c in "- ") for c in enrolment_code.strip()):
        raise UserFacingError(ErrorKey.ENROLMENT_CODE_MALFORMED)
    characters = _code_characters(enrolment_code)
    if len(characters) != CODE_LENGTH or not set(characters) <= CODE_ALPHABET:
        raise UserFacingError(ErrorKey.ENROLMENT_CODE_MALFORMED)


class EnrolmentCancelled(Exception):
    """The form was cancelled before the grant was confirmed: nothing was confirmed."""


class CancelSwitch:
    """Shared by the form (UI thread) and its attempt (worker thread).

    The lock makes "cancelled" and "the confirm is sent" exclusive: either the cancel is
    honoured and the grant is never confirmed, or the confirm went first and the cancel
    is refused (:meth:`cancel` says which).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._confirming = False

    def cancel(self) -> bool:
        """Stop the attempt; False when its confirm is already sent (too late)."""
        with self._lock:
            if self._confirming:
                return False
            self._cancelled = True
            return True

    def check(self) -> None:
        with self._lock:
            if self._cancelled:
                raise EnrolmentCancelled

    def start_confirm(self) -> None:
        """The point of no return; raises EnrolmentCancelled if the cancel came first."""
        with self._lock:
            if self._cancelled:
                raise EnrolmentCancelled
            self._confirming = True


def current_enrolment(conn: sqlite3.Connection) -> sync_state.Enrolment | None:
    return sync_state.load_enrolment(conn)


@dataclass(frozen=True)
class EnrolmentContext:
    """What the enrolment form says around its fields."""

    previous: sync_state.Enrolment | None
    revoked: bool  # the server said it revoked this device
    has_pending_records: bool  # journal events the server has not acknowledged


def enrolment_context(conn: sqlite3.Connection) -> EnrolmentContext:
    return EnrolmentContext(
        previous=sync_state.load_enrolment(conn),
        revoked=sync_state.revoked_at(conn) is not None,
        has_pending_records=sync_state.pending_stats(conn).count > 0,
    )


@dataclass(frozen=True)
class _HeldGrant:
    """A grant this form got and has not confirmed yet, with what it was asked for."""

    server_url: str
    merchant_id: str
    code: str
    grant: EnrolmentGrant
    #: The name the grant was asked with: the server refuses a name another active device
    #: of the merchant has, so a new name typed asks again (same code, same device).
    name: str = ""


def _same_code(a: str, b: str) -> bool:
    return _code_characters(a) == _code_characters(b)


class Enroller:
    """The attempts of one enrolment form: each press of the button is one :meth:`enrol`.

    Not thread-safe; the form makes one attempt at a time (on a worker thread, with a
    connection of that thread's own).
    """

    def __init__(
        self, credentials: CredentialStore, client_factory: ClientFactory, clock: Clock
    ) -> None:
        self._credentials = credentials
        self._client_factory = client_factory
        self._clock = clock
        self._held: _HeldGrant | None = None

    @property
    def holds_grant(self) -> bool:
        """A grant is waiting for the same code to be tried again (its token in memory)."""
        return self._held is not None

    def enrol(
        self,
        conn: sqlite3.Connection,
        *,
        server_url: str,
        merchant_id: str,
        enrolment_code: str,
        device_name: str,
        switch: CancelSwitch | None = None,
    ) -> sync_state.Enrolment:
        """Enrol, store the token in the credential store, fetch the first snapshot.

        Network calls happen outside any transaction. Raises SyncError subclasses
        (EnrolmentRefused, WrongServerAddress, EnrolmentUnreachable, ...), E406 for an
        insecure URL, E416 when the credential store cannot keep the token, E421-E423 for
        a form the server could only refuse; EnrolmentCancelled when ``switch`` was
        cancelled before the confirm.
        """
        switch = switch or CancelSwitch()
        check_enrolment_form(merchant_id, enrolment_code)
        url = check_server_url(server_url)
        merchant_id = merchant_id.strip()
        code = enrolment_code.strip()
        name = device_name.strip() or settings.UNNAMED_DEVICE
        previous = sync_state.load_enrolment(conn)
        same_device = (
            previous is not None
            and previous.server_url == url
            and previous.merchant_id == merchant_id
        )
        prove_store(self._credentials)
        client = self._client_factory(url, None)
        try:
            held = self._held
            if held is not None and (
                held.server_url != url
                or held.merchant_id != merchant_id
                or not _same_code(held.code, code)
                or held.name != name
            ):
                held = self._held = None  # another code, server or name: ask again
            if held is None:
                grant = self._ask(client, url, merchant_id, code, name, previous, same_device)
            else:
                grant = held.grant
            try:
                self._store_and_confirm(client, url, grant, switch)
            except GrantNotConfirmed:
                if held is None:
                    raise
                # The held grant expired (or a newer one replaced it): the code is still
                # unused, so ask once more.
                grant = self._ask(client, url, merchant_id, code, name, previous, same_device)
                self._store_and_confirm(client, url, grant, switch)
            self._held = None
            enrolment = sync_state.Enrolment(url, grant.merchant_id, grant.device_id, device_name)
            with write_transaction(conn):
                sync_state.save_enrolment(conn, enrolment)
                sync_state.clear_revoked(conn)
                settings.set_value(conn, settings.DEVICE_LABEL, name)
            page = client.changes(
                grant.device_id, sync_state.load_cursor(conn) if same_device else None
            )
            with write_transaction(conn):
                now = format_timestamp(self._clock())
                apply_changes(conn, page.changes, page.cursor, now)
                settings.set_value(conn, sync_state.LAST_SUCCESS, now)
        finally:
            client.close()
        return enrolment

    def _ask(
        self,
        client: SyncClient,
        url: str,
        merchant_id: str,
        code: str,
        name: str,
        previous: sync_state.Enrolment | None,
        same_device: bool,
    ) -> EnrolmentGrant:
        grant = client.enrol(
            merchant_id,
            code,
            name,
            device_id=previous.device_id if same_device and previous else None,
        )
        # Held before anything can fail: a retry carries on with this grant.
        self._held = _HeldGrant(url, merchant_id, code, grant, name)
        return grant

    def _store_and_confirm(
        self, client: SyncClient, url: str, grant: EnrolmentGrant, switch: CancelSwitch
    ) -> None:
        # Cancelled while the grant was on its way: the token is not stored (it would
        # replace this device's own) and the grant is left to expire on the server.
        switch.check()
        account = account_name(url, grant.device_id)
        try:
            self._credentials.set_token(account, grant.device_token)
            stored = self._credentials.get_token(account)
        except UserFacingError as refused:
            raise no_store_error(
                str(refused.params.get("detail", refused.key)),
                ErrorKey.SYNC_ENROLMENT_STORE_FAILED,
            ) from refused
        if stored != grant.device_token:
            raise no_store_error("ReadBackMismatch", ErrorKey.SYNC_ENROLMENT_STORE_FAILED)
        client.set_token(grant.device_token)
        switch.start_confirm()
        client.confirm_enrolment(grant.device_id)


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
    """One attempt of a form of its own (start-up scripts, training, tests)."""
    return Enroller(credentials, client_factory, clock).enrol(
        conn,
        server_url=server_url,
        merchant_id=merchant_id,
        enrolment_code=enrolment_code,
        device_name=device_name,
    )


def corrected_clock(conn: sqlite3.Connection, local: Clock) -> ServerClock:
    """The PC's clock corrected by the offset last seen from the server (kept on the
    device, so a start without a network still corrects)."""
    return ServerClock(local, sync_state.load_clock_offset(conn))
