"""Typed sync failures: the engine decides what to do by type, the screen shows the text."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from pos_app.domain.errors import ErrorKey, UserFacingError


class SyncError(UserFacingError):
    """Base: anything that stopped one exchange with the server."""


class NetworkError(SyncError):
    """No answer (refused, timed out, DNS, TLS): retry with back-off."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(ErrorKey.SYNC_NETWORK)
        self.detail = detail


class BadReply(SyncError):
    """An answer we cannot use (not JSON, wrong shape, 5xx): retry with back-off."""

    def __init__(self, detail: str) -> None:
        super().__init__(ErrorKey.SYNC_BAD_REPLY, detail=detail[:200])


class ServerBusy(SyncError):
    """429/503: wait at least ``retry_after`` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(ErrorKey.SYNC_BUSY, seconds=int(retry_after))
        self.retry_after = retry_after


class AuthRequired(SyncError):
    """401: the token is gone. Enrol again; keep every pending event.

    ``revoked``: the server said the city revoked this device (not just that it does not
    know the token): no Cheongju Pay is taken any more, offline included, until enrolled
    again.
    """

    def __init__(self, revoked: bool = False) -> None:
        super().__init__(ErrorKey.SYNC_DEVICE_REVOKED if revoked else ErrorKey.SYNC_AUTH)
        self.revoked = revoked


class EnrolmentRefused(SyncError):
    """403 ``enrolment_invalid``: the server read the request and refused the merchant ID or
    the code (wrong, expired or already used)."""

    def __init__(self) -> None:
        super().__init__(ErrorKey.SYNC_ENROLMENT_REFUSED)


class WrongServerAddress(SyncError):
    """Something answered at the address, but not the Cheongju Pay API: a 404 (a path such
    as ``.../v1`` typed into the address), an HTML page, a reply of another shape."""

    def __init__(self, detail: str) -> None:
        super().__init__(ErrorKey.SYNC_WRONG_ADDRESS, detail=detail[:100])


class EnrolmentInvalid(SyncError):
    """422 from this server's enrolment: it refused the request as malformed (an empty or
    over-long field), so the address is right and the fields are what to check."""

    def __init__(self, detail: str) -> None:
        super().__init__(ErrorKey.SYNC_ENROLMENT_INVALID, detail=detail[:100])


class EnrolmentUnreachable(SyncError):
    """No answer to an enrolment call (refused, timed out, DNS, TLS) or a server error:
    the address's host or the server itself; the code was not used."""

    def __init__(self, detail: str) -> None:
        super().__init__(ErrorKey.SYNC_ENROLMENT_UNREACHABLE, detail=detail[:100])


class DeviceNameTaken(SyncError):
    """409 ``device_name_taken``: another active device of the merchant has the name typed
    (a re-enrolment of that same device is never refused for it). The code was not used;
    ``suggestion`` is a free name the server proposes."""

    def __init__(self, suggestion: str) -> None:
        super().__init__(ErrorKey.SYNC_DEVICE_NAME_TAKEN, suggestion=suggestion[:40] or "POS-02")
        self.suggestion = suggestion


class EnrolmentLocked(SyncError):
    """429 to an enrolment: too many wrong codes for the merchant or from this address. The
    server says how long (Retry-After); the code is not used and works after that."""

    def __init__(self, retry_after: float) -> None:
        seconds = max(1, math.ceil(retry_after))
        super().__init__(
            ErrorKey.SYNC_ENROLMENT_LOCKED, seconds=seconds, minutes=math.ceil(seconds / 60)
        )
        self.retry_after = retry_after


class GrantNotConfirmed(SyncError):
    """401 to the confirm call: the granted token expired or a newer grant replaced it.
    The code is still unused: asking again gives a fresh grant."""

    def __init__(self) -> None:
        super().__init__(ErrorKey.SYNC_ENROLMENT_REFUSED)


class JournalConflict(SyncError):
    """409: the server's copy of the journal and ours disagree at ``conflict_seq``."""

    def __init__(
        self,
        expected_seq: int,
        reason: str,
        conflict_seq: int,
        results: Sequence[Mapping[str, Any]],
    ) -> None:
        super().__init__(ErrorKey.SYNC_CONFLICT, seq=conflict_seq)
        self.expected_seq = expected_seq
        self.reason = reason
        self.conflict_seq = conflict_seq
        self.results = list(results)


class MediaRefused(SyncError):
    """413/422 for a photo: the server will not take these bytes; resending cannot help.

    The push goes on without it: the listing naming it is declined ``media_missing``
    and shows so; adding the photo again and resubmitting is the way out.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(ErrorKey.SYNC_MEDIA_REFUSED, reason=reason[:100])
        self.reason = reason


class PaymentRequestRefused(SyncError):
    """4xx for a merchant-presented payment request: the server said no (with a code)."""

    def __init__(self, code: str) -> None:
        key = _REQUEST_REFUSAL_KEYS.get(code)
        if key is None:
            super().__init__(ErrorKey.MPM_PAY_REFUSED, reason=code[:100])
        else:
            super().__init__(key)
        self.code = code


_REQUEST_REFUSAL_KEYS: Mapping[str, ErrorKey] = {
    "amount_out_of_range": ErrorKey.MPM_PAY_AMOUNT_OUT_OF_RANGE,
    "request_unknown": ErrorKey.MPM_PAY_UNKNOWN_REQUEST,
}
