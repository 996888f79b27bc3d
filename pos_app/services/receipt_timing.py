"""When a sale's receipt goes to the printer: at once, after the server's answer, or never.

A Cheongju Pay payment taken online is answered by the server within a second or so; a
receipt printed the moment the payment is recorded would carry "승인 대기" and the
maximum cashback, while the screen shows the approval number a moment later. So such a
receipt waits for the answer, up to ``RECEIPT_WAIT``, and then prints whatever is true
(approved with its number and the credited cashback, or still 승인 대기).

Cash and the card terminal never wait: they are final when recorded, and a cash sale's
drawer kick goes with its receipt. Offline nothing can answer, so the receipt prints at
once (승인 대기). A payment that turns out declined or voided was not paid: no sale receipt.

The rule (:func:`when_to_print`) and the due times (:class:`ReceiptWaits`, on the service's
clock) live here, not in a widget's timer: the UI only asks again on a tick or when
answers arrive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from pos_app.domain.clock import Clock
from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.records import PaymentRecord
from pos_app.domain.tenders import Tender

#: The longest an online Cheongju Pay receipt waits for the server's answer. Longer than
#: the counter's own answer wait (``answer_deadlines.ANSWER_WAIT``, 2 s): a payment the
#: offline rules let stand then is still on its way to the server, and an answer in the
#: next seconds still reaches the paper. Short enough that a customer is not kept at the
#: counter for a slip that will say 승인 대기 anyway.
RECEIPT_WAIT = timedelta(seconds=5)


class PrintWhen(StrEnum):
    PRINT_NOW = "print_now"
    WAIT = "wait"  # for the server's answer (or the end of the wait)
    SKIP = "skip"  # declined or voided: the sale was not paid, there is no sale receipt


def when_to_print(
    payment: PaymentRecord,
    *,
    online: bool,
    waited: timedelta,
    wait: timedelta = RECEIPT_WAIT,
) -> PrintWhen:
    """What to do with ``payment``'s receipt now.

    ``online``: the server was reachable when the payment was recorded; ``waited``: how
    long the receipt has waited so far.
    """
    if payment.tender != Tender.CHEONGJU_PAY:
        return PrintWhen.PRINT_NOW  # final when recorded; the drawer must not wait
    if payment.voided or payment.status == PaymentStatus.DECLINED:
        return PrintWhen.SKIP
    if payment.status != PaymentStatus.PENDING:
        return PrintWhen.PRINT_NOW  # approved: the number and the cashback are known
    if not online:
        return PrintWhen.PRINT_NOW  # nothing can answer now: 승인 대기, as accepted offline
    if not payment.offline:
        # Over the offline limits: it stands only if the server approves it, and the
        # counter's answer wait voids it otherwise (before RECEIPT_WAIT is up). A paper
        # saying 승인 대기 for it could be a receipt for a sale that never happened.
        return PrintWhen.WAIT
    return PrintWhen.PRINT_NOW if waited >= wait else PrintWhen.WAIT


@dataclass(frozen=True)
class _Waiting:
    since: datetime
    online: bool


class ReceiptWaits:
    """Receipts held for the server's answer, keyed by payment id, on the service's clock."""

    def __init__(
        self,
        clock: Clock,
        payment: Callable[[str], PaymentRecord | None],
        *,
        wait: timedelta = RECEIPT_WAIT,
    ) -> None:
        """``payment`` reads a payment as it is now (after the server's answers)."""
        self._clock = clock
        self._payment = payment
        self.wait = wait
        self._waiting: dict[str, _Waiting] = {}

    def arrive(self, payment: PaymentRecord, *, online: bool) -> PrintWhen:
        """The payment was just recorded: print now, skip, or keep it waiting here."""
        decision = when_to_print(payment, online=online, waited=timedelta(0), wait=self.wait)
        if decision is PrintWhen.WAIT:
            self._waiting[payment.payment_id] = _Waiting(self._clock(), online)
        return decision

    def waiting(self) -> tuple[str, ...]:
        return tuple(self._waiting)

    def settle(self) -> list[tuple[PaymentRecord, PrintWhen]]:
        """Each waiting receipt whose wait is over (answered, or out of time), oldest
        first, with PRINT_NOW or SKIP; each one is given once and forgotten."""
        now = self._clock()
        done: list[tuple[PaymentRecord, PrintWhen]] = []
        for payment_id, held in sorted(self._waiting.items(), key=lambda kv: kv[1].since):
            payment = self._payment(payment_id)
            if payment is None:
                del self._waiting[payment_id]
                continue
            decision = when_to_print(
                payment, online=held.online, waited=now - held.since, wait=self.wait
            )
            if decision is not PrintWhen.WAIT:
                del self._waiting[payment_id]
                done.append((payment, decision))
        return done
