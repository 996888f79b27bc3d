"""Both forms that take a photo offer the same file types: those the photo import reads.

The product form's file dialog listed only JPEG/PNG while the listing form's (and the
import itself) took BMP, GIF and WebP too: a shop with a .webp could not pick it there.
The OS file dialog is the edge: replaced by a recorder of the filter it is given.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog

from pos_app.services.shop import make_shop_services
from pos_app.ui.catalog.product_dialog import ProductDialog
from pos_app.ui.online.listing_dialog import ListingDialog
from pos_app.ui.translations import LanguageSwitcher


@pytest.fixture
def korean() -> Iterator[None]:
    switcher = LanguageSwitcher(QApplication.instance())
    assert switcher.apply("ko")
    yield
    switcher.apply("en")


def test_the_product_and_listing_forms_offer_every_readable_picture_type(
    qtbot, demo_db, clock, korean, monkeypatch
) -> None:
    filters: list[str] = []

    def one(_parent, _title, _folder, name_filter):  # type: ignore[no-untyped-def]
        filters.append(name_filter)
        return "", ""

    def many(_parent, _title, _folder, name_filter):  # type: ignore[no-untyped-def]
        filters.append(name_filter)
        return [], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", one)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", many)
    shop = make_shop_services(demo_db, clock)
    product = ProductDialog(shop.catalog, "ko", photos=shop.listings)
    listing = ListingDialog(shop.listings, "ko", shop.listings.new_listing("P0002"))
    for dialog in (product, listing):
        qtbot.addWidget(dialog)
    product._choose_photo()
    listing.choose_photos()

    assert len(filters) == 2 and filters[0] == filters[1]
    assert filters[0] == "사진 (*.jpg *.jpeg *.png *.bmp *.gif *.webp)"
