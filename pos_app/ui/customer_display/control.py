"""Opens, places and hides the customer display for the session (the controller owns it).

Which monitor and whether it is on are preferences; where the cashier put the window on a
one-monitor PC is remembered when it is hidden or the app closes.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QObject, QRect, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QWidget

from pos_app.domain.clock import Clock
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.services import preferences
from pos_app.ui.customer_display.display_settings import DisplaySettingsDialog
from pos_app.ui.customer_display.placement import Placement, ScreenInfo, choose_placement
from pos_app.ui.customer_display.presenter import CustomerDisplayPresenter
from pos_app.ui.customer_display.window import CustomerDisplayWindow

#: The display as a window on the cashier's own monitor (a one-monitor PC): its smallest
#: readable size, in the bottom-right corner (960x600 covered nearly all of a 1024x768
#: till). The cashier moves it where it hides least; the place is kept.
WINDOW_SIZE = (640, 420)


def screen_infos() -> list[tuple[ScreenInfo, QScreen]]:
    primary = QGuiApplication.primaryScreen()
    found = []
    for screen in QGuiApplication.screens():
        g = screen.geometry()
        info = ScreenInfo(screen.name(), g.x(), g.y(), g.width(), g.height(), screen is primary)
        found.append((info, screen))
    return found


class DisplayControl(QObject):
    problem = Signal(object)  # UserFacingError: worth a notice at the counter

    def __init__(
        self,
        conn: sqlite3.Connection,
        presenter: CustomerDisplayPresenter,
        clock: Clock,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._conn = conn
        self.presenter = presenter
        self._clock = clock
        self.window: CustomerDisplayWindow | None = None
        self.placement: Placement | None = None

    def is_shown(self) -> bool:
        return self.window is not None and self.window.isVisible()

    def apply(self, *, at_start: bool = False, training: bool = False) -> None:
        """Show or hide the display as the preferences say.

        At start on a one-monitor PC it stays off even when switched on (it would open over
        the till): Ctrl+Shift+D shows it. Training shows it, as the phone pays its QR.
        """
        if not preferences.display_enabled(self._conn):
            self.hide()
        elif at_start and not training and len(QGuiApplication.screens()) < 2:
            return
        else:
            self.show()

    def show(self) -> None:
        screens = screen_infos()
        placement = choose_placement([info for info, _ in screens], self._wanted())
        if placement is None:
            return
        if placement.missing:
            wanted = self._wanted() or {}
            self.problem.emit(
                UserFacingError(ErrorKey.DISPLAY_SCREEN_MISSING, screen=wanted.get("name", ""))
            )
        if self.window is None:
            self.window = CustomerDisplayWindow(self.presenter, self._clock)
        window = self.window
        cashier = QApplication.activeWindow()
        self.placement = placement
        screen = next(qs for info, qs in screens if info == placement.screen)
        if placement.full_screen:
            window.setScreen(screen)
            window.setGeometry(screen.geometry())
            window.showFullScreen()
        else:
            if window.isFullScreen():
                window.showNormal()
            saved = preferences.display_geometry(self._conn)
            window.setGeometry(QRect(*saved) if saved else self._default_rect(screen))
            window.show()
        if cashier is not None and cashier is not window:
            # The function keys are the POS window's shortcuts: it keeps the keyboard.
            cashier.activateWindow()

    def hide(self) -> None:
        if self.window is not None and self.window.isVisible():
            self._remember_geometry()
            self.window.hide()

    def toggle(self) -> None:
        """Ctrl+Shift+D: on/off, and the choice is kept."""
        shown = not self.is_shown()
        preferences.set_display(self._conn, shown, self._wanted())
        self.apply()

    def open_settings(self, parent: QWidget | None) -> None:
        dialog = DisplaySettingsDialog(
            [info for info, _ in screen_infos()],
            enabled=preferences.display_enabled(self._conn),
            chosen=self._wanted(),
            parent=parent,
        )
        if dialog.exec():
            self._remember_geometry()
            preferences.set_display(self._conn, dialog.display_enabled(), dialog.chosen_screen())
            self.apply()
        dialog.deleteLater()

    def close(self) -> None:
        if self.window is not None:
            self._remember_geometry()
            self.window.close()
            self.window.deleteLater()
            self.window = None

    def _wanted(self) -> dict | None:
        return preferences.display_screen(self._conn)

    def _remember_geometry(self) -> None:
        window = self.window
        if window is None or not window.isVisible() or window.isFullScreen():
            return
        g = window.geometry()
        preferences.set_display_geometry(self._conn, (g.x(), g.y(), g.width(), g.height()))

    @staticmethod
    def _default_rect(screen: QScreen) -> QRect:
        area = screen.availableGeometry()
        width = min(WINDOW_SIZE[0], area.width())
        height = min(WINDOW_SIZE[1], area.height())
        return QRect(area.right() + 1 - width, area.bottom() + 1 - height, width, height)
