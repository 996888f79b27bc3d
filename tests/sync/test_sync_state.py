"""Server answers and changes, applied to a real file (no network here)."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from helpers import FIXED_NOW, dump_projections

from pos_app.domain.clock import unix_seconds
from pos_app.services.checkout import CheckoutService, open_checkout
from pos_app.services.demo import mint_demo_code
from pos_app.store import settings, sync_state
from pos_app.store.database import write_transaction
from pos_app.store.projection import rebuild_projections
from pos_app.sync import changes_feed

MILK = "8808123000134"


@pytest.fixture
def db(demo_db):
    return demo_db


def pay(service: CheckoutService):
    service.handle_scan(MILK)
    return service.handle_scan(mint_demo_code(unix_seconds(FIXED_NOW))).payment


def result(seq, event_id, outcome, **detail):
    return {"seq": seq, "event_id": event_id, "status": "applied", "outcome": outcome, **detail}


def test_answers_project_onto_payments_and_survive_a_rebuild(db: sqlite3.Connection, clock):
    service = open_checkout(db, clock)
    first, second = pay(service), pay(service)
    pending_before = sync_state.pending_stats(db)
    assert pending_before.count == pending_before.head_seq  # nothing acknowledged yet
    answers = [
        result(s, e, "recorded")
        for s, e in db.execute("SELECT seq, event_id FROM journal WHERE seq < ?", (first.seq,))
    ]
    answers.append(result(first.seq, first.payment_id, "accepted", approval_no="A1", cashback=268))
    answers.append(
        result(second.seq, second.payment_id, "declined", code="code_used", message="이미 사용")
    )
    with write_transaction(db):
        applied = sync_state.apply_results(db, answers, "2026-11-25T00:00:00.000Z")
    assert applied.payment_ids == (first.payment_id, second.payment_id)
    assert applied.declined == ((second.payment_id, second.receipt_no, "이미 사용"),)
    approved = service.payment(first.payment_id)
    assert (approved.status, approved.approval_no, approved.cashback) == ("approved", "A1", 268)
    declined = service.payment(second.payment_id)
    assert (declined.status, declined.decline_code) == ("declined", "code_used")
    assert service.unsynced() == (0, 0)
    assert sync_state.acked_seq(db) == second.seq
    assert sync_state.pending_stats(db).count == 0

    with write_transaction(db):
        again = sync_state.apply_results(db, answers, "2026-11-25T00:01:00.000Z")
    assert again.payment_ids == ()  # an answer is stored once

    before = dump_projections(db)
    with write_transaction(db):
        rebuild_projections(db)
    assert dump_projections(db) == before


def test_changes_update_merchant_policies_keys_and_notices(db: sqlite3.Connection):
    changes = [
        {
            "type": "merchant_profile",
            "data": {
                "merchant_id": "M-1",
                "name": "새 이름",
                "business_number": "1048212347",
                "representative": "김하나",
                "address": "청주",
                "phone": "043",
                "sector": "마트",
                "status": "restricted",
                "restricted_reason": "연 매출 30억원 초과",
                "restricted_since": "2026-07-01",
                "restricted_until": None,
                "designated": False,
            },
        },
        {
            "type": "discount_policy",
            "data": {
                "rate_bp": 700,
                "valid_from": "2026-11-01",
                "valid_to": "2026-11-30",
                "rounding_unit": 10,
            },
        },
        {
            "type": "cashback_policy",
            "data": {"rate_bp": 1300, "monthly_cap": 50000, "extra_rate_bp": 0},
        },
        {
            "type": "issuer_keys",
            "data": {
                "keys": [
                    {
                        "key_id": 7,
                        "public_key": "Gj1Z8HLxwPw7YWtmrPYco9T6j1JxX+iceNT9KAyKv3c=",
                        "not_before": None,
                        "not_after": None,
                    }
                ]
            },
        },
        {
            "type": "notice",
            "data": {
                "notice_id": "n1",
                "title": "공지",
                "body": "본문",
                "published_at": "2026-11-25T00:00:00Z",
            },
        },
        {"type": "something_newer", "data": {"x": 1}},
    ]
    with write_transaction(db):
        seen = changes_feed.apply_changes(db, changes, "c-42")
    assert "something_newer" in seen
    merchant = settings.load_merchant(db)
    assert merchant.restricted and merchant.restricted_since == date(2026, 7, 1)
    terms = settings.load_terms(db)
    assert (terms.discount.rate_bp, terms.discount.rounding_unit) == (700, 10)
    assert terms.cashback.rate_bp == 1300
    assert [key.key_id for key in settings.load_keys(db)] == [7]
    assert sync_state.notices(db)[0]["title"] == "공지"
    assert sync_state.load_cursor(db) == "c-42"

    with write_transaction(db):
        changes_feed.apply_changes(db, [{"type": "discount_policy", "data": None}], "c-43")
    assert settings.load_terms(db).discount is None
    assert settings.load_terms(db).cashback.rate_bp == 1300  # untouched by that change
