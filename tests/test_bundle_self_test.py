"""The self-test's checks of what the slimmed bundle must keep (installer/qt_slim.py).

A plugin file alone is not enough: the camera's FFmpeg backend links Qt Quick and QML, and a
bundle without one of them leaves the camera silently without a backend. The self-test loads
each plugin; a PC whose Windows lacks Media Foundation is told so (a warning), not blamed on
the build.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.support import self_test
from pos_app.support.self_test import SelfTestWarning


def test_a_plugin_that_does_not_load_fails_the_step(tmp_path: Path) -> None:
    (tmp_path / "libbrokenmediaplugin.so").write_bytes(b"not a library")
    (tmp_path / "README.txt").write_text("not a plugin")  # only libraries are tried
    with pytest.raises(RuntimeError, match=r"libbrokenmediaplugin\.so does not load"):
        self_test._load_plugins(tmp_path)
    assert self_test._load_plugins(tmp_path / "absent") == []


@pytest.mark.usefixtures("qapp")
def test_the_printing_and_picture_steps_pass_here() -> None:
    assert self_test._printing().startswith("a page drawn through QPrinter")
    assert self_test._image_formats() == ", ".join(self_test.IMAGE_FORMATS)


def test_the_spreadsheet_step_writes_and_reads_a_workbook() -> None:
    assert self_test._spreadsheets().startswith("openpyxl 3.")


@pytest.mark.usefixtures("qapp")
def test_a_windows_without_media_foundation_is_a_warning_not_a_broken_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fails(folder: Path) -> list[str]:
        raise RuntimeError("ffmpegmediaplugin.dll does not load")

    # The edge nobody here owns: which DLLs this Windows has.
    monkeypatch.setattr(self_test, "_load_plugins", fails)
    monkeypatch.setattr(self_test, "_missing_media_foundation", lambda: ["mfplat.dll"])
    with pytest.raises(SelfTestWarning, match="Media Feature Pack"):
        self_test._multimedia()
    # With Media Foundation present, a plugin that does not load is the build's fault.
    monkeypatch.setattr(self_test, "_missing_media_foundation", lambda: [])
    with pytest.raises(RuntimeError, match="does not load"):
        self_test._multimedia()


def test_the_photo_formats_the_pickers_offer_are_checked_and_kept() -> None:
    from pos_app.ui.photo_files import PICTURE_PATTERNS

    offered = {pattern.removeprefix("*.") for pattern in PICTURE_PATTERNS} - {"jpg"}
    assert offered <= set(self_test.IMAGE_FORMATS)
