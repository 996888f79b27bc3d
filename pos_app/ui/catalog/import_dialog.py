"""CSV import (with a preview and row errors) and export of the catalogue.

The file is read once, in chunks, with a progress bar; then the dialog shows what would be
imported and every row that would not, by Excel row number, column and reason. The good rows
are imported on request, 500 to a transaction, with a second progress bar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.catalog_csv import CatalogCsv, export_products_csv, read_catalog_csv
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won
from pos_app.services.catalog import CatalogService, ImportSummary, ProductDraft
from pos_app.ui.message_bar import MessageBar

PREVIEW_ROWS = 200  # rows shown in the preview table (all of them are imported)


class _Cancelled(Exception):
    pass


def _progress_dialog(parent: QWidget, text: str, maximum: int) -> QProgressDialog:
    dialog = QProgressDialog(text, parent.tr("Cancel"), 0, maximum, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)  # small files: no flicker of a dialog
    return dialog


class CsvImportDialog(QDialog):
    def __init__(
        self,
        catalog: CatalogService,
        language: str,
        parent: QWidget | None = None,
        *,
        path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._language = language
        self.parsed: CatalogCsv | None = None
        self.imported: ImportSummary | None = None
        self.setWindowTitle(self.tr("Import products from CSV"))
        self.resize(900, 560)
        self.message = MessageBar()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.good = QTableWidget(0, 5)
        self.good.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Product"), self.tr("Barcodes"), self.tr("Price"),
             self.tr("Category")]
        )  # fmt: skip
        self.bad = QTableWidget(0, 3)
        self.bad.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Column"), self.tr("Problem")])
        for table in (self.good, self.bad):
            table.verticalHeader().setVisible(False)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.good, self.tr("Rows to import"))
        self.tabs.addTab(self.bad, self.tr("Rows with problems"))
        choose = QPushButton(self.tr("Choose a file..."))
        choose.clicked.connect(self.choose_file)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.import_rows)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(choose, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        if path is not None:
            self.load(path)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import products from CSV"), "", self.tr("CSV files (*.csv *.txt)")
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        """Read and check the whole file (nothing is saved yet) and show the preview."""
        try:
            total = path.stat().st_size
            progress = _progress_dialog(self, self.tr("Reading %1").replace("%1", path.name), 100)

            def report(done: int, of: int) -> None:
                progress.setValue(done * 100 // max(of, 1))
                QApplication.processEvents()
                if progress.wasCanceled():
                    raise _Cancelled

            with path.open("rb") as source:
                self.parsed = read_catalog_csv(source, total_bytes=total, progress=report)
            progress.close()
        except _Cancelled:
            self.message.show_message("info", self.tr("Reading cancelled; nothing imported."))
            return
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        except OSError as error:
            self.message.show_error(UserFacingError(ErrorKey.STORE_UNAVAILABLE, detail=str(error)),
                                    self._language)  # fmt: skip
            return
        self._show_preview(path)

    def _show_preview(self, path: Path) -> None:
        parsed = self.parsed
        assert parsed is not None
        self.good.setRowCount(min(len(parsed.products), PREVIEW_ROWS))
        for row, product in enumerate(parsed.products[:PREVIEW_ROWS]):
            for column, text in enumerate(
                (str(product.line), product.name, ", ".join(product.codes),
                 format_won(product.price), product.category)
            ):  # fmt: skip
                self.good.setItem(row, column, QTableWidgetItem(text))
        self.bad.setRowCount(len(parsed.errors))
        for row, error in enumerate(parsed.errors):
            column = (
                f"{error.column_letter} ({error.column})" if error.column else error.column_letter
            )
            for index, text in enumerate((str(error.line), column, error.message(self._language))):
                self.bad.setItem(row, index, QTableWidgetItem(text))
        self.tabs.setTabText(
            1, self.tr("Rows with problems (%1)").replace("%1", str(len(parsed.errors)))
        )
        self.summary.setText(
            self.tr("%1: %2 rows read, %3 can be imported, %4 have problems and will be left out.")
            .replace("%1", path.name)
            .replace("%2", f"{parsed.rows:,}")
            .replace("%3", f"{len(parsed.products):,}")
            .replace("%4", f"{len(parsed.errors):,}")
        )
        self.import_button.setEnabled(bool(parsed.products))
        self.import_button.setText(
            self.tr("Import %1 rows").replace("%1", f"{len(parsed.products):,}")
        )
        if parsed.errors and not parsed.products:
            self.tabs.setCurrentWidget(self.bad)

    def import_rows(self) -> None:
        parsed = self.parsed
        if parsed is None or not parsed.products:
            return
        drafts = [
            ProductDraft(
                name=p.name,
                price=p.price,
                category=p.category,
                codes=p.codes,
                excluded_from_discount=p.excluded_from_discount,
                active=p.active,
                product_id=p.product_id,
                tax_category=p.tax_category,
            )
            for p in parsed.products
        ]
        progress = _progress_dialog(self, self.tr("Importing products..."), len(drafts))
        progress.setCancelButton(None)  # chunks commit as they go: stopping half-way confuses

        def report(done: int) -> None:
            progress.setValue(done)
            QApplication.processEvents()

        try:
            self.imported = self._catalog.import_products(drafts, report)
        except UserFacingError as error:
            progress.close()
            self.message.show_error(error, self._language)
            return
        progress.close()
        self.message.show_message(
            "ok",
            self.tr("Imported: %1 new, %2 updated.")
            .replace("%1", f"{self.imported.added:,}")
            .replace("%2", f"{self.imported.updated:,}"),
        )
        self.import_button.setEnabled(False)


def export_catalogue(catalog: CatalogService, language: str, parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(
        parent, parent.tr("Export products to CSV"), "products.csv", parent.tr("CSV files (*.csv)")
    )
    if not name:
        return None
    path = Path(name)
    try:
        path.write_bytes(export_products_csv(catalog.all_products(), language=language))
    except OSError as error:
        message = UserFacingError(ErrorKey.STORE_UNAVAILABLE, detail=str(error)).display(language)
        QMessageBox.warning(parent, parent.tr("Export products to CSV"), message)
        return None
    return path
