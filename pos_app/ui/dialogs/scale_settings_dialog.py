"""The shop's label-scale layout (F12 Settings > Label scale...): what the scale prints.

The layout is spelled out as the cashier changes it (``21IIIIIWWWWWC``), so the owner can
hold it against a label; an impossible one is refused with its code (E656) and the dialog
stays open. Off: a 2-prefixed EAN-13 is looked up as a store code, as before.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import UserFacingError
from pos_app.domain.scale_label import ITEM_DIGITS, LabelValue, ScaleFormat
from pos_app.ui.message_bar import MessageBar


class ScaleSettingsDialog(QDialog):
    def __init__(
        self,
        current: ScaleFormat | None,
        save: Callable[[ScaleFormat | None], None],
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        """``save(format)`` stores the choice (None: labels off)."""
        super().__init__(parent)
        self.setObjectName("scaleSettingsDialog")
        self.setWindowTitle(self.tr("Label scale"))
        self._save = save
        self._language = language
        shown = current or ScaleFormat()
        self.enabled = QCheckBox(self.tr("Read scale labels (EAN-13 starting with 2)"))
        self.enabled.setChecked(current is not None)
        self.prefix = QLineEdit(shown.prefix)
        self.prefix.setMaxLength(2)
        self.item_digits = QSpinBox()
        self.item_digits.setRange(ITEM_DIGITS.start, ITEM_DIGITS.stop - 1)
        self.item_digits.setValue(shown.item_digits)
        self.value = QComboBox()
        self.value.addItem(self.tr("Price (won)"), LabelValue.PRICE.value)
        self.value.addItem(self.tr("Weight (grams)"), LabelValue.WEIGHT.value)
        self.value.setCurrentIndex(self.value.findData(shown.value.value))
        self.value_check = QCheckBox(self.tr("Check digit before the price/weight (GS1)"))
        self.value_check.setChecked(shown.value_check)
        self.pattern = QLabel()
        self.pattern.setObjectName("scalePattern")
        self.error = MessageBar()
        form = QFormLayout()
        form.addRow("", self.enabled)
        form.addRow(self.tr("Prefix"), self.prefix)
        form.addRow(self.tr("Item code digits"), self.item_digits)
        form.addRow(self.tr("The label carries"), self.value)
        form.addRow("", self.value_check)
        form.addRow(self.tr("Layout"), self.pattern)
        legend = QLabel(self.tr("I: item code · P: price · W: weight · V, C: check digits"))
        legend.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(legend)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for signal in (
            self.enabled.toggled,
            self.prefix.textChanged,
            self.item_digits.valueChanged,
            self.value.currentIndexChanged,
            self.value_check.toggled,
        ):
            signal.connect(self._show_pattern)
        self._show_pattern()
        self.enabled.setFocus()

    def chosen(self) -> ScaleFormat | None:
        """The layout as set (None: off); raises UserFacingError (E656) if impossible."""
        if not self.enabled.isChecked():
            return None
        return ScaleFormat(
            prefix=self.prefix.text().strip(),
            item_digits=self.item_digits.value(),
            value=LabelValue(self.value.currentData()),
            value_check=self.value_check.isChecked(),
        )

    def _show_pattern(self) -> None:
        for widget in (self.prefix, self.item_digits, self.value, self.value_check):
            widget.setEnabled(self.enabled.isChecked())
        try:
            chosen = self.chosen()
        except UserFacingError as error:
            self.pattern.setText("-")
            self.error.show_error(error, self._language)
            return
        self.error.show_message("info", "")
        self.pattern.setText(chosen.pattern if chosen is not None else self.tr("Off"))

    def _accept(self) -> None:
        try:
            chosen = self.chosen()
        except UserFacingError as error:
            self.error.show_error(error, self._language)
            return
        self._save(chosen)
        self.accept()
