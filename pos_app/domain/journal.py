"""The device journal's hash chain (PROTOCOL.md §3), independent of storage.

Every event's ``hash`` is the SHA-256 of the canonical JSON of the event
without ``hash``. Canonical JSON is RFC 8785 (JCS); for the values events may
hold - strings, integers within +/-2**53, booleans, null, objects with ASCII
keys, arrays; never floats - JCS output is exactly what the C-accelerated
``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)``
writes, and that is ~5x faster than a pure-Python JCS on the payment hot path.
:func:`check_json_domain` refuses anything outside that domain, and the tests
compare against the ``rfc8785`` reference implementation.

Each event names the previous one's hash, so editing or deleting any stored
event breaks the chain at a seq a verifier can name. The server uses the same
functions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64
_MAX_SAFE_INTEGER = 2**53 - 1


def check_json_domain(value: Any) -> None:
    """Raise ``ValueError`` for anything whose JCS form ``json.dumps`` would not match."""
    # Exact type checks (not isinstance against ABCs): this runs on every event.
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return
    if kind is int:
        if not -_MAX_SAFE_INTEGER <= value <= _MAX_SAFE_INTEGER:
            raise ValueError(f"integer outside +/-2**53: {value}")
    elif kind is dict:
        for key, item in value.items():
            if type(key) is not str or not key.isascii():
                raise ValueError(f"journal keys are ASCII strings: {key!r}")
            check_json_domain(item)
    elif kind is list or kind is tuple:
        for item in value:
            check_json_domain(item)
    else:
        raise ValueError(f"not allowed in a journal event: {kind.__name__}")


def canonical_json(value: Any) -> bytes:
    """RFC 8785 canonical JSON for the journal's value domain (see module docstring)."""
    check_json_domain(value)
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def format_timestamp(moment: datetime) -> str:
    """UTC, millisecond precision, ``Z`` suffix: one spelling, so hashes agree."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _signed_bytes(
    seq: int, event_id: str, type: str, occurred_at: str, body_json: bytes, prev_hash: str
) -> bytes:
    """Canonical JSON of the event without ``hash``, from an already canonical body.

    ``"body"`` sorts first among the keys, so the body's bytes are spliced in
    front of the canonical rest: the body is serialised once per event.
    """
    rest = canonical_json(
        {
            "event_id": event_id,
            "occurred_at": occurred_at,
            "prev_hash": prev_hash,
            "seq": seq,
            "type": type,
        }
    )
    return b'{"body":' + body_json + b"," + rest[1:]


@dataclass(frozen=True)
class JournalEvent:
    seq: int
    event_id: str
    type: str
    occurred_at: str
    body: Mapping[str, Any]
    prev_hash: str
    hash: str
    #: The body's canonical JSON: what the store keeps, and what the hash covers.
    body_json: bytes = field(default=b"", compare=False, repr=False)

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
        """Recomputed from ``body`` (not ``body_json``), so an edited body is caught."""
        body_json = canonical_json(dict(self.body))
        signed = _signed_bytes(
            self.seq, self.event_id, self.type, self.occurred_at, body_json, self.prev_hash
        )
        return hashlib.sha256(signed).hexdigest()


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
    body_json = canonical_json(body)
    signed = _signed_bytes(seq, event_id, type, occurred_at, body_json, prev_hash)
    digest = hashlib.sha256(signed).hexdigest()
    return JournalEvent(seq, event_id, type, occurred_at, body, prev_hash, digest, body_json)


def first_broken_seq(
    events: Iterable[JournalEvent], *, after_seq: int = 0, after_hash: str = GENESIS_HASH
) -> int | None:
    """The first seq at which the chain is broken, or ``None`` if it is whole.

    ``events`` must be in ascending seq order. A missing event is reported at
    the seq that should have been there; an edited one at its own seq (or, if
    the editor recomputed its hash, at the next event, whose ``prev_hash`` no
    longer matches). ``after_seq``/``after_hash``: the events continue a chain
    already verified up to that event (a checkpoint); the default is the whole chain.
    """
    expected_seq = after_seq + 1
    prev_hash = after_hash
    for event in events:
        if event.seq != expected_seq:
            return expected_seq
        if event.prev_hash != prev_hash or event.computed_hash() != event.hash:
            return event.seq
        prev_hash = event.hash
        expected_seq += 1
    return None


_CHECKPOINT_TAG = b"cjpay-pos journal checkpoint v1\x00"


def checkpoint_seal(seq: int, event_hash: str) -> str:
    """The seal stored beside a verified checkpoint (``seq``, ``event_hash``).

    Unkeyed, like the chain itself: it makes an edit of the checkpoint's seq or hash
    alone show (the seal no longer matches), and the hash must also equal the stored
    event's at that seq. Someone who recomputes it could recompute the chain too; what
    catches them is the full verification that still runs after every start.
    """
    signed = _CHECKPOINT_TAG + f"{seq}:{event_hash}".encode()
    return hashlib.sha256(signed).hexdigest()
