"""The receipt as it will come out of the printer, with reprint, PDF and system printer."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.clock import business_date, system_clock
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.print_heads import DEFAULT_HEAD, PrintHead
from pos_app.domain.printing import PrintJob, receipt_pdf_name
from pos_app.domain.receipt import ReceiptRow
from pos_app.printing.pdf import write_pdf
from pos_app.printing.render import render_image
from pos_app.ui.message_bar import MessageBar

#: Called by the printing side with the outcome: None or a job when done, or the error.
Report = Callable[[object], None]


class ReceiptPreviewDialog(QDialog):
    """Shows ``rows`` rendered exactly as the thermal printer gets them.

    ``reprint(report)`` starts a copy through the print queue and service and calls
    ``report`` with the outcome when the printer has answered: the service's job says what
    came out (``reprint`` False: the original, re-sent after its print failed; True: a copy
    marked 재발행), and the message says that. ``original`` is True when the next copy is
    the original (the button then says print, not reprint). ``print_system(printer,
    report)`` prints on an OS printer the cashier picks. A button whose callback is None is
    hidden.
    """

    def __init__(
        self,
        rows: list[ReceiptRow],
        head: PrintHead = DEFAULT_HEAD,
        reprint: Callable[[Report], None] | None = None,
        print_system: Callable[[QPrinter, Report], None] | None = None,
        language: str = "ko",
        parent: QWidget | None = None,
        *,
        pdf_folder: Path | None = None,
        today: Callable[[], date] | None = None,
        original: bool = False,
    ) -> None:
        """``pdf_folder`` is where "Save as PDF" proposes to save (the user's Documents);
        ``today`` names the file (the business day, in Korea's time)."""
        super().__init__(parent)
        self._rows = rows
        self._pdf_folder = pdf_folder
        self._today = today or (lambda: business_date(system_clock()))
        self._head = head
        self._reprint = reprint
        self._print_system = print_system
        self._language = language
        self.saved_pdf: str | None = None
        self.setWindowTitle(self.tr("Receipt"))

        self.image = render_image(rows, head)
        self.paper = QLabel()
        self.paper.setObjectName("receiptPaper")
        self.paper.setPixmap(QPixmap.fromImage(self.image))
        self.paper.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.paper.setStyleSheet("background: white; border: 1px dashed #999; padding: 8px;")
        scroll = QScrollArea()
        scroll.setWidget(self.paper)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(self.image.width() + 48)

        self.reprint_button = QPushButton(
            self.tr("Print (F10)") if original else self.tr("Reprint (F10)")
        )
        self.reprint_button.setShortcut(QKeySequence(Qt.Key.Key_F10))
        self.reprint_button.clicked.connect(self._do_reprint)
        self.reprint_button.setVisible(reprint is not None)
        self.pdf_button = QPushButton(self.tr("Save as PDF"))
        self.pdf_button.clicked.connect(self._choose_pdf)
        self.system_button = QPushButton(self.tr("Print on…"))
        self.system_button.clicked.connect(self._choose_printer)
        self.system_button.setVisible(print_system is not None)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        self.message = MessageBar()

        buttons = QHBoxLayout()
        for button in (self.reprint_button, self.pdf_button, self.system_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(self.image.width() + 80, 760)

    def _run(self, action: Callable[[], None], done: str) -> None:
        try:
            action()
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        self.message.show_message("ok", done)

    def _report_to(self, done: str) -> Report:
        def report(outcome: object) -> None:
            if isinstance(outcome, UserFacingError):
                self.message.show_error(outcome, self._language)
            else:
                self.message.show_message("ok", done)

        return report

    def _send(self, start: Callable[[Report], None], done: str) -> None:
        self.message.show_message("info", self.tr("Sending to the printer…"))
        try:
            start(self._report_to(done))
        except UserFacingError as error:
            self.message.show_error(error, self._language)

    def _do_reprint(self) -> None:
        if self._reprint is None:
            return
        self.message.show_message("info", self.tr("Sending to the printer…"))
        try:
            self._reprint(self._report_copy)
        except UserFacingError as error:
            self.message.show_error(error, self._language)

    def _report_copy(self, outcome: object) -> None:
        """Worded from what the service printed, never guessed before it answered."""
        if isinstance(outcome, UserFacingError):
            self.message.show_error(outcome, self._language)
            return
        if isinstance(outcome, PrintJob) and not outcome.reprint:
            self.message.show_message("ok", self.tr("Printed."))
        else:
            self.message.show_message("ok", self.tr("Reprinted (marked 재발행)."))
        self.reprint_button.setText(self.tr("Reprint (F10)"))  # the original is out now

    def save_pdf(self, path: str) -> None:
        def write() -> None:
            try:
                write_pdf(self._rows, path, self._head)
            except OSError as exc:
                raise UserFacingError(ErrorKey.PRINT_FILE_FAILED, detail=str(exc)) from exc
            self.saved_pdf = path

        self._run(write, self.tr("Saved %1").replace("%1", path))

    def suggested_pdf_path(self) -> Path:
        """In the user's Documents (not the folder the app was started from), named by the
        day and numbered past the files already there."""
        folder = self._pdf_folder or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
        taken = {p.name for p in folder.glob("*.pdf")} if folder.is_dir() else set()
        return folder / receipt_pdf_name(self._today(), taken)

    def _choose_pdf(self) -> None:
        suggested = self.suggested_pdf_path()
        with contextlib.suppress(OSError):  # a fresh profile may lack it; the dialog copes
            suggested.parent.mkdir(parents=True, exist_ok=True)
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save receipt as PDF"), str(suggested), self.tr("PDF (*.pdf)")
        )
        if path:
            self.save_pdf(path)

    def _choose_printer(self) -> None:
        if self._print_system is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            callback = self._print_system
            self._send(
                lambda report: callback(printer, report),
                self.tr("Sent to %1").replace("%1", printer.printerName()),
            )
