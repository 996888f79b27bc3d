"""Table model over online listings: what is listed where, at what price, and how it stands.

A rejection shows the reviewer's reason in the last column; a change the server refused
is marked ⚠ in the status column and explained beside it, so neither hides in a dialog.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from pos_app.domain.listings import ListingState
from pos_app.domain.money import format_won
from pos_app.domain.online_records import ListingRecord
from pos_app.ui.online.listing_words import channel_text, decline_text, status_text
from pos_app.ui.table_model import RIGHT, RecordTableModel
from pos_app.ui.theme import ACCENT, DANGER

_GREY = "#888888"
DECLINED_MARK = "⚠ "


class ListingTableModel(RecordTableModel[ListingRecord]):
    TITLE, CHANNEL, PRICE, STOCK, STATUS, NOTE = range(6)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.listings: list[ListingRecord] = []
        self._headers = (
            self.tr("Title"),
            self.tr("Channel"),
            self.tr("Price"),
            self.tr("Offered online"),
            self.tr("Status"),
            self.tr("Reason / problem"),
        )

    def show(self, listings: Sequence[ListingRecord]) -> None:
        self.beginResetModel()
        self.listings = list(listings)
        self.endResetModel()

    def row_of(self, listing_id: str) -> int | None:
        return next(
            (row for row, x in enumerate(self.listings) if x.listing_id == listing_id), None
        )

    def records(self) -> Sequence[ListingRecord]:
        return self.listings

    def note(self, listing: ListingRecord) -> str:
        """The reviewer's reason for a rejection, or what the server refused."""
        if listing.decline_code:
            return self.tr("Not accepted by the server: %1").replace(
                "%1", decline_text(listing.decline_code)
            )
        if listing.status is ListingState.REJECTED:
            return listing.review_reason or self.tr("(no reason given)")
        return ""

    def cell(self, listing: ListingRecord, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(listing, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(listing, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.PRICE, self.STOCK):
            return RIGHT
        return None

    def _text(self, listing: ListingRecord, column: int) -> str:
        if column == self.TITLE:
            return listing.title
        if column == self.CHANNEL:
            return channel_text(listing.channel)
        if column == self.PRICE:
            return format_won(listing.price)
        if column == self.STOCK:
            return f"{listing.stock_offered:,}"
        if column == self.STATUS:
            mark = DECLINED_MARK if listing.decline_code else ""
            return mark + status_text(listing.status)
        return self.note(listing)

    def _colour(self, listing: ListingRecord, column: int) -> QColor | None:
        if column in (self.STATUS, self.NOTE) and (
            listing.decline_code or listing.status is ListingState.REJECTED
        ):
            return QColor(DANGER)
        if listing.status is ListingState.WITHDRAWN:
            return QColor(_GREY)
        if column == self.STATUS and listing.status is ListingState.PUBLISHED:
            return QColor(ACCENT)
        return None
