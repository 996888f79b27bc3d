"""A push the server rate-limits (429 too_many_pushes) waits at least its Retry-After."""

from __future__ import annotations

import pytest
from test_media_upload import Canned, client_answering

from pos_app.sync.backoff import Backoff
from pos_app.sync.errors import ServerBusy


def test_a_rate_limited_push_is_busy_for_the_servers_retry_after():
    refusal = Canned(429, {"code": "too_many_pushes"}, {"Retry-After": "7"})
    with pytest.raises(ServerBusy) as busy:
        client_answering(refusal).push("device", [{"seq": 1}])
    assert busy.value.retry_after == 7
    assert Backoff().next_delay(busy.value.retry_after) >= 7  # what the worker waits
