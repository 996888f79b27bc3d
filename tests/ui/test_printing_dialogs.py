"""The printer settings dialog and the receipt preview, as a cashier uses them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from escpos.printer import Dummy
from pypdf import PdfReader
from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog

from pos_app.domain.errors import UserFacingError
from pos_app.domain.print_heads import HEAD_58_203, HEAD_80_180, HEAD_80_203
from pos_app.domain.printing import Connection, PrinterSettings, receipt_pdf_name
from pos_app.domain.receipt import build_receipt
from pos_app.printing.escpos_output import EscposOutput
from pos_app.printing.sample import SAMPLE_MERCHANT, SAMPLE_PAYMENT, sample_page_rows
from pos_app.ui.printing.preview import ReceiptPreviewDialog
from pos_app.ui.printing.printer_settings import PrinterSettingsDialog


def test_settings_dialog_edits_a_network_printer_and_test_prints(qtbot) -> None:
    sent: list[bytes] = []

    def test_print(settings: PrinterSettings, report) -> None:
        device = Dummy()
        EscposOutput(settings, device_factory=lambda _: device).print_rows(
            sample_page_rows(), open_drawer=False
        )
        sent.append(device.output)
        report(None)  # the printer took it

    dialog = PrinterSettingsDialog(PrinterSettings(), test_print)
    qtbot.addWidget(dialog)
    assert not dialog.test_button.isEnabled()  # no printer chosen yet

    dialog.model.setCurrentIndex(dialog.model.findData("other-384@203"))
    dialog.connection.setCurrentIndex(dialog.connection.findData("network"))
    assert dialog.fields.currentWidget().isAncestorOf(dialog.host)
    qtbot.keyClicks(dialog.host, "192.0.2.10")
    dialog.drawer.setChecked(False)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)

    assert len(sent) == 1 and b"\x1dv0\x00" + bytes([HEAD_58_203.dots // 8]) in sent[0]
    assert dialog.message.property("kind") == "ok"
    dialog._save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_settings == PrinterSettings(
        head=HEAD_58_203,
        model="other-384@203",
        connection=Connection.NETWORK,
        network_host="192.0.2.10",
        drawer_kick=False,
    )


def test_the_printer_is_chosen_by_its_model_from_the_keyboard(qtbot) -> None:
    dialog = PrinterSettingsDialog(PrinterSettings(), lambda _: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # Saved before models were named: the "another printer" entry for the saved head.
    assert dialog.model.currentData() == "other-576@203"
    assert dialog.head_info.text() == "80 mm paper · 576 dots · 203 dpi"
    keys = [dialog.model.itemData(i) for i in range(dialog.model.count())]
    models = [key for key in keys if key]
    assert models.index("bixolon-srp-350iii") < models.index("epson-tm-t88iii")
    assert models.index("epson-tm-t88iii") < models.index("other-576@203")

    dialog.model.setFocus()
    qtbot.waitUntil(dialog.model.hasFocus)
    dialog.model.setCurrentIndex(keys.index("epson-tm-t20iii"))
    qtbot.keyClick(dialog.model, Qt.Key.Key_Home)
    assert dialog.model.currentData() == "bixolon-srp-350iii"  # the heading is skipped
    assert dialog.head_info.text() == "80 mm paper · 512 dots · 180 dpi"
    qtbot.keyClick(dialog.model, Qt.Key.Key_Down)
    assert dialog.model.currentData() == "bixolon-srp-350"
    dialog._save()
    assert dialog.result_settings is not None
    assert (dialog.result_settings.model, dialog.result_settings.head) == (
        "bixolon-srp-350",
        HEAD_80_180,
    )


def test_the_model_chooser_speaks_korean(qtbot, qapp) -> None:
    from pos_app.ui.translations import LanguageSwitcher

    languages = LanguageSwitcher(qapp)
    assert languages.apply("ko")
    try:
        dialog = PrinterSettingsDialog(PrinterSettings(head=HEAD_58_203), lambda _: None)
        qtbot.addWidget(dialog)
        assert dialog.head_info.text() == "58 mm 용지 · 384도트 · 203dpi"
        assert dialog.model.currentText() == "기타 프린터: 58 mm 용지, 384도트, 203dpi"
        headings = [dialog.model.itemText(i) for i in range(dialog.model.count())]
        headings = [text for i, text in enumerate(headings) if not dialog.model.itemData(i)]
        assert [text for text in headings if text] == [
            "국내에서 많이 쓰는 프린터",
            "기타 ESC/POS 프린터",
            "다른 프린터: 용지 폭과 인쇄 헤드로 고르기",
        ]
    finally:
        languages.apply("en")  # as the other tests expect: no translator


def test_settings_dialog_shows_a_refusal_with_its_code_and_stays_open(qtbot) -> None:
    def offline(settings: PrinterSettings, report) -> None:
        report(UserFacingError("print.device_failed", detail="timed out"))

    start = PrinterSettings(connection=Connection.SERIAL, serial_port="COM3")
    dialog = PrinterSettingsDialog(start, offline)
    qtbot.addWidget(dialog)
    assert dialog.serial_port.text() == "COM3" and dialog.test_button.isEnabled()
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("[E872]")

    dialog.serial_port.clear()
    dialog._save()
    assert dialog.result_settings is None and dialog.message.text().startswith("[E875]")
    dialog.connection.setCurrentIndex(dialog.connection.findData("usb"))
    dialog.usb_vendor.setText("zz")
    dialog._save()
    assert dialog.result_settings is None and "USB vendor id" in dialog.message.text()


def test_preview_shows_the_printed_image_and_reprints_and_saves_pdf(qtbot, tmp_path: Path) -> None:
    reprints: list[int] = []
    rows = build_receipt(SAMPLE_MERCHANT, SAMPLE_PAYMENT, "POS-01")

    def reprint(report) -> None:
        reprints.append(1)
        report(None)  # the printer answered

    dialog = ReceiptPreviewDialog(rows, HEAD_80_203, reprint=reprint)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)  # a shortcut fires only in the active window

    assert dialog.paper.pixmap().width() == HEAD_80_203.dots
    assert not dialog.system_button.isVisible() and dialog.reprint_button.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: reprints == [1])  # a button's shortcut animates the click first
    assert dialog.message.property("kind") == "ok"

    dialog.save_pdf(str(tmp_path / "r.pdf"))
    text = PdfReader(tmp_path / "r.pdf").pages[0].extract_text()
    assert "30,924원" in text and dialog.saved_pdf == str(tmp_path / "r.pdf")


def test_preview_shows_a_failed_reprint_as_a_coded_message(qtbot) -> None:
    def fail_at_once(report) -> None:
        raise UserFacingError("print.not_configured")

    reports = []

    def fail_later(report) -> None:
        reports.append(report)  # the printer has not answered yet

    rows = build_receipt(SAMPLE_MERCHANT, SAMPLE_PAYMENT, "POS-01")
    dialog = ReceiptPreviewDialog(rows, HEAD_58_203, reprint=fail_at_once)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.reprint_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("[E871]")

    dialog._reprint = fail_later
    qtbot.mouseClick(dialog.reprint_button, Qt.MouseButton.LeftButton)
    assert dialog.message.property("kind") == "info"  # sending: the dialog stays usable
    reports[0](UserFacingError("print.device_failed", detail="timed out"))
    assert dialog.message.text().startswith("[E872]") and "timed out" in dialog.message.text()
    assert dialog.paper.pixmap().width() == HEAD_58_203.dots


def test_pdf_names_are_dated_and_never_overwrite() -> None:
    day = date(2026, 12, 5)
    assert receipt_pdf_name(day, set()) == "영수증-20261205-0001.pdf"
    taken = {"영수증-20261205-0001.pdf", "영수증-20261205-0002.pdf", "영수증-20261204-0003.pdf"}
    assert receipt_pdf_name(day, taken) == "영수증-20261205-0003.pdf"


def test_save_as_pdf_proposes_the_documents_folder_with_a_dated_name(qtbot, tmp_path: Path) -> None:
    """It used to propose receipt.pdf in the folder the app started from."""
    rows = build_receipt(SAMPLE_MERCHANT, SAMPLE_PAYMENT, "POS-01")
    documents = Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    )
    default = ReceiptPreviewDialog(rows, HEAD_80_203, today=lambda: date(2026, 12, 5))
    qtbot.addWidget(default)
    assert default.suggested_pdf_path().parent == documents
    assert default.suggested_pdf_path().name.startswith("영수증-20261205-")

    folder = tmp_path / "문서"
    folder.mkdir()
    (folder / "영수증-20261205-0001.pdf").write_bytes(b"%PDF- an earlier one")
    dialog = ReceiptPreviewDialog(
        rows, HEAD_80_203, pdf_folder=folder, today=lambda: date(2026, 12, 5)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    seen: dict[str, str] = {}

    def answer() -> None:
        files = QApplication.activeModalWidget()
        if not isinstance(files, QFileDialog):
            QTimer.singleShot(10, answer)
            return
        seen["proposed"] = files.selectedFiles()[0]
        files.accept()  # the cashier keeps the proposal

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    expected = folder / "영수증-20261205-0002.pdf"
    assert seen["proposed"] == str(expected)
    assert dialog.saved_pdf == str(expected)
    assert "30,924원" in PdfReader(expected).pages[0].extract_text()
    assert (folder / "영수증-20261205-0001.pdf").read_bytes() == b"%PDF- an earlier one"
