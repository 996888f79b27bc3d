"""Sign-in, manager override and staff management, driven from the keyboard."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest
from helpers import FIXED_NOW
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from pos_app.domain.staff import MAX_FAILURES, Action, Role
from pos_app.services.demo import DEMO_CASHIER_PIN, DEMO_MANAGER_PIN
from pos_app.services.staff import StaffService
from pos_app.ui.staff.override_dialog import ManagerOverrideDialog
from pos_app.ui.staff.sign_in import SignInDialog
from pos_app.ui.staff.staff_screen import StaffForm, StaffScreen
from pos_app.ui.translations import LanguageSwitcher


class FakeClock:
    def __init__(self) -> None:
        self.now: datetime = FIXED_NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def staff(demo_db: sqlite3.Connection) -> StaffService:
    return StaffService(demo_db, FakeClock())


def type_pin(widget, pin: str) -> None:
    QTest.keyClicks(widget.entry.pin, pin)
    QTest.keyClick(widget.entry.pin, Qt.Key.Key_Return)


def test_typing_a_pin_signs_that_person_in(qtbot, staff: StaffService) -> None:
    dialog = SignInDialog(staff, "ko", can_cancel=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "Who is at the till?"  # 누가 계산하나요? in Korean
    QTest.keyClick(dialog.entry.pin, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # the till cannot be left without someone signed in
    type_pin(dialog, "9999")
    assert dialog.error.text().startswith("[E801]")
    assert dialog.entry.pin.text() == "" and dialog.isVisible()
    type_pin(dialog, DEMO_CASHIER_PIN)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.member is not None and dialog.member.role is Role.CASHIER
    assert staff.current() == dialog.member


def test_arrows_pick_a_name_and_its_lockout_shows_the_time_left(qtbot, staff: StaffService) -> None:
    dialog = SignInDialog(staff, "ko")
    qtbot.addWidget(dialog)
    dialog.show()
    names = [dialog.entry.names.item(i).text() for i in range(dialog.entry.names.count())]
    cashier_row = next(i for i, text in enumerate(names) if "캐셔" in text)
    for _ in range(cashier_row):
        QTest.keyClick(dialog.entry.pin, Qt.Key.Key_Down)
    assert dialog.entry.names.currentRow() == cashier_row
    for _ in range(MAX_FAILURES):
        type_pin(dialog, DEMO_MANAGER_PIN)  # the owner's PIN is wrong for the cashier
    assert dialog.error.text().startswith("[E802]") and "5:00" in dialog.error.text()
    QTest.keyClick(dialog.entry.pin, Qt.Key.Key_Up)
    assert dialog.entry.names.currentRow() == cashier_row - 1
    QTest.keyClick(dialog.entry.pin, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.member is None


def test_a_manager_override_at_a_cashiers_till(qtbot, staff: StaffService) -> None:
    cashier = staff.sign_in(DEMO_CASHIER_PIN)
    dialog = ManagerOverrideDialog(staff, "결제취소 18,900원", "ko", action=Action.REFUND)
    qtbot.addWidget(dialog)
    dialog.show()
    # Only those who may approve are listed.
    listed = [dialog.entry.names.item(i).text() for i in range(dialog.entry.names.count())]
    assert not any("캐셔" in text for text in listed)
    type_pin(dialog, DEMO_CASHIER_PIN)
    assert dialog.error.text().startswith("[E804]")
    assert dialog.approver is None and dialog.isVisible()
    type_pin(dialog, DEMO_MANAGER_PIN)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.approver is not None and dialog.approver.role is Role.OWNER
    assert staff.current() == cashier


def answer_form(fill) -> None:
    """Fill the next modal StaffForm from the keyboard once it is open."""

    def answer() -> None:
        form = QApplication.activeModalWidget()
        assert isinstance(form, StaffForm)
        fill(form)
        QTest.keyClick(form, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)


def test_the_owner_adds_changes_and_deactivates_staff(qtbot, staff: StaffService) -> None:
    staff.sign_in(DEMO_MANAGER_PIN)
    screen = StaffScreen(staff, "ko")
    qtbot.addWidget(screen)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)

    def new_person(form: StaffForm) -> None:
        QTest.keyClicks(form.name, "Park")  # QTest types ASCII only
        form.role.setCurrentIndex(1)  # 캐셔 -> 매니저
        QTest.keyClicks(form.pin, "7777")

    answer_form(new_person)
    screen.add()
    assert screen.message.text() == "Added."
    added = next(m for m in staff.members() if m.name == "Park")
    assert added.role is Role.MANAGER
    assert staff.approve("7777", Action.REFUND) == added

    # The same PIN as the cashier's is refused with its code.
    screen.list.setCurrentRow(
        next(i for i in range(screen.list.count()) if "Park" in screen.list.item(i).text())
    )
    answer_form(lambda form: QTest.keyClicks(form.pin, DEMO_CASHIER_PIN))
    screen.reset_pin()
    assert screen.message.text().startswith("[E806]")

    screen.activateWindow()
    screen.list.setFocus()
    qtbot.waitUntil(lambda: screen.isActiveWindow() and screen.list.hasFocus())
    QTest.keyClick(screen.list, Qt.Key.Key_Delete)
    assert added.staff_id not in {m.staff_id for m in staff.members()}
    assert "Park" in screen.list.currentItem().text()

    # A cashier at the screen gets the refusal, not a traceback.
    staff.sign_in(DEMO_CASHIER_PIN)
    screen.list.setCurrentRow(0)
    screen.deactivate()
    assert screen.message.text().startswith("[E803]")


def test_the_sign_in_dialog_speaks_korean(qtbot, staff: StaffService) -> None:
    switcher = LanguageSwitcher(QApplication.instance())
    assert switcher.apply("ko")
    try:
        dialog = SignInDialog(staff, "ko")
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "누가 계산하나요?"
        assert dialog.entry.names.item(0).text() == "(PIN만 입력)"
    finally:
        switcher.apply("en")
