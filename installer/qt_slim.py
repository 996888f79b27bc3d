"""Which files of the PySide6 wheel the frozen POS leaves out (used by cjpay_pos.spec).

PyInstaller's Qt hooks copy every plugin of a kind the app touches (all platforms, all
image formats, all of Qt's translations) and every library those plugins link. The POS is a
Widgets app: it never loads the PDF image plugin (which drags in QtPdf), the on-screen
keyboard (which drags in its own Qt Quick components), the embedded-Linux platforms
(eglfs, linuxfb, VNC), touch and evdev input, network-status and TLS plugins (the sync uses
Python's ``requests``, not QtNetwork), nor Qt's catalogues for 30 other languages.

What it must keep, and why (the self-test checks each in the frozen bundle):
- ``multimedia``: the camera's backend, with every library it links. The FFmpeg plugin links
  Qt Quick and QML, so those stay; on Windows the Windows Media plugin stays beside it.
- ``printsupport`` (CUPS on Linux; on Windows printing is inside QtPrintSupport itself).
- image formats a merchant's product photo or our icon can be: JPEG, PNG (built in), GIF,
  WebP, BMP (built in), ICO, SVG.
- the platform plugins of a desktop (windows, xcb, wayland) and offscreen (the self-test),
  platform themes, icon engines, input contexts for typing Hangul on Linux (ibus, compose).
- Qt's Korean catalogues (``*_ko.qm``): file dialogs and OK/Cancel in Korean.

Rules go by the file's place under ``PySide6`` and its name without ``lib`` and extension,
so they read the same for the Linux wheel (``Qt/plugins/imageformats/libqpdf.so``) and the
Windows one (``plugins/imageformats/qpdf.dll``).
"""

from __future__ import annotations

from pathlib import PurePath, PureWindowsPath

#: Plugin kinds never loaded by the POS: whole folders left out.
UNUSED_PLUGIN_KINDS = frozenset(
    {
        "egldeviceintegrations",  # eglfs on embedded boards
        "generic",  # evdev and TUIO touch input for eglfs/linuxfb
        "networkinformation",  # QNetworkInformation: not used
        "tls",  # QSslSocket: the sync speaks HTTPS through Python
        "qmltooling",  # QML debugger
        "position",
        "sensors",
        "texttospeech",
        "webview",
        "sqldrivers",  # the data file is opened by Python's sqlite3
        "canbus",
        "geoservices",
        "assetimporters",
        "sceneparsers",
        "renderers",
        "renderplugins",
        "geometryloaders",
        "designer",
        "qmllint",
        "scxmldatamodel",
        "vectorimageformats",
    }
)

#: Plugins left out of a folder that is otherwise kept.
UNUSED_PLUGINS: dict[str, frozenset[str]] = {
    "platforms": frozenset({"qeglfs", "qlinuxfb", "qvnc", "qvkkhrdisplay", "qminimalegl"}),
    "platforminputcontexts": frozenset({"qtvirtualkeyboardplugin"}),
}

#: Image formats kept (everything else in ``imageformats`` goes: PDF, TIFF, ICNS, TGA, WBMP).
KEPT_IMAGE_FORMATS = frozenset({"qjpeg", "qgif", "qwebp", "qico", "qsvg"})

#: Qt libraries that only the left-out plugins link (name without ``lib`` and extension);
#: ``opengl32sw`` is Windows' software OpenGL, which a Widgets app without OpenGL never loads.
UNUSED_LIBRARY_PREFIXES = (
    "Qt6Pdf",
    "Qt6VirtualKeyboard",
    "Qt6EglFSDeviceIntegration",
    "Qt6EglFsKmsSupport",
    "opengl32sw",
)

#: Qt's catalogues kept: Korean only (English is Qt's source language, no catalogue).
KEPT_TRANSLATION_SUFFIX = "_ko.qm"


def qt_stem(file_name: str) -> str:
    """``libQt6Pdf.so.6`` and ``Qt6Pdf.dll`` are both ``Qt6Pdf``; ``libqpdf.so`` is ``qpdf``."""
    stem = file_name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def left_out(dest_name: str) -> bool:
    """Whether the bundle leaves out the file PyInstaller would place at ``dest_name``."""
    # PureWindowsPath splits on both separators, so one rule serves both build hosts.
    parts = PureWindowsPath(PurePath(dest_name).as_posix()).parts
    if "PySide6" not in parts:
        return False
    folders, name = parts[:-1], parts[-1]
    stem = qt_stem(name)
    if "plugins" in folders:
        at = folders.index("plugins")
        kind = folders[at + 1] if len(folders) > at + 1 else ""
        if kind in UNUSED_PLUGIN_KINDS:
            return True
        if kind == "imageformats":
            return stem not in KEPT_IMAGE_FORMATS
        return stem in UNUSED_PLUGINS.get(kind, frozenset())
    if "translations" in folders and name.endswith(".qm"):
        return not name.endswith(KEPT_TRANSLATION_SUFFIX)
    return stem.startswith(UNUSED_LIBRARY_PREFIXES)
