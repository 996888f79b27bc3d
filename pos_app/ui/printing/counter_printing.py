"""Paper at the counter: each sale's receipt, refund receipts, the day-close slip, previews
with reprint, and the printer settings.

Printing runs on the print queue's worker thread (a network printer that is off takes up to
10 s to time out): the cashier keeps scanning meanwhile. Every failure is a message with its
code and the record stays as it was: the paper can be printed again from the preview, and
the print-job ledger makes sure a retry never gives the customer two copies.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from pos_app.domain.errors import UserFacingError
from pos_app.domain.printing import Connection, PrinterSettings
from pos_app.domain.records import PaymentRecord
from pos_app.domain.refunds import RefundRecord
from pos_app.printing.outputs import output_for, print_test_page
from pos_app.printing.system_printer import SystemPrinterOutput
from pos_app.services.printing import PrintDocument, PrintService
from pos_app.services.receipt_timing import PrintWhen, ReceiptWaits
from pos_app.ui.printing.preview import ReceiptPreviewDialog, Report
from pos_app.ui.printing.print_queue import PrintQueue
from pos_app.ui.printing.printer_settings import PrinterSettingsDialog

#: Makes the document on whichever thread's service it is given (UI for the preview,
#: the worker for the paper): each has its own database connection.
DocumentMaker = Callable[[PrintService], PrintDocument]

#: How often held receipts are looked at again while any waits for the server's answer.
#: The rule and the due times are the service's (``receipt_timing``, on its clock); this is
#: only how soon after one is due the paper starts (answers also wake it at once).
RECEIPT_TICK_MS = 100


def sale_receipt(payment_id: str) -> DocumentMaker:
    return lambda service: service.sale_receipt(payment_id)


def refund_receipt(refund_id: str) -> DocumentMaker:
    return lambda service: service.refund_receipt(refund_id)


def day_close_slip(day_id: str) -> DocumentMaker:
    return lambda service: service.day_close_slip(day_id)


class CounterPrinting(QObject):
    problem = Signal(object)  # UserFacingError of an unattended print: show it, data is safe

    def __init__(
        self,
        printing: PrintService,
        parent: QObject | None = None,
        *,
        is_online: Callable[[], bool] = lambda: False,
    ) -> None:
        """``is_online``: whether the server answers now (an online Cheongju Pay receipt
        waits for its answer)."""
        super().__init__(parent)
        self._printing = printing  # the UI thread's: settings, and rows for the preview
        self.queue = PrintQueue(printing.on_own_connection(), self)
        self.queue.problem.connect(self.problem)
        self._is_online = is_online
        self.waits = ReceiptWaits(printing.clock, printing.payment)
        self._tick = QTimer(self)
        self._tick.setInterval(RECEIPT_TICK_MS)
        self._tick.timeout.connect(self.check_waits)

    def _printer(self) -> PrinterSettings | None:
        settings = self._printing.printer_settings()
        return None if settings.connection is Connection.NONE else settings

    def _print_once(
        self,
        make: DocumentMaker,
        settings: PrinterSettings,
        *,
        report: Report | None = None,
        receiver: QObject | None = None,
    ) -> None:
        # The service decides the drawer kick from the document (a cash sale's or refund's
        # original), so a retry of a failed first print still opens it.
        self.queue.submit(
            lambda service: service.print_once(make(service), output_for(settings)),
            report,
            receiver,
        )

    # ----- printed without asking ---------------------------------------------------------

    def after_payment(self, payment: PaymentRecord) -> None:
        """The sale's receipt: at once for cash (with the drawer) and card; an online
        Cheongju Pay one once the server answered or its wait is over (``receipt_timing``)."""
        settings = self._printer()
        if settings is None:
            return
        decision = self.waits.arrive(payment, online=self._is_online())
        if decision is PrintWhen.PRINT_NOW:
            self._print_sale(payment, settings)
        elif decision is PrintWhen.WAIT:
            self._tick.start()

    def check_waits(self) -> None:
        """Print the held receipts whose answer came or whose wait is over (a declined or
        voided payment gets none); called on the tick and when answers arrive."""
        for payment, decision in self.waits.settle():
            settings = self._printer()
            if decision is PrintWhen.PRINT_NOW and settings is not None:
                self._print_sale(payment, settings)
        if not self.waits.waiting():
            self._tick.stop()

    def _print_sale(self, payment: PaymentRecord, settings: PrinterSettings) -> None:
        # The print service decides the drawer from the tender (a cash sale's original).
        self._print_once(sale_receipt(payment.payment_id), settings)

    def after_refund(self, refund: RefundRecord) -> None:
        """The refund receipt; a cash refund opens the drawer to hand the money back."""
        settings = self._printer()
        if settings is not None:
            self._print_once(refund_receipt(refund.refund_id), settings)

    def print_day_slip(self, day_id: str, report: Report, receiver: QObject) -> bool:
        """The day's slip: once after the close, a marked copy when asked again; an open
        day prints an interim slip each time. False when no printer is set up."""
        settings = self._printer()
        if settings is None:
            return False

        def slip(service: PrintService) -> object:
            document = service.day_close_slip(day_id)
            if service.jobs(document.document_id):
                return service.reprint_document(document, output_for(settings))
            return service.print_once(document, output_for(settings))

        self.queue.submit(slip, report, receiver)  # type: ignore[arg-type]
        return True

    # ----- looked at first ----------------------------------------------------------------

    def preview(self, make: DocumentMaker, language: str, parent: QWidget) -> None:
        """The paper as it prints, with reprint, PDF and the system printer."""
        try:
            document = make(self._printing)
        except UserFacingError as error:
            self.problem.emit(error)
            return
        settings = self._printing.printer_settings()
        # The paper as the print button will put it out: unmarked while the original has
        # not come out (its first print failed), marked 재발행 after.
        marked = self._printing.next_copy_is_reprint(document.document_id)
        rows = document.rows(marked)
        dialog: ReceiptPreviewDialog | None = None

        def reprint(report: Report) -> None:
            current = self._printing.printer_settings()
            self.queue.submit(
                lambda service: service.reprint_document(make(service), output_for(current)),
                report,
                dialog,
            )

        def print_system(printer: QPrinter, report: Report) -> None:
            output = SystemPrinterOutput(printer, settings.head)
            self.queue.submit(
                lambda service: service.reprint_document(make(service), output), report, dialog
            )

        dialog = ReceiptPreviewDialog(
            rows,
            settings.head,
            reprint=reprint if settings.connection is not Connection.NONE else None,
            print_system=print_system,
            language=language,
            parent=parent,
            original=not marked,
        )
        dialog.exec()
        dialog.deleteLater()

    def settings_dialog(
        self, merchant: object, language: str, parent: QWidget | None
    ) -> PrinterSettingsDialog:
        """The printer settings; its test page goes through the print queue, after any
        receipt still being sent and never on the UI thread."""
        dialog: PrinterSettingsDialog | None = None

        def test_print(settings: PrinterSettings, report: Callable[[object], None]) -> None:
            self.queue.submit(
                lambda _service: print_test_page(settings, merchant),  # type: ignore[arg-type]
                report,
                dialog,
            )

        dialog = PrinterSettingsDialog(
            self._printing.printer_settings(), test_print, language, parent
        )
        return dialog

    def open_settings(self, merchant: object, language: str, parent: QWidget) -> None:
        dialog = self.settings_dialog(merchant, language, parent)
        if dialog.exec() and dialog.result_settings:
            self._printing.save_printer_settings(dialog.result_settings)
        dialog.deleteLater()

    def close(self) -> None:
        self._tick.stop()
        self.queue.close()
