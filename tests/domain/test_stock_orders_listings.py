"""The shared rules of the shop: stock as commuting movements, order states, listing checks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.listings import (
    Channel,
    Delivery,
    ListingRuleError,
    available_online,
    check_listing,
    sale_split,
)
from pos_app.domain.orders import (
    DeliveryMethod,
    OrderRuleError,
    OrderStatus,
    check_vendor_transition,
    reserves_stock,
)
from pos_app.domain.stock import (
    Movement,
    MovementReason,
    StockRuleError,
    StockState,
    event_movement,
    level,
    refund_movements,
    release_movement,
    reserve_movement,
    sale_movements,
    stock_state,
    void_movements,
)

# ----- stock ------------------------------------------------------------------------------

movements = st.lists(
    st.builds(
        Movement,
        st.uuids().map(str),
        st.sampled_from(["P1", "P2", "P3"]),
        st.integers(-50, 50).filter(bool),
        st.sampled_from(list(MovementReason)),
    ),
    max_size=40,
)


@given(movements, st.randoms())
def test_levels_do_not_depend_on_order_or_repeats(ms: list[Movement], rnd) -> None:
    # Two sides seeing the same movements, in any order, some more than once, agree.
    shuffled = ms + rnd.sample(ms, len(ms) // 2)
    rnd.shuffle(shuffled)
    assert level(shuffled) == level(ms)
    expected: dict[str, int] = {}
    for m in ms:
        expected[m.product_id] = expected.get(m.product_id, 0) + m.delta
    assert level(ms) == expected


def test_sale_and_void_movements_mirror_each_other() -> None:
    lines = [
        {"product_id": "P1", "quantity": 2},
        {"product_id": None, "quantity": 1},  # an open amount moves no stock
        {"product_id": "P2", "quantity": 1},
    ]
    sold = sale_movements("pay-1", lines)
    voided = void_movements("void-1", lines)
    assert [(m.movement_id, m.delta) for m in sold] == [("pay-1/0", -2), ("pay-1/2", -1)]
    assert level(sold + voided) == {"P1": 0, "P2": 0}


def test_refunded_goods_come_back_per_refund_line_as_goods_back_at_the_counter() -> None:
    # The POS projection and the server both name these <refund event_id>/<line index>.
    lines = [
        {"product_id": "P1", "quantity": 1, "line_no": 1},
        {"product_id": None, "quantity": 1, "line_no": 2},
        {"product_id": "P2", "quantity": 2, "line_no": 3},
    ]
    back = refund_movements("refund-1", lines)
    assert [(m.movement_id, m.product_id, m.delta) for m in back] == [
        ("refund-1/0", "P1", 1),
        ("refund-1/2", "P2", 2),
    ]
    assert {m.reason for m in back} == {MovementReason.COUNTER_VOID}


def test_an_order_reservation_has_the_same_id_on_both_sides() -> None:
    device = reserve_movement("O-1", "P1", 3)
    server = reserve_movement("O-1", "P1", 3)
    release = release_movement("O-1", "P1", 3)
    assert device == server and device.delta == -3
    assert level([device, server, release, release]) == {"P1": 0}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"product_id": "P1", "delta": 0, "reason": "receipt"}, "bad_delta"),
        ({"product_id": "P1", "delta": -5, "reason": "receipt"}, "bad_delta"),
        ({"product_id": "P1", "delta": True, "reason": "receipt"}, "bad_delta"),
        ({"product_id": "P1", "delta": 5, "reason": "counter_sale"}, "bad_reason"),
        ({"product_id": "P1", "delta": -1, "reason": "adjustment"}, "bad_adjust_reason"),
        (
            {"product_id": "P1", "delta": -1, "reason": "adjustment", "adjust_reason": "other"},
            "note_required",
        ),
        ({"product_id": "", "delta": 5, "reason": "receipt"}, "bad_product"),
    ],
)
def test_bad_stock_events_name_the_rule(body: dict, code: str) -> None:
    with pytest.raises(StockRuleError) as caught:
        event_movement("e1", body)
    assert caught.value.code == code


def test_good_stock_events() -> None:
    receipt = event_movement("e1", {"product_id": "P1", "delta": 24, "reason": "receipt"})
    damaged = event_movement(
        "e2",
        {"product_id": "P1", "delta": -2, "reason": "adjustment", "adjust_reason": "damaged"},
    )
    assert (receipt.movement_id, receipt.delta, damaged.delta) == ("e1", 24, -2)


@pytest.mark.parametrize(
    ("now", "mark", "state"),
    [
        (-1, None, StockState.OVERSOLD),
        (0, 5, StockState.OUT),
        (5, 5, StockState.LOW),
        (6, 5, StockState.OK),
        (1, None, StockState.OK),
    ],
)
def test_stock_state(now: int, mark: int | None, state: StockState) -> None:
    assert stock_state(now, mark) is state


# ----- orders -----------------------------------------------------------------------------

S, D = OrderStatus, DeliveryMethod


@pytest.mark.parametrize(
    ("current", "new", "delivery", "kwargs"),
    [
        (S.PLACED, S.ACCEPTED, D.PARCEL, {}),
        (S.PLACED, S.REJECTED, D.PICKUP, {"reason": "재고 없음"}),
        (S.ACCEPTED, S.PREPARING, D.SAME_DAY, {}),
        (S.PREPARING, S.READY_FOR_PICKUP, D.PICKUP, {}),
        (S.ACCEPTED, S.SHIPPED, D.PARCEL, {"tracking_no": "6012-3456-7890"}),
        (S.PREPARING, S.SHIPPED, D.SAME_DAY, {}),
        (S.SHIPPED, S.COMPLETED, D.PARCEL, {}),
        (S.READY_FOR_PICKUP, S.COMPLETED, D.PICKUP, {}),
    ],
)
def test_allowed_vendor_moves(current, new, delivery, kwargs) -> None:
    check_vendor_transition(current, new, delivery, **kwargs)


@pytest.mark.parametrize(
    ("current", "new", "delivery", "kwargs", "code"),
    [
        (S.CANCELLED, S.ACCEPTED, D.PARCEL, {}, "order_cancelled"),
        (S.PLACED, S.SHIPPED, D.PARCEL, {"tracking_no": "1"}, "order_transition_invalid"),
        (S.PLACED, S.REJECTED, D.PARCEL, {"reason": "  "}, "reason_required"),
        (S.ACCEPTED, S.SHIPPED, D.PARCEL, {}, "tracking_required"),
        (S.ACCEPTED, S.SHIPPED, D.PICKUP, {}, "order_transition_invalid"),
        (S.ACCEPTED, S.READY_FOR_PICKUP, D.PARCEL, {}, "order_transition_invalid"),
        (S.COMPLETED, S.COMPLETED, D.PARCEL, {}, "order_transition_invalid"),
        (S.ACCEPTED, S.ACCEPTED, D.PARCEL, {}, "order_transition_invalid"),
    ],
)
def test_refused_vendor_moves(current, new, delivery, kwargs, code) -> None:
    with pytest.raises(OrderRuleError) as caught:
        check_vendor_transition(current, new, delivery, **kwargs)
    assert caught.value.code == code


def test_which_states_hold_stock() -> None:
    assert not reserves_stock(S.PLACED) and not reserves_stock(S.CANCELLED)
    assert not reserves_stock(S.REJECTED)
    assert reserves_stock(S.ACCEPTED) and reserves_stock(S.COMPLETED)


# ----- listings ---------------------------------------------------------------------------


def test_mall_fee_is_one_percent_rounded_down_on_goods_only() -> None:
    split = sale_split(Channel.MALL, 12_990, 3, delivery_fee=3_000)
    assert (split.goods, split.fee, split.payout) == (38_970, 389, 38_970 + 3_000 - 389)
    assert sale_split(Channel.ONSIJANG, 12_990, 3).fee == 0


@given(st.integers(1, 10_000_000), st.integers(1, 100), st.integers(0, 100_000))
def test_payout_plus_fee_is_what_the_customer_paid(price: int, qty: int, delivery: int) -> None:
    split = sale_split(Channel.MALL, price, qty, delivery)
    assert split.fee + split.payout == split.goods + split.delivery_fee
    assert 0 <= split.fee <= split.goods // 100


def listing(**changes) -> dict:
    body = {
        "listing_id": "L1",
        "product_id": "P1",
        "channel": "onsijang",
        "title": "부사 사과 5kg",
        "description": "",
        "photos": ["a" * 64],
        "price": 32_000,
        "stock_offered": 10,
        "delivery": Delivery(parcel_fee=3_000, pickup=True, same_day_fee=2_000).as_json(),
        "state": "submitted",
    }
    body.update(changes)
    return body


def test_a_complete_listing_passes() -> None:
    check_listing(listing())
    check_listing(listing(state="draft", photos=[], delivery={}))  # drafts may be unfinished


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"channel": "ebay"}, "bad_channel"),
        ({"state": "published"}, "bad_state"),
        ({"title": ""}, "bad_title"),
        ({"price": 0}, "bad_price"),
        ({"price": 1.5}, "bad_price"),
        ({"stock_offered": -1}, "bad_stock"),
        ({"photos": ["short"]}, "bad_photos"),
        ({"photos": []}, "photo_required"),
        ({"delivery": {}}, "delivery_required"),
        ({"channel": "mall"}, "bad_delivery"),  # same-day is 온시장's
    ],
)
def test_bad_listings_name_the_rule(changes: dict, code: str) -> None:
    with pytest.raises(ListingRuleError) as caught:
        check_listing(listing(**changes))
    assert caught.value.code == code


def test_delivery_fee_by_method() -> None:
    delivery = Delivery(parcel_fee=3_000, pickup=True)
    assert delivery.fee(D.PARCEL) == 3_000 and delivery.fee(D.PICKUP) == 0
    with pytest.raises(ListingRuleError):
        delivery.fee(D.SAME_DAY)


@pytest.mark.parametrize(
    ("offer_left", "level", "placed_product", "available"),
    [
        (5, 100, 0, 5),  # what is left of the offer caps it
        (5, 3, 0, 3),  # the shared stock caps it
        (0, 100, 5, 0),  # five ordered from an offer of 5 (taken off it): none left
        (3, 100, 4, 3),  # other listings' waiting orders only touch the shared stock
        (5, 10, 8, 2),
        (5, -2, 0, 0),  # oversold at the counter: nothing online, never negative
    ],
)
def test_available_online(offer_left, level, placed_product, available) -> None:
    assert available_online(offer_left, level, placed_product) == available
