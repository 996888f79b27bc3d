"""Enrol this POS with the central server: address, merchant ID, one-time code.

Shown at first start (with the PIN fields: the till's owner is made with that PIN, which
approves voids and refunds) and after the server revoked
the device's access (F7). Re-enrolling keeps the device's id and every pending
record.

The enrolment waits on the server, so it runs off the UI thread (``ui/background.py``) on a
connection of its own; the dialog says it is waiting and holds its Enrol button meanwhile.
Cancel stays usable: the dialog closes at once and the attempt stops before it confirms
anything (``services/enrolment.py``, ``CancelSwitch``); a form the server could only refuse
(no code, a code of the wrong shape) is refused here and never sent.
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
from pos_app.domain.errors import ErrorKey, UserFacingError
from pos_app.services.enrolment import (
    CancelSwitch,
    Enroller,
    EnrolmentCancelled,
    check_enrolment_form,
    enrolment_context,
)
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
        previous = enrolment_context(conn).previous
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
        self._switch: CancelSwitch | None = None  # the attempt waiting on the server
        self.enrol_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.enrol_button.setText(self.tr("Enrol"))
        buttons.accepted.connect(self._enrol)
        buttons.rejected.connect(self.reject)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.refresh_intro()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        (self.enrolment_code if previous else self.merchant_id).setFocus()

    def refresh_intro(self) -> None:
        """Say why the form is here from what the file says now: a revocation learned
        while the form is open (the server answered meanwhile) is said in the open form."""
        context = enrolment_context(self._conn)
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
        self.intro.setText("\n".join(lines))
        self._fit_height()

    def _enrol(self) -> None:
        if self._needs_pin:
            pin = self.pin.text()
            if not is_valid_pin(pin):
                self._show("error", self.tr("The manager PIN must be at least 4 digits."))
                return
            if pin != self.pin_again.text():
                self._show("error", self.tr("The two PINs differ."))
                return
        if self._enrolling:
            return
        server_url, merchant_id = self.server_url.text(), self.merchant_id.text()
        code, device_name = self.enrolment_code.text(), self.device_name.text()
        try:
            check_enrolment_form(merchant_id, code)
        except UserFacingError as refused:
            self._refuse_field(refused)
            return
        switch = self._switch = CancelSwitch()
        self._set_enrolling(True)
        self._show("info", self.tr("Enrolling: waiting for the server..."))
        path = database_file(self._conn)
        enroller = self._enroller

        def enrol() -> bool:
            # sqlite3 connections stay on the thread that opened them: one of its own.
            conn = connect(path)
            try:
                enroller.enrol(
                    conn,
                    server_url=server_url,
                    merchant_id=merchant_id,
                    enrolment_code=code,
                    device_name=device_name,
                    switch=switch,
                )
            except EnrolmentCancelled:
                return False  # nothing was confirmed; the grant expires on the server
            finally:
                conn.close()
            return True

        run_task(
            self,
            enrol,
            lambda done: self._enrolled(switch, done),
            lambda error: self._refused(switch, error),
            name="enrolment",
        )

    def _refuse_field(self, refused: UserFacingError) -> None:
        """A form the server could only refuse: said here, the field to mend focused."""
        field = (
            self.merchant_id
            if refused.key is ErrorKey.ENROLMENT_MERCHANT_EMPTY
            else self.enrolment_code
        )
        self._show_error(refused)
        field.setFocus()
        field.selectAll()

    def _set_enrolling(self, enrolling: bool) -> None:
        self._enrolling = enrolling
        # Cancel stays usable: a hung server must not hold the merchant in the form.
        self.enrol_button.setEnabled(not enrolling)

    def _refused(self, switch: CancelSwitch, error: UserFacingError) -> None:
        if switch is not self._switch:
            return  # the answer to an attempt the merchant cancelled
        self._switch = None
        self._set_enrolling(False)
        self._show_error(error)

    def _enrolled(self, switch: CancelSwitch, done: bool) -> None:
        if switch is not self._switch or not done:
            return  # cancelled: the dialog is closed and nothing was confirmed
        self._switch = None
        self._set_enrolling(False)
        if self._needs_pin:
            set_owner_pin(self._conn, self._clock, self.pin.text())
        self.accept()

    def _show(self, kind: str, text: str) -> None:
        self.error.show_message(kind, text)
        self._fit_height()

    def _show_error(self, error: UserFacingError) -> None:
        self.error.show_error(error, self._language)
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as the form and the message on show, no taller: a short message after
        a long one must not leave the dialog stretched with gaps between its rows."""
        if not self.isVisible():
            return  # a dialog not yet shown takes the size its content asks for anyway
        layout = self.layout()
        layout.activate()
        width = self.width()
        if layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(width)
        else:
            needed = layout.totalSizeHint().height()
        if needed != self.height():
            self.resize(width, max(needed, self.minimumSizeHint().height()))

    def reject(self) -> None:
        switch = self._switch
        if self._enrolling and switch is not None and not switch.cancel():
            # The confirm is already on its way: the server is enrolling this device, and
            # closing now would leave it active there and unknown here. It ends shortly.
            self._show(
                "info",
                self.tr("The server is finishing this enrolment; the form closes by itself."),
            )
            return
        self._switch = None
        self._set_enrolling(False)
        super().reject()
