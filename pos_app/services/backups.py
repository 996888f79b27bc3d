"""Backups as the shop sees them: one a day and one at each day close, and what to do
when the data file is damaged at start.

Making a backup opens its own connections (``store/backup.py``), so the UI runs
:meth:`BackupService.make` on a worker thread while the counter keeps selling.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pos_app.domain.clock import business_date
from pos_app.domain.errors import FILE_DAMAGE, ErrorKey, Localized, UserFacingError
from pos_app.store import backup as store_backup
from pos_app.store import carry_over as store_carry_over
from pos_app.store import checkpoint as store_checkpoint
from pos_app.store.backup import Backup, FileCheck, FileState, Progress, RecordsOnlyIn
from pos_app.store.migrations import LATEST_VERSION

DAILY = "daily"
DAY_CLOSE = "day_close"
MANUAL = "manual"
BEFORE_UPGRADE = "before_upgrade"
#: Beside the data file while the last full check failed: the next start checks in full.
FULL_CHECK_FAILED = "full-check-failed"
#: Events to rehash from which a start is worth a window saying so (about half a second
#: on a 2-core till): a file without a checkpoint yet, or long unverified.
LONG_START_EVENTS = 20_000


def refuses(check: FileCheck) -> bool:
    """Whether the app must not open the file so checked (a missing one is a first start)."""
    return check.state not in (FileState.OK, FileState.MISSING)


@dataclass(frozen=True)
class StartupProblem:
    """The data file cannot be used: why, and the newest backup that can (if any)."""

    check: FileCheck
    backup: Backup | None
    backup_events: int = 0

    def error(self, *, while_open: bool = False) -> UserFacingError:
        """The problem in a merchant's words; ``while_open``: found by the full check while
        the program runs (it did start, and sells), not refused at start."""
        # The merchant reads the kind of damage; the technical detail goes to the log.
        worded = FILE_DAMAGE.get(self.check.state.value)
        detail: Localized | str = self.check.state.value
        if worded is not None:
            detail = worded.format(seq=self.check.first_broken_seq)
        if self.backup is None:
            key = (
                ErrorKey.BACKUP_DAMAGED_WHILE_OPEN_NO_BACKUP
                if while_open
                else ErrorKey.BACKUP_DAMAGED_NO_BACKUP
            )
            return UserFacingError(key, detail=detail)
        return UserFacingError(
            ErrorKey.BACKUP_DAMAGED_WHILE_OPEN_USE_BACKUP
            if while_open
            else ErrorKey.BACKUP_DAMAGED_USE_BACKUP,
            detail=detail,
            backup=self.backup.path.name,
            made_at=f"{self.backup.made_at:%Y-%m-%d %H:%M}",
        )


@dataclass(frozen=True)
class RestoreEffects:
    """What putting another file in place means, for the warning before it.

    Compared by content, not by counts: ``only_current`` is what the file in place holds
    that the restored one lacks (by event id and hash), and which of it the server has not
    acknowledged. Those records leave the till with the file (it goes to ``replaced/``);
    the unsent ones are then nowhere else, not even on the server. Records the server
    already holds that the restored file lacks make its next push conflict (E403); and
    the receipt numbers of the payments it lacks are handed out again.
    """

    current_events: int
    backup_events: int
    only_current: RecordsOnlyIn = field(default_factory=RecordsOnlyIn)
    #: The file in place does not check: a restore carries its records after the
    #: backup over (:meth:`BackupService.restore`), as far as their chain verifies.
    current_damaged: bool = False

    @property
    def lost(self) -> int:
        """Records in the file in place that the restored one lacks."""
        return self.only_current.events

    @property
    def behind_server(self) -> int:
        """Records the server holds that the restored file lacks (E403 at the next push)."""
        return self.only_current.sent_events


class BackupService:
    def __init__(self, db_path: Path, clock: Callable[[], datetime]) -> None:
        self.db_path = db_path
        self.backups_dir = db_path.parent / store_backup.BACKUP_DIR
        self._clock = clock

    def latest(self) -> Backup | None:
        found = store_backup.list_backups(self.backups_dir)
        return found[0] if found else None

    def all(self) -> list[Backup]:
        return store_backup.list_backups(self.backups_dir)

    @property
    def replaced_dir(self) -> Path:
        return self.db_path.parent / store_backup.REPLACED_DIR

    def replaced(self) -> list[Backup]:
        """Files earlier restores moved aside, newest first: each can be put back."""
        return store_backup.list_replaced(self.replaced_dir)

    def restore_effects(self, backup: Backup, backup_events: int) -> RestoreEffects:
        """What putting ``backup`` (of ``backup_events`` records) in place would take off
        this till (see the class)."""
        current = store_backup.check_file(self.db_path)
        if not current.ok:  # nothing readable to lose; what still chains is carried over
            damaged = current.state is not FileState.MISSING
            return RestoreEffects(0, backup_events, current_damaged=damaged)
        only_current = store_backup.records_only_in(self.db_path, backup.path)
        return RestoreEffects(current.events, backup_events, only_current)

    def daily_due(self) -> bool:
        """No backup made yet on today's business date (KST)."""
        latest = self.latest()
        return latest is None or business_date(latest.made_at) < business_date(self._clock())

    def make(self, reason: str, progress: Progress | None = None) -> Backup:
        """A checked copy now; any thread. Raises UserFacingError E906 when it fails."""
        try:
            return store_backup.make_backup(
                self.db_path, self.backups_dir, self._clock(), reason, progress
            )
        except (sqlite3.Error, OSError, ValueError) as exc:
            raise UserFacingError(ErrorKey.BACKUP_FAILED, detail=str(exc)) from exc

    def before_upgrade(self, progress: Progress | None = None) -> Backup | None:
        """A copy of a file an older version wrote, made before this version migrates it:
        an upgrade can always be undone (``cjpay-pos restore``)."""
        if not self.upgrade_pending():
            return None
        return self.make(BEFORE_UPGRADE, progress)

    def upgrade_pending(self) -> bool:
        """The file was written by an older version: this one migrates it on opening."""
        if not self.db_path.exists() or self.db_path.stat().st_size == 0:
            return False
        version = store_backup.file_schema_version(self.db_path)
        return version is not None and version < LATEST_VERSION

    def start_is_long(self) -> bool:
        """Whether opening the file will take a while: a migration is pending (with its
        backup first), the last full check failed (the start check is then the full one), or
        many events lie after the verified checkpoint. Cheap reads only, never a timer: the
        start-up window shows from the first moment or not at all."""
        work = store_backup.start_work(self.db_path)
        if work.version is None:
            return False  # a first start, or a file the start check will refuse
        return (
            work.version < LATEST_VERSION
            or self._full_check_failed.exists()
            or work.events_to_verify >= LONG_START_EVENTS
        )

    def startup_problem(self, progress: Progress | None = None) -> StartupProblem | None:
        """Check the file before the app opens it: damaged or chain broken -> the problem,
        with the newest backup that checks; a missing file is a first start, not a problem.

        In time that does not grow with the history (``store_backup.start_check``): the
        pages and events before the verified checkpoint are left to :meth:`full_check`.
        After a full check failed, the start check is that full check, until a full check
        passes again or a backup is restored: the start-up offer of the backup is the one
        way a file the app has open is replaced."""
        return self.problem_for(self.start_check(progress))

    def start_check(self, progress: Progress | None = None) -> FileCheck:
        """The file's own check of :meth:`startup_problem`, without looking for a backup
        (that can take as long as a full check of each backup: the caller says so)."""
        if self._full_check_failed.exists():
            return self._full_file_check(progress)
        return store_backup.start_check(self.db_path, progress)

    def problem_for(
        self, check: FileCheck, progress: Progress | None = None
    ) -> StartupProblem | None:
        """A failed check as the problem to tell, with the newest backup that checks."""
        return self._problem(check, progress)

    @property
    def _full_check_failed(self) -> Path:
        return self.db_path.parent / FULL_CHECK_FAILED

    def full_check(self, progress: Progress | None = None) -> StartupProblem | None:
        """Every page (``integrity_check``) and the whole chain of the live file; any thread.

        Run after the window is up (the counter keeps selling). Passed: the checkpoint moves
        to the head it verified, so the next start rehashes only what came after. Failed:
        the problem, told and offered a backup as at start."""
        return self._problem(self._full_file_check(progress))

    def follow_head(self) -> StartupProblem | None:
        """Move the checkpoint up to the head during the day; any thread.

        The events since the checkpoint are rehashed (the start check's own work: the
        chain from the checkpoint, milliseconds for half an hour of sales) and, whole, the
        checkpoint moves to the head. So a restart after a power cut mid-rush rehashes the
        sales since the last move, not the whole day's. This vouches for nothing the start
        check would not: the pages and the events before the checkpoint stay the full
        check's. Broken: the problem, told as the full check tells it."""
        check = store_backup.start_check(self.db_path)
        if refuses(check):
            return self._problem(check)
        self._advance(check)
        return None

    def _advance(self, check: FileCheck) -> None:
        # Verified but not recorded (the file busy): the next start rehashes a little more.
        if check.ok and check.events and check.head_hash:
            with contextlib.suppress(sqlite3.Error):
                store_checkpoint.advance(self.db_path, check.events, check.head_hash, self._clock())

    def _full_file_check(self, progress: Progress | None) -> FileCheck:
        check = store_backup.check_file(self.db_path, thorough=True, progress=progress)
        failed = refuses(check)
        with contextlib.suppress(OSError):  # unwritable folder: told now, not remembered
            if not failed:
                self._full_check_failed.unlink(missing_ok=True)
            else:
                self._full_check_failed.write_text(f"{check.state.value}\n", "utf-8")
        self._advance(check)
        return check

    def _problem(self, check: FileCheck, progress: Progress | None = None) -> StartupProblem | None:
        if not refuses(check):
            return None
        good = store_backup.newest_good_backup(self.backups_dir, progress)
        if good is None:
            return StartupProblem(check, None)
        backup, backup_check = good
        return StartupProblem(check, backup, backup_check.events)

    def restore(
        self, backup: Backup, *, carry_over: bool = False, progress: Progress | None = None
    ) -> Restored:
        """Put ``backup`` in place; returns where the replaced file was kept.

        ``carry_over`` (the file in place is damaged): its records after the backup whose
        chain still verifies from the backup's head are carried into the restored file, so
        a restore drops no sale the damaged file still proves (``store/carry_over.py``).
        Not for a whole file: putting back an older one on purpose means without them."""
        carried: list[store_carry_over.CarriedOver] = []

        def carry(staged: Path) -> None:
            carried.append(store_carry_over.carry_over(self.db_path, staged))

        try:
            kept = store_backup.restore_backup(
                backup.path,
                self.db_path,
                self._clock(),
                before_swap=carry if carry_over else None,
                progress=progress,
            )
        except (sqlite3.Error, OSError, ValueError) as exc:
            raise UserFacingError(ErrorKey.BACKUP_RESTORE_FAILED, detail=str(exc)) from exc
        self._full_check_failed.unlink(missing_ok=True)  # a checked copy is in place
        return Restored(kept, carried[0] if carried else store_carry_over.CarriedOver())


@dataclass(frozen=True)
class Restored:
    """A restore done: where the replaced file was kept, and what was carried from it."""

    kept: Path | None
    carried: store_carry_over.CarriedOver = field(default_factory=store_carry_over.CarriedOver)
