"""The pure parts of sync: back-off timing and which server addresses are allowed."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.errors import UserFacingError
from pos_app.sync.backoff import Backoff
from pos_app.sync.client import check_server_url, is_loopback_host


@given(st.integers(0, 2**32), st.integers(1, 30))
def test_backoff_grows_to_the_cap_with_full_jitter(seed, failures):
    backoff = Backoff(base_s=1.0, cap_s=60.0, rng=random.Random(seed))
    for attempt in range(failures):
        delay = backoff.next_delay()
        assert 0.0 <= delay <= min(60.0, 2.0**attempt)
    backoff.reset()
    assert backoff.next_delay() <= 1.0


def test_backoff_honours_retry_after_as_a_minimum():
    backoff = Backoff(rng=random.Random(1))
    assert backoff.next_delay(retry_after_s=30) >= 30
    assert backoff.failures == 1


def test_jitter_spreads_many_clients_apart():
    delays = [Backoff(rng=random.Random(seed), failures=5).next_delay() for seed in range(200)]
    assert max(delays) - min(delays) > 20  # not all at once after an outage


@pytest.mark.parametrize(
    "url",
    [
        "https://pay.example.kr",
        "https://pay.example.kr/",
        "http://127.0.0.1:8700",
        "http://localhost:8700",
        "http://[::1]:8700",
        "http://127.8.9.10",
    ],
)
def test_allowed_server_urls(url):
    assert check_server_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url", ["http://pay.example.kr", "http://192.168.0.10:8700", "ftp://x", "pay.example.kr", ""]
)
def test_plain_http_to_another_machine_is_refused(url):
    with pytest.raises(UserFacingError) as refused:
        check_server_url(url)
    assert refused.value.code == "E406"


def test_loopback_detection():
    assert is_loopback_host("127.0.0.1") and is_loopback_host("::1")
    assert not is_loopback_host("10.0.0.1") and not is_loopback_host("example.kr")
