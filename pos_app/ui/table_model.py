"""The part every table model here shares: a flat list of records under a row of headers.

A subclass names its headers, says where its records are (``records``) and what a cell
shows (``cell``); counting rows and columns, the header row and the invalid-index guard
are written once, here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
Record = TypeVar("Record")


class RecordTableModel(QAbstractTableModel, Generic[Record]):
    #: Number the rows 1, 2, 3 in the vertical header (the cart's lines).
    numbered_rows = False

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        #: Set by the subclass after this (``self.tr`` needs the QObject built first).
        self._headers: tuple[str, ...] = ()

    def records(self) -> Sequence[Record]:
        raise NotImplementedError

    def cell(self, record: Record, column: int, role: int) -> Any:
        """What ``data`` returns for a valid index: None for a role the cell does not use."""
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.records())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return str(section + 1) if self.numbered_rows else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        records = self.records()
        if not index.isValid() or index.row() >= len(records):
            # A row the records lost before the owner reset the model (the sale paid from
            # the phone while a dialog is open): nothing to show until the reset comes.
            return None
        return self.cell(records[index.row()], index.column(), role)
