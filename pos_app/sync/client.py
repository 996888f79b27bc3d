"""HTTP client for the sync API v1 (docs/protocol.md).

Every reply is checked before use; every failure becomes a typed SyncError.
TLS verification is always on (optionally against the operator's CA bundle);
plain http is accepted only for a server on this PC.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from pos_app.domain.addresses import is_loopback_host
from pos_app.domain.app_version import VERSION_HEADER
from pos_app.domain.approval_no import is_approval_no
from pos_app.domain.clock import parse_utc
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.server_clock import DATE_RESOLUTION, MILLISECOND
from pos_app.sync.errors import (
    AuthRequired,
    BadReply,
    DeviceNameTaken,
    EnrolmentInvalid,
    EnrolmentLocked,
    EnrolmentRefused,
    EnrolmentUnreachable,
    GrantNotConfirmed,
    JournalConflict,
    MediaRefused,
    NetworkError,
    PaymentRequestRefused,
    ServerBusy,
    WrongServerAddress,
)
from pos_app.version import running_version

CONNECT_TIMEOUT_S = 3.05
READ_TIMEOUT_S = 15.0
#: The merchant-QR calls are made while a customer stands at the counter (from the UI
#: thread): the server answers them from one row, so a short read bound keeps the dialog's
#: countdown moving when the network is bad.
PAYMENT_REQUEST_READ_TIMEOUT_S = 3.0
#: Enrolment's calls are made once each (no automatic retry: the merchant is watching the
#: form, and the form's button is the retry); the server answers them from a few rows.
ENROL_READ_TIMEOUT_S = 10.0
DEFAULT_RETRY_AFTER_S = 5.0
MAX_BATCH = 500
#: The reference server stamps each answer with its clock in Unix milliseconds when it sends
#: it (``Date`` has whole seconds, and some servers fill it in when the request arrives).
SERVER_TIME_HEADER = "X-Server-Time-Ms"


@dataclass(frozen=True)
class TimedAnswer:
    """The server's clock on a short answer and when (monotonic seconds) the request left
    and the answer came back: the raw makings of a clock sample."""

    server_time: datetime
    resolution: timedelta
    sent_mono: float
    received_mono: float


def check_server_url(url: str) -> str:
    """The normalised base URL, or E406 for plain http to another machine."""
    parts = urlsplit(url.strip())
    if parts.scheme == "https" and parts.hostname:
        return url.strip().rstrip("/")
    if parts.scheme == "http" and parts.hostname and is_loopback_host(parts.hostname):
        return url.strip().rstrip("/")
    raise UserFacingError(ErrorKey.SYNC_INSECURE_URL)


@dataclass(frozen=True)
class EnrolmentGrant:
    """A pending enrolment: the token opens nothing but the confirm call until confirmed."""

    device_id: str
    device_token: str
    merchant_id: str


@dataclass(frozen=True)
class PushReply:
    results: list[dict[str, Any]]
    last_seq: int


@dataclass(frozen=True)
class ChangesPage:
    cursor: str
    changes: list[dict[str, Any]]


def _retry_after(response: requests.Response) -> float:
    value = response.headers.get("Retry-After", "")
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER_S
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class SyncClient:
    def __init__(
        self,
        server_url: str,
        *,
        token: str | None = None,
        ca_bundle: str | None = None,
        session: requests.Session | None = None,
        app_version: str | None = None,
    ) -> None:
        self.base_url = check_server_url(server_url)
        #: Sent with every call (X-CJPay-POS-Version): the city sees which version each till runs.
        self.app_version = app_version or running_version()
        # The last short answer's clock reading (None after a long poll or without a time).
        self.timed_answer: TimedAnswer | None = None
        self._token = token
        self._session = session or requests.Session()
        self._session.verify = ca_bundle or True
        # Automatic retries only for idempotent GETs; POSTs are retried by the
        # sync engine, which knows a journal push is safe to repeat.
        retry = Retry(
            total=2, connect=2, read=0, status=0, allowed_methods={"GET"}, backoff_factor=0.3
        )
        self._session.mount("https://", HTTPAdapter(max_retries=retry))
        self._session.mount("http://", HTTPAdapter(max_retries=retry))
        # Enrolment's calls: one attempt each (urllib3 retries a refused connect even for
        # a POST: 3 x 3.05 s before the form could say the server is down).
        self._once = session or requests.Session()
        if session is None:
            self._once.mount("https://", HTTPAdapter(max_retries=0))
            self._once.mount("http://", HTTPAdapter(max_retries=0))

    def set_token(self, token: str | None) -> None:
        self._token = token

    def close(self) -> None:
        self._session.close()
        self._once.close()

    # ----- calls ---------------------------------------------------------------------

    def health(self) -> datetime:
        body = self._call("GET", "/v1/health", auth=False)
        return _parse_time(_field(body, "time", str))

    def keys(self) -> list[dict[str, Any]]:
        body = self._call("GET", "/v1/keys", auth=False)
        return _field(body, "keys", list)

    def enrol(
        self,
        merchant_id: str,
        enrolment_code: str,
        device_name: str,
        device_id: str | None = None,
    ) -> EnrolmentGrant:
        payload = {
            "merchant_id": merchant_id,
            "enrolment_code": enrolment_code,
            "device_name": device_name,
        }
        if device_id:
            payload["device_id"] = device_id
        body = self._enrolment_call("POST", "/v1/devices", json=payload, auth=False)
        try:
            return EnrolmentGrant(
                device_id=_field(body, "device_id", str),
                device_token=_field(body, "device_token", str),
                merchant_id=_field(body, "merchant_id", str),
            )
        except BadReply as exc:  # a JSON answer, but not ours: another service at the path
            raise WrongServerAddress(str(exc.params.get("detail", ""))) from exc

    def confirm_enrolment(self, device_id: str) -> None:
        """Tell the server the granted token is stored (call with that token set): the
        device becomes active. GrantNotConfirmed when the grant expired or was replaced."""
        body = self._enrolment_call("POST", f"/v1/devices/{device_id}/confirm", auth=True)
        if body.get("device_id") != device_id:
            raise WrongServerAddress("confirm: another device")

    def _enrolment_call(
        self, method: str, path: str, *, auth: bool, **kwargs: Any
    ) -> dict[str, Any]:
        """One attempt; the answer classified by what the merchant must check: the address
        (WrongServerAddress), the code (EnrolmentRefused), or the network and the server
        (EnrolmentUnreachable)."""
        try:
            response = self._request(
                method,
                path,
                auth=auth,
                read_timeout=ENROL_READ_TIMEOUT_S,
                session=self._once,
                **kwargs,
            )
        except NetworkError as exc:
            raise EnrolmentUnreachable(exc.detail) from exc
        status = response.status_code
        if status == 429:
            # Not a busy server to wait out silently: the merchant is told how long.
            raise EnrolmentLocked(_retry_after(response))
        if status == 503:
            raise ServerBusy(_retry_after(response))
        if status >= 500:
            raise EnrolmentUnreachable(f"HTTP {status}")
        try:
            body = _json(response)
        except BadReply as exc:
            kind = response.headers.get("Content-Type", "").split(";")[0] or "?"
            raise WrongServerAddress(f"HTTP {status}, {kind}") from exc
        code = str(body.get("code", ""))
        if 200 <= status < 300:
            return body
        if status == 403 and code == "enrolment_invalid":
            raise EnrolmentRefused()
        if status == 401 and auth and code == "unauthorized":
            raise GrantNotConfirmed()
        if status == 422 and code == "invalid_request":
            # This server's own problem shape: the address is right, a field is not.
            raise EnrolmentInvalid(f"HTTP 422 {_invalid_fields(body)}".strip())
        if status == 409 and code == "device_name_taken":
            raise DeviceNameTaken(str(body.get("suggested_name", "")))
        raise WrongServerAddress(f"HTTP {status} {code}".strip())

    def push(self, device_id: str, events: Sequence[Mapping[str, Any]]) -> PushReply:
        if not 1 <= len(events) <= MAX_BATCH:
            raise ValueError(f"a push carries 1..{MAX_BATCH} events")
        body = self._call("POST", f"/v1/devices/{device_id}/journal", json={"events": list(events)})
        results = _field(body, "results", list)
        for result in results:
            _check_result(result)
        return PushReply(results=results, last_seq=_field(body, "last_seq", int))

    def changes(self, device_id: str, cursor: str | None, wait_s: int = 0) -> ChangesPage:
        params = {"after": cursor or "0", "wait": str(wait_s)}
        body = self._call(
            "GET",
            f"/v1/devices/{device_id}/changes",
            params=params,
            read_timeout=READ_TIMEOUT_S + wait_s,
            # A long poll is held by the server on purpose: its time says nothing useful.
            clock_sample=wait_s == 0,
        )
        changes = _field(body, "changes", list)
        if not all(isinstance(c, dict) and isinstance(c.get("type"), str) for c in changes):
            raise BadReply("a change lacks its type")
        return ChangesPage(cursor=str(_field(body, "cursor", (str, int))), changes=changes)

    def head_media(self, sha256: str) -> bool:
        """Does the server hold this photo? (HEAD /v1/media/{sha256}: 200 or 404)"""
        response = self._request("HEAD", f"/v1/media/{sha256}")
        if response.status_code == 404:
            return False
        if response.status_code == 200:
            return True
        self._refusal(response, enrolling=False)
        raise BadReply(f"HEAD media: HTTP {response.status_code}")

    def put_media(self, sha256: str, data: bytes, content_type: str = "image/jpeg") -> bool:
        """Upload a photo by its hash; True if stored now, False if the server had it.

        Idempotent (the path is the content's hash), so a lost answer is simply sent
        again. MediaRefused for 413 (too large) and 422 (bytes do not hash to the path, or
        are not a readable image within the pixel cap):
        sending the same bytes again cannot help.
        """
        response = self._request(
            "PUT",
            f"/v1/media/{sha256}",
            data=data,
            extra_headers={"Content-Type": content_type},
        )
        if response.status_code in (200, 201):
            return response.status_code == 201
        if response.status_code in (413, 422):
            raise MediaRefused(_problem_code(response) or f"HTTP {response.status_code}")
        self._refusal(response, enrolling=False)
        raise BadReply(f"PUT media: HTTP {response.status_code}")

    # ----- merchant-presented payments -----------------------------------------------

    def register_payment_request(
        self, device_id: str, request_id: str, *, subtotal: int, discount: int, amount: int
    ) -> dict[str, Any]:
        """Open a request (idempotent on request_id); the answer carries the QR payload."""
        body = {
            "request_id": request_id,
            "subtotal": subtotal,
            "discount": discount,
            "amount": amount,
        }
        response = self._request(
            "POST",
            f"/v1/devices/{device_id}/payment-requests",
            json=body,
            read_timeout=PAYMENT_REQUEST_READ_TIMEOUT_S,
        )
        return _request_state(self._request_reply(response), need_payload=True)

    def payment_request(self, device_id: str, request_id: str) -> dict[str, Any]:
        response = self._request(
            "GET",
            f"/v1/devices/{device_id}/payment-requests/{request_id}",
            read_timeout=PAYMENT_REQUEST_READ_TIMEOUT_S,
        )
        return _request_state(self._request_reply(response))

    def cancel_payment_request(self, device_id: str, request_id: str) -> dict[str, Any]:
        """The request's state after the cancel: a customer who paid first makes the server
        answer 409 ``request_paid`` with the paid state, which is returned like any state."""
        response = self._request(
            "POST",
            f"/v1/devices/{device_id}/payment-requests/{request_id}/cancel",
            read_timeout=PAYMENT_REQUEST_READ_TIMEOUT_S,
        )
        if response.status_code == 409 and _problem_code(response) == "request_paid":
            paid = _json(response).get("request")
            if not isinstance(paid, dict):
                raise BadReply("request_paid without the request")
            return _request_state(paid)
        return _request_state(self._request_reply(response))

    def _request_reply(self, response: requests.Response) -> dict[str, Any]:
        status = response.status_code
        if status in (400, 404, 409, 422):
            raise PaymentRequestRefused(_problem_code(response) or f"HTTP {status}")
        return self._reply(response, enrolling=False)

    # ----- plumbing ------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        auth: bool = True,
        read_timeout: float = READ_TIMEOUT_S,
        extra_headers: Mapping[str, str] | None = None,
        clock_sample: bool = True,
        session: requests.Session | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        headers = {
            "Accept": "application/json",
            VERSION_HEADER: self.app_version,
            **(extra_headers or {}),
        }
        if auth:
            if not self._token:
                raise AuthRequired()
            headers["Authorization"] = f"Bearer {self._token}"
        self.timed_answer = None
        sent_mono = time.monotonic()
        try:
            response = (session or self._session).request(
                method,
                self.base_url + path,
                headers=headers,
                timeout=(CONNECT_TIMEOUT_S, read_timeout),
                # Per request: a session-level setting loses to $REQUESTS_CA_BUNDLE, which
                # would silently drop the merchant's --ca-bundle.
                verify=self._session.verify,
                **kwargs,
            )
        except requests.RequestException as exc:
            raise NetworkError(type(exc).__name__) from exc
        received_mono = time.monotonic()
        reading = _server_time(response) if clock_sample else None
        if reading is not None:
            self.timed_answer = TimedAnswer(*reading, sent_mono, received_mono)
        return response

    def _refusal(self, response: requests.Response, enrolling: bool) -> None:
        """Raise the typed error for a busy server or a refused token (else return)."""
        status = response.status_code
        if status in (429, 503):
            raise ServerBusy(_retry_after(response))
        if enrolling and status in (403, 404):
            raise EnrolmentRefused()
        if status == 401:
            raise AuthRequired(revoked=_problem_reason(response) == "revoked")
        if status == 403:
            raise AuthRequired()

    def _call(
        self,
        method: str,
        path: str,
        *,
        auth: bool = True,
        enrolling: bool = False,
        read_timeout: float = READ_TIMEOUT_S,
        clock_sample: bool = True,
        **kwargs: Any,
    ) -> dict[str, Any]:
        response = self._request(
            method,
            path,
            auth=auth,
            read_timeout=read_timeout,
            clock_sample=clock_sample,
            **kwargs,
        )
        return self._reply(response, enrolling)

    def _reply(self, response: requests.Response, enrolling: bool) -> dict[str, Any]:
        status = response.status_code
        if status in (429, 503):
            raise ServerBusy(_retry_after(response))
        body = _json(response)
        if 200 <= status < 300:
            return body
        self._refusal(response, enrolling)
        if status == 409 and body.get("code") == "journal_conflict":
            try:
                raise JournalConflict(
                    expected_seq=int(body["expected_seq"]),
                    reason=str(body.get("reason", "")),
                    conflict_seq=int(body.get("conflict_seq", body["expected_seq"])),
                    results=list(body.get("results") or []),
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise BadReply("409 without expected_seq") from exc
        raise BadReply(f"HTTP {status} {body.get('code', '')}".strip())


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError as exc:
        raise BadReply(f"HTTP {response.status_code}, not JSON") from exc
    if not isinstance(body, dict):
        raise BadReply(f"HTTP {response.status_code}, not a JSON object")
    return body


def _invalid_fields(body: Mapping[str, Any]) -> str:
    """The names of the fields a 422 complains about ("enrolment_code"), not its English."""
    errors = body.get("errors")
    names: list[str] = []
    for error in errors if isinstance(errors, list) else []:
        location = error.get("loc") if isinstance(error, dict) else None
        if isinstance(location, list) and location and str(location[-1]) not in names:
            names.append(str(location[-1]))
    return ", ".join(names)


def _problem_reason(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("reason", "")) if isinstance(body, dict) else ""


def _problem_code(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("code", "")) if isinstance(body, dict) else ""


def _request_state(body: Mapping[str, Any], *, need_payload: bool = False) -> dict[str, Any]:
    """A payment request's state, its fields checked before anything uses them."""
    _field(body, "request_id", str)
    if _field(body, "status", str) not in ("open", "paid", "cancelled", "expired"):
        raise BadReply("unknown payment request status")
    _field(body, "amount", int)
    _parse_time(_field(body, "expires_at", str))
    if body["status"] == "paid":
        if not is_approval_no(_field(body, "approval_no", str)):
            raise BadReply("a paid request's approval_no is malformed")
        _field(body, "cashback", int)
    if need_payload:
        _field(body, "payload", str)
    return dict(body)


def _field(body: Mapping[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    value = body.get(name)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise BadReply(f"field {name!r} missing or of the wrong type")
    return value


# What a push result's fields may hold; anything else is not an answer the POS can store.
_RESULT_FIELDS: dict[str, tuple[type, ...]] = {
    "approval_no": (str, type(None)),
    "cashback": (int, type(None)),
    "code": (str, type(None)),
    "message": (str, type(None)),
    "message_en": (str, type(None)),
    "cashback_restricted": (bool, type(None)),
    "refunded": (int, type(None)),
    "cashback_reversed": (int, type(None)),
    "balance_after": (int, type(None)),
}


def _check_result(result: Any) -> None:
    if not isinstance(result, dict) or not {"seq", "event_id", "status", "outcome"} <= (
        result.keys()
    ):
        raise BadReply("a push result lacks seq/event_id/status/outcome")
    if not (
        isinstance(result["seq"], int)
        and not isinstance(result["seq"], bool)
        and isinstance(result["event_id"], str)
        and result["status"] in ("applied", "duplicate")
        and result["outcome"] in ("accepted", "declined", "recorded")
    ):
        raise BadReply("a push result's seq/event_id/status/outcome is malformed")
    for name, kinds in _RESULT_FIELDS.items():
        value = result.get(name)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise BadReply(f"a push result's {name} is malformed")
    if result.get("approval_no") is not None and not is_approval_no(result["approval_no"]):
        raise BadReply("a push result's approval_no is malformed")


def _server_time(response: requests.Response) -> tuple[datetime, timedelta] | None:
    """The server's clock on its answer and the reading's resolution: the precise header
    if the server sends it, else HTTP ``Date`` (whole seconds), else nothing."""
    precise = response.headers.get(SERVER_TIME_HEADER, "")
    if precise.isdigit():
        try:
            return datetime.fromtimestamp(int(precise) / 1000, UTC), MILLISECOND
        except (OverflowError, OSError, ValueError):
            pass  # absurd: fall back to Date
    try:
        date = parsedate_to_datetime(response.headers["Date"])
    except (KeyError, TypeError, ValueError, IndexError):
        return None  # a proxy or a malformed header: no reading this time
    if date.tzinfo is None:
        return None
    return date, DATE_RESOLUTION


def _parse_time(text: str) -> datetime:
    try:
        return parse_utc(text, naive_is_utc=False)
    except ValueError as exc:
        raise BadReply("server time unreadable or without a zone") from exc
