"""The merchant's tax type (일반과세자 / 간이과세자 / 면세사업자): set by the admin, sent in the
merchant profile, kept by the POS (a profile stored before it is a general taxpayer's)."""

from __future__ import annotations

import json

import pytest
from server_support import Harness

from central_server import admin
from central_server.cli import main
from pos_app.domain.merchant import MerchantProfile
from pos_app.domain.tax import TaxpayerType
from pos_app.store import settings
from pos_app.store.database import connect
from pos_app.sync.changes_feed import _merchant


def test_the_admin_sets_the_tax_type_and_the_feed_carries_it(harness: Harness):
    created = admin.create_merchant(
        harness.engine, name="육거리 채소", business_number="1048212347", taxpayer_type="simplified"
    )
    assert created["taxpayer_type"] == "simplified"
    changed = admin.update_merchant(
        harness.engine, created["merchant_id"], taxpayer_type=TaxpayerType.EXEMPT_BUSINESS
    )
    assert changed["taxpayer_type"] == "exempt_business"
    assert _merchant(changed).taxpayer_type is TaxpayerType.EXEMPT_BUSINESS
    with pytest.raises(admin.AdminError, match="taxpayer type"):
        admin.update_merchant(harness.engine, created["merchant_id"], taxpayer_type="vat-free")


def test_the_demo_merchant_is_a_general_taxpayer(harness: Harness):
    device = harness.enrol()
    profiles = [c["data"] for c in device.changes(None, 0).json()["changes"]]
    merchant = next(p for p in profiles if isinstance(p, dict) and "taxpayer_type" in p)
    assert merchant["taxpayer_type"] == "general"


def test_the_cli_creates_and_changes_the_tax_type(
    database_url: str, capsys: pytest.CaptureFixture[str]
):
    url = ["--database-url", database_url]
    assert main([*url, "init-db"]) == 0
    args = ["create-merchant", "--name", "떡집", "--business-number", "104-82-12347"]
    assert main([*url, *args, "--taxpayer-type", "simplified"]) == 0
    created = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert created["taxpayer_type"] == "simplified"
    assert (
        main([*url, "update-merchant", created["merchant_id"], "--taxpayer-type", "general"]) == 0
    )
    assert json.loads(capsys.readouterr().out)["taxpayer_type"] == "general"


def test_a_profile_from_an_older_server_or_store_is_general(tmp_path):
    old = {"merchant_id": "M-1", "name": "가게", "business_number": "1048212347"}
    assert _merchant(old).taxpayer_type is TaxpayerType.GENERAL
    conn = connect(tmp_path / "pos.db")
    profile = MerchantProfile("M-1", "가게", "1048212347", "", "", "")
    settings.save_merchant(conn, profile)
    raw = settings.get_value(conn, settings.MERCHANT)
    del raw["taxpayer_type"]  # as a profile stored before tax types were kept
    settings.set_value(conn, settings.MERCHANT, raw)
    loaded = settings.load_merchant(conn)
    assert loaded is not None and loaded.taxpayer_type is TaxpayerType.GENERAL
    simplified = MerchantProfile(
        "M-1", "가게", "1048212347", "", "", "", taxpayer_type="simplified"
    )  # type: ignore[arg-type]
    settings.save_merchant(conn, simplified)
    assert settings.load_merchant(conn).taxpayer_type is TaxpayerType.SIMPLIFIED  # type: ignore[union-attr]
