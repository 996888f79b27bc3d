"""Each online payment's wait for the server's answer, and what happens when it runs out.

A Cheongju Pay payment taken online is pushed at once and the counter waits up to
``ANSWER_WAIT`` for the answer. When the wait is over and no answer came, the offline
rules decide (``CheckoutService.settle_unanswered``): a payment they allowed stands
(approval follows), one over them is voided (a system void, reason
``no_answer_over_offline_limits``).

The deadlines live here, one per payment id, on the service's clock: not in a widget's
timer, which a rebuilt window (F11) or a second sale would lose. Payments left undecided
by a POS stopped inside the wait are picked up from the file when this is made, so the
first check after a start settles them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from pos_app.domain.clock import Clock, parse_utc
from pos_app.domain.payment_status import PaymentStatus
from pos_app.domain.records import PaymentRecord

#: How long the counter waits for an online payment's answer before the offline rules decide.
ANSWER_WAIT = timedelta(seconds=2)


class WaitOutcome(StrEnum):
    VOIDED = "voided"  # over the offline limits and unanswered: voided by the system
    STANDS_OFFLINE = "stands_offline"  # unanswered, but the offline rules allow it
    ALREADY_DECIDED = "already_decided"  # answered in time (or voided by hand): nothing to do


@dataclass(frozen=True)
class SettledWait:
    payment: PaymentRecord
    outcome: WaitOutcome


class AnswerDeadlines:
    """Due times keyed by payment id; :meth:`settle_due` decides the ones whose time is up."""

    def __init__(
        self,
        clock: Clock,
        settle: Callable[[str], PaymentRecord | None],
        payment: Callable[[str], PaymentRecord | None],
        *,
        wait: timedelta = ANSWER_WAIT,
    ) -> None:
        """``settle`` voids a payment if the rules say so (returns it voided, else None);
        ``payment`` reads one as it is now."""
        self._clock = clock
        self._settle = settle
        self._payment = payment
        self.wait = wait
        self._due: dict[str, datetime] = {}

    def start(self, payment_id: str, recorded_at: datetime) -> None:
        """The payment was recorded online at ``recorded_at``: its wait starts then."""
        self._due[payment_id] = recorded_at + self.wait

    def resume(self, unsettled: list[tuple[str, str]]) -> None:
        """Payments found undecided in the file (id, paid_at): due when their wait ended,
        which after a restart is usually already past."""
        for payment_id, paid_at in unsettled:
            self._due.setdefault(payment_id, parse_utc(paid_at) + self.wait)

    def waiting(self) -> tuple[str, ...]:
        return tuple(self._due)

    def due_at(self, payment_id: str) -> datetime | None:
        return self._due.get(payment_id)

    def settle_due(self) -> list[SettledWait]:
        """Decide every payment whose wait is over, oldest first; each one once."""
        if not self._due:
            return []
        now = self._clock()
        due = sorted((at, payment_id) for payment_id, at in self._due.items() if at <= now)
        settled: list[SettledWait] = []
        for _at, payment_id in due:
            del self._due[payment_id]  # before settling: a failure is not retried forever
            voided = self._settle(payment_id)
            payment = voided or self._payment(payment_id)
            if payment is None:
                continue
            if voided is not None:
                outcome = WaitOutcome.VOIDED
            elif payment.status == PaymentStatus.PENDING and not payment.voided:
                outcome = WaitOutcome.STANDS_OFFLINE
            else:
                outcome = WaitOutcome.ALREADY_DECIDED
            settled.append(SettledWait(payment, outcome))
        return settled
