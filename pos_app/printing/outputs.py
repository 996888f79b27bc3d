"""The output the settings name, and the test page."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrinter

from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.merchant import MerchantProfile
from pos_app.domain.printing import Connection, PrinterSettings
from pos_app.printing.escpos_output import EscposOutput
from pos_app.printing.sample import sample_page_rows
from pos_app.printing.system_printer import SystemPrinterOutput


def output_for(settings: PrinterSettings) -> EscposOutput | SystemPrinterOutput:
    """ESC/POS for USB, serial and network; the OS default printer for "system"."""
    settings.validate()
    if settings.connection is Connection.NONE:
        raise UserFacingError(ErrorKey.PRINT_NOT_CONFIGURED)
    if settings.connection is Connection.SYSTEM:
        return SystemPrinterOutput(QPrinter(QPrinter.PrinterMode.HighResolution), settings.head)
    return EscposOutput(settings)


def print_test_page(settings: PrinterSettings, merchant: MerchantProfile | None = None) -> None:
    """A sample receipt straight to the printer (not a receipt: no ledger entry)."""
    output_for(settings).print_rows(sample_page_rows(merchant, settings.head), open_drawer=False)
