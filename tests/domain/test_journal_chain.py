"""The hash chain on its own (no storage): canonical JSON, hashing, the verifier."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.journal import (
    GENESIS_HASH,
    canonical_json,
    first_broken_seq,
    format_timestamp,
    make_event,
)


def chain(n: int):
    events, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        event = make_event(
            seq=seq,
            event_id=f"e{seq}",
            type="payment",
            occurred_at="2026-11-25T03:00:00.000Z",
            body={"total": seq * 1000, "name": "우유"},
            prev_hash=prev,
        )
        events.append(event)
        prev = event.hash
    return events


def test_hash_is_sha256_of_sorted_compact_utf8_json():
    event = chain(1)[0]
    expected = hashlib.sha256(
        json.dumps(
            event.unsigned(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()
    ).hexdigest()
    assert event.hash == expected
    assert canonical_json({"b": 1, "a": "가"}) == '{"a":"가","b":1}'.encode()


def test_timestamps_have_one_spelling():
    kst = timezone(timedelta(hours=9))
    moment = datetime(2026, 11, 25, 12, 0, 0, 123456, tzinfo=kst)
    assert format_timestamp(moment) == "2026-11-25T03:00:00.123Z"
    with pytest.raises(ValueError):
        format_timestamp(datetime(2026, 1, 1))  # naive
    assert format_timestamp(moment.astimezone(UTC)) == format_timestamp(moment)


@given(st.integers(1, 25), st.data())
def test_verifier_names_the_first_broken_seq(n, data):
    events = chain(n)
    assert first_broken_seq(events) is None
    k = data.draw(st.integers(1, n))
    edited = list(events)
    edited[k - 1] = replace(events[k - 1], body={"total": 1, "name": "우유"})
    assert first_broken_seq(edited) == k
    rehashed = replace(edited[k - 1], hash=edited[k - 1].computed_hash())
    edited[k - 1] = rehashed
    assert first_broken_seq(edited) == (k + 1 if k < n else None)
    assert first_broken_seq(events[: k - 1] + events[k:]) == (k if k < n else None)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.text(alphabet=st.characters(exclude_categories=("Cs",))),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(alphabet=st.characters(max_codepoint=127)), children, max_size=4)
    ),
    max_leaves=20,
)


@given(st.dictionaries(st.text(alphabet=st.characters(max_codepoint=127)), json_values))
def test_canonical_json_equals_the_rfc8785_reference(value):
    rfc8785 = pytest.importorskip("rfc8785")
    assert canonical_json(value) == rfc8785.dumps(value)


@pytest.mark.parametrize(
    "bad", [{"amount": 1.5}, {"n": 2**53}, {"키": 1}, {"x": {1, 2}}, {"x": b"raw"}]
)
def test_values_outside_the_canonical_domain_are_refused(bad):
    with pytest.raises(ValueError):
        canonical_json(bad)
