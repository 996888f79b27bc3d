"""Product list import (Excel .xlsx or CSV; a preview and row errors) and export.

A workbook, or a CSV whose headers are not the ones export writes, first goes through a
mapping step (:mod:`pos_app.ui.catalog.column_mapping`): the guess from the header names,
or the columns chosen last time for the same header row. A CSV is read in chunks with a
progress bar; a workbook is read off the UI thread (``background.run_task``). Then the
dialog shows what would be imported and every row that would not, by Excel row number,
column and reason. The good rows are imported on request, 500 to a transaction, with a
second progress bar.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
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

from pos_app.domain import catalog_mapping
from pos_app.domain.catalog_csv import (
    COLUMNS,
    CatalogCsv,
    HeaderChoice,
    ImportedProduct,
    export_products_csv,
    is_canonical_header,
    peek_csv_header,
    read_catalog_csv,
)
from pos_app.domain.catalog_xlsx import export_products_xlsx, peek_xlsx_header, read_catalog_xlsx
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won
from pos_app.domain.tax import TaxCategory
from pos_app.services.catalog import CatalogService, ImportSummary, ProductDraft
from pos_app.ui.background import run_task
from pos_app.ui.catalog.column_mapping import ColumnMappingPanel
from pos_app.ui.message_bar import MessageBar

PREVIEW_ROWS = 200  # rows shown in the preview table (all of them are imported)


class _Cancelled(Exception):
    pass


def is_workbook(path: Path) -> bool:
    """An .xlsx by its name or, renamed, by its zip signature."""
    if path.suffix.lower() == ".xlsx":
        return True
    try:
        with path.open("rb") as stream:
            return stream.read(4) == b"PK\x03\x04"
    except OSError:
        return False


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
        self._path: Path | None = None
        self._header: tuple[int, list[str]] | None = None  # the row the mapping step shows
        self._sheet: str | None = None
        self.busy = False  # a workbook is being read on a worker thread
        self.setWindowTitle(self.tr("Import products (Excel or CSV)"))
        self.resize(900, 560)
        self.message = MessageBar()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.good = QTableWidget(0, 7)
        self.good.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Product"), self.tr("Barcodes"), self.tr("Price"),
             self.tr("Category"), self.tr("Tax category"), self.tr("Stock")]
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
        self.mapping = ColumnMappingPanel()
        self.mapping.setVisible(False)
        self.mapping.confirmed.connect(self.confirm_mapping)
        self.mapping.sheet_changed.connect(self._sheet_chosen)
        self.choose = choose = QPushButton(self.tr("Choose a file..."))
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
        layout.addWidget(self.mapping)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        if path is not None:
            self.load(path)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import products (Excel or CSV)"),
            "",
            ";;".join(
                (
                    self.tr("Product lists (*.xlsx *.csv *.txt)"),
                    self.tr("Excel workbooks (*.xlsx)"),
                    self.tr("CSV files (*.csv *.txt)"),
                )
            ),
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        """Start on a file: the mapping step if it needs one, else straight to the preview."""
        self._path, self._sheet, self._header, self.parsed = path, None, None, None
        # Each file starts clean: no button, tab or rows left from the last one.
        self.import_button.setEnabled(False)
        self.import_button.setText(self.tr("Import"))
        self.good.setRowCount(0)
        self.bad.setRowCount(0)
        self.tabs.setTabText(1, self.tr("Rows with problems"))
        self.tabs.setCurrentWidget(self.good)
        if is_workbook(path):
            self._peek_workbook(path, None)
            return
        try:
            with path.open("rb") as source:
                line, header = peek_csv_header(source)
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        except OSError as error:
            self._file_error(error)
            return
        if is_canonical_header(header):
            self._read_csv(path, None)  # the export's own headers: nothing to ask
        else:
            self._ask_mapping((), None, line, header)

    # ----- the mapping step ---------------------------------------------------------------

    def _peek_workbook(self, path: Path, sheet: str | None) -> None:
        self._set_busy(True, self.tr("Reading %1...").replace("%1", path.name))
        run_task(
            self,
            lambda: peek_xlsx_header(path, sheet),
            lambda found: self._ask_mapping(found[0], sheet or found[0][0], found[1], found[2]),
            self._failed,
            name="workbook header",
        )

    def _sheet_chosen(self, sheet: str) -> None:
        if self._path is not None and sheet != self._sheet:
            self._peek_workbook(self._path, sheet)

    def _ask_mapping(
        self, sheets: tuple[str, ...], sheet: str | None, line: int, header: list[str]
    ) -> None:
        self._set_busy(False)
        self._sheet, self._header = sheet, (line, header)
        remembered = self._catalog.remembered_mapping(header)
        columns = remembered if remembered else catalog_mapping.guess(header)
        self.mapping.show_choice(sheets, sheet, header, columns, remembered is not None)
        self.summary.setText(
            self.tr("%1: the column names are on row %2.")
            .replace("%1", self._path.name if self._path else "")
            .replace("%2", str(line))
        )
        self.mapping.setVisible(True)
        self.tabs.setVisible(False)
        self.mapping.boxes[catalog_mapping.FIELDS[0].header].setFocus()

    def confirm_mapping(self) -> None:
        """Read the whole file with the chosen columns and show the preview."""
        if self._path is None or self._header is None or self.busy:
            return
        columns = self.mapping.columns()
        for column in COLUMNS:
            if column.required and column.ko not in columns:
                missing = f"{column.ko} ({column.en})"
                error = UserFacingError(ErrorKey.CATALOG_CSV_MISSING_COLUMN, column=missing)
                self.message.show_error(error, self._language)
                return
        choice = HeaderChoice(self._header[0], columns)
        if is_workbook(self._path):
            path, sheet = self._path, self._sheet
            self._set_busy(True, self.tr("Reading %1...").replace("%1", path.name))
            run_task(
                self,
                lambda: read_catalog_xlsx(path, sheet=sheet, header=choice),
                lambda parsed: self._parsed(path, parsed, choice),
                self._failed,
                name="workbook import",
            )
        else:
            self._read_csv(self._path, choice)

    def _parsed(self, path: Path, parsed: CatalogCsv, choice: HeaderChoice | None) -> None:
        self._set_busy(False)
        self.parsed = parsed
        if choice is not None and self._header is not None:
            self._catalog.remember_mapping(self._header[1], choice.columns)
        self.mapping.setVisible(False)
        self.tabs.setVisible(True)
        self.message.show_message("info", "")
        self._show_preview(path)

    def _failed(self, error: UserFacingError) -> None:
        self._set_busy(False)
        self.message.show_error(error, self._language)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        self.choose.setEnabled(not busy)
        self.mapping.setEnabled(not busy)
        if busy:
            self.message.show_message("info", text, tag="reading")
        else:
            self.message.clear_tagged(["reading"])  # a coded error shown since stays

    def _file_error(self, error: OSError) -> None:
        self.message.show_error(UserFacingError(ErrorKey.STORE_UNAVAILABLE, detail=str(error)),
                                self._language)  # fmt: skip

    # ----- CSV -----------------------------------------------------------------------------

    def _read_csv(self, path: Path, choice: HeaderChoice | None) -> None:
        """Read and check the whole CSV (nothing is saved yet) and show the preview."""
        try:
            total = path.stat().st_size
            progress = _progress_dialog(self, self.tr("Reading %1").replace("%1", path.name), 100)

            def report(done: int, of: int) -> None:
                progress.setValue(done * 100 // max(of, 1))
                QApplication.processEvents()
                if progress.wasCanceled():
                    raise _Cancelled

            with path.open("rb") as source:
                parsed = read_catalog_csv(source, total_bytes=total, progress=report, header=choice)
            progress.close()
        except _Cancelled:
            self.message.show_message("info", self.tr("Reading cancelled; nothing imported."))
            return
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        except OSError as error:
            self._file_error(error)
            return
        self._parsed(path, parsed, choice)

    def _show_preview(self, path: Path) -> None:
        parsed = self.parsed
        assert parsed is not None
        self.good.setRowCount(min(len(parsed.products), PREVIEW_ROWS))
        for row, product in enumerate(parsed.products[:PREVIEW_ROWS]):
            for column, text in enumerate(
                (str(product.line), product.name, ", ".join(product.codes),
                 format_won(product.price), product.category, self._tax_text(product),
                 "" if product.stock is None else f"{product.stock:,}")
            ):  # fmt: skip
                self.good.setItem(row, column, QTableWidgetItem(text))
        self.bad.setRowCount(len(parsed.errors))
        for row, error in enumerate(parsed.errors):
            column = (
                f"{error.column_letter} ({error.column})" if error.column else error.column_letter
            )
            problem = UserFacingError(error.key, **error.params).display(self._language)
            for index, text in enumerate((str(error.line), column, problem)):
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
        self.tabs.setCurrentWidget(self.bad if parsed.errors and not parsed.products else self.good)

    def _tax_text(self, product: ImportedProduct) -> str:
        # Empty when the file does not say: a new product is taxable, an existing one keeps.
        if product.tax_category is None:
            return ""
        if product.tax_category is TaxCategory.EXEMPT:
            return self.tr("Tax-exempt")
        return self.tr("Taxable")

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
                stock_count=p.stock,
                sold_by_weight=p.sold_by_weight,
                price_per_kg=p.price_per_kg,
                market_price=p.market_price,
            )
            for p in parsed.products
        ]
        name = self._path.name if self._path is not None else ""
        note = self.tr("Product list import: %1").replace("%1", name)
        progress = _progress_dialog(self, self.tr("Importing products..."), len(drafts))
        progress.setCancelButton(None)  # chunks commit as they go: stopping half-way confuses

        def report(done: int) -> None:
            progress.setValue(done)
            QApplication.processEvents()

        try:
            self.imported = self._catalog.import_products(drafts, report, stock_note=note)
        except UserFacingError as error:
            progress.close()
            self.message.show_error(error, self._language)
            return
        progress.close()
        text = (
            self.tr("Imported: %1 new, %2 updated.")
            .replace("%1", f"{self.imported.added:,}")
            .replace("%2", f"{self.imported.updated:,}")
        )
        if self.imported.stock_counted:
            text += " " + self.tr("Stock counted to the list's figure: %1 products.").replace(
                "%1", f"{self.imported.stock_counted:,}"
            )
        self.message.show_message("ok", text)
        self.import_button.setEnabled(False)


def write_catalogue(catalog: CatalogService, language: str, path: Path) -> None:
    """The catalogue as an Excel workbook (``.xlsx``) or a CSV (any other name)."""
    products = catalog.all_products()
    stock = catalog.stock_levels()
    if path.suffix.lower() == ".xlsx":
        path.write_bytes(export_products_xlsx(products, language=language, stock=stock))
    else:
        path.write_bytes(export_products_csv(products, language=language, stock=stock))


def export_catalogue(catalog: CatalogService, language: str, parent: QWidget) -> Path | None:
    # A named context: ``parent.tr`` would look the text up under the parent's class, and
    # the translation tools file it under "parent", so the title stayed English.
    title = QCoreApplication.translate("CatalogExport", "Export products")
    workbook = QCoreApplication.translate("CatalogExport", "Excel workbook (*.xlsx)")
    csv_files = QCoreApplication.translate("CatalogExport", "CSV files (*.csv)")
    name, chosen = QFileDialog.getSaveFileName(
        parent, title, "products.xlsx", ";;".join((workbook, csv_files))
    )
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        path = path.with_name(path.name + (".xlsx" if chosen == workbook else ".csv"))
    try:
        write_catalogue(catalog, language, path)
    except OSError as error:
        message = UserFacingError(ErrorKey.STORE_UNAVAILABLE, detail=str(error)).display(language)
        QMessageBox.warning(parent, title, message)
        return None
    return path
