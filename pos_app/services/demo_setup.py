"""Training's wiring that needs no Qt: a throw-away folder, the local demo server, the
shop made ready to sell. ``pos_app.ui.training`` puts it together with the demo's windows."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pos_app.domain.clock import system_clock
from pos_app.services.demo import DEMO_DEVICE_LABEL, DEMO_MANAGER_PIN, seed_demo_stock
from pos_app.services.demo_server import DemoServer, start_demo_server
from pos_app.services.demo_shop import DemoShop
from pos_app.services.enrolment import enrol_device
from pos_app.services.shop import ShopServices
from pos_app.sync.credentials import CredentialStore
from pos_app.sync.engine import ClientFactory

log = logging.getLogger(__name__)

DEMO_OPENING_FLOAT = 100_000  # won in the training drawer when the demo starts


@dataclass(frozen=True)
class DemoBackend:
    """The local server training enrolled with, and the customer's stand-in that talks to it."""

    server: DemoServer
    shop: DemoShop


def make_training_folder() -> Path:
    """Training runs on throw-away data, removed by :func:`remove_training_folder`."""
    return Path(tempfile.mkdtemp(prefix="cjpay-pos-demo-"))


def remove_training_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def start_demo_backend(
    conn: sqlite3.Connection, folder: Path, factory: ClientFactory, credentials: CredentialStore
) -> DemoBackend | None:
    """Start the demo's local server and enrol against it; None if it fails (the demo
    then runs offline, its phone minting codes with the training key)."""
    try:
        server = start_demo_server(folder)
        enrol_device(
            conn,
            credentials,
            factory,
            system_clock,
            server_url=server.url,
            merchant_id=server.seed["merchant_id"],
            enrolment_code=server.seed["enrolment_code"],
            device_name=DEMO_DEVICE_LABEL,
        )
    except Exception as error:
        log.warning("demo server unavailable, running the demo offline: %r", error)
        return None
    wallet_id = str(server.seed["wallet_ids"][0])
    return DemoBackend(server, DemoShop(server.url, wallet_id, server.admin_token))


def prepare_training_shop(shop: ShopServices) -> None:
    """Training starts signed in as the owner (PIN on the banner; Ctrl+L switches), with
    stock, and ready to sell like a shop after its morning count; the float question at
    the first sale comes after a practice close."""
    catalogue = shop.catalog.search("", None)
    products = [p.product_id for p in catalogue]
    shop.staff.sign_in(DEMO_MANAGER_PIN)
    seed_demo_stock(
        shop.stock.receive, products, [p.product_id for p in catalogue if p.sold_by_weight]
    )
    if shop.day_close.current_day() is None:
        shop.day_close.open_day(DEMO_OPENING_FLOAT)
