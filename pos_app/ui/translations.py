"""Korean by default, English selectable: Qt translators for our strings and Qt's own.

Source strings are English (the Qt convention, readable by any contributor);
``resources/translations/cjpay_pos_ko.qm`` holds the Korean UI.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

TRANSLATIONS_PACKAGE = "pos_app.resources.translations"


def _app_translation_path(language: str) -> str:
    return str(resources.files(TRANSLATIONS_PACKAGE).joinpath(f"cjpay_pos_{language}.qm"))


class LanguageSwitcher:
    """Owns the installed translators so a language change can swap them."""

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translators: list[QTranslator] = []

    def apply(self, language: str) -> bool:
        """Install ``language``; returns False if our own catalogue could not load."""
        for translator in self._translators:
            self._app.removeTranslator(translator)
        self._translators.clear()
        QLocale.setDefault(
            QLocale(QLocale.Language.Korean if language == "ko" else QLocale.Language.English)
        )
        if language == "en":
            return True  # source strings are English
        ours = QTranslator(self._app)
        loaded = ours.load(_app_translation_path(language))
        if loaded:
            self._app.installTranslator(ours)
            self._translators.append(ours)
        qt_own = QTranslator(self._app)
        # Qt's own strings (OK/Cancel, context menus) in Korean, when the wheel ships them.
        if qt_own.load(
            f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ):
            self._app.installTranslator(qt_own)
            self._translators.append(qt_own)
        return loaded
