"""Test-wide setup and the fixtures store and service tests share.

Qt runs offscreen. Databases are real SQLite files in tmp_path, opened through
the app's own ``connect`` (its pragmas and migrations).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import keyring
import pytest
import requests
from helpers import MemoryKeyring, fixed_clock, make_demo_template, open_copy

from pos_app.domain.clock import Clock
from pos_app.store.database import connect

UI_SOURCE = Path(__file__).resolve().parents[1] / "pos_app" / "ui"
TESTS_SOURCE = Path(__file__).resolve().parent


def _started_by_the_ui(frame: FrameType | None) -> bool:
    """Whose call is this: the nearest frame, outward from the HTTP library, that is the UI's
    or a test's. A test playing the customer inside a dialog's event loop is the test's."""
    while frame is not None:
        path = Path(frame.f_code.co_filename)
        if path.is_relative_to(UI_SOURCE):
            return True
        if path.is_relative_to(TESTS_SOURCE):
            return False
        frame = frame.f_back
    return False


def _on_screen_ui_thread() -> bool:
    """On the thread of a QApplication that shows a window: a blocking call freezes it."""
    if "PySide6.QtWidgets" not in sys.modules:
        return False
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication) or QThread.currentThread() is not app.thread():
        return False
    return any(widget.isVisible() for widget in QApplication.topLevelWidgets())


@pytest.fixture(autouse=True)
def _no_http_on_the_ui_thread(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a test in which the UI made an HTTP call on its own thread (a server that is
    slow or gone would freeze the counter for the whole timeout). Every HTTP call the app
    makes goes through ``requests.Session.send`` (the sync client's session and
    ``requests.request`` alike). Recorded, not raised: the app may catch what it raises."""
    seen: list[str] = []
    send = requests.Session.send

    def guarded(self: requests.Session, request: Any, **kwargs: Any) -> Any:
        if _on_screen_ui_thread() and _started_by_the_ui(sys._getframe(1)):
            stack = "".join(traceback.format_stack(sys._getframe(1), limit=12))
            seen.append(f"{request.method} {request.url} on the UI thread:\n{stack}")
        return send(self, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", guarded)
    yield
    if seen:
        pytest.fail("HTTP on the UI thread:\n" + "\n".join(seen), pytrace=False)


@pytest.fixture
def clock() -> Clock:
    return fixed_clock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "pos.sqlite3"


@pytest.fixture
def empty_db(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A migrated file with nothing in it: a real install before setup."""
    conn = connect(db_path)
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeded once per session: seeding hashes the demo PIN with Argon2, which is slow."""
    return make_demo_template(tmp_path_factory.mktemp("template"), fixed_clock())


@pytest.fixture
def demo_db(demo_template: Path, db_path: Path) -> Iterator[sqlite3.Connection]:
    """A connected file seeded by ``seed_demo`` (a copy of the seeded template)."""
    conn = open_copy(demo_template, db_path)
    yield conn
    conn.close()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
