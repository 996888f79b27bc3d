"""The merchant's settings as the counter reads them: profile, terms, issuer keys, offline
limits and this till's name. Read-only here (setup and the sync write them).

Kept in memory: the checkout's hot path must not parse settings JSON per scan;
:meth:`MerchantSettings.reload` reads them again after setup or a sync brought new ones.
"""

from __future__ import annotations

import sqlite3

from pos_app.domain.merchant import MerchantProfile, MerchantTerms
from pos_app.domain.offline_rules import OfflineLimits
from pos_app.domain.payment_code import KeySet
from pos_app.store import settings


class MerchantSettings:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.reload()

    def reload(self) -> None:
        """Re-read policies and keys (after setup or a sync brought new ones)."""
        self.merchant: MerchantProfile | None = settings.load_merchant(self._conn)
        self.terms: MerchantTerms = settings.load_terms(self._conn)
        self.keys: KeySet = settings.load_keys(self._conn)
        self.limits: OfflineLimits = settings.load_offline_limits(self._conn)
        #: As enrolled (the enrolment dialog names the till); receipts print it.
        self.device_label: str = settings.device_label(self._conn)

    @property
    def restricted(self) -> bool:
        """Restricted under the revenue cap: no cashback (the receipt and displays say so)."""
        return bool(self.merchant and self.merchant.restricted)
