"""The listing form: where to sell, the words, the price, photos and delivery; save or submit.

The fee line under the price follows every keystroke, so the shop owner sees what one sale
brings before sending anything. A refusal stays in the form as ``[E7xx] message``; nothing
is lost and nothing is recorded. Keys: Ctrl+S saves a draft, Ctrl+Enter submits for review,
Ctrl+O adds photos, Del (in the photos) removes one, Esc closes without saving.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.listings import (
    MAX_PHOTOS,
    MAX_PRICE,
    MAX_STOCK_OFFERED,
    MAX_TITLE,
    Channel,
    Delivery,
    ListingState,
)
from pos_app.domain.online_records import ListingRecord
from pos_app.services.listings import ListingInput, ListingService
from pos_app.ui.background import run_task
from pos_app.ui.message_bar import MessageBar
from pos_app.ui.online.listing_photos import PhotoStrip
from pos_app.ui.online.listing_preview import money_label
from pos_app.ui.online.listing_words import channel_text, payout_text, status_text
from pos_app.ui.photo_files import picture_filter

MAX_DELIVERY_FEE = 100_000  # the server's limit (listings.check_listing)
_PREFERRED_WIDTH = 940  # px; the project's smallest screen is 1024x768
_SUBMIT_KEYS = (QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter"))


def _won_box(maximum: int, suffix: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, maximum)
    box.setGroupSeparatorShown(True)
    box.setSuffix(suffix)
    box.setMinimumWidth(150)
    return box


class ListingDialog(QDialog):
    def __init__(
        self,
        listings: ListingService,
        language: str,
        form: ListingInput,
        *,
        status: ListingState | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``form`` from ``new_listing`` (a new one) or ``as_input`` (``status`` its state)."""
        super().__init__(parent)
        self._listings = listings
        self._language = language
        self._photos_pending = 0  # pictures being decoded off the UI thread
        self._form = form
        self.saved: ListingRecord | None = None
        self.setWindowTitle(
            self.tr("Edit online listing") if form.listing_id else self.tr("New online listing")
        )
        self.error = MessageBar()
        won = self.tr(" won")

        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(channel_text(channel), channel)
        self.channel.setCurrentIndex(self.channel.findData(form.channel))
        self.title = QLineEdit(form.title)
        self.title.setMaxLength(MAX_TITLE)
        self.description = QPlainTextEdit(form.description)
        self.description.setTabChangesFocus(True)  # Tab leaves the box: keyboard-only use
        self.description.setPlaceholderText(self.tr("Origin, size, how to keep it, ..."))
        self.description.setMinimumHeight(110)
        self.price = _won_box(MAX_PRICE, won)
        self.price.setValue(form.price)
        self.stock = QSpinBox()
        self.stock.setRange(0, MAX_STOCK_OFFERED)
        self.stock.setGroupSeparatorShown(True)
        self.stock.setValue(form.stock_offered)
        self.split_label = money_label()

        delivery = form.delivery
        self.parcel = QCheckBox(self.tr("Parcel, fee"))
        self.parcel.setChecked(delivery.parcel_fee is not None)
        self.parcel_fee = _won_box(MAX_DELIVERY_FEE, won)
        self.parcel_fee.setValue(delivery.parcel_fee if delivery.parcel_fee is not None else 3_000)
        self.pickup = QCheckBox(self.tr("Pickup at the shop"))
        self.pickup.setChecked(delivery.pickup)
        self.same_day = QCheckBox(self.tr("Same-day delivery, fee"))
        self.same_day.setChecked(delivery.same_day_fee is not None)
        self.same_day_fee = _won_box(MAX_DELIVERY_FEE, won)
        self.same_day_fee.setValue(
            delivery.same_day_fee if delivery.same_day_fee is not None else 5_000
        )
        self.same_day_note = QLabel(self.tr("(Onsijang only)"))
        self.same_day_note.setStyleSheet("color: #555;")

        self.photos = PhotoStrip(listings.photo_bytes)
        self.photos.show_photos(form.photos)
        self.photo_count = QLabel()
        add_photo = self._button(self.tr("Add photos... (Ctrl+O)"), self.choose_photos)
        remove_photo = self._button(self.tr("Remove (Del)"), self.remove_photo)
        cover = self._button(self.tr("Make cover"), self.make_cover)
        self._shortcut([QKeySequence("Ctrl+O")], self.choose_photos)
        remove = QAction(self.photos)
        remove.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_photo)
        self.photos.addAction(remove)

        self.save_button = self._button(self.tr("Save draft (Ctrl+S)"), self.save_draft)
        self.submit_button = self._button(self.tr("Submit for review (Ctrl+Enter)"), self.submit)
        self.submit_button.setObjectName("primaryAction")
        cancel = self._button(self.tr("Close without saving (Esc)"), self.reject)
        self._shortcut([QKeySequence("Ctrl+S")], self.save_draft)
        self._shortcut(list(_SUBMIT_KEYS), self.submit)

        for signal in (
            self.channel.currentIndexChanged,
            self.price.valueChanged,
            self.parcel.toggled,
            self.same_day.toggled,
        ):
            signal.connect(self._update)

        self._lay_out(add_photo, remove_photo, cover, cancel, status)
        self._update()
        # Room for the description beside the photos, yet inside a 1024x768 screen with the
        # window frame (a fixed minimum of 1060 px pushed the submit button off that screen).
        room = self.screen().availableGeometry().width() - 40
        self.resize(
            min(max(self.sizeHint().width(), _PREFERRED_WIDTH), room), self.sizeHint().height()
        )
        self.title.setFocus()

    # ----- layout -----------------------------------------------------------------------

    def _button(self, text: str, handler: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        # Enter in a field must not press a button: saving and submitting have their keys.
        button.setAutoDefault(False)
        button.clicked.connect(handler)
        return button

    def _shortcut(self, keys: list[QKeySequence], handler: Callable[[], None]) -> None:
        action = QAction(self)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(handler)
        self.addAction(action)

    def _lay_out(
        self,
        add_photo: QPushButton,
        remove_photo: QPushButton,
        cover: QPushButton,
        cancel: QPushButton,
        status: ListingState | None,
    ) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Sell on"), self.channel)
        form.addRow(self.tr("Title"), self.title)
        form.addRow(self.tr("Price"), self.price)
        form.addRow("", self.split_label)
        form.addRow(self.tr("Offered online"), self.stock)
        form.addRow(self.tr("Description"), self.description)

        delivery = QGroupBox(self.tr("Delivery (choose at least one)"))
        grid = QGridLayout(delivery)
        grid.addWidget(self.parcel, 0, 0)
        grid.addWidget(self.parcel_fee, 0, 1)
        grid.addWidget(self.pickup, 1, 0)
        grid.addWidget(self.same_day, 2, 0)
        grid.addWidget(self.same_day_fee, 2, 1)
        grid.addWidget(self.same_day_note, 2, 2)
        grid.setColumnStretch(3, 1)

        photos = QGroupBox(self.tr("Photos (the first is the cover)"))
        photo_column = QVBoxLayout(photos)
        photo_column.addWidget(self.photos)
        photo_buttons = QHBoxLayout()
        for button in (add_photo, remove_photo, cover):
            photo_buttons.addWidget(button)
        photo_buttons.addStretch(1)
        photo_column.addLayout(photo_buttons)
        photo_column.addWidget(self.photo_count)
        hint = QLabel(
            self.tr("Photos are made smaller on this PC before they are sent (long side 1,280 px).")
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        photo_column.addWidget(hint)

        right = QVBoxLayout()
        right.addWidget(photos)
        right.addWidget(delivery)
        if status is not None:
            right.addWidget(self._state_note(status))
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(form, 6)
        columns.addLayout(right, 5)

        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

    def _state_note(self, status: ListingState) -> QLabel:
        text = self.tr("Now: %1.").replace("%1", status_text(status))
        if status in (ListingState.SUBMITTED, ListingState.PUBLISHED):
            text += " " + self.tr(
                "Changes must be submitted for review again; to change only the quantity"
                " offered, use Ctrl+Q on the list (no review)."
            )
        note = QLabel(text)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        return note

    def _update(self, *_args: object) -> None:
        channel = self.current_channel()
        on_onsijang = channel is Channel.ONSIJANG
        if not on_onsijang:
            self.same_day.setChecked(False)
        for widget in (self.same_day, self.same_day_note):
            widget.setEnabled(on_onsijang)
        self.same_day_fee.setEnabled(on_onsijang and self.same_day.isChecked())
        self.parcel_fee.setEnabled(self.parcel.isChecked())
        split = self._listings.split(channel, self.price.value())
        self.split_label.setText(payout_text(channel, split))
        self.photo_count.setText(
            self.tr("%1 of %2")
            .replace("%1", str(self.photos.count()))
            .replace("%2", str(MAX_PHOTOS))
            if self.photos.count()
            else self.tr("No photo yet: review needs one")
        )

    # ----- photos -----------------------------------------------------------------------

    def choose_photos(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add photos"),
            str(Path.home()),
            picture_filter(),
        )
        for path in paths:
            self.add_photo_file(Path(path))

    def add_photo_file(self, path: Path) -> None:
        self._import_photo(lambda: self._listings.prepare_photo(_read_or_empty(path)))

    def add_photo_bytes(self, data: bytes) -> None:
        """Resize and compress the picture off the UI thread (decoding can take seconds),
        then keep and show it, or show why it was refused."""
        self._import_photo(lambda: self._listings.prepare_photo(data))

    def _import_photo(self, prepare: Callable[[], bytes]) -> None:
        if self.photos.count() + self._photos_pending >= MAX_PHOTOS:
            self.error.show_error(
                UserFacingError(ErrorKey.LISTING_TOO_MANY_PHOTOS, max=MAX_PHOTOS), self._language
            )
            return
        self._photos_pending += 1
        run_task(self, prepare, self._keep_photo, self._photo_refused, name="photo import")

    def _photo_refused(self, error: UserFacingError) -> None:
        self._photos_pending -= 1
        self.error.show_error(error, self._language)

    def _keep_photo(self, jpeg: bytes) -> None:
        self._photos_pending -= 1
        try:
            sha = self._listings.keep_photo(jpeg)
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            return
        if sha in self.photos.shas():
            self.error.show_message("info", self.tr("That photo is already in this listing."))
            return
        self.photos.add_photo(sha)
        self.error.show_message("ok", self.tr("Photo added."))
        self._update()

    def remove_photo(self) -> None:
        row = self.photos.currentRow()
        if row < 0:
            return
        self.photos.takeItem(row)
        self.photos.renumber()
        self.photos.setCurrentRow(min(row, self.photos.count() - 1))
        self._update()

    def make_cover(self) -> None:
        row = self.photos.currentRow()
        if row <= 0:
            return
        shas = list(self.photos.shas())
        shas.insert(0, shas.pop(row))
        self.photos.show_photos(shas)
        self.photos.setCurrentRow(0)

    # ----- saving -----------------------------------------------------------------------

    def current_channel(self) -> Channel:
        return Channel(self.channel.currentData())

    def current_input(self) -> ListingInput:
        on_onsijang = self.current_channel() is Channel.ONSIJANG
        return replace(
            self._form,
            channel=self.current_channel(),
            title=self.title.text(),
            description=self.description.toPlainText(),
            price=self.price.value(),
            stock_offered=self.stock.value(),
            photos=self.photos.shas(),
            delivery=Delivery(
                parcel_fee=self.parcel_fee.value() if self.parcel.isChecked() else None,
                pickup=self.pickup.isChecked(),
                same_day_fee=(
                    self.same_day_fee.value() if on_onsijang and self.same_day.isChecked() else None
                ),
            ),
        )

    def save_draft(self) -> None:
        self._record(self._listings.save_draft)

    def submit(self) -> None:
        self._record(self._listings.submit)

    def _record(self, action: Callable[[ListingInput], ListingRecord]) -> None:
        try:
            self.saved = action(self.current_input())
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            return
        self.accept()


def _read_or_empty(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""  # reported as an unreadable picture, the same as a broken file
