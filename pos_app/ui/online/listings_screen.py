"""Online listings (소상공인몰 and 온시장): what is offered, how its review went, what a sale pays.

Keys (while this screen has the focus): type to filter, ↓/Enter to the list; Ins lists a
product (pick it by typing, then the form), Enter edits, Ctrl+Enter submits the selected
listing for review, Del withdraws it, Ctrl+Q changes the quantity offered online (no new
review). Reviews arrive through sync: the app calls ``reload`` when they do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import UserFacingError
from pos_app.domain.listings import MAX_STOCK_OFFERED, ListingState
from pos_app.domain.online_records import ListingRecord
from pos_app.services.catalog import CatalogService
from pos_app.services.listings import ListingService
from pos_app.ui.message_bar import MessageBar
from pos_app.ui.online.listing_dialog import ListingDialog
from pos_app.ui.online.listing_model import ListingTableModel
from pos_app.ui.online.listing_picker import ProductPickerDialog
from pos_app.ui.online.listing_preview import ListingPreview
from pos_app.ui.online.listing_words import status_text

_ENTER = (QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter))
_CTRL_ENTER = (QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter"))
#: Already where a submission would put it: submitting again would only repeat the event.
_IN_REVIEW_OR_ON_SALE = {ListingState.SUBMITTED, ListingState.PUBLISHED}


class ListingsScreen(QWidget):
    listings_changed = Signal()

    def __init__(
        self,
        listings: ListingService,
        catalog: CatalogService,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._listings = listings
        self._catalog = catalog
        self._language = language
        self.message = MessageBar()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter by title"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.reload)
        self.search.returnPressed.connect(self._focus_list)
        self.count = QLabel()

        self.model = ListingTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # A rejection's reason is read in full, not cut off: long cells wrap, rows grow.
        self.table.setWordWrap(True)
        self.table.setStyleSheet("QTableView::item { padding: 3px 4px; }")
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(36)
        self.table.verticalHeader().setMinimumSectionSize(36)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ListingTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ListingTableModel.NOTE, QHeaderView.ResizeMode.Stretch)
        # Wrapped rows are as tall as the width they are given: measure again once the
        # columns have settled (one resize moves several sections; measure after the last).
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)
        self._fit_rows.setInterval(0)
        self._fit_rows.timeout.connect(self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._fit_rows.start())
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.preview = ListingPreview(listings.photo_bytes)
        self.preview.setMinimumWidth(400)
        self.preview.setMaximumWidth(520)

        buttons = QHBoxLayout()
        for keys, label, handler, on_table in (
            ([QKeySequence("Ins")], self.tr("New listing (Ins)"), self.new_listing, False),
            (list(_ENTER), self.tr("Edit (Enter)"), self.edit_selected, True),
            (
                list(_CTRL_ENTER),
                self.tr("Submit for review (Ctrl+Enter)"),
                self.submit_selected,
                False,
            ),
            ([QKeySequence("Del")], self.tr("Withdraw (Del)"), self.withdraw_selected, True),
            (
                [QKeySequence("Ctrl+Q")],
                self.tr("Quantity offered (Ctrl+Q)"),
                self.change_stock_offered,
                False,
            ),
        ):
            self._add_action(keys, handler, self.table if on_table else self)
            button = QPushButton(label)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(handler)
            buttons.addWidget(button)
        buttons.addStretch(1)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addWidget(self.preview, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.reload()

    @staticmethod
    def _add_action(
        keys: Sequence[QKeySequence], handler: Callable[[], None], owner: QWidget
    ) -> None:
        action = QAction(owner)
        action.setShortcuts(list(keys))
        # Only while this screen has the focus; Enter and Del only in the list, where they
        # cannot be meant for the filter box.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(handler)
        owner.addAction(action)

    # ----- list -------------------------------------------------------------------------

    def reload(self, *_args: object) -> None:
        """Re-read the listings (after a change here, or a review from the server)."""
        kept = self.selected()
        needle = self.search.text().strip().lower()
        everything = self._listings.listings()
        shown = [x for x in everything if needle in x.title.lower()]
        self.model.show(shown)
        self.table.resizeRowsToContents()
        on_sale = sum(x.status is ListingState.PUBLISHED for x in everything)
        in_review = sum(x.status is ListingState.SUBMITTED for x in everything)
        self.count.setText(
            self.tr("%1 listings · %2 on sale · %3 in review")
            .replace("%1", f"{len(everything):,}")
            .replace("%2", f"{on_sale:,}")
            .replace("%3", f"{in_review:,}")
        )
        if kept is not None and self.model.row_of(kept.listing_id) is not None:
            self.select_listing(kept.listing_id)
        elif shown:
            self.table.selectRow(0)
        self._show_selected()

    def _show_selected(self, *_args: object) -> None:
        self.preview.show_listing(self.selected())

    def _focus_list(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def selected(self) -> ListingRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.listings[rows[0].row()] if rows else None

    def select_listing(self, listing_id: str) -> None:
        row = self.model.row_of(listing_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # ----- actions ----------------------------------------------------------------------

    def new_listing(self) -> None:
        picker = ProductPickerDialog(self._catalog, self)
        if not picker.exec() or picker.chosen is None:
            return
        try:
            form = self._listings.new_listing(picker.chosen.product_id)
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        self._open_form(ListingDialog(self._listings, self._language, form, parent=self))

    def edit_selected(self) -> None:
        listing = self.selected()
        if listing is None:
            return
        dialog = ListingDialog(
            self._listings,
            self._language,
            self._listings.as_input(listing),
            status=listing.status,
            parent=self,
        )
        self._open_form(dialog)

    def _open_form(self, dialog: ListingDialog) -> None:
        if dialog.exec() and dialog.saved is not None:
            self._changed(dialog.saved)

    def submit_selected(self) -> None:
        listing = self.selected()
        if listing is None:
            return
        if listing.status in _IN_REVIEW_OR_ON_SALE and not listing.decline_code:
            self.message.show_message(
                "info",
                self.tr("%1 is already %2. To change it, edit it (Enter).")
                .replace("%1", listing.title)
                .replace("%2", status_text(listing.status)),
            )
            return
        self._act(lambda: self._listings.submit(self._listings.as_input(listing)))

    def withdraw_selected(self) -> None:
        listing = self.selected()
        if listing is None:
            return
        if listing.status in _IN_REVIEW_OR_ON_SALE:
            question = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Withdraw listing"),
                self.tr(
                    "Take %1 off sale now?\nTo sell it online again it must be reviewed again."
                ).replace("%1", listing.title),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            question.setDefaultButton(QMessageBox.StandardButton.Yes)
            if question.exec() != QMessageBox.StandardButton.Yes:
                return
        self._act(lambda: self._listings.withdraw(listing.listing_id))

    def change_stock_offered(self) -> None:
        listing = self.selected()
        if listing is None:
            return
        ask = QInputDialog(self)
        ask.setWindowTitle(self.tr("Quantity offered online"))
        ask.setLabelText(
            self.tr("How many of %1 may online customers order?\nNo new review is needed.").replace(
                "%1", listing.title
            )
        )
        ask.setInputMode(QInputDialog.InputMode.IntInput)
        ask.setIntRange(0, MAX_STOCK_OFFERED)
        ask.setIntValue(listing.stock_offered)
        if ask.exec():
            value = ask.intValue()
            self._act(lambda: self._listings.set_stock_offered(listing.listing_id, value))

    def _act(self, action: Callable[[], ListingRecord]) -> None:
        try:
            changed = action()
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        self._changed(changed)

    def _changed(self, listing: ListingRecord) -> None:
        self.reload()
        self.select_listing(listing.listing_id)
        self.message.show_message(
            "ok",
            self.tr("%1: %2 · %3 offered online")
            .replace("%1", listing.title)
            .replace("%2", status_text(listing.status))
            .replace("%3", f"{listing.stock_offered:,}"),
        )
        self.listings_changed.emit()
        self.table.setFocus()
