"""Plain words for listings: states, channels, delivery options, the server's refusals, the fee.

Shared by the list, the preview and the form, so a shop owner reads the same word for the
same thing everywhere. The words live in one QObject so ``self.tr`` gives them the
``ListingWords`` context that lupdate finds.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from pos_app.domain.listings import FEE_BP, Channel, Delivery, ListingState, SaleSplit
from pos_app.domain.money import format_won


class ListingWords(QObject):
    def status(self, status: ListingState) -> str:
        return {
            ListingState.DRAFT: self.tr("Draft"),
            ListingState.SUBMITTED: self.tr("In review"),
            ListingState.PUBLISHED: self.tr("On sale"),
            ListingState.REJECTED: self.tr("Rejected"),
            ListingState.WITHDRAWN: self.tr("Withdrawn"),
        }[status]

    def channel(self, channel: Channel) -> str:
        return {
            Channel.MALL: self.tr("Small-business mall"),
            Channel.ONSIJANG: self.tr("Onsijang"),
        }[channel]

    def decline(self, code: str) -> str:
        words = {
            "media_missing": self.tr("a photo did not reach the server"),
            "photo_required": self.tr("a photo is needed"),
            "delivery_required": self.tr("a delivery option is needed"),
            "bad_delivery": self.tr("a delivery option is not allowed"),
            "bad_title": self.tr("the title is not allowed"),
            "bad_description": self.tr("the description is too long"),
            "bad_price": self.tr("the price is not allowed"),
            "bad_stock": self.tr("the quantity offered is not allowed"),
            "bad_photos": self.tr("too many photos"),
            "listing_conflict": self.tr("another shop uses this listing number"),
            "listing_unknown": self.tr("the server does not know this listing"),
        }
        return words.get(code, self.tr("the server refused it"))

    def delivery(self, delivery: Delivery) -> str:
        parts = []
        if delivery.parcel_fee is not None:
            parts.append(self.tr("Parcel %1").replace("%1", format_won(delivery.parcel_fee)))
        if delivery.pickup:
            parts.append(self.tr("Pickup at the shop"))
        if delivery.same_day_fee is not None:
            parts.append(self.tr("Same-day %1").replace("%1", format_won(delivery.same_day_fee)))
        return " · ".join(parts) if parts else self.tr("No delivery option chosen")

    def payout(self, channel: Channel, split: SaleSplit) -> str:
        if FEE_BP[channel] == 0:
            return (
                self.tr("No fee on %1: you receive %2 per sale")
                .replace("%1", self.channel(channel))
                .replace("%2", format_won(split.payout))
            )
        return (
            self.tr("Fee %1 % = %2 · you receive %3 per sale")
            .replace("%1", f"{FEE_BP[channel] / 100:g}")  # 100 bp -> "1", not "1.0"
            .replace("%2", format_won(split.fee))
            .replace("%3", format_won(split.payout))
        )


# A plain QObject needs no QApplication; tr() looks the catalogue up at each call, so a
# language switch is picked up by the next screen that asks.
_WORDS = ListingWords()


def status_text(status: ListingState) -> str:
    return _WORDS.status(status)


def channel_text(channel: Channel) -> str:
    return _WORDS.channel(channel)


def decline_text(code: str) -> str:
    """Why the server refused our last change, in words; the code stays for support calls."""
    return f"{_WORDS.decline(code)} ({code})"


def delivery_text(delivery: Delivery) -> str:
    """``택배 3,000원 · 매장 픽업``, or a plain "none chosen"."""
    return _WORDS.delivery(delivery)


def payout_text(channel: Channel, split: SaleSplit) -> str:
    """One unit sold at the listed price: the platform's fee and what reaches the shop."""
    return _WORDS.payout(channel, split)
