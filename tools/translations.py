"""Update the Korean catalogue from the sources and compile it.

    uv run python tools/translations.py          # lupdate + lrelease
    uv run python tools/translations.py --check  # fail if a string lacks Korean

Edit translations in ``pos_app/resources/translations/cjpay_pos_ko.ts`` (by hand
or with ``pyside6-linguist``), then run this again and commit both files.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_FILE = ROOT / "pos_app/resources/translations/cjpay_pos_ko.ts"
QM_FILE = TS_FILE.with_suffix(".qm")


def ui_sources() -> list[str]:
    # self.tr(...) in widgets, QCoreApplication.translate(...) in plain functions.
    return sorted(
        str(path)
        for path in (ROOT / "pos_app").rglob("*.py")
        if "tr(" in (text := path.read_text("utf-8")) or "translate(" in text
    )


def lupdate(ts_file: Path) -> None:
    subprocess.run(
        [
            "pyside6-lupdate",
            *ui_sources(),
            "-no-obsolete",
            "-locations",
            "none",
            "-ts",
            str(ts_file),
        ],
        check=True,
        capture_output=True,
    )


def lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run(
        ["pyside6-lrelease", str(ts_file), "-qm", str(qm_file)], check=True, capture_output=True
    )


def untranslated(ts_file: Path) -> list[str]:
    missing = []
    for message in ET.parse(ts_file).getroot().iter("message"):
        translation = message.find("translation")
        # A plural message ("%n ...") keeps its text in <numerusform> children.
        text = "" if translation is None else "".join(translation.itertext())
        if translation is None or translation.get("type") == "unfinished" or not text.strip():
            missing.append(message.findtext("source") or "")
    return missing


def main() -> int:
    lupdate(TS_FILE)
    missing = untranslated(TS_FILE)
    if "--check" in sys.argv:
        for source in missing:
            print(f"untranslated: {source!r}")
        return 1 if missing else 0
    lrelease(TS_FILE, QM_FILE)
    print(f"{QM_FILE.relative_to(ROOT)} written; {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
