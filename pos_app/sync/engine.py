"""One push or one pull, start to end: read what is pending, talk, store the answer.

No Qt and no threads here (the worker runs this in its threads). A write
transaction is only ever opened after the network call has returned, so a slow
server never holds the database lock the counter needs.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pos_app.domain.clock import Clock
from pos_app.domain.errors import UserFacingError
from pos_app.domain.journal import JournalEvent, format_timestamp
from pos_app.domain.records import AppliedResults
from pos_app.domain.server_clock import ServerClock, make_sample
from pos_app.store import settings, sync_state
from pos_app.store.database import connect, write_transaction
from pos_app.store.journal import verify_journal
from pos_app.sync.changes_feed import apply_changes
from pos_app.sync.client import MAX_BATCH, SyncClient
from pos_app.sync.credentials import CredentialStore, account_name
from pos_app.sync.errors import AuthRequired, BadReply, JournalConflict, SyncError
from pos_app.sync.media_upload import upload_named_media

ClientFactory = Callable[[str, str | None], SyncClient]  # (server_url, token) -> client


@dataclass(frozen=True)
class PushSummary:
    sent: int
    applied: AppliedResults
    remaining: int


def default_client_factory(ca_bundle: str | None = None) -> ClientFactory:
    def make(server_url: str, token: str | None) -> SyncClient:
        return SyncClient(server_url, token=token, ca_bundle=ca_bundle)

    return make


class SyncEngine:
    def __init__(
        self,
        db_path: Path,
        credentials: CredentialStore,
        clock: Clock,
        client_factory: ClientFactory | None = None,
        batch_size: int = MAX_BATCH,
        server_clock: ServerClock | None = None,
    ) -> None:
        self._db_path = db_path
        # ``clock`` is the PC's own; the server's time on short answers corrects it here.
        self.server_clock = server_clock or ServerClock(clock)
        self._credentials = credentials
        self._clock = clock
        self._client_factory = client_factory or default_client_factory()
        self._batch_size = batch_size
        self._local = threading.local()  # one connection and client per thread

    # ----- per-thread resources --------------------------------------------------

    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self._db_path)
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
        client = getattr(self._local, "client", None)
        if client is not None:
            client.close()
            self._local.client = None

    def enrolment(self) -> sync_state.Enrolment | None:
        return sync_state.load_enrolment(self.conn())

    def _client(self, enrolment: sync_state.Enrolment) -> SyncClient:
        token = self._credentials.get_token(account_name(enrolment.server_url, enrolment.device_id))
        if not token:
            raise AuthRequired()
        client: SyncClient | None = getattr(self._local, "client", None)
        if client is None or client.base_url != enrolment.server_url.rstrip("/"):
            client = self._client_factory(enrolment.server_url, token)
            self._local.client = client
        client.set_token(token)
        return client

    def _now(self) -> str:
        return format_timestamp(self._clock())

    @contextmanager
    def _keeping_revocation(self) -> Iterator[None]:
        """A 401 that says the device was revoked is kept in the file at once: from then
        on the checkout refuses Cheongju Pay (a restart included) until enrolled again."""
        try:
            yield
        except AuthRequired as refused:
            if refused.revoked:
                conn = self.conn()
                with write_transaction(conn):
                    sync_state.mark_revoked(conn, self._now())
            raise

    # ----- the two exchanges -----------------------------------------------------

    def push_once(self) -> PushSummary:
        """Send the oldest pending events (up to one batch) and store the answers.

        The photos the batch names go up first (``media_upload``).

        Raises a SyncError subclass on failure; a JournalConflict's ``conflict_seq``
        is replaced by the first seq the local verifier finds broken, if any, since
        that names the row that was edited or deleted.
        """
        conn = self.conn()
        enrolment = self.enrolment()
        if enrolment is None:
            raise AuthRequired()
        events = sync_state.pending_events(conn, self._batch_size)
        if not events:
            return PushSummary(0, AppliedResults((), ()), 0)
        client = self._client(enrolment)
        try:
            with self._keeping_revocation():
                upload_named_media(conn, client, events)
                reply = client.push(enrolment.device_id, [event.to_wire() for event in events])
            _answers_what_was_sent(reply.results, events)
        except JournalConflict as conflict:
            with _hostile_data_is_a_bad_reply("conflict result"), write_transaction(conn):
                sync_state.apply_results(conn, conflict.results, self._now())
            broken = verify_journal(conn)
            with write_transaction(conn):
                sync_state.mark_journal_conflict(conn, broken or conflict.conflict_seq)
            if broken is not None:
                raise JournalConflict(
                    conflict.expected_seq, conflict.reason, broken, conflict.results
                ) from conflict
            raise
        with _hostile_data_is_a_bad_reply("push result"), write_transaction(conn):
            applied = sync_state.apply_results(conn, reply.results, self._now())
            settings.set_value(conn, sync_state.LAST_SUCCESS, self._now())
            sync_state.clear_journal_conflict(conn)
            self._observe_clock(conn, client)
        remaining = sync_state.pending_stats(conn).count
        return PushSummary(len(events), applied, remaining)

    def pull_once(self, wait_s: int = 0) -> set[str]:
        """Fetch one page of changes (long-polling up to ``wait_s``) and apply it."""
        conn = self.conn()
        enrolment = self.enrolment()
        if enrolment is None:
            raise AuthRequired()
        client = self._client(enrolment)
        if wait_s > 0 and self.server_clock.needs_sample(time.monotonic()):
            # A long poll's time is no sample: a short call first, so the clock is known.
            client.health()
            with write_transaction(conn):
                self._observe_clock(conn, client)
        with self._keeping_revocation():
            page = client.changes(enrolment.device_id, sync_state.load_cursor(conn), wait_s)
        with _hostile_data_is_a_bad_reply("change"), write_transaction(conn):
            seen = apply_changes(conn, page.changes, page.cursor, self._now())
            settings.set_value(conn, sync_state.LAST_SUCCESS, self._now())
            self._observe_clock(conn, client)
        return seen

    def _observe_clock(self, conn: sqlite3.Connection, client: SyncClient) -> None:
        """Learn the server's clock from its last answer if it was a short one (NTP-style,
        ``domain.server_clock``); keep a moved offset (in the caller's transaction) so a
        start without a network still corrects."""
        answer = client.timed_answer
        if answer is None:
            return  # a long poll, or no time on the answer
        now_mono = time.monotonic()
        try:
            sample = make_sample(
                answer.server_time,
                answer.resolution,
                answer.sent_mono,
                answer.received_mono,
                self._clock(),
                now_mono,
            )
            moved = self.server_clock.observe(sample, now_mono)
        except (OverflowError, ValueError):
            return  # a time near the ends of the calendar: no reading, not a failed sync
        if moved:
            sync_state.save_clock_offset(conn, self.server_clock.offset)


def _answers_what_was_sent(results: list[dict[str, Any]], events: list[JournalEvent]) -> None:
    """Each result must name an event of this push by its seq and event id: an answer for
    anything else would acknowledge an event the server never got."""
    sent = {event.seq: event.event_id for event in events}
    for result in results:
        if sent.get(result["seq"]) != result["event_id"]:
            raise BadReply(f"a result for seq {result['seq']} names no event of this push")


@contextmanager
def _hostile_data_is_a_bad_reply(what: str) -> Iterator[None]:
    """A field of the wrong type or missing in the server's answer: the transaction that
    applies it rolls back (nothing half-applied, no cursor moved, no event acknowledged)
    and the exchange fails as E404, retried later like any malformed reply."""
    try:
        yield
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError) as exc:
        raise BadReply(f"a {what} could not be applied: {type(exc).__name__}: {exc}") from exc
    except UserFacingError as exc:
        # A value SQLite cannot bind or a constraint it breaks came from the server's data;
        # a full disk or a locked file is ours and stays what it is.
        from_data = isinstance(exc.__cause__, _DATA_ERRORS)
        if isinstance(exc, SyncError) or (exc.key.startswith("store.") and not from_data):
            raise
        raise BadReply(f"a {what} was refused: {exc.code}") from exc


_DATA_ERRORS = (sqlite3.ProgrammingError, sqlite3.IntegrityError, sqlite3.InterfaceError)
