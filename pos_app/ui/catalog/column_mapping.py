"""The mapping step of a product list import: which column holds which field.

Shown with the guess (or the mapping remembered for this header row) filled in; each field
has a combo box of the header row's columns ("B: 상품코드") or "not in this file". A workbook
with several sheets also gets a sheet chooser. Everything is reachable with Tab and the
arrow keys, and each label has an Alt mnemonic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.catalog_csv import column_letter
from pos_app.domain.catalog_mapping import FIELDS


class ColumnMappingPanel(QWidget):
    sheet_changed = Signal(str)
    confirmed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels = {
            "상품명": self.tr("Product &name"),
            "바코드": self.tr("&Barcodes"),
            "가격": self.tr("&Price"),
            "분류": self.tr("&Category"),
            "특별할인제외": self.tr("E&xcluded from the special discount"),
            "판매중": self.tr("On &sale"),
            "상품ID": self.tr("Product &ID (to update)"),
            "과세구분": self.tr("&Tax (taxable / exempt)"),
            "재고": self.tr("Stoc&k (counted; an empty cell keeps it)"),
        }
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.sheet = QComboBox()
        self.sheet_label = QLabel(self.tr("S&heet"))
        self.sheet_label.setBuddy(self.sheet)
        self.sheet.activated.connect(lambda _i: self.sheet_changed.emit(self.sheet.currentText()))
        form = QFormLayout()
        form.addRow(self.sheet_label, self.sheet)
        self.boxes: dict[str, QComboBox] = {}
        for field in FIELDS:
            box = QComboBox()
            box.setMinimumContentsLength(24)
            text = self._labels.get(field.header, field.header)
            label = QLabel(text + (" *" if field.required else ""))
            label.setBuddy(box)
            form.addRow(label, box)
            self.boxes[field.header] = box
        self.preview = QPushButton(self.tr("Show the &preview"))
        self.preview.setDefault(True)
        self.preview.clicked.connect(self.confirmed)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.preview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addLayout(buttons)

    def show_choice(
        self,
        sheets: Sequence[str],
        sheet: str | None,
        header: Sequence[str],
        columns: Mapping[str, int],
        remembered: bool,
    ) -> None:
        """Fill the step: the sheets, the header row's columns, and the chosen ones."""
        self.sheet.clear()
        self.sheet.addItems(list(sheets))
        if sheet in sheets:
            self.sheet.setCurrentText(sheet)
        several = len(sheets) > 1
        self.sheet.setVisible(several)
        self.sheet_label.setVisible(several)
        for name, box in self.boxes.items():
            box.clear()
            box.addItem(self.tr("(not in this file)"), -1)
            for index, text in enumerate(header):
                shown = f"{column_letter(index)}: {text.strip()}" if text.strip() else ""
                box.addItem(shown or column_letter(index), index)
            box.setCurrentIndex(box.findData(columns.get(name, -1)))
        self.intro.setText(
            self.tr("The columns chosen last time for this list are filled in. Check them,"
                    " then show the preview.")
            if remembered
            else self.tr("Check which column holds each field (* must be chosen), then show"
                         " the preview.")
        )  # fmt: skip

    def columns(self) -> dict[str, int]:
        """Field header -> chosen column index (fields left out are not named)."""
        chosen = {name: int(box.currentData()) for name, box in self.boxes.items()}
        return {name: index for name, index in chosen.items() if index >= 0}

    def current_sheet(self) -> str | None:
        return self.sheet.currentText() or None

    def set_column(self, header: str, index: int) -> None:
        box = self.boxes[header]
        box.setCurrentIndex(box.findData(index))
