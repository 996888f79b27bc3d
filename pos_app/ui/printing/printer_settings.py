"""Printer settings: the print head, how the printer is connected, cut, drawer, a test print.

The attached USB printers and serial ports are listed off the UI thread (the OS may take a
while, ``ui/background.py``); a typed id or port is always accepted. The test print goes out
through the caller (the print queue) and its outcome comes back to this dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

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
from pos_app.printing.devices import (
    Found,
    SerialPort,
    UsbPrinter,
    attached_usb_printers,
    maker_vendor_id,
    serial_ports,
)
from pos_app.ui.background import run_task
from pos_app.ui.message_bar import MessageBar

T = TypeVar("T")

#: How a test print's outcome comes back: None when sent, else the coded refusal.
Report = Callable[[object], None]
#: Starts a test print with the fields as they are; calls the report when it is done.
TestPrint = Callable[[PrinterSettings, Report], None]


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
        test_print: TestPrint,
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

        self.usb_printers = QComboBox()
        self.usb_printers.setPlaceholderText(self.tr("Choose an attached printer"))
        self.usb_printers.currentIndexChanged.connect(self._usb_chosen)
        self.usb_refresh = QPushButton(self.tr("Refresh list"))
        self.usb_refresh.clicked.connect(self._list_usb)
        self.usb_vendor = QLineEdit()
        self.usb_product = QLineEdit()
        # Said when the OS lists no USB printer: what to look at before typing ids.
        self.usb_hint = QLabel(
            self.tr(
                "Check the USB cable and the printer's power, then refresh the list. If"
                " Windows installed the maker's printer driver, choose"
                ' "Windows / system printer" as the connection.'
            )
        )
        self.usb_hint.setObjectName("usbHint")
        self.usb_hint.setWordWrap(True)
        self.usb_hint.hide()
        # The ids last proposed from the model's maker (or the factory defaults): while the
        # fields still hold them, choosing another model may propose its maker's id.
        self._proposed_usb = (
            f"{PrinterSettings.usb_vendor_id:04X}",
            f"{PrinterSettings.usb_product_id:04X}",
        )
        # An editable list: the ports the OS lists, or one typed by hand.
        self.serial_ports = QComboBox()
        self.serial_ports.setEditable(True)
        self.serial_ports.currentIndexChanged.connect(self._port_chosen)
        self.serial_port = self.serial_ports.lineEdit()
        self.serial_port.setPlaceholderText(self.tr("COM3 or /dev/ttyUSB0"))
        self.serial_refresh = QPushButton(self.tr("Refresh list"))
        self.serial_refresh.clicked.connect(self._list_serial)
        self.baudrate = QComboBox()
        for rate, label in (
            # 9600: the factory or all-switches-off speed in Epson's, Bixolon's and Star's
            # manuals (docs/decisions.md); the others are what their switches also offer.
            (9600, self.tr("9600 (factory setting of most printers)")),
            (19200, "19200"),
            (38400, "38400"),
            (57600, "57600"),
            (115200, self.tr("115200 (fastest; set the printer to it too)")),
        ):
            self.baudrate.addItem(label, rate)
        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("Printer IP address"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)

        self.fields = QStackedWidget()
        self._listed: set[Connection] = set()  # listed once when first shown; then on refresh
        self._testing = False
        self._pages: dict[str, int] = {}
        self._forms: list[QFormLayout] = []  # one label column across them (_align_labels)
        self._add_page(Connection.NONE, [])
        self._add_page(
            Connection.USB,
            [
                (self.tr("Attached printer"), _with_button(self.usb_printers, self.usb_refresh)),
                ("", self.usb_hint),
                (self.tr("Vendor ID (hex)"), self.usb_vendor),
                (self.tr("Product ID (hex)"), self.usb_product),
            ],
        )
        self._add_page(
            Connection.SERIAL,
            [
                (self.tr("Port"), _with_button(self.serial_ports, self.serial_refresh)),
                (self.tr("Speed (baud)"), self.baudrate),
            ],
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
        self._forms.append(form)
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
        self._align_labels()
        self._load(settings)
        self.model.currentIndexChanged.connect(self._propose_usb_vendor)

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
            form.addRow(QLabel(label), widget)
        self._forms.append(form)
        self._pages[connection.value] = self.fields.addWidget(page)

    def _align_labels(self) -> None:
        """The connection pages' fields start where 모델 / 연결 방식's do: every form's
        labels get the widest label's width (each page is its own form in the stack)."""
        labels = [
            item.widget()
            for form in self._forms
            for row in range(form.rowCount())
            if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
            and isinstance(item.widget(), QLabel)
        ]
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)

    def _propose_usb_vendor(self) -> None:
        """A model whose maker has a known USB vendor id proposes it while the ids are
        still the untouched defaults (or the last proposal); the product id is left to
        the attached list or the merchant."""
        typed = (self.usb_vendor.text().strip().upper(), self.usb_product.text().strip().upper())
        if typed != self._proposed_usb:
            return
        model = model_by_key(str(self.model.currentData() or ""))
        vendor = maker_vendor_id(model.name) if model else None
        if vendor is None:
            return
        self._proposed_usb = (f"{vendor:04X}", "")
        self.usb_vendor.setText(self._proposed_usb[0])
        self.usb_product.setText("")

    def _show_fields(self) -> None:
        connection = Connection(self.connection.currentData())
        self.fields.setCurrentIndex(self._pages[connection.value])
        self.test_button.setEnabled(connection is not Connection.NONE and not self._testing)
        if connection is Connection.USB and connection not in self._listed:
            self._list_usb()
        elif connection is Connection.SERIAL and connection not in self._listed:
            self._list_serial()

    # ----- the attached devices -----------------------------------------------------------

    def _list_usb(self) -> None:
        self._listed.add(Connection.USB)
        self._list(attached_usb_printers, self.usb_refresh, self._usb_listed, "usb-printers")

    def _list_serial(self) -> None:
        self._listed.add(Connection.SERIAL)
        self._list(serial_ports, self.serial_refresh, self._serial_listed, "serial-ports")

    def _list(
        self,
        find: Callable[[], Found[T]],
        refresh: QPushButton,
        listed: Callable[[Found[T]], None],
        name: str,
    ) -> None:
        refresh.setEnabled(False)
        refresh.setText(self.tr("Looking…"))

        def done(found: Found[T]) -> None:
            refresh.setEnabled(True)
            refresh.setText(self.tr("Refresh list"))
            listed(found)
            if found.problem is not None:
                self.message.show_error(found.problem, self._language)

        def failed(error: UserFacingError) -> None:
            done(Found(problem=error))

        run_task(self, find, done, failed, name=name)

    def _usb_listed(self, found: Found[UsbPrinter]) -> None:
        self.usb_printers.blockSignals(True)
        self.usb_printers.clear()
        for p in found.items:
            self.usb_printers.addItem(p.label, _usb_key(p.vendor_id, p.product_id))
        if not found.items:
            self.usb_printers.setPlaceholderText(self.tr("No USB printer found"))
        else:
            self.usb_printers.setPlaceholderText(self.tr("Choose an attached printer"))
        self.usb_hint.setVisible(not found.items)
        if not found.items:
            # The stack sizes to its pages' hints, which know nothing of wrapped lines:
            # give the hint the height its lines take at the width it has.
            width = self.usb_vendor.width() or self.usb_hint.sizeHint().width()
            self.usb_hint.setMinimumHeight(self.usb_hint.heightForWidth(width))
        try:
            vendor = _hex_id(self.usb_vendor.text(), "")
            key = _usb_key(vendor, _hex_id(self.usb_product.text(), ""))
        except UserFacingError:
            key = -1
        # The printer already set stays chosen; nothing is chosen for the cashier otherwise.
        self.usb_printers.setCurrentIndex(self.usb_printers.findData(key))
        self.usb_printers.blockSignals(False)

    def _usb_chosen(self, index: int) -> None:
        if index >= 0:
            vendor, product = divmod(int(self.usb_printers.itemData(index)), 0x10000)
            self.usb_vendor.setText(f"{vendor:04X}")
            self.usb_product.setText(f"{product:04X}")

    def _serial_listed(self, found: Found[SerialPort]) -> None:
        typed = self.serial_port.text()
        self.serial_ports.blockSignals(True)
        self.serial_ports.clear()
        for port in found.items:
            label = f"{port.device} — {port.description}" if port.description else port.device
            self.serial_ports.addItem(label, port.device)
        self.serial_ports.setCurrentIndex(-1)
        self.serial_ports.blockSignals(False)
        self.serial_port.setText(typed)  # the port set (or typed) stays until one is chosen

    def _port_chosen(self, index: int) -> None:
        # The list shows "COM3 — USB Serial Port"; the setting is the port's name alone.
        if index >= 0:
            self.serial_port.setText(self.serial_ports.itemData(index))

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
        if self.baudrate.findData(settings.serial_baudrate) < 0:  # set elsewhere: kept as is
            self.baudrate.addItem(str(settings.serial_baudrate), settings.serial_baudrate)
        self.baudrate.setCurrentIndex(self.baudrate.findData(settings.serial_baudrate))
        self.host.setText(settings.network_host)
        self.port.setValue(settings.network_port)
        self.cut.setChecked(settings.cut)
        self.drawer.setChecked(settings.drawer_kick)
        self._show_fields()

    def settings(self) -> PrinterSettings:
        """The settings as the fields say now; E875 when a field is not valid."""
        model = self._chosen_model()
        connection = Connection(self.connection.currentData())
        # A product id left empty (a model's maker proposed only the vendor) matters only
        # for a USB printer; the others keep the default.
        product = self.usb_product.text()
        if not product.strip() and connection is not Connection.USB:
            product = f"{PrinterSettings.usb_product_id:04X}"
        return PrinterSettings(
            head=model.head,
            model=model.key,
            connection=connection,
            usb_vendor_id=_hex_id(self.usb_vendor.text(), "USB vendor id"),
            usb_product_id=_hex_id(product, "USB product id"),
            serial_port=self.serial_port.text().strip(),
            serial_baudrate=int(self.baudrate.currentData()),
            network_host=self.host.text().strip(),
            network_port=self.port.value(),
            cut=self.cut.isChecked(),
            drawer_kick=self.drawer.isChecked(),
        ).validate()

    def _test(self) -> None:
        """Off the UI thread: a serial printer at 9600 baud takes a minute or more."""
        try:
            settings = self.settings()
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        self._testing = True
        self.test_button.setEnabled(False)
        self.message.show_message("info", self.tr("Sending to the printer…"))
        try:
            self._test_print(settings, self._tested)
        except UserFacingError as error:
            self._tested(error)

    def _tested(self, outcome: object) -> None:
        self._testing = False
        self.test_button.setEnabled(self.connection.currentData() != Connection.NONE.value)
        if isinstance(outcome, UserFacingError):
            self.message.show_error(outcome, self._language)
        else:
            self.message.show_message("ok", self.tr("Test page sent to the printer."))

    def _save(self) -> None:
        try:
            self.result_settings = self.settings()
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        self.accept()


def _with_button(field: QWidget, button: QPushButton) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(field, 1)
    layout.addWidget(button)
    return row


def _usb_key(vendor_id: int, product_id: int) -> int:
    """One int per device for the list's item data (Qt compares ints, not Python tuples)."""
    return vendor_id * 0x10000 + product_id
