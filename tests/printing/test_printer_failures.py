"""A printer that fails is described to the cashier in Korean, on one line, naming the
address, port or device; python-escpos's and the OS's English goes to the log."""

from __future__ import annotations

import logging
import re
import socket

import pytest
from network_printer import closed_port

from pos_app.domain.errors import UserFacingError
from pos_app.domain.printing import Connection, PrinterSettings
from pos_app.printing.escpos_output import EscposOutput
from pos_app.printing.failures import Failure, classify
from pos_app.printing.sample import sample_page_rows

_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def test_a_refused_network_printer_is_named_in_korean_and_logged_raw(caplog, qapp) -> None:
    port = closed_port()
    settings = PrinterSettings(
        connection=Connection.NETWORK, network_host="127.0.0.1", network_port=port
    )
    with caplog.at_level(logging.WARNING), pytest.raises(UserFacingError) as refused:
        EscposOutput(settings).print_rows(sample_page_rows(), open_drawer=False)

    korean = refused.value.display("ko")
    assert korean.startswith("[E872]") and f"127.0.0.1:{port} 연결 거부됨" in korean
    assert "\n" not in korean and not _LATIN_WORD.search(korean)  # no English, one line
    assert "refused the connection" in refused.value.display("en")
    assert "Connection refused" in caplog.text  # the raw reason, for whoever reads the log


def test_a_serial_port_that_is_not_there_names_the_port(qapp) -> None:
    settings = PrinterSettings(connection=Connection.SERIAL, serial_port="/dev/no-such-tty")
    with pytest.raises(UserFacingError) as missing:
        EscposOutput(settings).print_rows(sample_page_rows(), open_drawer=False)
    assert "/dev/no-such-tty을(를) 찾을 수 없음" in missing.value.display("ko")


@pytest.mark.parametrize(
    ("error", "failure"),
    [
        (TimeoutError("timed out"), Failure.NO_ANSWER),
        (OSError(113, "No route to host"), Failure.UNREACHABLE),
        (socket.gaierror(-2, "Name or service not known"), Failure.UNREACHABLE),
        (PermissionError(13, "Permission denied"), Failure.PERMISSION),
        (OSError(16, "Device or resource busy"), Failure.BUSY),
        (
            OSError("could not open port 'COM3': PermissionError(13, 'Access is denied.')"),
            Failure.BUSY,
        ),
        (OSError("USB 1504:0006 not found (cable, power, or another id?)"), Failure.NOT_FOUND),
        (OSError("something odd"), Failure.OTHER),
    ],
)
def test_os_and_driver_errors_are_sorted(error: BaseException, failure: Failure) -> None:
    try:
        raise RuntimeError("the print failed") from error
    except RuntimeError as wrapped:
        assert classify(wrapped) is failure
