"""One running app per data file; a second start brings the first to the front.

The first start takes the data file's lock (``support/instance_lock.py``) and listens on a
local socket named from the file's path (a named pipe on Windows, a Unix socket
elsewhere). A second start on the same file finds the lock taken, says "show yourself"
on that socket and ends: the first raises its window and says why it came forward. Two
copies selling on one file wrote into each other's receipt numbers and journal.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from pos_app.support.instance_lock import DataFileLock, server_name

log = logging.getLogger(__name__)

SHOW = b"show\n"
_CONNECT_MS = 1000


class SingleInstance(QObject):
    """``claim()`` at start: True makes this the file's app (listening for a second start,
    which ``second_start`` reports); False means another app holds the file."""

    second_start = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lock = DataFileLock(db_path)
        self.name = server_name(db_path)
        self._server: QLocalServer | None = None
        self._callers: list[QLocalSocket] = []  # second starts being heard

    def claim(self) -> bool:
        if not self.lock.acquire():
            return False
        server = QLocalServer(self)
        # Only this user's processes may call it (a shop PC may have other accounts).
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # A socket a crashed app left behind: ours to clear now that we hold the lock.
        QLocalServer.removeServer(self.name)
        if not server.listen(self.name):
            # The lock alone still keeps a second copy out; only the raise is lost.
            log.warning("second-start socket not listening: %s", server.errorString())
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def holder_pid(self) -> int | None:
        return self.lock.holder_pid()

    def tell_first(self) -> bool:
        """Ask the app holding the file to come to the front; True if it was told."""
        holder = self.holder_pid()
        if sys.platform == "win32" and holder:
            # Windows lets only the foreground process hand the foreground on: this one,
            # started a moment ago by the merchant, lets the first take it.
            import ctypes

            ctypes.windll.user32.AllowSetForegroundWindow(int(holder))  # type: ignore[attr-defined]
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(_CONNECT_MS):
            log.warning("the running app did not answer: %s", socket.errorString())
            return False
        socket.write(SHOW)
        told = socket.waitForBytesWritten(_CONNECT_MS)
        socket.disconnectFromServer()
        return told

    def release(self) -> None:
        for socket in list(self._callers):
            self._drop(socket)
        if self._server is not None:
            self._server.close()
            self._server = None
        self.lock.release()

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            self._callers.append(socket)
            socket.readyRead.connect(self._on_ready)
            socket.disconnected.connect(self._on_ready)  # what came before the hang-up
            self._read(socket)  # the message may be here already

    def _on_ready(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket) and socket in self._callers:
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if socket.bytesAvailable() < len(SHOW):
            if socket.state() is QLocalSocket.LocalSocketState.UnconnectedState:
                self._drop(socket)  # hung up without a word
            return
        said = bytes(socket.read(len(SHOW)).data())
        self._drop(socket)  # one message per caller: done with it
        if said == SHOW:
            self.second_start.emit()

    def _drop(self, socket: QLocalSocket) -> None:
        # Signals off before it goes: a socket emits while it is being torn down.
        self._callers.remove(socket)
        socket.blockSignals(True)
        socket.abort()
        socket.deleteLater()
