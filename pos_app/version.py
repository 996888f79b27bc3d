"""This build's version, as pyproject.toml gives it (through the package metadata, which the
PyInstaller bundle carries too). Sent to the server on every call and shown by ``doctor``."""

from __future__ import annotations

from functools import cache
from importlib.metadata import PackageNotFoundError, version

#: Said when there is no metadata (a bare source tree): the server records it as unknown.
UNKNOWN = "?"


@cache
def running_version() -> str:
    try:
        return version("cjpay-pos")
    except PackageNotFoundError:
        return UNKNOWN
