"""Enrol this POS with the central server: address, merchant ID, one-time code.

Shown at first start (with the PIN fields: the till's owner is made with that PIN, which
approves voids and refunds) and after the server revoked
the device's access (F7). Re-enrolling keeps the device's id and every pending
record.

The enrolment waits on the server, so it runs off the UI thread (``ui/background.py``) on a
connection of its own; the dialog says it is waiting and holds its buttons meanwhile.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pos_app.domain.clock import Clock
from pos_app.domain.errors import UserFacingError
from pos_app.services.enrolment import Enroller, enrolment_context
from pos_app.services.pins import is_valid_pin
from pos_app.services.setup import has_owner, set_owner_pin
from pos_app.store.database import connect, database_file
from pos_app.sync.credentials import CredentialStore
from pos_app.sync.engine import ClientFactory
from pos_app.ui.background import run_task
from pos_app.ui.message_bar import MessageBar


class EnrolmentDialog(QDialog):
    def __init__(
        self,
        conn: sqlite3.Connection,
        credentials: CredentialStore,
        client_factory: ClientFactory,
        clock: Clock,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._conn = conn
        self._credentials = credentials
        self._client_factory = client_factory
        self._clock = clock
        self._language = language
        # One for the form's life: a grant whose token could not be stored is held there
        # for the next press of the button (same code), never burned.
        self._enroller = Enroller(credentials, client_factory, clock)
        self.setWindowTitle(self.tr("Enrol this POS with the Cheongju Pay server"))
        context = enrolment_context(conn)
        previous = context.previous
        self.server_url = QLineEdit(previous.server_url if previous else "https://")
        self.merchant_id = QLineEdit(previous.merchant_id if previous else "")
        self.enrolment_code = QLineEdit()
        self.device_name = QLineEdit(previous.device_name if previous else "POS-01")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_again = QLineEdit()
        self.pin_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = MessageBar()
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.server_url)
        form.addRow(self.tr("Merchant ID"), self.merchant_id)
        form.addRow(self.tr("Enrolment code"), self.enrolment_code)
        form.addRow(self.tr("Device name"), self.device_name)
        self._needs_pin = not has_owner(conn)
        if self._needs_pin:
            form.addRow(self.tr("Manager PIN (4+ digits)"), self.pin)
            form.addRow(self.tr("Manager PIN again"), self.pin_again)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._buttons = buttons
        self._enrolling = False
        self.enrol_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.enrol_button.setText(self.tr("Enrol"))
        buttons.accepted.connect(self._enrol)
        buttons.rejected.connect(self.reject)
        lines = []
        if context.revoked:
            lines.append(
                self.tr(
                    "Cheongju Pay revoked this device's enrolment: it takes no Cheongju Pay"
                    " payments until it is enrolled again (cash and card still work)."
                    " Ask the merchant office for a new code."
                )
            )
        lines.append(
            self.tr(
                "Enter the merchant ID and the one-time enrolment code from the Cheongju Pay"
                " merchant office."
            )
        )
        if context.has_pending_records:
            lines.append(self.tr("Records waiting to be sent are kept."))
        self.intro = QLabel("\n".join(lines))
        self.intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.enrolment_code if previous else self.merchant_id).setFocus()

    def _enrol(self) -> None:
        if self._needs_pin:
            pin = self.pin.text()
            if not is_valid_pin(pin):
                self.error.show_message(
                    "error", self.tr("The manager PIN must be at least 4 digits.")
                )
                return
            if pin != self.pin_again.text():
                self.error.show_message("error", self.tr("The two PINs differ."))
                return
        if self._enrolling:
            return
        self._set_enrolling(True)
        self.error.show_message("info", self.tr("Enrolling: waiting for the server..."))
        path = database_file(self._conn)
        enroller = self._enroller
        server_url, merchant_id = self.server_url.text(), self.merchant_id.text()
        code, device_name = self.enrolment_code.text(), self.device_name.text()

        def enrol() -> None:
            # sqlite3 connections stay on the thread that opened them: one of its own.
            conn = connect(path)
            try:
                enroller.enrol(
                    conn,
                    server_url=server_url,
                    merchant_id=merchant_id,
                    enrolment_code=code,
                    device_name=device_name,
                )
            finally:
                conn.close()

        run_task(self, enrol, self._enrolled, self._refused, name="enrolment")

    def _set_enrolling(self, enrolling: bool) -> None:
        self._enrolling = enrolling
        self._buttons.setEnabled(not enrolling)

    def _refused(self, error: UserFacingError) -> None:
        self._set_enrolling(False)
        self.error.show_error(error, self._language)

    def _enrolled(self, _result: None) -> None:
        self._set_enrolling(False)
        if self._needs_pin:
            set_owner_pin(self._conn, self._clock, self.pin.text())
        self.accept()

    def reject(self) -> None:
        # Not while the server is enrolling this device: its answer is stored when it comes.
        if not self._enrolling:
            super().reject()
