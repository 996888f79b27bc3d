"""The day-close screen (마감정산): open the day, cash in/out, count the drawer, close.

Keyboard first. No day open: type the float, Enter opens the day. A day open: Ctrl+I /
Ctrl+O put the cursor in the cash in/out amount (Enter moves to the reason, Enter again
records it); Ctrl+K goes to the count (one field per note and coin, Enter moves down, or
a total); Ctrl+Enter asks to close and Ctrl+Enter again closes. The settlement on the
right is live while the day is open and shows the slip as closed afterwards.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.clock import KST, parse_utc
from pos_app.domain.day_close import DENOMINATIONS, MAX_CASH, Settlement
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.domain.money import format_won, parse_won
from pos_app.services.day_close import DayCloseService
from pos_app.ui.day_close.keys import add_screen_key
from pos_app.ui.day_close.settlement_view import SettlementView
from pos_app.ui.message_bar import MessageBar


def parse_cash(text: str) -> int:
    """``"12,000"`` or ``"12000원"`` -> 12000; anything else is a coded refusal."""
    try:
        return parse_won(text)
    except ValueError:
        raise UserFacingError(ErrorKey.DAY_BAD_AMOUNT, max=f"{MAX_CASH:,}") from None


class _VerticalScroll(QScrollArea):
    """Scrolls up and down only, so it must be as wide as its content needs: a plain
    QScrollArea asks for no width of its own, and the layout squeezed the content under
    the other column (the count form and the state line cut off at 1024 px once the
    over/short showed, the amounts' 원 under the scroll bar in English)."""

    def __init__(self) -> None:
        super().__init__()
        # Enter walks down the count by setFocus, which (unlike Tab) never scrolled: the
        # total, the difference and the close button stayed below the fold at 768 px.
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._follow_focus)

    def _follow_focus(self, _old: QWidget | None, now: QWidget | None) -> None:
        content = self.widget()
        if now is not None and content is not None and content.isAncestorOf(now):
            self.ensureWidgetVisible(now)

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        content = self.widget()
        if content is None:
            return hint
        width = (
            content.minimumSizeHint().width()
            + self.verticalScrollBar().sizeHint().width()
            + 2 * self.frameWidth()
        )
        return QSize(max(hint.width(), width), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The content's needs change with what it shows (the over/short appears after the
        # count): ask the layout again, as a plain widget in a layout would.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)


def _scrolling(content: QWidget) -> QScrollArea:
    """``content`` scrolls up and down when the window is short (a 1024x768 screen): the
    drawer count and the settlement are taller than the room a maximised window gives, and
    without this their height became the whole window's minimum (off the screen)."""
    scroll = _VerticalScroll()
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


def _money_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText(placeholder)
    field.setAlignment(Qt.AlignmentFlag.AlignRight)
    field.setStyleSheet("font-size: 20px; padding: 4px;")
    return field


class DayCloseScreen(QWidget):
    # Emitted after each recorded event (open, cash in/out, close).
    day_changed = Signal()
    #: The day just closed (its slip prints if a receipt printer is set up).
    day_closed = Signal(str)
    #: A day's id whose slip should print (Ctrl+P).
    slip_requested = Signal(str)
    #: A day's id whose slip should be shown as it prints (Ctrl+Shift+P).
    slip_preview_requested = Signal(str)

    def __init__(
        self, service: DayCloseService, language: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._language = language
        self._close_armed = False
        self.message = MessageBar()
        self.state = QLabel()
        self.state.setStyleSheet("font-size: 20px; font-weight: bold;")
        self.state.setWordWrap(True)  # long in English; never widens the window

        # --- open the day
        self.float_amount = _money_field(self.tr("Cash float, e.g. 100,000"))
        self.float_amount.returnPressed.connect(self.open_day)
        open_button = QPushButton(self.tr("Open the day (Enter)"))
        open_button.setObjectName("primaryAction")
        open_button.clicked.connect(self.open_day)
        self.open_box = QGroupBox(self.tr("Open the business day"))
        open_layout = QVBoxLayout(self.open_box)
        open_layout.addWidget(QLabel(self.tr("Cash in the drawer to start with:")))
        open_layout.addWidget(self.float_amount)
        open_layout.addWidget(open_button)

        # --- cash in / out
        self.move_amount = _money_field(self.tr("Amount"))
        self.move_reason = QLineEdit()
        self.move_reason.setPlaceholderText(self.tr("Reason, e.g. change from the bank"))
        self.move_amount.returnPressed.connect(self.move_reason.setFocus)
        self.move_reason.returnPressed.connect(self._record_move)
        self._move_direction = "in"
        self.move_in = QPushButton(self.tr("Cash in (Ctrl+I)"))
        self.move_in.setCheckable(True)
        self.move_out = QPushButton(self.tr("Cash out (Ctrl+O)"))
        self.move_out.setCheckable(True)
        self.move_in.clicked.connect(lambda: self.start_move("in"))
        self.move_out.clicked.connect(lambda: self.start_move("out"))
        record_move = QPushButton(self.tr("Record (Enter)"))
        record_move.clicked.connect(self._record_move)
        self.move_box = QGroupBox(self.tr("Cash in / out"))
        move_layout = QGridLayout(self.move_box)
        move_layout.addWidget(self.move_in, 0, 0)
        move_layout.addWidget(self.move_out, 0, 1)
        move_layout.addWidget(self.move_amount, 1, 0, 1, 2)
        move_layout.addWidget(self.move_reason, 2, 0, 1, 2)
        move_layout.addWidget(record_move, 3, 0, 1, 2)

        # --- count and close
        self.pieces: dict[int, QLineEdit] = {}
        self.count_box = QGroupBox(self.tr("Count the drawer (Ctrl+K)"))
        count_layout = QGridLayout(self.count_box)
        fields: list[QLineEdit] = []
        for row, value in enumerate(DENOMINATIONS):
            field = QLineEdit()
            field.setPlaceholderText("0")
            field.setAlignment(Qt.AlignmentFlag.AlignRight)
            field.setMaximumWidth(90)
            field.textChanged.connect(self._count_changed)
            self.pieces[value] = field
            fields.append(field)
            count_layout.addWidget(QLabel(format_won(value)), row, 0)
            count_layout.addWidget(QLabel("×"), row, 1)
            count_layout.addWidget(field, row, 2)
        self.counted_total = _money_field(self.tr("or the total counted"))
        self.counted_total.textEdited.connect(self._total_typed)
        fields.append(self.counted_total)
        # Enter walks down the count like Tab, so a cashier never reaches for the mouse.
        for current, following in pairwise(fields):
            current.returnPressed.connect(following.setFocus)
        self.counted_total.returnPressed.connect(self.request_close)
        self.count_sum = QLabel()
        self.count_sum.setStyleSheet("font-size: 22px; font-weight: bold;")
        self.count_sum.setWordWrap(True)  # counted / expected / difference: long at 1024 px
        row = len(DENOMINATIONS)
        count_layout.addWidget(QLabel(self.tr("Total")), row, 0)
        count_layout.addWidget(self.counted_total, row, 2)
        count_layout.addWidget(self.count_sum, row + 1, 0, 1, 3)
        self.close_button = QPushButton(self.tr("Close the day (Ctrl+Enter)"))
        self.close_button.setObjectName("primaryAction")
        self.close_button.clicked.connect(self.request_close)
        count_layout.addWidget(self.close_button, row + 2, 0, 1, 3)

        self.settlement = SettlementView(pin_result=True)
        self.print_slip_button = QPushButton(self.tr("Print the slip (Ctrl+P)"))
        self.print_slip_button.clicked.connect(self.request_slip)
        self.preview_slip_button = QPushButton(self.tr("Show the slip (Ctrl+Shift+P)"))
        self.preview_slip_button.clicked.connect(self.request_slip_preview)
        slip_buttons = QHBoxLayout()
        slip_buttons.addStretch(1)
        slip_buttons.addWidget(self.preview_slip_button)
        slip_buttons.addWidget(self.print_slip_button)
        right = QVBoxLayout()
        self._settlement_scroll = _scrolling(self.settlement)
        right.addWidget(self._settlement_scroll, 1)
        right.addWidget(self.settlement.result)  # never scrolled out of view
        right.addLayout(slip_buttons)

        left_content = QWidget()
        left = QVBoxLayout(left_content)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.state)
        left.addWidget(self.open_box)
        left.addWidget(self.move_box)
        left.addWidget(self.count_box)
        left.addStretch(1)
        body = QHBoxLayout()
        self._count_scroll = _scrolling(left_content)
        body.addWidget(self._count_scroll, 2)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(body, 1)

        add_screen_key(self, "Ctrl+I", lambda: self.start_move("in"))
        add_screen_key(self, "Ctrl+O", lambda: self.start_move("out"))
        add_screen_key(self, "Ctrl+K", self.focus_count)
        add_screen_key(self, "Ctrl+Return", self.request_close)
        add_screen_key(self, "Ctrl+Enter", self.request_close)
        add_screen_key(self, "Escape", self._disarm)
        add_screen_key(self, "Ctrl+P", self.request_slip)
        add_screen_key(self, "Ctrl+Shift+P", self.request_slip_preview)
        self.reload()

    # ----- state --------------------------------------------------------------------

    def reload(self) -> None:
        day = self._service.current_day()
        self._disarm()
        is_open = day is not None
        self.open_box.setVisible(not is_open)
        self.move_box.setVisible(is_open)
        self.count_box.setVisible(is_open)
        shown = day or self._service.last_closed()
        self.print_slip_button.setEnabled(shown is not None)
        self.preview_slip_button.setEnabled(shown is not None)
        if day is not None:
            if day.float_counted:
                state = self.tr("Business day open since %1 (float %2)").replace(
                    "%2", format_won(day.float_amount)
                )
            else:  # opened by a sale, the drawer not counted
                state = self.tr("Business day open since %1 (float not counted)")
            self.state.setText(state.replace("%1", _kst_clock(day.opened_at)))
            self.settlement.show_settlement(
                self._service.settlement(day), self.tr("Settlement so far")
            )
            self._count_changed()
            return
        last = self._service.last_closed()
        if last is None:
            self.state.setText(self.tr("No business day is open."))
            self.settlement.show_settlement(None, self.tr("No day closed yet"))
        else:
            self.state.setText(
                self.tr("No business day is open. The last day closed at %1.").replace(
                    "%1", _kst_clock(last.closed_at or "")
                )
            )
            self.settlement.show_settlement(
                self._service.settlement(last),
                self.tr("Settlement of %1 (closed)").replace("%1", last.business_date),
            )

    def focus_search(self) -> None:
        """What gets the focus when the screen is shown: the next thing to type."""
        if self._service.current_day() is None:
            self.float_amount.setFocus()
        else:
            self.focus_count()

    def focus_count(self) -> None:
        if self.count_box.isVisible():
            self.pieces[DENOMINATIONS[0]].setFocus()
            self.pieces[DENOMINATIONS[0]].selectAll()

    # ----- actions ------------------------------------------------------------------

    def open_day(self) -> None:
        try:
            day = self._service.open_day(parse_cash(self.float_amount.text()))
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        self.float_amount.clear()
        self.message.show_message(
            "ok",
            self.tr("The day is open with a float of %1.").replace(
                "%1", format_won(day.float_amount)
            ),
        )
        self.day_changed.emit()
        self.reload()
        self.focus_search()

    def start_move(self, direction: str) -> None:
        if not self.move_box.isVisible():
            return
        self._move_direction = direction
        self.move_in.setChecked(direction == "in")
        self.move_out.setChecked(direction == "out")
        self.move_amount.setFocus()
        self.move_amount.selectAll()

    def _record_move(self) -> None:
        try:
            amount = parse_cash(self.move_amount.text())
            reason = self.move_reason.text()
            if self._move_direction == "in":
                self._service.cash_in(amount, reason)
            else:
                self._service.cash_out(amount, reason)
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        template = (
            self.tr("Cash in recorded: %1")
            if self._move_direction == "in"
            else self.tr("Cash out recorded: %1")
        )
        self.message.show_message("ok", template.replace("%1", format_won(amount)))
        self.move_amount.clear()
        self.move_reason.clear()
        self.day_changed.emit()
        self.reload()
        self.move_amount.setFocus()

    def _counted_pieces(self) -> dict[int, int] | None:
        """The count by denomination, or None if none was typed (then the total is used)."""
        if not any(field.text().strip() for field in self.pieces.values()):
            return None
        pieces: dict[int, int] = {}
        for value, field in self.pieces.items():
            text = field.text().strip() or "0"
            if not text.isascii() or not text.isdigit():
                raise UserFacingError(ErrorKey.DAY_BAD_COUNT)
            pieces[value] = int(text)
        return pieces

    def _count_changed(self) -> None:
        try:
            pieces = self._counted_pieces()
        except UserFacingError:
            self.count_sum.setText(self.tr("Counted: check the numbers"))
            return
        if pieces is not None:
            total = sum(value * count for value, count in pieces.items())
            self.counted_total.setText(f"{total:,}")
        self._show_count_preview()

    def _total_typed(self) -> None:
        # A total typed by hand replaces a count by pieces (they would disagree).
        for field in self.pieces.values():
            field.blockSignals(True)
            field.clear()
            field.blockSignals(False)
        self._show_count_preview()

    def _show_count_preview(self) -> None:
        text = self.counted_total.text().strip()
        current = self._service.settlement()
        if not text or current is None:
            self.count_sum.setText("")
            if current is not None:
                self.settlement.show_settlement(current, self.tr("Settlement so far"))
            return
        try:
            counted = parse_cash(text)
        except UserFacingError:
            self.count_sum.setText(self.tr("Counted: check the numbers"))
            return
        difference = counted - current.expected_cash
        # Over/short shows on the settlement as the count is typed, before closing.
        self.settlement.show_settlement(
            replace(current, counted_cash=counted), self.tr("Settlement so far")
        )
        self.count_sum.setText(
            self.tr("Counted %1, expected %2, difference %3")
            .replace("%1", format_won(counted))
            .replace("%2", format_won(current.expected_cash))
            .replace("%3", format_won(difference))
        )

    def _show_close_button(self) -> None:
        self._count_scroll.ensureWidgetVisible(self.close_button)

    def request_close(self) -> None:
        """First press asks, the second closes: a close cannot be taken back."""
        if not self.count_box.isVisible():
            return
        try:
            pieces = self._counted_pieces()
            total_text = self.counted_total.text().strip()
            if pieces is None and not total_text:
                raise UserFacingError(ErrorKey.DAY_NOT_COUNTED)
            counted = None if pieces is not None else parse_cash(total_text)
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        if not self._close_armed:
            self._close_armed = True
            question = self.tr(
                "Close the day now? Press Ctrl+Enter again to close, Esc to go back."
            )
            count, total = self._service.parked_left()
            if count:
                # Goods put aside for a customer who has not paid: no sale of this day.
                question = (
                    self.tr("%1 parked sales (%2) are still waiting (Ctrl+Shift+B on the counter).")
                    .replace("%1", str(count))
                    .replace("%2", format_won(total))
                    + " "
                    + question
                )
            self.message.show_message("error" if count else "info", question)
            # The question takes room above: once laid out, bring the button it speaks of
            # into view for a cashier who closes with the mouse.
            QTimer.singleShot(0, self._show_close_button)
            return
        self._close_armed = False
        try:
            closed = self._service.close_day(counted=counted, pieces=pieces)
        except UserFacingError as error:
            self.message.show_error(error, self._language)
            return
        for field in (*self.pieces.values(), self.counted_total):
            field.blockSignals(True)
            field.clear()
            field.blockSignals(False)
        self.message.show_message("ok", self._closed_text(closed))
        self.day_changed.emit()
        self.reload()
        self.float_amount.setFocus()
        last = self._service.last_closed()
        if last is not None:
            self.day_closed.emit(last.day_id)

    def _closed_text(self, closed: Settlement) -> str:
        text = self.tr("The day is closed. Counted %1 against %2 expected.")
        text = text.replace("%1", format_won(closed.counted_cash or 0))
        text = text.replace("%2", format_won(closed.expected_cash))
        if closed.has_pending:
            text += " " + self.tr("%1 Cheongju Pay items still await approval.").replace(
                "%1", str(closed.pending_count)
            )
        return text

    # ----- the slip ---------------------------------------------------------------------

    def shown_day_id(self) -> str | None:
        """The day the settlement shows: the open one, else the last closed."""
        day = self._service.current_day() or self._service.last_closed()
        return day.day_id if day is not None else None

    def request_slip(self) -> None:
        day_id = self.shown_day_id()
        if day_id is not None:
            self.slip_requested.emit(day_id)

    def request_slip_preview(self) -> None:
        day_id = self.shown_day_id()
        if day_id is not None:
            self.slip_preview_requested.emit(day_id)

    def show_print_outcome(self, outcome: object) -> None:
        """What the printer said about the slip (called by the printing side)."""
        if isinstance(outcome, UserFacingError):
            self.message.show_error(outcome, self._language)
        else:
            self.message.show_message("ok", self.tr("The slip was printed."))

    def _disarm(self) -> None:
        if self._close_armed:
            self._close_armed = False
            self.message.show_message("info", "")


def _kst_clock(stamp: str) -> str:
    """RFC 3339 UTC -> 'YYYY-MM-DD HH:MM' in Korea time."""
    if not stamp:
        return ""
    moment = parse_utc(stamp)
    return moment.astimezone(KST).strftime("%Y-%m-%d %H:%M")
