"""The counter in training (``--demo``): the same checkout, also trusting the demo issuer key.

The demo phone mints its codes from the demo server; when that server is down it mints them
itself with the demo issuer key (``services.demo``), so a trainee can practise offline
selling. The server's key list replaces the device's on every sync, so the training counter
adds the demo key back to what it trusts, in memory only. A real shop's counter never does.
"""

from __future__ import annotations

from pos_app.domain.payment_code import IssuerKey, KeySet
from pos_app.services.demo import DEMO_ISSUER_KEY_ID, demo_public_key
from pos_app.services.merchant_settings import MerchantSettings


class TrainingMerchantSettings(MerchantSettings):
    def reload(self) -> None:
        super().reload()
        if self.keys.get(DEMO_ISSUER_KEY_ID) is None:
            self.keys = KeySet([*self.keys, IssuerKey(DEMO_ISSUER_KEY_ID, demo_public_key())])
