"""The wallets of one batch of payments: locked and read at once, written once per wallet.

A batch of a push's code payments would otherwise cost two or three round trips per
payment (lock and read the wallet, debit it, count its cashback). Here the wallets the
batch names are locked ``FOR UPDATE`` in one statement (in wallet-id order, so two pushes
never wait on each other in a cycle), their balances and this month's cashback are read
once, each payment is judged against the running figures in memory, and the sums are
written back when the batch's rows are (``flush``), still in the push's transaction.

The wallet ids come from the events' unverified body copies: they only choose which rows
to lock and read early. A payment whose verified wallet or month was not read (a body
copy that lied) is read on its own, as before; nothing is decided from the copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Insert, bindparam, select, tuple_, update

from central_server.db import per_dialect
from central_server.schema import cashback_ledger, wallets

_LOCK_WALLETS = (
    select(wallets.c.wallet_id, wallets.c.balance)
    .where(wallets.c.wallet_id.in_(bindparam("ids", expanding=True)))
    .order_by(wallets.c.wallet_id)
    .with_for_update()
)
_CREDITED = select(
    cashback_ledger.c.wallet_id, cashback_ledger.c.month, cashback_ledger.c.credited
).where(
    tuple_(cashback_ledger.c.wallet_id, cashback_ledger.c.month).in_(
        bindparam("keys", expanding=True)
    )
)
_ADD_TO_BALANCE = (
    update(wallets)
    .where(wallets.c.wallet_id == bindparam("b_wallet_id"))
    .values(balance=wallets.c.balance + bindparam("b_delta"), updated_at=bindparam("b_now"))
)


def _add_cashback(insert: Any) -> Insert:
    statement = insert(cashback_ledger)
    return statement.on_conflict_do_update(
        index_elements=[cashback_ledger.c.wallet_id, cashback_ledger.c.month],
        set_={"credited": cashback_ledger.c.credited + statement.excluded.credited},
    )


_ADD_CASHBACK = per_dialect(_add_cashback)


@dataclass(frozen=True)
class WalletFigures:
    """What a payment is judged against: the running balance and this month's cashback
    (``credited`` None: nothing yet), the names of ``settlement``'s locked-row read."""

    balance: int
    credited: int | None


class WalletBook:
    def __init__(self, conn: Connection, now: datetime) -> None:
        self._conn = conn
        self._now = now
        self._balances: dict[str, int] = {}
        self._credited: dict[tuple[str, str], int | None] = {}
        self._deltas: dict[str, int] = {}
        self._cashback: dict[tuple[str, str], int] = {}

    def prefetch(self, wanted: Iterable[tuple[str, str]]) -> None:
        """Lock and read the wallets (and their months' cashback) of ``(wallet, month)``."""
        keys = sorted(set(wanted) - set(self._credited))
        ids = sorted({wallet_id for wallet_id, _ in keys} - set(self._balances))
        if ids:
            rows = self._conn.execute(_LOCK_WALLETS, {"ids": ids})
            self._balances.update({row.wallet_id: row.balance for row in rows})
        keys = [key for key in keys if key[0] in self._balances]
        if not keys:
            return
        credited: dict[tuple[str, str], int | None] = dict.fromkeys(keys)
        for row in self._conn.execute(_CREDITED, {"keys": keys}):
            credited[(row.wallet_id, row.month)] = row.credited
        self._credited.update(credited)

    def lock(self, wallet_id: str, month: str) -> WalletFigures | None:
        """The wallet's figures, its row locked; None: no such wallet."""
        if (wallet_id, month) not in self._credited:
            self.prefetch([(wallet_id, month)])
        if wallet_id not in self._balances:
            return None
        return WalletFigures(self._balances[wallet_id], self._credited[(wallet_id, month)])

    def settle(self, wallet_id: str, month: str, delta: int, cashback: int) -> None:
        """Add ``delta`` won to the balance and count ``cashback`` against the month's cap."""
        self._balances[wallet_id] += delta
        self._deltas[wallet_id] = self._deltas.get(wallet_id, 0) + delta
        if cashback:
            self._credited[(wallet_id, month)] = (
                self._credited[(wallet_id, month)] or 0
            ) + cashback
            key = (wallet_id, month)
            self._cashback[key] = self._cashback.get(key, 0) + cashback

    def flush(self) -> None:
        """Write the sums; then forget every figure (what runs next may change the rows)."""
        if self._deltas:
            self._conn.execute(
                _ADD_TO_BALANCE,
                [
                    {"b_wallet_id": wallet_id, "b_delta": delta, "b_now": self._now}
                    for wallet_id, delta in sorted(self._deltas.items())
                ],
            )
        if self._cashback:
            self._conn.execute(
                _ADD_CASHBACK[self._conn.dialect.name],
                [
                    {"wallet_id": wallet_id, "month": month, "credited": amount}
                    for (wallet_id, month), amount in sorted(self._cashback.items())
                ],
            )
        self._balances.clear()
        self._credited.clear()
        self._deltas.clear()
        self._cashback.clear()
