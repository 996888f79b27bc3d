"""The POS's demo server closes its admin route to everyone but the POS that started it:
the trainer's review passes with the token the POS handed its server; nobody else's does."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from pos_app.services.demo_server import start_demo_server
from pos_app.services.demo_shop import DemoShop, DemoShopError


def test_only_the_pos_that_started_the_demo_server_reviews(tmp_path: Path):
    demo = start_demo_server(tmp_path)
    try:
        review = f"{demo.url}/v1/admin/listings/L-NOPE/review"
        anonymous = requests.post(review, json={"decision": "publish"}, timeout=10)
        assert (anonymous.status_code, anonymous.json()["code"]) == (401, "unauthorized")
        assert len(demo.admin_token) >= 24
        trainer = DemoShop(demo.url, str(demo.seed["wallet_ids"][0]), demo.admin_token)
        # Past the token: the server looks the listing up (and has none by that id).
        with pytest.raises(DemoShopError, match="L-NOPE"):
            trainer.publish("L-NOPE")
    finally:
        demo.stop()
