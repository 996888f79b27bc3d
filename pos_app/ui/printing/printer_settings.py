"""Printer settings: the print head, how the printer is connected, cut, drawer, a test print."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.print_heads import PrintHead
from pos_app.domain.printer_models import (
    MODELS,
    ModelGroup,
    PrinterModel,
    model_by_key,
    other_model,
)
from pos_app.domain.printing import Connection, PrinterSettings
from pos_app.ui.message_bar import MessageBar

_BAUD_RATES = (9600, 19200, 38400, 57600, 115200)


def _hex_id(text: str, what: str) -> int:
    try:
        return int(text.strip().removeprefix("0x").removeprefix("0X"), 16)
    except ValueError:
        raise UserFacingError(ErrorKey.PRINT_BAD_SETTINGS, detail=what) from None


class PrinterSettingsDialog(QDialog):
    """Edits a copy of ``settings``; ``test_print`` prints a sample page with the fields as
    they are now (the caller sends it; a refusal is shown here). ``result_settings`` holds
    the validated settings after OK."""

    def __init__(
        self,
        settings: PrinterSettings,
        test_print: Callable[[PrinterSettings], None],
        language: str = "ko",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._test_print = test_print
        self._language = language
        self.result_settings: PrinterSettings | None = None
        self.setWindowTitle(self.tr("Receipt printer"))

        # The printer by the name on it (its head follows), or by roll and head for any other.
        self.model = QComboBox()
        self.model.setMaxVisibleItems(20)
        self._fill_models()
        self.head_info = QLabel()
        self.head_info.setObjectName("printHeadInfo")
        self.model.currentIndexChanged.connect(self._show_head)
        self.connection = QComboBox()
        for value, label in (
            (Connection.NONE, self.tr("No receipt printer")),
            (Connection.USB, self.tr("USB (ESC/POS)")),
            (Connection.SERIAL, self.tr("Serial port (ESC/POS)")),
            (Connection.NETWORK, self.tr("Network (ESC/POS, port 9100)")),
            (Connection.SYSTEM, self.tr("Windows / system printer")),
        ):
            self.connection.addItem(label, value.value)

        self.usb_vendor = QLineEdit()
        self.usb_product = QLineEdit()
        self.serial_port = QLineEdit()
        self.serial_port.setPlaceholderText(self.tr("COM3 or /dev/ttyUSB0"))
        self.baudrate = QComboBox()
        for rate in _BAUD_RATES:
            self.baudrate.addItem(str(rate), rate)
        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("Printer IP address"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)

        self.fields = QStackedWidget()
        self._pages: dict[str, int] = {}
        self._add_page(Connection.NONE, [])
        self._add_page(
            Connection.USB,
            [
                (self.tr("Vendor ID (hex)"), self.usb_vendor),
                (self.tr("Product ID (hex)"), self.usb_product),
            ],
        )
        self._add_page(
            Connection.SERIAL,
            [(self.tr("Port"), self.serial_port), (self.tr("Speed (baud)"), self.baudrate)],
        )
        self._add_page(
            Connection.NETWORK, [(self.tr("Address"), self.host), (self.tr("Port"), self.port)]
        )
        self._add_page(Connection.SYSTEM, [])
        self.connection.currentIndexChanged.connect(self._show_fields)

        self.cut = QCheckBox(self.tr("Cut the paper after each receipt"))
        self.drawer = QCheckBox(self.tr("Open the cash drawer after a cash sale"))
        self.test_button = QPushButton(self.tr("Test print"))
        self.test_button.clicked.connect(self._test)
        self.message = MessageBar()

        form = QFormLayout()
        model_row = QHBoxLayout()
        model_row.addWidget(self.model, 1)
        model_row.addWidget(self.head_info)
        form.addRow(self.tr("Printer model"), model_row)
        form.addRow(self.tr("Connection"), self.connection)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.fields)
        layout.addWidget(self.cut)
        layout.addWidget(self.drawer)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._load(settings)

    def _fill_models(self) -> None:
        headers = {
            ModelGroup.COMMON: self.tr("Printers common in Korea"),
            ModelGroup.ESCPOS_PROFILE: self.tr("Other ESC/POS printers"),
            ModelGroup.OTHER: self.tr("Another printer: choose by paper and print head"),
        }
        group: ModelGroup | None = None
        for model in MODELS:
            if model.group is not group:
                group = model.group
                if self.model.count():
                    self.model.insertSeparator(self.model.count())
                # A heading the keyboard and the mouse skip: it names the group below it.
                self.model.addItem(headers[group])
                heading = self.model.model().item(self.model.count() - 1)  # type: ignore[attr-defined]
                heading.setEnabled(False)
            self.model.addItem(self._model_label(model), model.key)

    def _model_label(self, model: PrinterModel) -> str:
        if model.group is ModelGroup.OTHER:
            return self._head_text(
                self.tr("Other printer: %1 mm paper, %2 dots, %3 dpi"), model.head
            )
        return model.name

    @staticmethod
    def _head_text(template: str, head: PrintHead) -> str:
        for n, value in enumerate((head.paper_mm, head.dots, head.dpi), start=1):
            template = template.replace(f"%{n}", str(value))
        return template

    def _chosen_model(self) -> PrinterModel:
        model = model_by_key(str(self.model.currentData() or ""))
        if model is None:  # a heading cannot be chosen; the dialog always starts on a model
            raise UserFacingError(ErrorKey.PRINT_BAD_SETTINGS, detail="printer model")
        return model

    def _show_head(self) -> None:
        model = model_by_key(str(self.model.currentData() or ""))
        text = self.tr("%1 mm paper · %2 dots · %3 dpi")
        self.head_info.setText(self._head_text(text, model.head) if model else "")

    def _add_page(self, connection: Connection, rows: list[tuple[str, QWidget]]) -> None:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        for label, widget in rows:
            form.addRow(label, widget)
        self._pages[connection.value] = self.fields.addWidget(page)

    def _show_fields(self) -> None:
        self.fields.setCurrentIndex(self._pages[self.connection.currentData()])
        self.test_button.setEnabled(self.connection.currentData() != Connection.NONE.value)

    def _load(self, settings: PrinterSettings) -> None:
        # Settings saved before models were named (or naming one this version lacks) show
        # the "another printer" entry for their head.
        chosen = model_by_key(settings.model) or other_model(settings.head)
        self.model.setCurrentIndex(self.model.findData(chosen.key))
        self._show_head()
        self.connection.setCurrentIndex(self.connection.findData(settings.connection.value))
        self.usb_vendor.setText(f"{settings.usb_vendor_id:04X}")
        self.usb_product.setText(f"{settings.usb_product_id:04X}")
        self.serial_port.setText(settings.serial_port)
        index = self.baudrate.findData(settings.serial_baudrate)
        self.baudrate.setCurrentIndex(max(index, 0))
        self.host.setText(settings.network_host)
        self.port.setValue(settings.network_port)
        self.cut.setChecked(settings.cut)
        self.drawer.setChecked(settings.drawer_kick)
        self._show_fields()

    def settings(self) -> PrinterSettings:
        """The settings as the fields say now; E875 when a field is not valid."""
        model = self._chosen_model()
        return PrinterSettings(
            head=model.head,
            model=model.key,
            connection=Connection(self.connection.currentData()),
            usb_vendor_id=_hex_id(self.usb_vendor.text(), "USB vendor id"),
            usb_product_id=_hex_id(self.usb_product.text(), "USB product id"),
            serial_port=self.serial_port.text().strip(),
            serial_baudrate=int(self.baudrate.currentData()),
            network_host=self.host.text().strip(),
            network_port=self.port.value(),
            cut=self.cut.isChecked(),
            drawer_kick=self.drawer.isChecked(),
        ).validate()

    def _test(self) -> None:
        try:
            self._test_print(self.settings())
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        self.message.show_message("ok", self.tr("Test page sent to the printer."))

    def _save(self) -> None:
        try:
            self.result_settings = self.settings()
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        self.accept()
