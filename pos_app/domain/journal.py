"""The device journal's hash chain (PROTOCOL.md §3), independent of storage.

Every event's ``hash`` is the SHA-256 of the canonical JSON (RFC 8785, which
for our events - strings, integers, booleans, objects - is: sorted keys, no
spaces, UTF-8) of the event without ``hash``. Each event names the previous
one's hash, so editing or deleting any stored event breaks the chain at a seq
a verifier can name. The server uses the same functions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import rfc8785

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> bytes:
    return rfc8785.dumps(value)


def format_timestamp(moment: datetime) -> str:
    """UTC, millisecond precision, ``Z`` suffix: one spelling, so hashes agree."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class JournalEvent:
    seq: int
    event_id: str
    type: str
    occurred_at: str
    body: Mapping[str, Any]
    prev_hash: str
    hash: str

    def unsigned(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "event_id": self.event_id,
            "type": self.type,
            "occurred_at": self.occurred_at,
            "body": dict(self.body),
            "prev_hash": self.prev_hash,
        }

    def to_wire(self) -> dict[str, Any]:
        return {**self.unsigned(), "hash": self.hash}

    def computed_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.unsigned())).hexdigest()


def make_event(
    *,
    seq: int,
    event_id: str,
    type: str,
    occurred_at: str,
    body: Mapping[str, Any],
    prev_hash: str,
) -> JournalEvent:
    if seq < 1:
        raise ValueError("seq starts at 1")
    draft = JournalEvent(seq, event_id, type, occurred_at, body, prev_hash, hash="")
    return JournalEvent(seq, event_id, type, occurred_at, body, prev_hash, draft.computed_hash())


def first_broken_seq(events: Iterable[JournalEvent]) -> int | None:
    """The first seq at which the chain is broken, or ``None`` if it is whole.

    ``events`` must be in ascending seq order. A missing event is reported at
    the seq that should have been there; an edited one at its own seq (or, if
    the editor recomputed its hash, at the next event, whose ``prev_hash`` no
    longer matches).
    """
    expected_seq = 1
    prev_hash = GENESIS_HASH
    for event in events:
        if event.seq != expected_seq:
            return expected_seq
        if event.prev_hash != prev_hash or event.computed_hash() != event.hash:
            return event.seq
        prev_hash = event.hash
        expected_seq += 1
    return None
