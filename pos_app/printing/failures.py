"""What went wrong with a printer, in the cashier's words.

python-escpos, pyserial, pyusb and the OS report in English and across lines ("Could not
open socket for 127.0.0.1:\\n[Errno 111] Connection refused"); the screen gets a short
Korean (or English) reason naming the address, port or device, and the raw text goes to the
log only.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator
from enum import Enum

from pos_app.domain.errors import Localized
from pos_app.domain.printing import Connection, PrinterSettings


class Failure(Enum):
    REFUSED = "refused"
    NO_ANSWER = "no_answer"
    UNREACHABLE = "unreachable"
    NOT_FOUND = "not_found"
    PERMISSION = "permission"
    BUSY = "busy"
    LOST = "lost"
    OTHER = "other"


_WORDS: dict[Failure, Localized] = {
    Failure.REFUSED: Localized(
        "{where} 연결 거부됨 - 프린터가 꺼져 있거나 주소·포트가 다릅니다",
        "{where} refused the connection - the printer is off or the address/port is wrong",
    ),
    Failure.NO_ANSWER: Localized(
        "{where} 응답 없음(시간 초과) - 전원·용지·덮개를 확인해 주세요",
        "no answer from {where} (timed out) - check power, paper and cover",
    ),
    Failure.UNREACHABLE: Localized(
        "{where}에 닿을 수 없음 - 네트워크 연결과 IP 주소를 확인해 주세요",
        "{where} cannot be reached - check the network and the IP address",
    ),
    Failure.NOT_FOUND: Localized(
        "{where}을(를) 찾을 수 없음 - 케이블·전원과 설정을 확인해 주세요",
        "{where} not found - check the cable, power and settings",
    ),
    Failure.PERMISSION: Localized(
        "{where}을(를) 열 권한이 없음",
        "no permission to open {where}",
    ),
    Failure.BUSY: Localized(
        "{where}을(를) 다른 프로그램이 사용 중",
        "{where} is in use by another program",
    ),
    Failure.LOST: Localized(
        "{where} 연결이 끊김",
        "the connection to {where} was lost",
    ),
    Failure.OTHER: Localized(
        "{where} 프린터 오류(자세한 내용은 로그 참고)",
        "printer error at {where} (details in the log)",
    ),
}

_BY_ERRNO: dict[int, Failure] = {
    errno.ECONNREFUSED: Failure.REFUSED,
    errno.ETIMEDOUT: Failure.NO_ANSWER,
    errno.EHOSTUNREACH: Failure.UNREACHABLE,
    errno.ENETUNREACH: Failure.UNREACHABLE,
    errno.EHOSTDOWN: Failure.UNREACHABLE,
    errno.ENOENT: Failure.NOT_FOUND,
    errno.ENODEV: Failure.NOT_FOUND,
    errno.ENXIO: Failure.NOT_FOUND,
    errno.EACCES: Failure.PERMISSION,
    errno.EPERM: Failure.PERMISSION,
    errno.EBUSY: Failure.BUSY,
    errno.ECONNRESET: Failure.LOST,
    errno.EPIPE: Failure.LOST,
    errno.ECONNABORTED: Failure.LOST,
    10061: Failure.REFUSED,  # Windows sockets: WSAECONNREFUSED
    10060: Failure.NO_ANSWER,  # WSAETIMEDOUT
    10065: Failure.UNREACHABLE,  # WSAEHOSTUNREACH
    10051: Failure.UNREACHABLE,  # WSAENETUNREACH
    10054: Failure.LOST,  # WSAECONNRESET
}

# Words in the text when no errno is given (pyserial on Windows, python-escpos's own).
_BY_TEXT: tuple[tuple[str, Failure], ...] = (
    ("refused", Failure.REFUSED),
    ("timed out", Failure.NO_ANSWER),
    ("timeout", Failure.NO_ANSWER),
    ("unreachable", Failure.UNREACHABLE),
    ("busy", Failure.BUSY),
    ("access is denied", Failure.BUSY),  # Windows: a COM port another program holds
    ("permission", Failure.PERMISSION),
    ("cannot find", Failure.NOT_FOUND),
    ("no such file", Failure.NOT_FOUND),
    ("not found", Failure.NOT_FOUND),
)


def where(settings: PrinterSettings) -> str:
    """The printer as the settings name it: ``192.168.0.50:9100``, ``COM3``, ``USB 04B8:0202``."""
    if settings.connection is Connection.NETWORK:
        return f"{settings.network_host}:{settings.network_port}"
    if settings.connection is Connection.SERIAL:
        return settings.serial_port
    if settings.connection is Connection.USB:
        return f"USB {settings.usb_vendor_id:04X}:{settings.usb_product_id:04X}"
    return settings.connection.value


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def classify(exc: BaseException) -> Failure:
    """The kind of failure, from the first error in the chain that says (an errno, a
    timeout, a name that did not resolve), else from the words of the messages."""
    chain = list(_chain(exc))
    for error in chain:
        if isinstance(error, socket.gaierror):
            return Failure.UNREACHABLE  # the host name did not resolve
        if isinstance(error, TimeoutError):  # socket.timeout too
            return Failure.NO_ANSWER
        code = getattr(error, "errno", None)
        if isinstance(code, int) and code in _BY_ERRNO:
            return _BY_ERRNO[code]
    text = " ".join(str(error) for error in chain).lower()
    for words, failure in _BY_TEXT:
        if words in text:
            return failure
    return Failure.OTHER


def describe(exc: BaseException, settings: PrinterSettings) -> Localized:
    """The reason for the screen (one line, both languages), naming the printer."""
    return _WORDS[classify(exc)].format(where=where(settings))
