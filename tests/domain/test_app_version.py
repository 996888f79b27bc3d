"""App versions: parsing and order, what the city may publish, and the advice a till gets."""

from __future__ import annotations

import pytest

from pos_app.domain.app_version import (
    Release,
    UpdateLevel,
    advise,
    is_version,
    parse_version,
)

SHA = "ab" * 32
URL = "https://pay.cheongju.go.kr/pos/cjpay-pos-setup-1.4.0.exe"


def release(latest: str = "1.4.0", minimum: str = "1.2.0") -> Release:
    return Release.checked(latest, minimum, URL, SHA)


@pytest.mark.parametrize(
    ("older", "newer"),
    [
        ("1.2.0", "1.2.1"),
        ("1.2.9", "1.10.0"),  # numbers, not text
        ("1.2.0rc1", "1.2.0"),  # a final release is newer than its candidates
        ("1.2.0a2", "1.2.0b1"),
        ("0.9", "0.9.1"),
        ("2", "10"),
    ],
)
def test_versions_order_by_number(older: str, newer: str) -> None:
    assert parse_version(older) < parse_version(newer)


def test_missing_parts_are_zero() -> None:
    assert parse_version("1.2") == parse_version("1.2.0") == parse_version("1.2.0.0")
    assert str(parse_version(" 1.2 ")) == "1.2"


@pytest.mark.parametrize("text", ["", "v1.4.0", "1.4-beta", "1..4", "1.4.0.0.0", "latest", "?"])
def test_anything_else_is_not_a_version(text: str) -> None:
    assert not is_version(text)
    with pytest.raises(ValueError):
        parse_version(text)


def test_a_release_is_checked_and_normalised() -> None:
    checked = Release.checked(" 1.4.0 ", "1.2.0", URL, SHA.upper())
    assert checked == Release("1.4.0", "1.2.0", URL, SHA)
    assert Release.from_json(checked.to_json()) == checked


@pytest.mark.parametrize(
    ("latest", "minimum", "url", "sha256", "says"),
    [
        ("1.4", "1.5", URL, SHA, "newer than the latest"),
        ("v1.4", "1.2", URL, SHA, "not a version"),
        ("1.4", "1.2", "http://pay.cheongju.go.kr/setup.exe", SHA, "https"),
        ("1.4", "1.2", "https:///setup.exe", SHA, "https"),
        ("1.4", "1.2", "https://host/a b.exe", SHA, "space"),
        ("1.4", "1.2", URL, "ab" * 31, "64 hexadecimal"),
        ("1.4", "1.2", URL, "zz" * 32, "64 hexadecimal"),
    ],
)
def test_a_bad_release_is_refused_naming_what_is_wrong(
    latest: str, minimum: str, url: str, sha256: str, says: str
) -> None:
    with pytest.raises(ValueError, match=says):
        Release.checked(latest, minimum, url, sha256)


def test_the_advice() -> None:
    assert advise("1.4.0", None).level is UpdateLevel.CURRENT
    assert advise("1.4.0", release()).level is UpdateLevel.CURRENT
    assert advise("1.5.0", release()).level is UpdateLevel.CURRENT  # a pilot build
    assert advise("1.3.9", release()).level is UpdateLevel.AVAILABLE
    assert advise("1.2.0", release()).level is UpdateLevel.AVAILABLE  # the minimum is supported
    assert advise("1.1.9", release()).level is UpdateLevel.BELOW_MINIMUM
    # A build that cannot say its version (a source tree) is not nagged.
    assert advise("?", release()).level is UpdateLevel.CURRENT
    advice = advise("1.1.9", release())
    assert (advice.running, advice.release) == ("1.1.9", release())
