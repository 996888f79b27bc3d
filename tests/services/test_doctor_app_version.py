"""``doctor`` prints the running version and the latest and minimum the server published."""

from __future__ import annotations

from pathlib import Path

from pos_app.domain.app_version import Release
from pos_app.services import doctor
from pos_app.store.app_release import save_release
from pos_app.store.database import connect, write_transaction

SHA = "ab" * 32
URL = "https://pay.cheongju.go.kr/pos/setup.exe"


def file_with(path: Path, release: Release | None) -> Path:
    conn = connect(path)
    try:
        with write_transaction(conn):
            save_release(conn, release)
    finally:
        conn.close()
    return path


def test_nothing_published_yet(tmp_path: Path) -> None:
    check = doctor._app_version(file_with(tmp_path / "pos.sqlite3", None), "1.2.0")
    assert check.level is doctor.Level.INFO
    assert check.detail == "지금 1.2.0. 서버가 알려 준 최신·최소 버전이 아직 없습니다."


def test_current_newer_and_below_the_minimum(tmp_path: Path) -> None:
    path = file_with(tmp_path / "pos.sqlite3", Release.checked("1.4.0", "1.2.0", URL, SHA))
    current = doctor._app_version(path, "1.4.0")
    assert current.level is doctor.Level.OK
    assert current.detail == "지금 1.4.0, 최신 1.4.0, 최소 1.2.0 — 최신 버전입니다."
    newer = doctor._app_version(path, "1.3.0")
    assert newer.level is doctor.Level.INFO
    assert newer.detail.startswith("지금 1.3.0, 최신 1.4.0, 최소 1.2.0 — 새 버전이 있습니다.")
    assert URL in newer.detail and SHA in newer.detail
    below = doctor._app_version(path, "1.1.0")
    assert below.level is doctor.Level.WARN  # a warning: the till still works (exit 0)
    assert "최소 버전보다 오래되었습니다" in below.detail


def test_no_readable_file_still_names_the_running_version(tmp_path: Path) -> None:
    check = doctor._app_version(None, "1.2.0")
    assert check.level is doctor.Level.INFO and "지금 1.2.0" in check.detail
    assert "1.2.0" in doctor._app_version(tmp_path / "missing.sqlite3", "1.2.0").detail
