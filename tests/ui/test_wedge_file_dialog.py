"""A path typed fast in Qt's own file dialog is typing, never a scan (no E214).

Under Xvfb (and wherever there is no platform file dialog) Qt shows its own QFileDialog.
Its file-name field has a completer: once the typed prefix matches files, a popup list
opens, and while it is open the keys go to that popup, a top-level window whose parent
chain does not include the dialog. The keyboard wedge then saw a burst "into a list",
took it for a scan and, the dialog being modal, refused it with E214, eating the path.

The counter here is the real one (the application-wide wedge on a frozen clock: every key
a test sends comes at one instant, the fastest typing there is), and the keys go where Qt's
own window would send them: to the open popup if there is one, else the focused widget.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QLineEdit, QWidget

from pos_app.ui.scan_routing import REFUSAL_NAME
from tests.ui.counter import open_counter
from tests.ui.wedge_clock import FrozenWedgeClock

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


@pytest.fixture
def counter(qtbot, tmp_path):
    with open_counter(qtbot, tmp_path / "pos.sqlite3", clock, scan_clock=FrozenWedgeClock()) as pos:
        yield pos


@pytest.fixture
def folder(tmp_path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("catalog-2025.csv", "catalog-2026.csv", "cash-report.csv"):
        (folder / name).write_text("x", encoding="utf-8")
    return folder


def receiver() -> QWidget:
    """Where Qt's window delivers a key: an open popup (the completer's list) takes the
    keyboard, else the focus widget."""
    popup = QApplication.activePopupWidget()
    if popup is not None:
        return popup.focusWidget() or popup
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_fast(text: str) -> None:
    for char in text:
        QTest.keyClicks(receiver(), char)


def open_modal_file_dialog(
    qtbot, counter, folder: Path, modality: Qt.WindowModality = Qt.WindowModality.ApplicationModal
) -> tuple[QFileDialog, QLineEdit]:
    dialog = QFileDialog(counter.window, "열기", str(folder))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setWindowModality(modality)
    dialog.show()
    qtbot.waitExposed(dialog)
    if modality != Qt.WindowModality.NonModal:
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog)
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    name.setFocus()
    qtbot.waitUntil(name.hasFocus)
    return dialog, name


def refusal(dialog: QWidget) -> str:
    label = dialog.findChild(QLabel, REFUSAL_NAME)
    return label.text() if label is not None and label.isVisible() else ""


@pytest.mark.parametrize(
    "modality", [Qt.WindowModality.ApplicationModal, Qt.WindowModality.NonModal]
)
def test_a_path_typed_fast_while_the_completer_is_open_reaches_the_field(
    counter, qtbot, folder, modality: Qt.WindowModality
) -> None:
    scans: list[str] = []
    counter.scanner.scanned.connect(scans.append)
    dialog, name = open_modal_file_dialog(qtbot, counter, folder, modality)
    accepted: list[str] = []
    dialog.fileSelected.connect(accepted.append)
    completer = name.completer()
    assert completer is not None
    try:
        # Until the folder is read the completer has nothing to offer.
        files = dialog.findChild(QWidget, "listView")
        qtbot.waitUntil(lambda: files.model().rowCount(files.rootIndex()) == 3)
        type_fast("cat")
        qtbot.waitUntil(completer.popup().isVisible)
        assert QApplication.activePopupWidget() is completer.popup()
        type_fast("alog-2026.csv")
        assert name.text() == "catalog-2026.csv"
        QTest.keyClick(receiver(), Qt.Key.Key_Return)  # Enter at once, like a scanner's
        qtbot.waitUntil(lambda: bool(accepted) or not dialog.isVisible(), timeout=3000)
        assert scans == []
        assert "[E214]" not in refusal(dialog)
        assert "[E214]" not in counter.window.screen_checkout.message.text()
        assert counter.service.sale.is_empty()
    finally:
        dialog.close()


def test_a_full_path_typed_fast_and_entered_is_typing(counter, qtbot, folder) -> None:
    scans: list[str] = []
    counter.scanner.scanned.connect(scans.append)
    dialog, name = open_modal_file_dialog(qtbot, counter, folder)
    try:
        path = str(folder / "new-export.csv")
        type_fast(path)
        assert name.text() == path
        QTest.keyClick(receiver(), Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
        assert dialog.selectedFiles() == [path]
        assert scans == [] and "[E214]" not in refusal(dialog)
    finally:
        dialog.close()


def test_keys_on_the_dialogs_other_widgets_are_typing(counter, qtbot, folder) -> None:
    # Typing a name into the file list jumps to that file (keyboard search): not a scan.
    scans: list[str] = []
    counter.scanner.scanned.connect(scans.append)
    dialog, _name = open_modal_file_dialog(qtbot, counter, folder)
    try:
        # The file list and the folders on the left: whichever the cashier is in.
        views = [dialog.findChild(QWidget, name) for name in ("listView", "treeView", "sidebar")]
        view = next(view for view in views if view.isVisible())
        view.setFocus()
        qtbot.waitUntil(view.hasFocus)
        type_fast("catalog")
        QTest.keyClick(receiver(), Qt.Key.Key_Return)
        assert scans == [] and "[E214]" not in refusal(dialog)
    finally:
        dialog.close()
