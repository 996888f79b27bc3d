"""ui/background.py: work off the UI thread, its outcome (or coded error) on the UI thread,
nothing delivered to a parent that is gone, a serial lane in order."""

from __future__ import annotations

import logging
import threading

import shiboken6
from PySide6.QtCore import QObject

from pos_app.domain.errors import UserFacingError
from pos_app.ui.background import SerialLane, run_task


class Outcomes:
    def __init__(self) -> None:
        self.seen: list[tuple[str, object, bool]] = []  # (kind, value, on the UI thread)

    def ok(self, value: object) -> None:
        self.seen.append(("ok", value, threading.current_thread() is threading.main_thread()))

    def failed(self, error: UserFacingError) -> None:
        self.seen.append(("failed", error, threading.current_thread() is threading.main_thread()))


def test_a_task_runs_off_the_ui_thread_and_its_result_comes_back_on_it(qtbot) -> None:
    parent, outcomes = QObject(), Outcomes()
    run_task(parent, lambda: threading.current_thread().name, outcomes.ok, outcomes.failed)
    qtbot.waitUntil(lambda: bool(outcomes.seen))
    [(kind, worker, on_ui_thread)] = outcomes.seen
    assert kind == "ok" and worker != threading.main_thread().name and on_ui_thread


def test_a_coded_error_is_delivered_as_it_is(qtbot) -> None:
    parent, outcomes = QObject(), Outcomes()

    def refused() -> None:
        raise UserFacingError("mpm_pay.offline")

    run_task(parent, refused, outcomes.ok, outcomes.failed)
    qtbot.waitUntil(lambda: bool(outcomes.seen))
    [(kind, error, on_ui_thread)] = outcomes.seen
    assert kind == "failed" and on_ui_thread
    assert isinstance(error, UserFacingError) and error.key == "mpm_pay.offline"


def test_any_other_exception_becomes_a_coded_error_and_is_logged(qtbot, caplog) -> None:
    parent, outcomes = QObject(), Outcomes()

    def broken() -> None:
        raise ValueError("a bug")

    with caplog.at_level(logging.ERROR, logger="pos_app.ui.background"):
        run_task(parent, broken, outcomes.ok, outcomes.failed, name="broken")
        run_task(
            parent,
            broken,
            outcomes.ok,
            outcomes.failed,
            coded=lambda exc: UserFacingError("backup.failed", detail=str(exc)),
        )
        qtbot.waitUntil(lambda: len(outcomes.seen) == 2)
    codes = sorted(error.code for _kind, error, _ui in outcomes.seen)  # type: ignore[attr-defined]
    assert codes == ["E906", "E999"]  # never a traceback at the counter
    logged = [record for record in caplog.records if record.exc_info]
    assert len(logged) == 2 and all("a bug" in str(r.exc_info[1]) for r in logged)


def test_nothing_is_delivered_to_a_parent_that_is_gone(qtbot) -> None:
    lane = SerialLane("test-lane")
    gone, alive, outcomes = QObject(), QObject(), Outcomes()
    release = threading.Event()
    try:
        lane.submit(gone, lambda: release.wait(10) and "late", outcomes.ok, outcomes.failed)
        shiboken6.delete(gone)  # the dialog closed while its call was out
        release.set()
        # Same lane, so this one is delivered after the first one would have been.
        lane.submit(alive, lambda: "next", outcomes.ok, outcomes.failed)
        qtbot.waitUntil(lambda: bool(outcomes.seen))
        assert [value for _kind, value, _ui in outcomes.seen] == ["next"]
    finally:
        lane.close(5)


def test_a_serial_lane_runs_tasks_one_after_another_in_order(qtbot) -> None:
    lane = SerialLane("test-lane")
    parent, outcomes = QObject(), Outcomes()
    running: list[int] = []
    overlap: list[int] = []

    def job(number: int) -> int:
        if running:
            overlap.append(number)
        running.append(number)
        threading.Event().wait(0.01)
        running.remove(number)
        return number

    try:
        for number in range(5):
            lane.submit(parent, lambda number=number: job(number), outcomes.ok, outcomes.failed)
        qtbot.waitUntil(lambda: len(outcomes.seen) == 5)
    finally:
        lane.close(5)
    assert [value for _kind, value, _ui in outcomes.seen] == [0, 1, 2, 3, 4]
    assert not overlap
    assert not lane.submit(parent, lambda: 5, outcomes.ok)  # closed: nothing more runs
