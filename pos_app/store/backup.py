"""Backups of the app's SQLite file: made online, checked, kept in rotation, restored.

A backup is made with SQLite's online backup API from a connection of its own, so the
counter keeps selling while it runs (any thread may call it). Each copy is written beside
its final name, checked with ``PRAGMA integrity_check`` and the journal's hash chain, and
only then renamed into place: a file in ``backups/`` is always a whole, good copy.

Restoring never deletes anything: the file it replaces (and its WAL) is moved aside to
``replaced/`` first, so the help desk can still read what it held.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from pos_app.domain.clock import KST
from pos_app.store import checkpoint as store_checkpoint
from pos_app.store.journal import journal_head, verify_journal

#: ``progress(done, total)``: how far a long step is (pages copied, events rehashed).
Progress = Callable[[int, int], None]

BACKUP_DIR = "backups"
REPLACED_DIR = "replaced"
KEEP = 14  # two weeks of daily copies, plus the day-close ones of the last days
_NAME = re.compile(r"^pos-(\d{8}-\d{6})-([a-z_]+)\.sqlite3$")
_REPLACED_NAME = re.compile(r"^.+-(\d{8}-\d{6})(?:-\d+)?\.sqlite3$")  # _move_aside's names
REPLACED = "replaced"  # a Backup's reason for a file a restore moved aside
_SQLITE_MAGIC = b"SQLite format 3\x00"
_PAGES_PER_STEP = 256  # the writer gets the lock back between steps


class FileState(StrEnum):
    OK = "ok"
    MISSING = "missing"
    NOT_A_DATABASE = "not_a_database"  # garbled header, or not SQLite at all
    DAMAGED = "damaged"  # truncated, or pages that do not check
    CHAIN_BROKEN = "chain_broken"  # readable, but the journal's hash chain is broken


@dataclass(frozen=True)
class FileCheck:
    path: Path
    state: FileState
    detail: str = ""
    events: int = 0  # the journal's last seq (0 when unreadable)
    first_broken_seq: int | None = None
    head_hash: str = ""  # the journal's last hash, as verified (a checkpoint's)

    @property
    def ok(self) -> bool:
        return self.state is FileState.OK


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime  # KST, from the name (second precision)
    reason: str  # daily | day_close | manual | before_restore

    @property
    def size(self) -> int:
        return self.path.stat().st_size


@dataclass(frozen=True)
class LostPayment:
    """A payment of one file that another lacks: what a merchant recognises it by."""

    receipt_no: str
    tender: str
    total: int  # won
    occurred_at: str  # the journal's UTC timestamp


@dataclass(frozen=True)
class RecordsOnlyIn:
    """The journal events of one file that another file does not hold (same event id and
    hash), and which of them the server has not acknowledged. Counting records would miss
    a file that diverged: an older backup with new sales made on it has fewer records than
    the file it replaced, yet sales of its own."""

    events: int = 0
    payments: tuple[LostPayment, ...] = ()
    unsent_events: int = 0
    unsent_payments: tuple[LostPayment, ...] = ()

    @property
    def sent_events(self) -> int:
        """Of them, the ones the server already holds."""
        return self.events - self.unsent_events


#: The journal's event type of a sale (``store/projection.py``; not imported: the
#: projection pulls in every business table, a backup needs none of them).
_PAYMENT = "payment"


def records_only_in(path: Path, other: Path) -> RecordsOnlyIn:
    """What ``path``'s journal holds that ``other``'s does not. Read-only; a missing or
    unreadable ``other`` holds nothing, an unreadable ``path`` nothing to lose."""
    theirs = _journal_keys(other)
    try:
        with closing(_open_read_only(path)) as conn:
            if not _has_journal(conn):
                return RecordsOnlyIn()
            acked = _acked_seq(conn)
            rows = conn.execute(
                "SELECT seq, event_id, type, occurred_at, body, hash FROM journal ORDER BY seq"
            )
            events = unsent = 0
            payments: list[LostPayment] = []
            unsent_payments: list[LostPayment] = []
            for row in rows:
                if (row["event_id"], row["hash"]) in theirs:
                    continue
                events += 1
                sent = row["seq"] <= acked
                unsent += not sent
                if row["type"] == _PAYMENT:
                    payment = _lost_payment(row["body"], row["occurred_at"])
                    payments.append(payment)
                    if not sent:
                        unsent_payments.append(payment)
    except (sqlite3.Error, OSError):
        return RecordsOnlyIn()
    return RecordsOnlyIn(events, tuple(payments), unsent, tuple(unsent_payments))


def _journal_keys(path: Path) -> set[tuple[str, str]]:
    if not path.exists() or path.stat().st_size == 0:
        return set()
    try:
        with closing(_open_read_only(path)) as conn:
            if not _has_journal(conn):
                return set()
            return {(row[0], row[1]) for row in conn.execute("SELECT event_id, hash FROM journal")}
    except (sqlite3.Error, OSError):
        return set()


def _acked_seq(conn: sqlite3.Connection) -> int:
    """How far the server acknowledged this file's journal (0: a file from before sync)."""
    try:
        row = conn.execute("SELECT MAX(seq) FROM sync_results").fetchone()
    except sqlite3.OperationalError:
        return 0
    return int(row[0] or 0)


def _lost_payment(body_json: str, occurred_at: str) -> LostPayment:
    body = json.loads(body_json)
    total = body.get("total")
    return LostPayment(
        receipt_no=str(body.get("receipt_no", "?")),
        tender=str(body.get("tender", "?")),
        total=total if isinstance(total, int) else 0,
        occurred_at=occurred_at,
    )


def check_file(
    path: Path, *, thorough: bool = False, progress: Progress | None = None
) -> FileCheck:
    """Is the file at ``path`` a whole app database? Read-only; never raises for a bad file.

    ``thorough`` runs ``integrity_check`` (every index against its table) instead of
    ``quick_check``; both read every page, so a truncated file is found either way.
    """
    header_problem = _header_check(path)
    if header_problem is not None:
        return header_problem
    try:
        with closing(_open_read_only(path)) as conn:
            conn.execute("BEGIN")  # one snapshot: the head named is the head verified
            pragma = "integrity_check" if thorough else "quick_check"
            problems = [row[0] for row in conn.execute(f"PRAGMA {pragma}(20)")]
            if problems != ["ok"]:
                return FileCheck(path, FileState.DAMAGED, "; ".join(problems))
            if not _has_journal(conn):
                return FileCheck(path, FileState.OK)  # before the first migration
            events, head_hash = journal_head(conn)
            broken = verify_journal(conn, progress=progress)
    except sqlite3.DatabaseError as exc:
        return _database_error(path, exc)
    if broken is not None:
        return FileCheck(path, FileState.CHAIN_BROKEN, "", events, broken)
    return FileCheck(path, FileState.OK, "", events, head_hash=head_hash)


def start_check(path: Path, progress: Progress | None = None) -> FileCheck:
    """The check before the app opens its file, in time that does not grow with history.

    Proves: the file is SQLite and not shorter than its header says (a truncation), its
    schema reads, and the journal's chain is whole from the verified checkpoint to the
    head, the checkpoint itself sealed and matching the stored event it names
    (``store/checkpoint.py``). Pages and events before the checkpoint are not read: the
    full :func:`check_file` after start (and the daily backup, and ``doctor``) does that.
    """
    header_problem = _header_check(path)
    if header_problem is not None:
        return header_problem
    if _truncated(path):
        return FileCheck(path, FileState.DAMAGED, "shorter than its header says (truncated)")
    try:
        with closing(_open_read_only(path)) as conn:
            conn.execute("BEGIN")
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # the schema reads
            if not _has_journal(conn):
                return FileCheck(path, FileState.OK)  # before the first migration
            events, head_hash = journal_head(conn)
            broken = store_checkpoint.verify_from_checkpoint(conn, progress)
    except sqlite3.DatabaseError as exc:
        return _database_error(path, exc)
    if broken is not None:
        return FileCheck(path, FileState.CHAIN_BROKEN, "", events, broken)
    return FileCheck(path, FileState.OK, "", events, head_hash=head_hash)


def _header_check(path: Path) -> FileCheck | None:
    """A missing, unreadable, empty or non-SQLite file's check; None to read on."""
    if not path.exists():
        return FileCheck(path, FileState.MISSING)
    try:
        with path.open("rb") as raw:
            header = raw.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        return FileCheck(path, FileState.DAMAGED, str(exc))
    if path.stat().st_size == 0:
        return FileCheck(path, FileState.OK)  # created, never written: a fresh start
    if header != _SQLITE_MAGIC:
        return FileCheck(path, FileState.NOT_A_DATABASE, "no SQLite header")
    return None


def _truncated(path: Path) -> bool:
    """The file is shorter than the page count its header records (when that count is
    valid: written by the same change as the header's counter)."""
    try:
        with path.open("rb") as raw:
            header = raw.read(100)
        size = path.stat().st_size
    except OSError:
        return False  # opening it will say what is wrong
    if len(header) < 100:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counter_valid = header[24:28] == header[92:96]
    return counter_valid and pages > 0 and size < pages * page_size


def _database_error(path: Path, exc: sqlite3.DatabaseError) -> FileCheck:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    state = FileState.NOT_A_DATABASE if code == sqlite3.SQLITE_NOTADB else FileState.DAMAGED
    return FileCheck(path, state, str(exc))


@dataclass(frozen=True)
class StartWork:
    """What opening the file will cost, from reads that do not grow with the history."""

    version: int | None  # the file's schema version; None: no file yet, or unreadable
    events_to_verify: int = 0  # the events the start check rehashes (after the checkpoint)


def start_work(path: Path) -> StartWork:
    """The schema version and how many events lie after the verified checkpoint: the two
    things that make a start long (a migration with its backup, a long rehash). Read-only;
    a file that does not read is left to the start check to describe."""
    if not path.exists() or path.stat().st_size == 0:
        return StartWork(None)
    try:
        with closing(_open_read_only(path)) as conn:
            conn.execute("BEGIN")
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if not _has_journal(conn):
                return StartWork(version)
            head, _ = journal_head(conn)
            checkpoint = store_checkpoint.load(conn)
    except sqlite3.Error:
        return StartWork(None)
    verified = checkpoint.seq if checkpoint is not None and checkpoint.seq <= head else 0
    return StartWork(version, head - verified)


def file_schema_version(path: Path) -> int | None:
    """The schema version written in the file (``PRAGMA user_version``); None if unreadable."""
    try:
        with closing(_open_read_only(path)) as conn:
            return int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error:
        return None


def make_backup(
    db_path: Path,
    backups_dir: Path,
    now: datetime,
    reason: str,
    progress: Progress | None = None,
) -> Backup:
    """Copy the live file at ``db_path`` into ``backups_dir``, checked, then rotate.

    Raises ``sqlite3.Error``/``OSError`` (the caller maps them to its message) and a
    ``ValueError`` when the copy does not check: a bad copy is never kept. ``progress``
    hears the pages copied (the copy is the long part on a big file).
    """
    backups_dir.mkdir(parents=True, exist_ok=True)
    made_at = now.astimezone(KST).replace(microsecond=0)
    final = backups_dir / f"pos-{made_at:%Y%m%d-%H%M%S}-{reason}.sqlite3"
    part = final.with_name(final.name + ".part")
    part.unlink(missing_ok=True)  # a copy an earlier crash left half-made
    try:
        _copy_database(db_path, part, progress)
        check = check_file(part, thorough=True)
        if not check.ok:
            raise ValueError(f"the copy does not check: {check.state} {check.detail}")
        os.replace(part, final)
    finally:
        part.unlink(missing_ok=True)
    _fsync_dir(backups_dir)
    prune(backups_dir, KEEP)
    return Backup(final, made_at, reason)


def list_backups(backups_dir: Path) -> list[Backup]:
    """The backups in ``backups_dir``, newest first (half-made copies are not listed)."""
    found = []
    if backups_dir.is_dir():
        for path in backups_dir.iterdir():
            match = _NAME.match(path.name)
            if match:
                made_at = datetime.strptime(match[1], "%Y%m%d-%H%M%S").replace(tzinfo=KST)
                found.append(Backup(path, made_at, match[2]))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def list_replaced(replaced_dir: Path) -> list[Backup]:
    """The files restores moved aside to ``replaced/``, newest first: each can be put back
    the way a backup is (undoing a restore is a restore)."""
    found = []
    if replaced_dir.is_dir():
        for path in replaced_dir.iterdir():
            match = _REPLACED_NAME.match(path.name)
            if match:
                made_at = datetime.strptime(match[1], "%Y%m%d-%H%M%S").replace(tzinfo=KST)
                found.append(Backup(path, made_at, REPLACED))
    return sorted(found, key=lambda b: (b.made_at, b.path.name), reverse=True)


def newest_good_backup(
    backups_dir: Path, progress: Progress | None = None
) -> tuple[Backup, FileCheck] | None:
    """The newest backup that checks, with its check: the one to point a merchant to.
    ``progress`` hears each checked backup's rehash (the pages' check reports nothing)."""
    for backup in list_backups(backups_dir):
        check = check_file(backup.path, progress=progress)
        if check.ok:
            return backup, check
    return None


def prune(backups_dir: Path, keep: int) -> list[Path]:
    """Keep the newest ``keep`` backups; older ones go. A backup is a copy the journal
    (and the server) already hold, so dropping an old copy loses no record."""
    removed = []
    for backup in list_backups(backups_dir)[keep:]:
        backup.path.unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


def restore_backup(
    backup_path: Path,
    db_path: Path,
    now: datetime,
    *,
    before_swap: Callable[[Path], None] | None = None,
    progress: Progress | None = None,
) -> Path | None:
    """Put the backup in place of ``db_path``. The file it replaces is moved to
    ``replaced/`` (returned), never deleted. The backup must check, or nothing changes.

    ``before_swap(staged)`` may add to the staged copy while ``db_path`` is still in
    place (records carried over from it); ``progress`` hears the pages copied.
    The app must not be running on ``db_path`` (the CLI says so before asking).
    """
    check = check_file(backup_path, thorough=True)
    if not check.ok:
        raise ValueError(f"the backup does not check: {check.state} {check.detail}")
    staged = db_path.with_name(db_path.name + ".restoring")
    staged.unlink(missing_ok=True)
    _copy_database(backup_path, staged, progress)
    if before_swap is not None:
        before_swap(staged)
    moved_to = _move_aside(db_path, now)
    os.replace(staged, db_path)
    _fsync_dir(db_path.parent)
    return moved_to


def _move_aside(db_path: Path, now: datetime) -> Path | None:
    if not db_path.exists():
        return None
    aside = db_path.parent / REPLACED_DIR
    aside.mkdir(parents=True, exist_ok=True)
    stamp = f"{now.astimezone(KST):%Y%m%d-%H%M%S}"
    target = aside / f"{db_path.stem}-{stamp}{db_path.suffix}"
    n = 1
    while target.exists():  # two restores in one second (an undo): never over a kept file
        n += 1
        target = aside / f"{db_path.stem}-{stamp}-{n}{db_path.suffix}"
    for suffix in ("", "-wal", "-shm"):  # the WAL may hold committed pages: keep it with it
        source = Path(str(db_path) + suffix)
        if source.exists():
            shutil.move(source, Path(str(target) + suffix))
    return target


def _copy_database(source: Path, target: Path, progress: Progress | None = None) -> None:
    """SQLite's online backup: a consistent copy while others read and write."""

    def pages_copied(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        if progress is not None:  # SQLite reports after each step only: say where it starts
            progress(0, int(src.execute("PRAGMA page_count").fetchone()[0]))
        src.backup(dst, pages=_PAGES_PER_STEP, progress=pages_copied)
        # One self-contained file: no -wal beside a backup, whatever the source used.
        dst.execute("PRAGMA journal_mode=DELETE")
    with target.open("rb+") as written:
        os.fsync(written.fileno())


def _open_read_only(path: Path) -> sqlite3.Connection:
    # mode=ro: reads a WAL file's committed pages without writing to the database.
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def _has_journal(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal'")
    return row.fetchone() is not None


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":
        return  # Windows cannot open a directory to flush it; NTFS logs the rename
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
