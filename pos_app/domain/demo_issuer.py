"""The demo (training) issuer key: public knowledge, trusted in demo mode only.

Pure data, so both the POS's demo (services/demo.py) and the reference server's demo seed
(central_server/admin.py, ``seed-demo --trust-demo-issuer``) use the one definition.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

DEMO_ISSUER_KEY_ID = 900_001
DEMO_ISSUER_SEED = hashlib.sha256(
    b"cheongju-pay-pos demo issuer: trusted in demo mode only"
).digest()


def demo_public_key() -> bytes:
    private = Ed25519PrivateKey.from_private_bytes(DEMO_ISSUER_SEED)
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
