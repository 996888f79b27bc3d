"""공지사항: the city's notices, pinned first ("고정") then newest, unread in bold.

Up/Down move through the list and show each notice in the detail pane; the one shown while
the screen is in front counts as read (Enter marks the selected one read too). A notice
arriving through the sync updates the list where it stands, without taking the focus.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.clock import KST
from pos_app.services.notices import Notice, NoticeService

_ID_ROLE = Qt.ItemDataRole.UserRole
_PINNED_COLOUR = "#b45309"  # dark orange: stands out, and is not the restriction's red
_STYLE = """
QLabel#noticeTitle { font-size: 22px; font-weight: bold; }
QLabel#noticeDate { color: #555; font-size: 15px; }
QTextBrowser#noticeBody { font-size: 17px; }
QTreeWidget#noticeList { font-size: 17px; }
QTreeWidget#noticeList::item { padding: 6px 2px; }
QTreeWidget#noticeList::item:selected { background: #d1fae5; color: black; }
"""


def published_text(notice: Notice) -> str:
    """``2026-11-25 09:30`` in KST (as the shop reads clocks), or nothing if unknown."""
    if notice.published_at is None:
        return ""
    return notice.published_at.astimezone(KST).strftime("%Y-%m-%d %H:%M")


class NoticesScreen(QWidget):
    read_changed = Signal()  # the unread count went down (the tab badge follows)

    MARK, TITLE, DATE = range(3)

    def __init__(self, notices: NoticeService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._notices = notices
        self._shown: list[Notice] = []
        self.setStyleSheet(_STYLE)
        self.count = QLabel()
        self.list = QTreeWidget()
        self.list.setObjectName("noticeList")
        self.list.setColumnCount(3)
        self.list.setHeaderLabels(["", self.tr("Title"), self.tr("Published")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(self.MARK, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.DATE, QHeaderView.ResizeMode.ResizeToContents)
        self.list.currentItemChanged.connect(self._current_changed)

        self.title = QLabel()
        self.title.setObjectName("noticeTitle")
        self.title.setWordWrap(True)
        self.date = QLabel()
        self.date.setObjectName("noticeDate")
        self.body = QTextBrowser()
        self.body.setObjectName("noticeBody")
        self.body.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Up/Down stay with the list

        enter = QAction(self)
        enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        enter.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        enter.triggered.connect(self.mark_selected_read)
        self.addAction(enter)

        left = QVBoxLayout()
        left.addWidget(self.count)
        left.addWidget(self.list, 1)
        detail = QVBoxLayout()
        detail.addWidget(self.title)
        detail.addWidget(self.date)
        detail.addWidget(self.body, 1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(detail, 2)
        self.reload()

    # ----- the list ---------------------------------------------------------------------

    def reload(self) -> None:
        """Read the notices again, keeping the selected one selected."""
        selected = self.selected()
        self._shown = self._notices.notices()
        self.list.blockSignals(True)  # refilling is not the cashier choosing a notice
        self.list.clear()
        for notice in self._shown:
            self.list.addTopLevelItem(self._item(notice))
        self.list.blockSignals(False)
        self._show_count()
        if selected is not None:
            self.select_notice(selected.notice_id)
        else:
            self._show_detail(None)

    def _show_count(self) -> None:
        unread = sum(1 for notice in self._shown if not notice.read)
        self.count.setText(
            self.tr("%1 notices · %2 unread")
            .replace("%1", str(len(self._shown)))
            .replace("%2", str(unread))
        )

    def _item(self, notice: Notice) -> QTreeWidgetItem:
        # Words, not an emoji: a counter PC often has no colour-emoji font.
        mark = self.tr("Pinned") if notice.pinned else ""
        item = QTreeWidgetItem([mark, notice.title, published_text(notice)])
        item.setData(self.TITLE, _ID_ROLE, notice.notice_id)
        if notice.pinned:
            item.setForeground(self.MARK, QBrush(QColor(_PINNED_COLOUR)))
            font = QFont(item.font(self.MARK))
            font.setBold(True)
            item.setFont(self.MARK, font)
        if not notice.read:
            font = QFont(item.font(self.TITLE))
            font.setBold(True)
            for column in (self.TITLE, self.DATE):
                item.setFont(column, font)
            item.setToolTip(self.TITLE, self.tr("Unread"))
        return item

    def selected(self) -> Notice | None:
        item = self.list.currentItem()
        if item is None:
            return None
        notice_id = item.data(self.TITLE, _ID_ROLE)
        return next((n for n in self._shown if n.notice_id == notice_id), None)

    def select_notice(self, notice_id: str) -> None:
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item.data(self.TITLE, _ID_ROLE) == notice_id:
                self.list.setCurrentItem(item)
                return

    def focus_search(self) -> None:
        """What the screen focuses when it comes to the front: the list, on a notice."""
        # Chosen before the focus arrives: a view given the focus makes its first row current
        # without selecting it, and the cashier would see no highlight.
        if self.list.currentItem() is None and self.list.topLevelItemCount():
            self.list.setCurrentItem(self.list.topLevelItem(0))
        current = self.list.currentItem()
        if current is not None:
            current.setSelected(True)
        self.list.setFocus()

    # ----- the detail -------------------------------------------------------------------

    def _current_changed(self, *_args: object) -> None:
        notice = self.selected()
        self._show_detail(notice)
        # Shown in front of the cashier: read. Selected while hidden (a refill): not yet.
        if notice is not None and self.isVisible():
            self._mark_read(notice)

    def _show_detail(self, notice: Notice | None) -> None:
        if notice is None:
            self.title.setText(self.tr("Choose a notice (Up/Down)") if self._shown else "")
            self.date.setText("" if self._shown else self.tr("No notices from the city yet."))
            self.body.clear()
            return
        pinned = f"[{self.tr('Pinned')}] " if notice.pinned else ""
        self.title.setText(pinned + notice.title)
        self.date.setText(self.tr("Published %1").replace("%1", published_text(notice)))
        self.body.setPlainText(notice.body)

    def mark_selected_read(self) -> None:
        notice = self.selected()
        if notice is not None:
            self._mark_read(notice)

    def _mark_read(self, notice: Notice) -> None:
        if notice.read or not self._notices.mark_read(notice.notice_id):
            return
        # Redrawn in place: rebuilding the list inside its own selection signal is unsafe.
        self._shown = [
            replace(n, read=True) if n.notice_id == notice.notice_id else n for n in self._shown
        ]
        item = self.list.currentItem()
        if item is not None and item.data(self.TITLE, _ID_ROLE) == notice.notice_id:
            for column in (self.TITLE, self.DATE):  # the pinned mark stays bold
                font = QFont(item.font(column))
                font.setBold(False)
                item.setFont(column, font)
            item.setToolTip(self.TITLE, "")
        self._show_count()
        self.read_changed.emit()
