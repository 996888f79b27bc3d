"""Does every visible text of a window show whole, inside the window, in the UI's language?

Used by the fit tests: the real main window at the screen sizes shops use. For each visible
label, button, tab, group-box title, table header and field placeholder it compares the room
the widget gives its text (its contents rect, as the style lays it out) with what the text
needs by the widget's own font metrics, per line and with word wrap; text elided with "…"
counts as cut, and so does a widget lying (partly) outside the window or outside the part of
its parents that is on screen. A scroll area's content counts as reachable (it can be
scrolled to), so only the scroll area itself must be inside the window; but not sideways when
the area scrolls only up and down: there the content must lie within the viewport's width.

The second check is for the Korean UI: no visible text may contain English words apart from
what the shop typed (product names), codes, units and key names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from PySide6 import QtGui
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QTabBar,
    QWidget,
)

ELLIPSIS = "…"
#: Pixels of slack for rounding between the metrics and the painted text.
SLACK = 1


@dataclass(frozen=True)
class Problem:
    widget: str  # class and object name, to find it
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.widget}: {self.reason}: {self.text!r}"


def describe(widget: QWidget) -> str:
    name = widget.objectName()
    parent = widget.parentWidget()
    owner = type(parent).__name__ if parent is not None else ""
    return f"{type(widget).__name__}{'#' + name if name else ''} in {owner}"


# ----- where a widget is ------------------------------------------------------------------


def _in_scroll_viewport(widget: QWidget) -> QWidget | None:
    """The scroll area whose viewport holds ``widget`` (content that can be scrolled to)."""
    parent = widget.parentWidget()
    while parent is not None:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return grand
        parent = grand
    return None


def outside_window(widget: QWidget, window: QWidget) -> bool:
    """True if part of ``widget`` is outside the window or clipped away by a parent."""
    scroll = _in_scroll_viewport(widget)
    if (
        scroll is not None
        and scroll.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    ):
        # Scrolls up and down only: what lies right of the viewport is never shown.
        viewport = scroll.viewport()
        left = widget.mapTo(viewport, QPoint(0, 0)).x()
        if left < 0 or left + widget.width() > viewport.width():
            return True
    target = scroll if scroll is not None else widget
    rect = QRect(target.mapTo(window, QPoint(0, 0)), target.size())
    if not window.rect().contains(rect):
        return True
    parent = target.parentWidget()
    while parent is not None and parent is not window:
        clip = QRect(parent.mapTo(window, QPoint(0, 0)), parent.size())
        if not clip.contains(rect):
            return True
        parent = parent.parentWidget()
    return False


def shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


_rich = QtGui.Qt.mightBeRichText  # type: ignore[attr-defined]  # lives in QtGui's Qt


# ----- what a text needs --------------------------------------------------------------------


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _label_plain_text(text: str) -> str:
    if not _rich(text):
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def _label_problem(label: QLabel) -> str | None:
    text = label.text()
    room = label.contentsRect().adjusted(
        label.margin(), label.margin(), -label.margin(), -label.margin()
    )
    if label.indent() > 0:
        room.adjust(label.indent(), 0, 0, 0)
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and _rich(text)
    )
    if rich:
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        if label.wordWrap():
            doc.setTextWidth(room.width())
        if doc.idealWidth() > room.width() + SLACK:
            return "too narrow"
        if doc.size().height() > room.height() + SLACK:
            return "too low"
        return None
    metrics = QFontMetrics(label.font())
    if label.wordWrap():
        needed = metrics.boundingRect(
            QRect(0, 0, room.width(), 100_000),
            int(Qt.TextFlag.TextWordWrap) | int(label.alignment()),
            text,
        )
        if needed.width() > room.width() + SLACK:
            return "a word wider than the label"
        if needed.height() > room.height() + SLACK:
            return "wrapped text taller than the label"
        return None
    lines = text.split("\n")
    widest = max(metrics.horizontalAdvance(line) for line in lines)
    if widest > room.width() + SLACK:
        return f"needs {widest} px, has {room.width()}"
    # The height QLabel itself lays the text out in (its size hint uses the same call).
    tall = metrics.boundingRect(QRect(0, 0, widest, 100_000), int(label.alignment()), text).height()
    if tall > room.height() + SLACK:
        return f"needs {tall} px high, has {room.height()}"
    return None


def _button_problem(button: QAbstractButton) -> str | None:
    text = _plain(button.text())
    metrics = QFontMetrics(button.font())
    option = QStyleOptionButton()
    option.initFrom(button)
    option.text = button.text()
    option.icon = button.icon()
    option.iconSize = button.iconSize()
    element = {
        QCheckBox: QStyle.SubElement.SE_CheckBoxContents,
        QRadioButton: QStyle.SubElement.SE_RadioButtonContents,
    }
    kind = next((v for k, v in element.items() if isinstance(button, k)), None)
    if kind is None and isinstance(button, QPushButton):
        kind = QStyle.SubElement.SE_PushButtonContents
    room = button.style().subElementRect(kind, option, button) if kind else button.contentsRect()
    if not room.isValid():
        room = button.contentsRect()
    icon = button.iconSize().width() + 4 if not button.icon().isNull() else 0
    lines = text.split("\n")
    widest = max(metrics.horizontalAdvance(line) for line in lines) + icon
    if widest > room.width() + SLACK:
        return f"needs {widest} px, has {room.width()}"
    tall = metrics.height() * len(lines)
    if tall > room.height() + SLACK:
        return f"needs {tall} px high, has {room.height()}"
    return None


def _tab_problems(bar: QTabBar, window: QWidget) -> Iterator[Problem]:
    for index in range(bar.count()):
        text = bar.tabText(index)
        rect = bar.tabRect(index)
        if not bar.rect().contains(rect):
            yield Problem(describe(bar), text, "tab scrolled out of the bar")
        elif rect.width() < bar.tabSizeHint(index).width():
            yield Problem(describe(bar), text, "tab narrower than its text (elided)")


def _header_problems(header: QHeaderView) -> Iterator[Problem]:
    model = header.model()
    if model is None:
        return
    metrics = QFontMetrics(header.font())
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = str(model.headerData(section, header.orientation()) or "")
        if not text:
            continue
        needed = header.sectionSizeFromContents(section)
        size = header.sectionSize(section)
        has = size if header.orientation() == Qt.Orientation.Horizontal else header.width()
        if needed.width() > has + SLACK and metrics.horizontalAdvance(text) > has - 8:
            yield Problem(describe(header), text, f"header needs {needed.width()}, has {has}")


# ----- the checks ---------------------------------------------------------------------------


def visible_texts(window: QWidget) -> Iterator[tuple[QWidget, str]]:
    """(widget, text) for every text a person sees on ``window`` now."""
    for widget in window.findChildren(QWidget):
        if not shown(widget):
            continue
        if isinstance(widget, QLabel) and widget.text():
            yield widget, _label_plain_text(widget.text())
        elif isinstance(widget, QAbstractButton) and widget.text():
            yield widget, _plain(widget.text())
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                yield widget, widget.tabText(index)
        elif isinstance(widget, QGroupBox) and widget.title():
            yield widget, _plain(widget.title())
        elif isinstance(widget, QHeaderView) and widget.model() is not None:
            for section in range(widget.count()):
                if not widget.isSectionHidden(section):
                    yield widget, str(widget.model().headerData(section, widget.orientation()))
        elif isinstance(widget, QLineEdit) and not widget.text() and widget.placeholderText():
            yield widget, widget.placeholderText()
        elif isinstance(widget, QComboBox) and widget.currentText():
            yield widget, widget.currentText()


def cut_texts(window: QWidget) -> list[Problem]:
    """Every visible text that is not shown whole, or lies outside the window."""
    problems: list[Problem] = []
    for widget in window.findChildren(QWidget):
        if not shown(widget):
            continue
        texts = visible_texts_of(widget)
        if not texts:
            continue
        if outside_window(widget, window):
            problems.append(Problem(describe(widget), texts[0], "outside the window"))
            continue
        if any(ELLIPSIS in text for text in texts) and not isinstance(widget, QLineEdit):
            problems.append(Problem(describe(widget), texts[0], "elided"))
            continue
        reason: str | None = None
        if isinstance(widget, QLabel):
            reason = _label_problem(widget)
        elif isinstance(widget, QAbstractButton):
            reason = _button_problem(widget)
        elif isinstance(widget, QTabBar):
            problems.extend(_tab_problems(widget, window))
        elif isinstance(widget, QHeaderView):
            problems.extend(_header_problems(widget))
        elif isinstance(widget, QGroupBox):
            metrics = QFontMetrics(widget.font())
            if metrics.horizontalAdvance(_plain(widget.title())) > widget.width() - 12:
                reason = "title wider than the box"
        if reason is not None:
            problems.append(Problem(describe(widget), texts[0], reason))
    return problems


def visible_texts_of(widget: QWidget) -> list[str]:
    """The texts ``widget`` itself shows (not its children's)."""
    if isinstance(widget, QLabel):
        return [widget.text()] if widget.text() and widget.pixmap().isNull() else []
    if isinstance(widget, QAbstractButton):
        return [widget.text()] if widget.text() else []
    if isinstance(widget, QTabBar):
        return [widget.tabText(index) for index in range(widget.count())]
    if isinstance(widget, QGroupBox):
        return [widget.title()] if widget.title() else []
    if isinstance(widget, QHeaderView) and widget.model() is not None and widget.count():
        return [str(widget.model().headerData(0, widget.orientation()))]
    return []


# ----- English in the Korean UI ---------------------------------------------------------------

#: Words that are not English to a Korean shop: key names, units, codes' letters, brands.
ALLOWED_WORDS = frozenset(
    {
        # keys on the keyboard and the function-key bar
        "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10", "F11", "F12",
        "Ctrl", "Shift", "Alt", "Del", "Ins", "Esc", "Enter", "Tab", "PgUp", "PgDn", "Home",
        "End", "Space",
        # units and measures
        "L", "ml", "mL", "g", "kg", "cm", "mm", "m", "ea", "px",
        # names Korean uses as they are
        "QR", "PIN", "POS", "PC", "CSV", "PDF", "ID", "USB", "Wi-Fi", "OS", "VAT", "URL",
        "Windows",  # the OS by its name, as Korean help texts write it
        "YYYY-MM-DD",  # the date format a field asks for, as Korean software writes it
        "English",  # F11 names the language it switches to, in that language
    }
)  # fmt: skip

_PATH = re.compile(r"^(/|[A-Za-z]:[\\/]|\\\\)")
_MNEMONIC = re.compile(r"\(&?[A-Za-z]\)")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+\-_./]*")


def english_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The Latin words of ``text`` a Korean reader would see as English."""
    typed = {word for name in allowed for word in _WORD.findall(name)}
    words = []
    # A mnemonic "파일 이름(&N):" shows "(N)", as Korean Windows writes it too.
    for word in _WORD.findall(_MNEMONIC.sub("", text).replace("&", "")):
        core = word.strip("+-_./")
        if core in ALLOWED_WORDS or core in typed:
            continue
        parts = core.split("+")
        if len(parts) > 1 and all(p in ALLOWED_WORDS or len(p) == 1 for p in parts):
            continue  # a shortcut: Ctrl+D, Ctrl+Shift+P
        if any(ch.isdigit() for ch in core):  # codes: E202, R-0001, 1L, 8808123000103
            continue
        words.append(core)
    return words


def english_in_korean_ui(window: QWidget, typed: Iterable[str] = ()) -> list[Problem]:
    """Visible texts with English words that are not product names, codes, units or keys."""
    typed = list(typed)
    problems = []
    seen: set[tuple[str, str]] = set()
    for widget, text in visible_texts(window):
        if outside_window(widget, window) or _PATH.match(text):
            continue  # a folder's path is the PC's, not the UI's
        words = english_words(text, typed)
        key = (describe(widget), text)
        if words and key not in seen:
            seen.add(key)
            problems.append(Problem(describe(widget), text, f"English: {', '.join(words)}"))
    return problems
