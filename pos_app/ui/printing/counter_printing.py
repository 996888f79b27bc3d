"""Paper at the counter: print each sale's receipt, preview and reprint, printer settings.

Printing runs on the UI thread (a network printer answers or times out within 10 s); every
failure is a message with its code and the sale stays recorded: the receipt can be reprinted
(F10), and the print-job ledger makes sure a retry never gives the customer two copies.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from pos_app.domain.errors import UserFacingError
from pos_app.domain.printing import Connection
from pos_app.domain.records import PaymentRecord
from pos_app.printing.outputs import output_for, print_test_page
from pos_app.printing.system_printer import SystemPrinterOutput
from pos_app.services.printing import PrintService
from pos_app.ui.printing.preview import ReceiptPreviewDialog
from pos_app.ui.printing.printer_settings import PrinterSettingsDialog


class CounterPrinting(QObject):
    problem = Signal(object)  # UserFacingError: show it, the sale is safe

    def __init__(self, printing: PrintService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._printing = printing

    def after_payment(self, payment: PaymentRecord) -> None:
        settings = self._printing.printer_settings()
        if settings.connection is Connection.NONE:
            return
        try:
            self._printing.print_receipt(
                payment.payment_id, output_for(settings), open_drawer=payment.tender == "cash"
            )
        except UserFacingError as error:
            self.problem.emit(error)

    def preview(self, payment_id: str, language: str, parent: QWidget) -> None:
        """F10: the receipt as it prints, with reprint, PDF and the system printer."""
        settings = self._printing.printer_settings()
        rows = self._printing.receipt_rows(
            payment_id, reprint=bool(self._printing.jobs(payment_id))
        )

        def reprint() -> None:
            self._printing.reprint(payment_id, output_for(self._printing.printer_settings()))

        def print_system(printer: QPrinter) -> None:
            self._printing.reprint(payment_id, SystemPrinterOutput(printer, settings.paper_mm))

        dialog = ReceiptPreviewDialog(
            rows,
            settings.paper_mm,
            reprint=reprint if settings.connection is not Connection.NONE else None,
            print_system=print_system,
            language=language,
            parent=parent,
        )
        dialog.exec()
        dialog.deleteLater()

    def open_settings(self, merchant: object, language: str, parent: QWidget) -> None:
        dialog = PrinterSettingsDialog(
            self._printing.printer_settings(),
            lambda s: print_test_page(s, merchant),  # type: ignore[arg-type]
            language,
            parent,
        )
        if dialog.exec() and dialog.result_settings:
            self._printing.save_printer_settings(dialog.result_settings)
        dialog.deleteLater()
