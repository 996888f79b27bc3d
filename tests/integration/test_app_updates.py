"""App versions end to end: the counter's real sync tells the real server (a process on
127.0.0.1) which version it runs; the operator's ``publish-version`` reaches the running
counter's banner through the long poll, calm and then louder below the minimum; ``doctor``
reads the same facts from the file.
"""

from __future__ import annotations

import json

import test_counter_orders
from servers import ServerProcess

from pos_app.domain.app_version import UpdateLevel, is_version
from pos_app.services import doctor
from pos_app.support.maintenance import real_probes
from pos_app.ui.app import PosController

counter = test_counter_orders.counter
till = test_counter_orders.till
server = test_counter_orders.server

SHA = "0123456789abcdef" * 4
URL = "https://pay.cheongju.go.kr/pos/cjpay-pos-setup.exe"


def publish(server: ServerProcess, latest: str, minimum: str) -> None:
    server.cli(
        "publish-version",
        "--latest",
        latest,
        "--minimum",
        minimum,
        "--url",
        URL,
        "--sha256",
        SHA,
    )


def test_the_version_goes_up_and_the_published_one_comes_down(
    counter: PosController, till, server: ServerProcess, qtbot
) -> None:
    running = counter.updates.running
    assert is_version(running)
    # The counter has synced (the fixture waits for it): the server knows its version.
    devices = {row["device_id"]: row for row in json.loads(server.cli("devices"))}
    assert devices[till.device_id()]["app_version"] == running
    assert devices[till.device_id()]["app_version_since"]

    banner = counter.window.update_banner
    assert banner.isHidden()
    publish(server, "99.0.0", running)
    qtbot.waitUntil(banner.isVisible, timeout=20_000)  # the long poll, no restart
    assert banner.level is UpdateLevel.AVAILABLE
    assert banner.title.text().startswith("[E951] 새 버전 99.0.0이(가) 있습니다")
    assert URL in banner.hint.text()

    publish(server, "99.0.0", "98.0.0")
    qtbot.waitUntil(lambda: banner.level is UpdateLevel.BELOW_MINIMUM, timeout=20_000)
    assert banner.isVisible()
    assert banner.title.text().startswith(f"[E952] 이 프로그램({running})은")
    assert counter.sync.worker.is_online()  # nothing refused: it syncs on

    checks = doctor.run_checks(till.db_path, real_probes())
    [version] = [check for check in checks if check.label == "프로그램 버전"]
    assert version.level is doctor.Level.WARN
    assert f"지금 {running}, 최신 99.0.0, 최소 98.0.0" in version.detail
    assert URL in version.detail and SHA in version.detail
    assert "프로그램 버전" in doctor.render(checks, till.db_path)
