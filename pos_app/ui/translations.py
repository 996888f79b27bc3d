"""Korean by default, English selectable: Qt translators for our strings and Qt's own.

Source strings are English (the Qt convention, readable by any contributor);
``resources/translations/cjpay_pos_ko.qm`` holds the Korean UI. Qt's own strings (file
dialogs, OK/Cancel, context menus) come from Qt's ``qtbase_ko.qm``, which the PySide6 wheel
ships and the installer's spec carries; the few it lacks are filled in here.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

TRANSLATIONS_PACKAGE = "pos_app.resources.translations"

#: Qt's strings that its Korean catalogue lacks: in Qt 6 their sources gained a mnemonic
#: ("&Look in:") and qtbase_ko.qm still has only the old ones, so the file dialog of a
#: Korean UI said "Look in:" and "Files of type:".
QT_GAPS: dict[str, dict[tuple[str, str], str]] = {
    "ko": {
        ("QFileDialog", "&Look in:"): "찾는 위치(&L):",
        ("QFileDialog", "Files of &type:"): "파일 형식(&T):",
        # The file list's "Type" column: Qt 6 moved these to a new context that the Korean
        # catalogue does not have, so every folder was listed as "Folder".
        ("QAbstractFileIconProvider", "Folder"): "폴더",
        ("QAbstractFileIconProvider", "File Folder"): "파일 폴더",
        ("QAbstractFileIconProvider", "Drive"): "드라이브",
        ("QAbstractFileIconProvider", "%1 File"): "%1 파일",
        ("QAbstractFileIconProvider", "File"): "파일",
    }
}


#: English plural forms of the sources written with Qt's "%n" (``tr(text, "", n)``): the
#: sources are English, so there is no English catalogue to hold them; without this a count
#: read "1 sale(s)".
ENGLISH_PLURALS: dict[str, tuple[str, str]] = {
    "%n sale(s)": ("%n sale", "%n sales"),
    "%n cash receipt(s)": ("%n cash receipt", "%n cash receipts"),
}


def _app_translation_path(language: str) -> str:
    return str(resources.files(TRANSLATIONS_PACKAGE).joinpath(f"cjpay_pos_{language}.qm"))


def qt_translation_dirs() -> list[str]:
    """Where Qt's own catalogues may be: Qt's configured folder, then the PySide6 package's
    own (a PyInstaller bundle keeps them there, under _internal/PySide6)."""
    package = Path(PySide6.__file__).resolve().parent
    candidates = [
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(package / "Qt" / "translations"),
        str(package / "translations"),
    ]
    return list(dict.fromkeys(path for path in candidates if path))


class QtGapsTranslator(QTranslator):
    """Answers only for the Qt strings in its table; everything else falls through."""

    def __init__(self, table: dict[tuple[str, str], str], parent: QObject | None = None):
        super().__init__(parent)
        self._table = table

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None is Qt's null string: "not mine, ask the next translator". An empty string
        # would be taken as the translation and blank every other text.
        return self._table.get((context, source))

    def isEmpty(self) -> bool:
        return not self._table


class EnglishPluralsTranslator(QTranslator):
    """Answers only the plural sources in ``ENGLISH_PLURALS`` (Qt puts the number in)."""

    def translate(  # type: ignore[override]
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        forms = ENGLISH_PLURALS.get(source)
        if forms is None or n < 0:
            return None  # not mine: the source text stands
        return forms[0] if n == 1 else forms[1]

    def isEmpty(self) -> bool:
        return False


class LanguageSwitcher:
    """Owns the installed translators so a language change can swap them."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translators: list[QTranslator] = []
        self.qt_loaded = False  # Qt's own catalogue for the language was found

    def apply(self, language: str) -> bool:
        """Install ``language``; returns False if our own catalogue could not load."""
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators.clear()
        self.qt_loaded = False
        QLocale.setDefault(
            QLocale(QLocale.Language.Korean if language == "ko" else QLocale.Language.English)
        )
        if language == "en":
            plurals = EnglishPluralsTranslator(self._app)
            self._app.installTranslator(plurals)
            self._translators.append(plurals)
            return True  # source strings are English
        ours = QTranslator(self._app)
        loaded = ours.load(_app_translation_path(language))
        if loaded:
            self._app.installTranslator(ours)
            self._translators.append(ours)
        qt_own = QTranslator(self._app)
        # Qt's own strings (OK/Cancel, file dialogs, context menus) in Korean.
        if any(qt_own.load(f"qtbase_{language}", folder) for folder in qt_translation_dirs()):
            self._app.installTranslator(qt_own)
            self._translators.append(qt_own)
            self.qt_loaded = True
        gaps = QtGapsTranslator(QT_GAPS.get(language, {}), self._app)
        if not gaps.isEmpty():
            self._app.installTranslator(gaps)  # searched first: installed last
            self._translators.append(gaps)
        return loaded
