"""Background sync: a pusher thread and a long-polling puller thread.

Two threads so that a 25-second long poll never delays pushing a payment the
counter is waiting on. Each thread has its own SQLite connection (inside the
engine). The worker knows nothing of Qt: it reports through callbacks, which the
UI turns into queued signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from pos_app.domain.change_kinds import ChangeMeaning
from pos_app.domain.clock import Clock, parse_utc
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.records import AppliedResults
from pos_app.store import settings, sync_state
from pos_app.sync.backoff import Backoff
from pos_app.sync.engine import SyncEngine
from pos_app.sync.errors import (
    AuthRequired,
    JournalConflict,
    ServerBusy,
    SyncError,
)

log = logging.getLogger(__name__)

IDLE_PUSH_CHECK_S = 30.0  # new events wake the pusher at once; this is a safety net
LONG_POLL_S = 25
DRAIN_PROGRESS_FROM = 100  # show a progress bar when more than this is waiting


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool = False
    online: bool = False
    pending: int = 0
    oldest_pending_at: str | None = None
    last_success_at: str | None = None
    drain_total: int = 0  # pending when the current drain began (0: not draining)
    auth_required: bool = False
    conflict_seq: int | None = None
    last_error: ErrorKey | None = None  # the key of the last SyncError
    clock_offset_s: int = 0  # the server's clock minus the PC's, as last seen
    #: The server revoked this device (kept in the data file, so known offline and after a
    #: restart); the UI fills it from its own query, the worker does not.
    revoked: bool = False


@dataclass
class SyncCallbacks:
    status: Callable[[SyncStatus], None] = lambda status: None
    results: Callable[[AppliedResults], None] = lambda applied: None
    changes: Callable[[set[str]], None] = lambda kinds: None


class SyncWorker:
    def __init__(self, engine: SyncEngine, clock: Clock, callbacks: SyncCallbacks) -> None:
        self._engine = engine
        self._clock = clock
        self._callbacks = callbacks
        self._lock = threading.Lock()
        self._status = SyncStatus()
        self._wake_push = threading.Event()
        self._wake_pull = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    # ----- control (any thread) ----------------------------------------------------

    def start(self) -> None:
        for target, name in ((self._push_loop, "sync-push"), (self._pull_loop, "sync-pull")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            self._threads.append(thread)
            thread.start()

    def stop(self, timeout_s: float = 5.0, pull_timeout_s: float = 0.3) -> None:
        """Stop both loops. The pusher is given time to finish what it sends; the puller,
        usually waiting in a long poll of up to 25 s, only briefly: abandoning a poll loses
        nothing (the cursor is stored only with the page it belongs to), and a shop owner
        closing the app should not wait for it."""
        self._stop.set()
        self._wake_push.set()
        self._wake_pull.set()
        for thread in self._threads:
            thread.join(pull_timeout_s if thread.name == "sync-pull" else timeout_s)

    def wake(self) -> None:
        """Something was recorded: push it now."""
        self._wake_push.set()

    def reauthorised(self) -> None:
        """Enrolled again after a 401: resume both loops."""
        self._update(auth_required=False, last_error=None)
        self._wake_push.set()
        self._wake_pull.set()

    @property
    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    def is_online(self) -> bool:
        status = self.status
        return status.enrolled and status.online and not status.auth_required

    # ----- loops (worker threads) ----------------------------------------------------

    def _push_loop(self) -> None:
        backoff = Backoff()
        delay: float | None = 0.0
        try:
            while not self._stop.is_set():
                if delay is None or delay > 0:
                    self._wake_push.wait(delay)
                self._wake_push.clear()
                if self._stop.is_set():
                    break
                delay = self._push_step(backoff)
        finally:
            self._engine.close()

    def _push_step(self, backoff: Backoff) -> float | None:
        """One push; returns how long to wait before the next (None: until woken)."""
        self._refresh_counts()
        status = self.status
        if status.auth_required or status.conflict_seq is not None:
            return None  # wait for re-enrolment or a restart after support
        if self._engine.enrolment() is None:
            self._update(enrolled=False)
            return None
        try:
            summary = self._engine.push_once()
        except AuthRequired as refused:
            self._auth_lost(refused)
            return None
        except JournalConflict as conflict:
            log.error("journal conflict at seq %s (%s)", conflict.conflict_seq, conflict.reason)
            self._update(conflict_seq=conflict.conflict_seq, last_error=ErrorKey.SYNC_CONFLICT)
            return None
        except ServerBusy as busy:
            self._update(online=False, last_error=busy.key)
            return backoff.next_delay(busy.retry_after)
        except SyncError as failure:  # network, malformed reply, anything else: retry later
            self._update(online=False, last_error=failure.key)
            return backoff.next_delay()
        except UserFacingError as failure:  # our side: a full disk, a locked file
            self._update(last_error=failure.key)
            return backoff.next_delay()
        except Exception:  # a bug must not end the thread that sends the payments
            log.exception("push failed")
            self._update(last_error=ErrorKey.UNEXPECTED)
            return backoff.next_delay()
        backoff.reset()
        if summary.applied.payment_ids:
            self._callbacks.results(summary.applied)
        self._update(online=True, last_error=None, clock_offset_s=self._clock_offset_s())
        self._refresh_counts()
        return 0.0 if summary.remaining else IDLE_PUSH_CHECK_S

    def _pull_loop(self) -> None:
        backoff = Backoff()
        delay: float | None = 0.0
        try:
            while not self._stop.is_set():
                if delay is None or delay > 0:
                    self._wake_pull.wait(delay)
                self._wake_pull.clear()
                if self._stop.is_set():
                    break
                delay = self._pull_step(backoff)
        finally:
            self._engine.close()

    def _pull_step(self, backoff: Backoff) -> float | None:
        status = self.status
        if status.auth_required:
            return None
        if self._engine.enrolment() is None:
            return None
        try:
            kinds = self._engine.pull_once(wait_s=LONG_POLL_S)
        except AuthRequired as refused:
            self._auth_lost(refused)
            return None
        except ServerBusy as busy:
            self._update(online=False, last_error=busy.key)
            return backoff.next_delay(busy.retry_after)
        except SyncError as failure:
            self._update(online=False, last_error=failure.key)
            return backoff.next_delay()
        except UserFacingError as failure:
            self._update(last_error=failure.key)
            return backoff.next_delay()
        except Exception:
            log.exception("pull failed")
            self._update(last_error=ErrorKey.UNEXPECTED)
            return backoff.next_delay()
        backoff.reset()
        self._update(online=True, clock_offset_s=self._clock_offset_s())
        if ChangeMeaning.MPM_PAID in kinds:
            self._wake_push.set()  # the payment the feed just recorded: its server copy links it
        if kinds:
            self._callbacks.changes(kinds)
        return 0.0

    def _auth_lost(self, refused: AuthRequired) -> None:
        # A revocation is already in the file (the engine keeps what the server said).
        self._update(auth_required=True, last_error=refused.key)

    # ----- status ---------------------------------------------------------------------

    def _clock_offset_s(self) -> int:
        return round(self._engine.server_clock.offset.total_seconds())

    def _refresh_counts(self) -> None:
        conn = self._engine.conn()
        stats = sync_state.pending_stats(conn)
        last_success = settings.get_value(conn, sync_state.LAST_SUCCESS)
        with self._lock:
            drain_total = self._status.drain_total
            if stats.count > DRAIN_PROGRESS_FROM:
                drain_total = max(drain_total, stats.count)
            elif stats.count == 0:
                drain_total = 0
            self._status = replace(
                self._status,
                enrolled=self._engine.enrolment() is not None,
                pending=stats.count,
                oldest_pending_at=stats.oldest_occurred_at,
                last_success_at=last_success,
                drain_total=drain_total,
            )
            status = self._status
        self._callbacks.status(status)

    def _update(self, **changes: object) -> None:
        with self._lock:
            self._status = replace(self._status, **changes)  # type: ignore[arg-type]
            status = self._status
        self._callbacks.status(status)


def age_seconds(occurred_at: str | None, now: datetime) -> int | None:
    if occurred_at is None:
        return None
    return max(0, int((now - parse_utc(occurred_at)).total_seconds()))
