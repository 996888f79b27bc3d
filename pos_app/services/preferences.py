"""Per-device preferences the owner chooses (kept in the device's own file)."""

from __future__ import annotations

import sqlite3
from typing import Any

from pos_app.domain.manual_discounts import ApprovalThreshold
from pos_app.domain.scale_label import ScaleFormat
from pos_app.domain.tax import TaxCategory
from pos_app.store import settings
from pos_app.store.database import write_transaction

LANGUAGE = "ui_language"
LANGUAGES = ("ko", "en")


def language(conn: sqlite3.Connection) -> str:
    value = settings.get_value(conn, LANGUAGE, "ko")
    return value if value in LANGUAGES else "ko"


def set_language(conn: sqlite3.Connection, value: str) -> None:
    if value not in LANGUAGES:
        raise ValueError(f"unsupported language {value!r}")
    with write_transaction(conn):
        settings.set_value(conn, LANGUAGE, value)


# ----- amount-only lines ----------------------------------------------------------------

#: 과세 or 면세 for a line the cashier types as an amount (F2), until changed for that line:
#: a vegetable stall types mostly 면세 goods, a snack bar mostly 과세 ones.
OPEN_AMOUNT_TAX = "open_amount_tax"


def open_amount_tax(conn: sqlite3.Connection) -> TaxCategory:
    value = settings.get_value(conn, OPEN_AMOUNT_TAX, TaxCategory.TAXABLE.value)
    return TaxCategory(value) if value in tuple(TaxCategory) else TaxCategory.TAXABLE


def set_open_amount_tax(conn: sqlite3.Connection, value: TaxCategory) -> None:
    with write_transaction(conn):
        settings.set_value(conn, OPEN_AMOUNT_TAX, TaxCategory(value).value)


# ----- manual price changes and discounts ---------------------------------------------

#: Above it a manager approves with their PIN (the owner sets it; default: any price
#: change, or a discount over 10 %).
DISCOUNT_THRESHOLD = "manual_discount_threshold"


def discount_threshold(conn: sqlite3.Connection) -> ApprovalThreshold:
    return ApprovalThreshold.from_value(settings.get_value(conn, DISCOUNT_THRESHOLD))


def set_discount_threshold(conn: sqlite3.Connection, value: ApprovalThreshold) -> None:
    with write_transaction(conn):
        settings.set_value(conn, DISCOUNT_THRESHOLD, value.as_value())


# ----- camera scanning ------------------------------------------------------------------

CAMERA = "camera_device"
CAMERA_DEFAULT = ""  # the system's default camera, whichever is plugged in
CAMERA_OFF = "off"
DECODER = "camera_decoder"
CAMERA_PREVIEW = "camera_preview"


def camera(conn: sqlite3.Connection) -> str:
    """``CAMERA_OFF``, ``CAMERA_DEFAULT`` or a camera id (see ``scanning.camera``)."""
    return str(settings.get_value(conn, CAMERA, CAMERA_DEFAULT))


def decoder(conn: sqlite3.Connection) -> str:
    return str(settings.get_value(conn, DECODER, "zxing"))


def camera_preview_visible(conn: sqlite3.Connection) -> bool:
    return settings.get_value(conn, CAMERA_PREVIEW, True) is True


def set_camera(conn: sqlite3.Connection, camera_id: str, decoder_name: str) -> None:
    with write_transaction(conn):
        settings.set_value(conn, CAMERA, camera_id)
        settings.set_value(conn, DECODER, decoder_name)


def set_camera_preview_visible(conn: sqlite3.Connection, visible: bool) -> None:
    with write_transaction(conn):
        settings.set_value(conn, CAMERA_PREVIEW, bool(visible))


# ----- customer display -----------------------------------------------------------------

DISPLAY_ENABLED = "customer_display_enabled"
DISPLAY_SCREEN = "customer_display_screen"  # {"name", "x", "y", "width", "height"} or absent
DISPLAY_GEOMETRY = "customer_display_geometry"  # [x, y, width, height] of the window


def display_enabled(conn: sqlite3.Connection) -> bool:
    return settings.get_value(conn, DISPLAY_ENABLED, False) is True


def display_screen(conn: sqlite3.Connection) -> dict[str, Any] | None:
    """The monitor chosen for the customer display: its name and where it was."""
    value = settings.get_value(conn, DISPLAY_SCREEN)
    return dict(value) if isinstance(value, dict) else None


def set_display(conn: sqlite3.Connection, enabled: bool, screen: dict[str, Any] | None) -> None:
    with write_transaction(conn):
        settings.set_value(conn, DISPLAY_ENABLED, bool(enabled))
        settings.set_value(conn, DISPLAY_SCREEN, screen)


def display_geometry(conn: sqlite3.Connection) -> tuple[int, int, int, int] | None:
    """Where the cashier last put the display when it is a window (one-monitor PCs)."""
    value = settings.get_value(conn, DISPLAY_GEOMETRY)
    if isinstance(value, list) and len(value) == 4 and all(isinstance(v, int) for v in value):
        return (value[0], value[1], value[2], value[3])
    return None


def set_display_geometry(conn: sqlite3.Connection, geometry: tuple[int, int, int, int]) -> None:
    with write_transaction(conn):
        settings.set_value(conn, DISPLAY_GEOMETRY, list(geometry))


# ----- catalogue import column mappings -------------------------------------------------

#: [[header signature, {field header: column index}], ...], the most recently used first
#: (a list: settings are stored with sorted keys, which would lose the order).
IMPORT_MAPPINGS = "catalog_import_mappings"
#: Mappings kept: a shop has a few suppliers, not hundreds.
IMPORT_MAPPINGS_KEPT = 20


def _import_mappings(conn: sqlite3.Connection) -> list[tuple[str, dict[str, int]]]:
    stored = settings.get_value(conn, IMPORT_MAPPINGS, [])
    kept = []
    for entry in stored if isinstance(stored, list) else []:
        if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], dict):
            columns = {
                str(name): index
                for name, index in entry[1].items()
                if isinstance(index, int) and not isinstance(index, bool)
            }
            kept.append((str(entry[0]), columns))
    return kept


def import_mapping(conn: sqlite3.Connection, signature: str) -> dict[str, int] | None:
    """The column mapping last confirmed for a file with this header row, if any."""
    return next((columns for key, columns in _import_mappings(conn) if key == signature), None)


def remember_import_mapping(
    conn: sqlite3.Connection, signature: str, columns: dict[str, int]
) -> None:
    others = [[key, value] for key, value in _import_mappings(conn) if key != signature]
    newest = [[signature, dict(columns)], *others][:IMPORT_MAPPINGS_KEPT]
    with write_transaction(conn):
        settings.set_value(conn, IMPORT_MAPPINGS, newest)


# ----- the shop's trade -----------------------------------------------------------------

#: The shop is in a mandatory-issuance trade (현금영수증 의무발행업종): a cash sale of
#: 100,000원 or more gets a cash receipt even unasked (``domain.cash_receipt``).
CASH_RECEIPT_MANDATORY = "cash_receipt_mandatory_trade"


def cash_receipt_mandatory(conn: sqlite3.Connection) -> bool:
    return settings.get_value(conn, CASH_RECEIPT_MANDATORY, False) is True


def set_cash_receipt_mandatory(conn: sqlite3.Connection, mandatory: bool) -> None:
    with write_transaction(conn):
        settings.set_value(conn, CASH_RECEIPT_MANDATORY, bool(mandatory))


# ----- label scales ---------------------------------------------------------------------

#: The shop's label-scale layout (domain/scale_label.py); absent: scale labels are off and
#: a 2-prefixed EAN-13 is looked up as a store code, as before any scale was set up.
SCALE_FORMAT = "scale_label_format"


def scale_format(conn: sqlite3.Connection) -> ScaleFormat | None:
    raw = settings.get_value(conn, SCALE_FORMAT)
    return None if raw is None else ScaleFormat.from_dict(raw)


def set_scale_format(conn: sqlite3.Connection, fmt: ScaleFormat | None) -> None:
    with write_transaction(conn):
        settings.set_value(conn, SCALE_FORMAT, None if fmt is None else fmt.as_dict())
