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
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.print_heads import DEFAULT_HEAD, HEADS, head_by_key
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

        self.head = QComboBox()
        for head in HEADS:
            label = self.tr("%1 mm paper, %2 dots (%3 dpi)")
            for n, value in enumerate((head.paper_mm, head.dots, head.dpi), start=1):
                label = label.replace(f"%{n}", str(value))
            self.head.addItem(label, head.key)
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
        form.addRow(self.tr("Print head"), self.head)
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
        self.head.setCurrentIndex(self.head.findData(settings.head.key))
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
        return PrinterSettings(
            head=head_by_key(self.head.currentData()) or DEFAULT_HEAD,
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
