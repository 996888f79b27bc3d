"""One-tap sale: a grid of the shop's favourite products beside the cart."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from pos_app.domain.money import format_won
from pos_app.domain.records import Product

COLUMNS = 3
MAX_BUTTONS = 12  # four rows fit beside the totals; the search (F3) finds the rest


class FavouritesGrid(QScrollArea):
    """Scrolls when the window is short (a 1024x768 screen, a banner shown): the totals
    above it matter more and must never be pushed off the screen."""

    picked = Signal(object)  # Product

    def __init__(
        self, favourites: Callable[[], list[Product]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._favourites = favourites
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # As short as the window needs (down to nothing): it scrolls.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.setWidget(QWidget())
        self._grid = QGridLayout(self.widget())
        self._grid.setContentsMargins(0, 4, 0, 0)
        self._grid.setSpacing(6)
        self.buttons: list[QPushButton] = []
        self.reload()

    def reload(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons = []
        products = self._favourites()[:MAX_BUTTONS]
        if not products:
            hint = QLabel(self.tr("Mark favourites on the Products screen (Ctrl+2, Ctrl+D)."))
            hint.setWordWrap(True)
            hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._grid.addWidget(hint, 0, 0)
            return
        for index, product in enumerate(products):
            button = QPushButton(f"{product.name}\n{format_won(product.price)}")
            button.setObjectName("favourite")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the scanner keeps the focus
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setMinimumHeight(48)
            button.clicked.connect(lambda _=False, p=product: self.picked.emit(p))
            self._grid.addWidget(button, index // COLUMNS, index % COLUMNS)
            self.buttons.append(button)
