"""The merchant-QR service as the counter calls it: off the UI thread, one call at a time.

Starting, refreshing and cancelling a request each wait on the server (up to ~6 s when it is
slow or gone), so the dialogs call the service through a serial lane (``ui/background.py``)
and show that they are waiting. sqlite3 connections stay on the thread that opened them, so
the lane's service has a connection of its own, opened on the lane's thread.

The lane reads the sale (to price the request) and clears it once the request is paid;
meanwhile the tender dialog is modal and a scan goes to the dialog, so nothing else changes
the sale while a call is out.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject

from pos_app.services.merchant_qr import MerchantQrService
from pos_app.services.sale import Sale
from pos_app.store.database import connect, database_file
from pos_app.sync.credentials import CredentialStore
from pos_app.sync.engine import ClientFactory
from pos_app.ui.background import OnFailure, SerialLane

T = TypeVar("T")


class MerchantQrRemote:
    def __init__(self, open_service: Callable[[], MerchantQrService]) -> None:
        self._open_service = open_service
        self._service: MerchantQrService | None = None  # opened in, and used only by, the lane
        self._conn: sqlite3.Connection | None = None
        self._lane = SerialLane("merchant-qr")

    @classmethod
    def beside(
        cls,
        conn: sqlite3.Connection,
        sale: Sale,
        credentials: CredentialStore,
        client_factory: ClientFactory,
        on_recorded: Callable[[], None],
    ) -> MerchantQrRemote:
        """A remote on the same file as ``conn``, for the counter's ``sale``."""
        path = database_file(conn)
        remote: MerchantQrRemote

        def open_service() -> MerchantQrService:
            remote._conn = connect(path)
            return MerchantQrService(
                remote._conn, sale, credentials, client_factory, on_recorded=on_recorded
            )

        remote = cls(open_service)
        return remote

    def call(
        self,
        parent: QObject,
        work: Callable[[MerchantQrService], T],
        on_done: Callable[[T], None],
        on_failed: OnFailure,
    ) -> None:
        """``work(service)`` on the lane; its outcome on the UI thread while ``parent`` lives."""
        self._lane.submit(parent, lambda: work(self._opened()), on_done, on_failed)

    def _opened(self) -> MerchantQrService:
        if self._service is None:
            self._service = self._open_service()
        return self._service

    def close(self, timeout_s: float = 7.0) -> None:
        """Let a call in hand finish (bounded by the client's timeouts), then stop."""
        self._lane.run_on_lane(self._close_connection)
        self._lane.close(timeout_s)

    def _close_connection(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            self._service = None
