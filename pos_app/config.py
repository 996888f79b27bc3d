"""Where the app keeps its file, and the few start-up options."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_DIR_NAME = "CheongjuPayPOS"
DATA_DIR_ENV = "CJPAY_POS_DATA_DIR"
DATABASE_FILE = "pos.sqlite3"


def resolve_data_dir(cli_value: str | None = None) -> Path:
    """``--data-dir`` wins, then ``$CJPAY_POS_DATA_DIR``, then the OS's user data dir."""
    if cli_value:
        return Path(cli_value).expanduser()
    env_value = os.environ.get(DATA_DIR_ENV)
    if env_value:
        return Path(env_value).expanduser()
    return Path(user_data_dir(APP_DIR_NAME, appauthor=False))


def database_path(data_dir: Path, demo: bool) -> Path:
    """The demo keeps its own file: training must never mix with real sales."""
    return data_dir / "demo" / DATABASE_FILE if demo else data_dir / DATABASE_FILE
