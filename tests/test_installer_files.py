"""The installer's files agree with the app: one data folder, one version, one spec.

Inno Setup runs only on Windows (the workflow builds it there); these checks catch the
drift that would hurt a merchant on upgrade: an installer that looks for the data in
another folder than the app writes it, or a version typed by hand.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
import yaml

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


def _workflow_steps() -> dict[str, dict]:
    job = yaml.safe_load(WORKFLOW)["jobs"]["installer"]
    return {step.get("name", step.get("uses", "")): step for step in job["steps"]}


def _step(prefix: str) -> dict:
    return next(step for name, step in _workflow_steps().items() if name.startswith(prefix))


def test_the_workflow_pins_an_inno_setup_that_reads_the_script() -> None:
    """6.3 is the first Inno Setup to read a UTF-8 script without BOM and to know
    x64compatible; the runner image's own copy may be another version."""
    env = yaml.safe_load(WORKFLOW)["jobs"]["installer"]["env"]
    pinned = tuple(int(part) for part in env["INNO_SETUP_VERSION"].split("."))
    assert len(pinned) == 3 and pinned >= (6, 3, 0)
    script = _step("Installer (Inno Setup")["run"]
    assert "choco install innosetup --version $env:INNO_SETUP_VERSION" in script
    # The iscc that runs is checked to be the pinned one, and the script refuses an old one.
    assert "VersionInfo" in script and "-ne $env:INNO_SETUP_VERSION" in script
    assert "& $iscc @isccArgs installer\\cjpay_pos.iss" in script
    assert "#if VER < EncodeVer(6,3,0)" in ISS and "x64compatible" in ISS
    assert not ISS.startswith("\ufeff")  # UTF-8 without BOM: why 6.3 is needed


def test_the_workflow_signs_with_a_timestamp_only_when_a_secret_is_set() -> None:
    steps = _workflow_steps()
    names = list(steps)
    setup = _step("Code signing set-up")
    # The secrets reach only the set-up step, and a missing one is said in the log.
    assert WORKFLOW.count("secrets.WINDOWS_SIGNING_PFX_BASE64") == 1
    assert "secrets.WINDOWS_SIGNING_PFX_BASE64" in setup["env"]["PFX_BASE64"]
    assert "if (-not $env:PFX_BASE64)" in setup["run"]
    assert "signing skipped: no secret" in setup["run"]
    assert "서명 비밀값이 없어 서명을 건너뜁니다" in setup["run"]
    assert '"SIGNING=1" >> $env:GITHUB_ENV' in setup["run"]

    # The app is signed before its self-test, so the tested files are the signed ones.
    sign_app = _step("Sign the app")
    assert sign_app["if"] == "env.SIGNING == '1'"
    assert "cjpay-pos.exe" in sign_app["run"] and "cjpay-pos-gui.exe" in sign_app["run"]
    bundle, self_test = (
        names.index("Bundle (PyInstaller, one folder)"),
        names.index("Self-test of the frozen app"),
    )
    assert bundle < names.index(sign_app["name"]) < self_test

    installer = _step("Installer (Inno Setup")["run"]
    assert 'if ($env:SIGNING -eq "1")' in installer
    assert '$isccArgs += "/DSignInstaller"' in installer
    assert '"/Scjpaysign=signtool sign' in installer
    assert "signing skipped: no secret" in installer

    # Every signtool signature is SHA-256 with an RFC 3161 timestamp (/tr, not the legacy /t).
    sign_lines = [line for line in WORKFLOW.splitlines() if "signtool sign" in line]
    assert len(sign_lines) == 2
    for line in sign_lines:
        assert "/fd sha256" in line and "/td sha256" in line, line
        assert "/tr $env:TIMESTAMP_URL" in line, line
        assert " /t " not in line
    url = yaml.safe_load(WORKFLOW)["jobs"]["installer"]["env"]["TIMESTAMP_URL"]
    assert re.fullmatch(r"https?://[\w.-]+(/\S*)?", url)


def test_the_installer_signs_its_uninstaller_when_signing() -> None:
    block = re.search(r"^#ifdef SignInstaller\n(.*?)^#endif$", ISS, re.MULTILINE | re.DOTALL)
    assert block, "the signing directives are only for a signed build"
    directives = [line for line in block.group(1).splitlines() if not line.startswith(";")]
    assert directives == ["SignTool=cjpaysign", "SignedUninstaller=yes"]
    # Nowhere else: an unsigned build must not name a sign tool iscc was not given.
    assert ISS.count("SignTool=") == 1 and ISS.count("SignedUninstaller=") == 1
    assert "/Scjpaysign=" in WORKFLOW  # the tool the script names is the one defined


def test_the_merchant_readme_explains_smartscreen_and_the_checksum() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for words in ("Windows의 PC 보호", "추가 정보", "실행 안 함", "알 수 없는 게시자"):
        assert words in readme, words
    assert "certutil -hashfile" in readme and "SHA256" in readme
    assert "build/installer/*.sha256" in WORKFLOW  # the value the merchant compares with


def _qt_slim():
    spec = importlib.util.spec_from_file_location("qt_slim", ROOT / "installer" / "qt_slim.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    "dest",
    [
        # The camera: the FFmpeg backend (both wheels), Windows Media, and what FFmpeg links.
        "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so",
        "PySide6\\plugins\\multimedia\\ffmpegmediaplugin.dll",
        "PySide6\\plugins\\multimedia\\windowsmediaplugin.dll",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6\\Qt6Qml.dll",
        "PySide6/Qt/lib/libavcodec.so.61",
        # Printing, the screen, Hangul input on Linux, styles.
        "PySide6/Qt/lib/libQt6PrintSupport.so.6",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6\\plugins\\platforms\\qwindows.dll",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6\\plugins\\styles\\qmodernwindowsstyle.dll",
        # Photo formats and Qt's Korean.
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6\\plugins\\imageformats\\qwebp.dll",
        "PySide6/Qt/plugins/imageformats/libqgif.so",
        "PySide6/Qt/translations/qtbase_ko.qm",
        "PySide6\\translations\\qt_ko.qm",
        # Not Qt's at all.
        "pos_app/resources/translations/cjpay_pos_ko.qm",
        "libpython3.11.so.1.0",
    ],
)
def test_the_bundle_keeps_what_the_pos_loads(dest: str) -> None:
    assert not _qt_slim().left_out(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/imageformats/libqpdf.so",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6\\Qt6Pdf.dll",
        "PySide6\\opengl32sw.dll",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/lib/libQt6VirtualKeyboardQml.so.6",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6\\plugins\\networkinformation\\qnetworklistmanager.dll",
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6\\translations\\qt_help_ja.qm",
    ],
)
def test_the_bundle_leaves_out_what_the_pos_never_loads(dest: str) -> None:
    assert _qt_slim().left_out(dest)


def test_the_spec_collects_only_the_slimmed_files() -> None:
    assert "from qt_slim import left_out" in SPEC
    assert "slim_binaries,\n    slim_datas," in SPEC
    collect = SPEC[SPEC.index("coll = COLLECT(") :]
    assert "a.binaries" not in collect and "a.datas" not in collect
