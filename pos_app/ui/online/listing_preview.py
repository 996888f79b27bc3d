"""The selected listing as the shop owner needs to judge it: photos, delivery, and the money.

For the mall, the 1 % fee and what reaches the shop per sale; for 온시장, that no fee is
taken. A rejection's reason and a change the server refused are shown at the top in red.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from pos_app.domain.listings import ListingState
from pos_app.domain.money import format_won
from pos_app.domain.online_records import ListingRecord
from pos_app.ui.message_bar import MessageBar
from pos_app.ui.online.listing_photos import PhotoSource, PhotoStrip
from pos_app.ui.online.listing_words import (
    channel_text,
    decline_text,
    delivery_text,
    payout_text,
    status_text,
)


def money_label() -> QLabel:
    """The fee and payout line, boxed and large: the figure a shop owner looks for."""
    label = QLabel()
    label.setObjectName("listingMoney")
    label.setWordWrap(True)
    label.setStyleSheet(
        "background: #f7faf8; border: 1px solid #d5e3dc; border-radius: 8px;"
        " padding: 8px; font-size: 17px; font-weight: bold;"
    )
    return label


class ListingPreview(QFrame):
    def __init__(self, photos: PhotoSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("listingPreview")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.status = QLabel()
        self.problem = MessageBar()
        self.photos = PhotoStrip(photos)
        self.photos.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.facts = QLabel()
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setWordWrap(True)
        self.money = money_label()
        self.delivery_note = QLabel(
            self.tr("Delivery fees are paid by the customer and come to you in full, no fee.")
        )
        self.delivery_note.setWordWrap(True)
        self.delivery_note.setStyleSheet("color: #555;")
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.description.setStyleSheet("color: #333;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.problem)
        layout.addWidget(self.photos)
        layout.addWidget(self.money)
        layout.addWidget(self.delivery_note)
        layout.addWidget(self.facts)
        layout.addWidget(self.description, 1)
        self.show_listing(None)

    def show_listing(self, listing: ListingRecord | None) -> None:
        parts = (self.status, self.photos, self.facts, self.money, self.description)
        for part in (*parts, self.delivery_note):
            part.setVisible(listing is not None)
        if listing is None:
            self.title.setText(self.tr("No listing selected. Ins lists a product online."))
            self.problem.show_message("info", "")
            return
        self.title.setText(listing.title)
        self.status.setText(
            f"{channel_text(listing.channel)} · <b>{escape(status_text(listing.status))}</b>"
        )
        self.problem.show_message("error", self._problem(listing))
        self.photos.show_photos(listing.photos)
        self.photos.setVisible(bool(listing.photos))
        self.money.setText(payout_text(listing.channel, listing.split))
        delivery = listing.delivery
        self.delivery_note.setVisible(bool(delivery.parcel_fee or delivery.same_day_fee))
        rows = (
            (self.tr("Price"), format_won(listing.price)),
            (self.tr("Offered online"), f"{listing.stock_offered:,}"),
            (self.tr("Delivery"), delivery_text(listing.delivery)),
            (self.tr("Photos"), str(len(listing.photos)) if listing.photos else self.tr("none")),
        )
        self.facts.setText(
            "<table cellspacing='4'>"
            + "".join(
                f"<tr><td style='color:#555'>{escape(k)}</td><td>{escape(v)}</td></tr>"
                for k, v in rows
            )
            + "</table>"
        )
        self.description.setText(listing.description)

    def _problem(self, listing: ListingRecord) -> str:
        lines = []
        if listing.status is ListingState.REJECTED:
            reason = listing.review_reason or self.tr("(no reason given)")
            lines.append(
                self.tr("Rejected by the reviewer: %1. Fix it (Enter), then submit again.").replace(
                    "%1", reason
                )
            )
        if listing.decline_code:
            lines.append(
                self.tr(
                    "The server did not accept the last change: %1. Fix it and submit again."
                ).replace("%1", decline_text(listing.decline_code))
            )
        return "\n".join(lines)
