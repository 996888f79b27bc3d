"""The issuer's approval number: ``A`` and ten ASCII digits (docs/protocol.md).

It comes from the server and ends up on receipts, on screens and in the sales export, so
the POS takes nothing else: a reply carrying another shape is a malformed reply.
"""

from __future__ import annotations

import re
from typing import Any, Final

# [0-9], not \d: \d takes Arabic-Indic and other Unicode digits as well.
_APPROVAL_NO: Final = re.compile(r"A[0-9]{10}")


def is_approval_no(value: Any) -> bool:
    return type(value) is str and _APPROVAL_NO.fullmatch(value) is not None
