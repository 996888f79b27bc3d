"""``cjpay-pos --self-test``: does this build (frozen or not) carry everything it needs?

Run by the Windows installer's CI on the frozen bundle, by ``.ci/run`` on the Linux bundle,
and by the help desk on a merchant's PC. It starts offscreen, opens (or creates) the
database and migrates it, verifies the journal chain, renders the main window, reads the
bundled QR picture with every decoder, checks the bundled payment-code vectors, loads the
Korean catalogue, the sounds and the multimedia plugins, draws a page through QtPrintSupport,
reads the picture formats a product photo can be, writes and reads back an Excel product list
(openpyxl), loads the USB and serial printer drivers,
and runs the training server's own migrations. The frozen bundle leaves out the Qt parts the
POS never loads (installer/qt_slim.py): these steps prove it kept the ones it does. Each step
prints one line; the exit code is 0 only if all passed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from pos_app.config import database_path

SELFTEST_PACKAGE = "pos_app.resources.selftest"

Step = Callable[[], str]


class SelfTestWarning(Exception):
    """A step that found something to say about this PC, not a fault of the build."""


def run_self_test(data_dir: Path, out: Callable[[str], None] = print) -> int:
    # Before any Qt import: the self-test never needs a screen.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.symbolsresolver*=false")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    db_path = database_path(data_dir, demo=False)
    steps: list[tuple[str, Step]] = [
        ("database", lambda: _database(db_path)),
        ("main window", lambda: _main_window(db_path, app)),
        ("decoders", _decoders),
        ("payment code vectors", _vectors),
        ("translations", lambda: _translations(app)),
        ("sounds", _sounds),
        ("multimedia plugin", _multimedia),
        ("printing", _printing),
        ("image formats", _image_formats),
        ("spreadsheets", _spreadsheets),
        ("keyring backend", _keyring),
        ("printer connections", _printer_connections),
        ("training server", _training_server),
    ]
    failed = 0
    for name, step in steps:
        try:
            out(f"ok    {name}: {step()}")
        except SelfTestWarning as warning:  # worth saying, not a broken build
            out(f"warn  {name}: {warning}")
        except Exception as exc:  # report every failing step, not only the first
            failed += 1
            out(f"FAIL  {name}: {type(exc).__name__}: {exc}")
            out(traceback.format_exc().rstrip())
    out(f"self-test: {len(steps) - failed} passed, {failed} failed")
    return 1 if failed else 0


def _database(db_path: Path) -> str:
    from pos_app.store.database import connect
    from pos_app.store.journal import journal_head, verify_journal
    from pos_app.store.migrations import LATEST_VERSION, schema_version

    conn = connect(db_path)
    try:
        version = schema_version(conn)
        if version != LATEST_VERSION:
            raise RuntimeError(f"schema v{version}, expected v{LATEST_VERSION}")
        broken = verify_journal(conn)
        if broken is not None:
            raise RuntimeError(f"journal chain broken at seq {broken}")
        events, _ = journal_head(conn)
    finally:
        conn.close()
    return f"{db_path} schema v{version}, journal of {events} events verified"


def _main_window(db_path: Path, app: object) -> str:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from pos_app.domain.clock import system_clock
    from pos_app.services.checkout import open_checkout
    from pos_app.services.shop import make_shop_services
    from pos_app.store.database import connect
    from pos_app.ui.app import PosController
    from pos_app.ui.session import Session
    from pos_app.ui.theme import apply_theme
    from pos_app.ui.translations import LanguageSwitcher

    assert isinstance(app, QApplication)
    apply_theme(app)
    conn = connect(db_path)
    controller = None
    try:
        controller = PosController(
            app,
            Session(
                conn=conn,
                service=open_checkout(conn, system_clock),
                languages=LanguageSwitcher(app),
                language="ko",
                shop=make_shop_services(conn, system_clock),
            ),
        )
        controller.show()
        picture = controller.window.grab()
        if picture.isNull() or picture.width() < 400:
            raise RuntimeError("the main window did not render")
        return f"rendered {picture.width()}x{picture.height()}"
    finally:
        if controller is not None:
            controller.shutdown()
            controller.languages.apply("en")  # the source language: no translator left behind
            app.removeEventFilter(controller.scanner)
            controller.window.close()
            controller.window.deleteLater()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        conn.close()


def _bundled_vectors() -> dict[str, Any]:
    text = resources.files(SELFTEST_PACKAGE).joinpath("cpm_vectors.json").read_text("utf-8")
    return json.loads(text)


def _expected_code() -> str:
    return next(t["text"] for t in _bundled_vectors()["tokens"] if t["name"] == "valid")


def _decoders() -> str:
    from pos_app.scanning.decoders import available_decoders, decode_image_file, make_decoder

    expected = _expected_code()
    picture = resources.files(SELFTEST_PACKAGE).joinpath("payment_code.png")
    read = []
    with resources.as_file(picture) as path:
        for name, reason in available_decoders().items():
            if reason is not None:
                read.append(f"{name} unavailable ({reason})")
                continue
            result = decode_image_file(path, make_decoder(name))
            if result["text"] != expected:
                raise RuntimeError(f"{name} read {result.get('text')!r} ({result.get('reason')})")
            read.append(f"{name} read it")
    if not any(entry.endswith("read it") for entry in read):
        raise RuntimeError("no decoder works: " + "; ".join(read))
    return ", ".join(read)


def _vectors() -> str:
    from pos_app.domain.payment_code import KeySet
    from pos_app.services.inspect_scan import inspect_scan

    vectors = _bundled_vectors()
    keys = KeySet.from_json(vectors)
    for token in vectors["tokens"]:
        report = inspect_scan(token["text"], keys, token["checked_at"])
        if report["result"] != token["expect"]:
            raise RuntimeError(f"{token['name']}: expected {token['expect']}, got {report}")
    return f"{len(vectors['tokens'])} vectors as expected (Ed25519 verified)"


def _translations(app: object) -> str:
    from PySide6.QtCore import QCoreApplication

    from pos_app.ui.translations import LanguageSwitcher

    assert isinstance(app, QCoreApplication)
    switcher = LanguageSwitcher(app)
    try:
        if not switcher.apply("ko"):
            raise RuntimeError("the Korean catalogue did not load")
        if not switcher.qt_loaded:  # file dialogs and OK/Cancel would be English
            raise RuntimeError("Qt's own Korean catalogue (qtbase_ko.qm) did not load")
    finally:
        switcher.apply("en")
    return "Korean catalogues loaded (ours and Qt's)"


def _sounds() -> str:
    names = [
        p.name
        for p in resources.files("pos_app.resources.sounds").iterdir()
        if p.name.endswith(".wav")
    ]
    if len(names) < 3:
        raise RuntimeError(f"sounds missing: {names}")
    return ", ".join(sorted(names))


def _multimedia() -> str:
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtMultimedia import QMediaDevices

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "multimedia"
    found = sorted(p.name for p in plugins.glob("*ffmpeg*")) if plugins.is_dir() else []
    if not found:
        raise RuntimeError(f"no FFmpeg media plugin in {plugins}")
    # Loading each (FFmpeg; on Windows also Windows Media) proves every library it links is
    # in the bundle: the FFmpeg plugin links Qt Quick and QML, and without one of them the
    # camera would silently have no backend and see no camera.
    try:
        loaded = _load_plugins(plugins)
    except RuntimeError as exc:
        missing = _missing_media_foundation()
        if missing:  # this PC's Windows, not the build: the camera cannot work here
            raise SelfTestWarning(
                f"{exc}; Windows has no {', '.join(missing)} (an N/KN edition without the "
                "Media Feature Pack, or a server): install it to use the camera"
            ) from exc
        raise
    cameras = len(QMediaDevices.videoInputs())
    return f"{', '.join(loaded)} loaded; {cameras} camera(s) seen"


#: Windows' own Media Foundation, which Qt's Windows media backends link. Windows N and KN
#: editions and Windows Server lack it until the Media Feature Pack (or feature) is added.
MEDIA_FOUNDATION_DLLS = ("mfplat.dll", "mf.dll", "mfreadwrite.dll")


def _missing_media_foundation() -> list[str]:
    if sys.platform != "win32":
        return []
    import ctypes

    missing = []
    for name in MEDIA_FOUNDATION_DLLS:
        try:
            ctypes.WinDLL(name)
        except OSError:
            missing.append(name)
    return missing


def _load_plugins(folder: Path) -> list[str]:
    from PySide6.QtCore import QPluginLoader

    names = []
    for plugin in sorted(folder.iterdir()) if folder.is_dir() else []:
        if plugin.suffix not in (".so", ".dll", ".dylib"):
            continue
        loader = QPluginLoader(str(plugin))
        if not loader.load():
            raise RuntimeError(f"{plugin.name} does not load: {loader.errorString()}")
        names.append(plugin.name)
    return names


def _printing() -> str:
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtGui import QPainter
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    # The system printer is reached through QtPrintSupport (and on Linux its CUPS plugin).
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "printsupport"
    loaded = _load_plugins(plugins)
    with tempfile.TemporaryDirectory(prefix="cjpay-selftest-") as folder:
        pdf = Path(folder) / "page.pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf))
        painter = QPainter()
        if not painter.begin(printer):
            raise RuntimeError("QPrinter did not start a page")
        painter.drawText(100, 100, "청주페이 POS")
        painter.end()
        if not pdf.is_file() or not pdf.read_bytes().startswith(b"%PDF"):
            raise RuntimeError("QPrinter wrote no page")
    printers = len(QPrinterInfo.availablePrinterNames())
    plugin_note = f", {', '.join(loaded)} loaded" if loaded else ""
    return f"a page drawn through QPrinter{plugin_note}; {printers} printer(s) seen"


#: What a product photo can be (the photo pickers' filters) and our icons.
IMAGE_FORMATS = ("png", "jpeg", "gif", "webp", "bmp", "ico", "svg")


def _image_formats() -> str:
    from PySide6.QtGui import QImageReader

    readable = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = [name for name in IMAGE_FORMATS if name not in readable]
    if missing:
        raise RuntimeError(f"cannot read {', '.join(missing)} pictures")
    return ", ".join(IMAGE_FORMATS)


def _spreadsheets() -> str:
    """An Excel product list written and read back: openpyxl (and et_xmlfile, which it
    writes with) are in the build, in the read-only mode the import uses."""
    from pos_app.domain.catalog_xlsx import export_products_xlsx, read_catalog_xlsx
    from pos_app.domain.records import Product

    product = Product("SELFTEST", "자가 진단 상품", 1000, codes=("8801234567893",))
    with tempfile.TemporaryDirectory(prefix="cjpay-selftest-") as folder:
        path = Path(folder) / "products.xlsx"
        path.write_bytes(export_products_xlsx([product]))
        read = read_catalog_xlsx(path)
    if read.errors or [p.name for p in read.products] != [product.name]:
        raise RuntimeError(f"an exported product list reads back wrong: {read.errors!r}")
    import openpyxl

    return f"openpyxl {openpyxl.__version__}: a product list written and read back"


def _keyring() -> str:
    from pos_app.sync.credentials import KeyringLevel, keyring_backend_name
    from pos_app.sync.keyring_probe import judge_with_probe, probe_store

    # The doctor judges with the same function: one verdict for both. A store is "ok" only
    # once a probe entry was written, read back and deleted: a backend that is named but
    # refuses (no keyring daemon) is not.
    name = keyring_backend_name()
    verdict = judge_with_probe(name, probe_store())
    if verdict.level is KeyringLevel.FAIL:
        raise RuntimeError(verdict.reason_en)
    if verdict.level is KeyringLevel.WARN:
        raise SelfTestWarning(verdict.reason_en)
    return verdict.reason_en


def _printer_connections() -> str:
    """USB (pyusb with the bundled libusb) and serial (pyserial) load: receipt printers on
    those cables print only if the build carries them."""
    import libusb_package
    import serial.tools.list_ports  # noqa: F401  (the import is the check)

    from pos_app.printing.devices import attached_usb_printers, serial_ports, usb_backend

    # The library the build carries, not a system one that hides its absence.
    if libusb_package.get_library_path() is None:
        raise RuntimeError("libusb-package's libusb-1.0 library is not in the build")
    if usb_backend() is None:
        raise RuntimeError("pyusb has no libusb-1.0 backend")
    usb, ports = attached_usb_printers(), serial_ports()
    said = f"libusb loaded, {len(usb.items)} USB printer(s), {len(ports.items)} serial port(s)"
    problem = usb.problem or ports.problem
    if problem is not None:  # this PC's devices, not the build
        raise SelfTestWarning(f"{said}; {problem.message('en')}")
    return said


def _training_server() -> str:
    from pos_app.services.demo_server import central_server_command

    with tempfile.TemporaryDirectory(prefix="cjpay-selftest-") as folder:
        url = f"sqlite:///{(Path(folder) / 'central.sqlite3').as_posix()}"
        done = subprocess.run(
            [*central_server_command(), "--database-url", url, "init-db"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        if done.returncode != 0:
            raise RuntimeError(f"init-db exited {done.returncode}: {done.stderr[-500:]}")
    return "reference server migrated a fresh database"
