"""Stock levels in the words the catalogue table shows."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication

from pos_app.domain.stock import StockState
from pos_app.services.stock import StockService


def state_text(state: StockState) -> str:
    return {
        StockState.OK: "",
        StockState.LOW: QCoreApplication.translate("StockWords", "Low stock"),
        StockState.OUT: QCoreApplication.translate("StockWords", "Out of stock"),
        StockState.OVERSOLD: QCoreApplication.translate(
            "StockWords", "Oversold: more sold than there was"
        ),
    }[state]


def stock_lookup(
    stock: StockService,
) -> Callable[[list[str]], Mapping[str, tuple[int, str, bool]]]:
    """product ids -> (level, words, alarming?) for a page of the catalogue table."""

    def lookup(product_ids: list[str]) -> Mapping[str, tuple[int, str, bool]]:
        result = {}
        for product_id in product_ids:
            level = stock.level(product_id)
            if level.level == 0 and not stock.movements(product_id, limit=1):
                # Never counted or received: the shop does not track it. Not "out of stock".
                result[product_id] = (0, "", False)
                continue
            result[product_id] = (
                level.level,
                state_text(level.state),
                level.state is not StockState.OK,
            )
        return result

    return lookup
