"""Cells a spreadsheet opens as text, never as a formula (CSV injection).

Excel and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula, and a leading tab or carriage return can hide such a start; a product name or an
approval number from elsewhere (``=HYPERLINK(...)``) would then run on the office PC that
opens the export. A leading apostrophe makes the cell text in both programs and is not
shown. ``'`` itself is escaped too, so that reading a cell back can undo exactly one.

Only text goes through here: numbers are written as numbers (a refund's ``-5000`` must
stay a number the spreadsheet can sum).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

#: Starts of a cell that a spreadsheet could take for a formula, and the escape itself.
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "'")


def inert_cell(text: str) -> str:
    """``text`` as a cell a spreadsheet shows as it is."""
    return "'" + text if text.startswith(FORMULA_START) else text


def restore_cell(text: str) -> str:
    """Undo ``inert_cell`` (a cell read back from an export)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text


def inert_row(cells: Iterable[object]) -> list[object]:
    """A row with every text cell made inert; numbers and the rest are left as they are."""
    return [inert_cell(cell) if isinstance(cell, str) else cell for cell in cells]
