"""App versions: what the city publishes (latest, minimum, where to get it) and what this
till should say about its own version.

Pure: the server validates ``publish-version`` with :meth:`Release.checked`, the POS checks
what the changes feed brings with the same function, and :func:`advise` compares. A small
parser rather than ``packaging``: it is not a runtime dependency of the app, and the
versions here are ours (``MAJOR.MINOR.PATCH``, optionally ``a``/``b``/``rc`` N, as in
pyproject.toml).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final
from urllib.parse import urlsplit

#: The request header that carries the POS's version on every call to the server.
VERSION_HEADER: Final = "X-CJPay-POS-Version"

MAX_VERSION_LENGTH: Final = 32
MAX_URL_LENGTH: Final = 500

_VERSION = re.compile(r"(\d{1,6}(?:\.\d{1,6}){0,3})(?:(a|b|rc)(\d{1,6}))?")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_PRE_RANK: Final = {"a": 0, "b": 1, "rc": 2}


@dataclass(frozen=True, order=True)
class Version:
    """Comparable: 1.2 == 1.2.0, 1.2.0rc1 < 1.2.0 < 1.2.1."""

    release: tuple[int, int, int, int]
    # (0, rank, n) for a pre-release, (1, 0, 0) for the final release: finals sort last.
    stage: tuple[int, int, int]
    text: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.text


def parse_version(text: str) -> Version:
    """``1.4.0`` -> Version; ValueError for anything else (``v1.4``, ``1.4-beta``, ``''``)."""
    cleaned = text.strip() if isinstance(text, str) else ""
    match = _VERSION.fullmatch(cleaned) if len(cleaned) <= MAX_VERSION_LENGTH else None
    if match is None:
        raise ValueError(f"not a version like 1.4.0: {text!r}")
    numbers = [int(part) for part in match.group(1).split(".")]
    release = (*numbers, 0, 0, 0)[:4]
    stage = (0, _PRE_RANK[match.group(2)], int(match.group(3))) if match.group(2) else (1, 0, 0)
    return Version(release, stage, cleaned)  # type: ignore[arg-type]


def is_version(text: str | None) -> bool:
    try:
        parse_version(text or "")
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Release:
    """What the city publishes: the newest version, the oldest it still supports, where the
    installer is and its SHA-256 (the merchant or the help desk checks the download)."""

    latest: str
    minimum: str
    url: str
    sha256: str

    @classmethod
    def checked(cls, latest: str, minimum: str, url: str, sha256: str) -> Release:
        """ValueError naming what is wrong: the operator's typo must not reach every till."""
        newest, oldest = parse_version(latest), parse_version(minimum)
        if oldest > newest:
            raise ValueError(f"the minimum {minimum} is newer than the latest {latest}")
        url = url.strip()
        parts = urlsplit(url)
        if len(url) > MAX_URL_LENGTH or parts.scheme != "https" or not parts.hostname:
            raise ValueError(f"the download URL must be https://host/...: {url!r}")
        if any(ch.isspace() for ch in url):
            raise ValueError(f"the download URL has a space in it: {url!r}")
        digest = sha256.strip().lower()
        if not _SHA256.fullmatch(digest):
            raise ValueError("the SHA-256 is 64 hexadecimal digits")
        return cls(newest.text, oldest.text, url, digest)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Release:
        return cls.checked(
            str(data["latest"]), str(data["minimum"]), str(data["url"]), str(data["sha256"])
        )

    def to_json(self) -> dict[str, str]:
        return {
            "latest": self.latest,
            "minimum": self.minimum,
            "url": self.url,
            "sha256": self.sha256,
        }


class UpdateLevel(StrEnum):
    CURRENT = "current"  # nothing newer published (or nothing published at all)
    AVAILABLE = "available"  # a newer version exists: a calm banner
    BELOW_MINIMUM = "below_minimum"  # older than the city supports: a loud banner, no refusal


@dataclass(frozen=True)
class UpdateAdvice:
    level: UpdateLevel
    running: str
    release: Release | None = None


def advise(running: str, release: Release | None) -> UpdateAdvice:
    """What this till should say about its version. Never a refusal: a shop below the
    minimum still sells; it is only told louder."""
    if release is None:
        return UpdateAdvice(UpdateLevel.CURRENT, running)
    try:
        mine = parse_version(running)
    except ValueError:
        # A build without a version (run from a source tree) cannot be judged.
        return UpdateAdvice(UpdateLevel.CURRENT, running, release)
    if mine < parse_version(release.minimum):
        return UpdateAdvice(UpdateLevel.BELOW_MINIMUM, running, release)
    if mine < parse_version(release.latest):
        return UpdateAdvice(UpdateLevel.AVAILABLE, running, release)
    return UpdateAdvice(UpdateLevel.CURRENT, running, release)
