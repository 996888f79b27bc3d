"""The installer's files agree with the app: one data folder, one version, one spec.

Inno Setup runs only on Windows (the workflow builds it there); these checks catch the
drift that would hurt a merchant on upgrade: an installer that looks for the data in
another folder than the app writes it, or a version typed by hand.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pos_app.config import APP_DIR_NAME
from pos_app.support.app_mutex import APP_MUTEX, hold_app_mutex

ROOT = Path(__file__).resolve().parents[1]
ISS = (ROOT / "installer" / "cjpay_pos.iss").read_text("utf-8")
SPEC = (ROOT / "installer" / "cjpay_pos.spec").read_text("utf-8")
WORKFLOW = (ROOT / ".github" / "workflows" / "windows-installer.yml").read_text("utf-8")


def test_the_installer_keeps_the_data_where_the_app_writes_it() -> None:
    assert f'#define DataDirName "{APP_DIR_NAME}"' in ISS
    assert "{localappdata}\\{#DataDirName}" in ISS  # platformdirs' user data dir on Windows
    # An install deletes only the old program files, never the data folder.
    deletes = re.findall(r"^Type: filesandordirs; Name: \"(.+)\"$", ISS, re.MULTILINE)
    assert deletes == ["{app}\\_internal"]


def test_per_user_korean_first_and_the_version_from_pyproject() -> None:
    assert "PrivilegesRequired=lowest" in ISS
    languages = re.findall(r'^Name: "(\w+)"; MessagesFile', ISS, re.MULTILINE)
    assert languages == ["korean", "english"]
    assert re.search(r"AppVersion=\{#AppVersion\}", ISS)
    assert not re.search(r"AppVersion=\d", ISS)  # never typed by hand
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert version and "tomllib.load(open('pyproject.toml'" in WORKFLOW
    assert "/DAppVersion=${{ steps.version.outputs.version }}" in WORKFLOW


def test_the_spec_carries_what_the_app_loads_at_run_time() -> None:
    for needed in (
        '"pos_app" / "resources"',  # translations, sounds, icon, demo, self-test assets
        '"central_server" / "migrations"',  # the training server's Alembic scripts
        "keyring.backends.Windows",
        'collect_data_files("escpos")',
        'copy_metadata("cjpay-pos")',
        'collect_dynamic_libs("pyzbar")',
        '"qtbase_ko.qm"',  # Qt's own Korean: file dialogs said "Look in:" without it
        'collect_dynamic_libs("libusb_package", destdir="libusb_package")',  # USB printers
        '"usb.backend.libusb1"',
        '"serial.tools.list_ports"',
    ):
        assert needed in SPEC, needed
    assert (ROOT / "pos_app" / "resources" / "icons" / "cjpay-pos.ico").stat().st_size > 1000
    assert "--self-test" in WORKFLOW and "upload-artifact" in WORKFLOW


def test_the_installer_waits_for_the_mutex_the_app_holds() -> None:
    # Restart Manager (CloseApplications) asks the app to close; AppMutex is how setup and
    # uninstall see a running copy at all, under its own name.
    assert re.findall(r"^AppMutex=(.+)$", ISS, re.MULTILINE) == [APP_MUTEX]
    assert re.search(r"^CloseApplications=yes$", ISS, re.MULTILINE)
    assert hold_app_mutex(platform="linux") is False  # nothing to hold off Windows
    # A second start calls the first over QtNetwork's local socket: never left out.
    excluded = SPEC.split("excludes = [", 1)[1].split("]", 1)[0]
    assert "QtNetwork" not in excluded
