"""Every UI string has a Korean translation, and the compiled catalogue is current."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("translations_tool", ROOT / "tools/translations.py")
assert spec and spec.loader
tool = importlib.util.module_from_spec(spec)
sys.modules["translations_tool"] = tool
spec.loader.exec_module(tool)

needs_lupdate = pytest.mark.skipif(
    shutil.which("pyside6-lupdate") is None, reason="pyside6-lupdate not on PATH"
)


@needs_lupdate
def test_every_ui_string_has_korean(tmp_path):
    work = tmp_path / "ko.ts"
    shutil.copy(tool.TS_FILE, work)
    tool.lupdate(work)  # adds any string the sources have that the catalogue lacks
    assert tool.untranslated(work) == []


@needs_lupdate
def test_compiled_catalogue_matches_the_source(tmp_path):
    fresh = tmp_path / "ko.qm"
    tool.lrelease(tool.TS_FILE, fresh)
    assert fresh.read_bytes() == tool.QM_FILE.read_bytes(), "run tools/translations.py"
