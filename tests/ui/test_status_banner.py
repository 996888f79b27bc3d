"""The restricted-merchant banner: its text, and the counter following the server's status.

The status reaches the counter the way the sync worker delivers it: a ``merchant_profile``
change applied by ``changes_feed.apply_changes``, then the change kinds handed to the
controller. The same path against the real server process is in
``tests/integration/test_merchant_status.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest

from pos_app.domain.merchant import MerchantProfile
from pos_app.domain.money import format_won
from pos_app.store import settings
from pos_app.store.database import write_transaction
from pos_app.sync import changes_feed
from pos_app.ui.app import PosController
from pos_app.ui.status_banner import StatusBanner, banner_text
from tests.ui.counter import open_counter

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
MILK = "8808123000134"
REASON = "연 매출 30억원 초과"


def clock() -> datetime:
    return NOW


def no_cashback() -> str:
    return QCoreApplication.translate("StatusBanner", "No cashback at this shop")


def merchant(**status: Any) -> MerchantProfile:
    return MerchantProfile("M-1", "한빛마트", "1048212347", "김하나", "청주", "043", **status)


def test_the_text_names_status_reason_and_period() -> None:
    restricted = merchant(
        restricted=True,
        restricted_reason=REASON,
        restricted_since=date(2026, 7, 1),
        restricted_until=date(2026, 12, 31),
    )
    assert banner_text(restricted) == f"{no_cashback()} — {REASON} (2026-07-01 ~ 2026-12-31)"


def test_without_an_end_date_the_period_is_open() -> None:
    restricted = merchant(
        restricted=True, restricted_reason=REASON, restricted_since=date(2026, 7, 1)
    )
    assert banner_text(restricted) == f"{no_cashback()} — {REASON} (2026-07-01 ~)"
    bare = merchant(restricted=True)
    assert banner_text(bare) == no_cashback()


def test_the_banner_shows_only_while_restricted(qtbot) -> None:
    banner = StatusBanner()
    qtbot.addWidget(banner)
    banner.show_merchant(merchant(restricted=True, restricted_reason=REASON))
    assert not banner.isHidden() and REASON in banner.title.text()
    banner.show_merchant(merchant())
    assert banner.isHidden()
    banner.show_merchant(None)
    assert banner.isHidden()
    assert banner.focusPolicy() is Qt.FocusPolicy.NoFocus


@pytest.fixture
def pos(qtbot, tmp_path) -> Iterator[PosController]:
    with open_counter(qtbot, tmp_path / "pos.sqlite3", clock) as controller:
        yield controller


def profile_change(pos: PosController, **status: Any) -> None:
    """The server's merchant_profile change, applied and announced as the worker does."""
    current = settings.load_merchant(pos.service._conn)
    assert current is not None
    data = {
        "merchant_id": current.merchant_id,
        "name": current.name,
        "business_number": current.business_number,
        "status": "active",
        **status,
    }
    conn = pos.service._conn
    with write_transaction(conn):
        kinds = changes_feed.apply_changes(conn, [{"type": "merchant_profile", "data": data}], "c")
    pos._on_changes(kinds)


def test_restriction_arrives_mid_sale_and_goes_without_a_restart(pos, qtbot) -> None:
    window = pos.window
    totals = window.screen_checkout.totals
    target = pos.scan_target()
    QTest.keyClicks(target, MILK)
    QTest.keyClick(target, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: totals.cashback.text() not in ("", format_won(0)))
    preview = pos.service.sale.quote().cashback_preview
    assert preview > 0 and totals.cashback.text() == format_won(preview)
    assert window.status_banner.isHidden()
    focused = window.focusWidget()

    profile_change(
        pos,
        status="restricted",
        restricted_reason=REASON,
        restricted_since="2026-07-01",
        restricted_until="2026-12-31",
    )
    assert window.status_banner.isVisible()
    assert window.status_banner.title.text() == (
        f"{no_cashback()} — {REASON} (2026-07-01 ~ 2026-12-31)"
    )
    assert pos.service.settings.merchant.restricted_until == date(2026, 12, 31)
    assert totals.cashback.text() == format_won(0)
    assert totals.cashback_caption.text() == totals.tr("No cashback at this shop")
    assert pos.service.sale.quote().cashback_preview == 0
    assert window.focusWidget() is focused and len(pos.service.sale) == 1  # sale untouched

    # On every screen, not only the checkout.
    window.show_page(3)
    assert window.status_banner.isVisible()
    window.show_page(0)

    profile_change(pos, status="active")
    assert window.status_banner.isHidden()
    assert totals.cashback.text() == format_won(preview)
    assert totals.cashback_caption.text() == totals.tr("Cashback (up to)")


def test_the_shown_payment_is_redrawn_when_the_status_changes(pos, qtbot) -> None:
    totals = pos.window.screen_checkout.totals
    profile_change(pos, status="restricted", restricted_reason=REASON)
    assert totals.cashback.text() == format_won(0)  # the empty cart's line too
    profile_change(pos, status="active")
    assert totals.cashback_caption.text() == totals.tr("Cashback (up to)")
