"""Settings (F12) -> Customer display: on or off, and on which monitor."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from pos_app.ui.customer_display.placement import ScreenInfo


class DisplaySettingsDialog(QDialog):
    def __init__(
        self,
        screens: Sequence[ScreenInfo],
        *,
        enabled: bool,
        chosen: Mapping[str, Any] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Customer display"))
        self.setMinimumWidth(520)
        self.enabled = QCheckBox(self.tr("Show the customer display (Ctrl+Shift+D)"))
        self.enabled.setChecked(enabled)
        self.screen = QComboBox()
        self.screen.addItem(self.tr("Automatic (the first monitor that is not the POS's)"), None)
        for info in screens:
            suffix = self.tr(" - the POS's own monitor") if info.primary else ""
            self.screen.addItem(info.label() + suffix, info.as_preference())
        if chosen:
            index = next(
                (
                    i
                    for i in range(1, self.screen.count())
                    if self.screen.itemData(i).get("name") == chosen.get("name")
                ),
                -1,
            )
            if index < 0:  # saved, but not connected now: keep it selectable
                self.screen.addItem(
                    self.tr("%1 (not connected)").replace("%1", str(chosen.get("name"))),
                    dict(chosen),
                )
                index = self.screen.count() - 1
            self.screen.setCurrentIndex(index)
        note = QLabel(
            self.tr(
                "On a second monitor the display fills it. On the POS's own monitor it is a"
                " window you can place; its place is remembered."
            )
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("", self.enabled)
        form.addRow(self.tr("Monitor"), self.screen)
        form.addRow("", note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.enabled.setFocus(Qt.FocusReason.OtherFocusReason)

    def display_enabled(self) -> bool:
        return self.enabled.isChecked()

    def chosen_screen(self) -> dict[str, Any] | None:
        data = self.screen.currentData()
        return dict(data) if data else None
