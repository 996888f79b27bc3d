"""The shop-day acceptance suite's fixtures: one real server for the suite, a fresh till per test.

- ``central``: the reference server as a real process (``python -m central_server serve``) on
  127.0.0.1 with its own SQLite file, started once for the whole suite (5-7 s) and shared:
  every test enrols its own till, so each reads only its own device's rows. A test that
  stops the server (an offline period) starts it again on the same port before it ends.
- ``shop_day``: a real main window (``PosController``, all shop screens, the real sync
  worker) on a fresh SQLite file enrolled with ``central``; see ``shop_day.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# The integration harness (the server process, the till's enrolment) and the fault proxy.
_TESTS = Path(__file__).resolve().parents[1]
for _folder in ("integration", "reliability"):
    if str(_TESTS / _folder) not in sys.path:
        sys.path.insert(0, str(_TESTS / _folder))

from servers import ServerProcess, run_server  # noqa: E402
from shop_day import ShopDay, open_shop_day  # noqa: E402

from pos_app.sync import worker as sync_worker  # noqa: E402


@pytest.fixture(scope="session")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    folder = tmp_path_factory.mktemp("central")
    with run_server(f"sqlite:///{(folder / 'central.sqlite3').as_posix()}", folder) as server:
        yield server


@pytest.fixture
def shop_day(qtbot, central: ServerProcess, tmp_path: Path) -> Iterator[ShopDay]:
    with open_shop_day(qtbot, central, tmp_path) as day:
        yield day


#: The long poll's wait for ``shop_day_short_polls`` (the server allows any wait up to its
#: maximum): a test can see several end without waiting 25 s for each.
SHORT_LONG_POLL_S = 3


@pytest.fixture
def shop_day_short_polls(
    qtbot, central: ServerProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ShopDay]:
    """``shop_day`` whose sync worker long-polls for ``SHORT_LONG_POLL_S`` instead of 25 s."""
    monkeypatch.setattr(sync_worker, "LONG_POLL_S", SHORT_LONG_POLL_S)
    with open_shop_day(qtbot, central, tmp_path) as day:
        yield day
