"""A Redis that stops answering costs speed, not pages: against a real
redis-server, stopped halfway."""

import logging
import shutil
import signal
import socket
import subprocess
import time

import pytest

from dateline.caching import resilient
from dateline.caching.resilient import ResilientRedisCache


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_server(tmp_path):
    binary = shutil.which("redis-server")
    if not binary:
        pytest.skip("redis-server is missing: apt-get install redis-server (.ci/run does)")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield server, f"redis://127.0.0.1:{port}/0"
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)


@pytest.fixture(autouse=True)
def _fresh_breaker():
    resilient.ResilientRedisCache._down_until.clear()
    yield
    resilient.ResilientRedisCache._down_until.clear()


def test_cache_works_then_misses_quietly_when_redis_stops(redis_server, caplog):
    server, url = redis_server
    cache = ResilientRedisCache(url, {"KEY_PREFIX": "t"})
    cache.set("story", "cached copy", 60)
    assert cache.get("story") == "cached copy"
    assert cache.add("count", 0, 60) is True
    assert cache.incr("count") == 1

    server.send_signal(signal.SIGKILL)
    server.wait(timeout=10)
    with caplog.at_level(logging.ERROR, logger="dateline.caching"):
        started = time.monotonic()
        assert cache.get("story") is None
        assert cache.get("story", "fallback") == "fallback"
        assert cache.get_or_set("menu", lambda: ["News"], 60) == ["News"]
        cache.set("story", "new copy", 60)
        assert cache.delete("story") is False
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set_many({"a": 1}) == ["a"]
        assert cache.add("other", 1) is False
        with pytest.raises(ValueError):
            cache.incr("count")
        elapsed = time.monotonic() - started
    assert elapsed < 1.5
    assert "unreachable" in caplog.text


def test_unreachable_host_is_given_up_on_quickly(caplog):
    # Nothing listens here: every call must come back at once, and after the
    # first failure without even trying the network.
    cache = ResilientRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})
    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="dateline.caching"):
        for _ in range(200):
            assert cache.get("front-page") is None
    assert time.monotonic() - started < 2
    assert caplog.text.count("unreachable") == 1


def test_cache_comes_back_after_the_retry_delay(redis_server, monkeypatch):
    server, url = redis_server
    cache = ResilientRedisCache(url, {})
    monkeypatch.setattr(resilient, "RETRY_AFTER_SECONDS", 0.2)
    cache._down_until[cache._where] = time.monotonic() + 0.2  # as after a failure
    cache.set("story", "skipped while down", 60)
    time.sleep(0.3)
    cache.set("story", "stored again", 60)
    assert cache.get("story") == "stored again"
