"""`python -m dateline check` and `serve` refuse unsafe production settings."""

import os
import socket
import subprocess
import sys

import pytest

GOOD = {
    "DATELINE_ENV": "production",
    "SECRET_KEY": "k3y-" + "Zq8vR2mXw7LpT4nB9cYhF6sJ1dGuE5aK0oVi3rNx" * 2,
    "ALLOWED_HOSTS": "news.example.org",
    "DATELINE_HTTPS": "1",
}


def dateline(*args: str, env: dict, tmp_path, timeout: int = 60) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
        and not k.startswith("DATELINE_")
    }
    return subprocess.run(
        [sys.executable, "-m", "dateline", *args],
        env={**clean, "DATELINE_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_production_with_demo_settings_is_refused_naming_each_problem(tmp_path):
    result = dateline("check", env={"DATELINE_ENV": "production", "DEBUG": "1"}, tmp_path=tmp_path)
    assert result.returncode == 1
    for problem in (
        "(dateline.E001) DEBUG is on",
        "(dateline.E002) SECRET_KEY is the generated demo key",
        "(dateline.E003) ALLOWED_HOSTS is missing",
        "(dateline.E004) DATELINE_HTTPS is off",
    ):
        assert problem in result.stderr
    assert "dateline.E005" not in result.stderr  # 2FA is on by default in production


def test_wildcard_hosts_and_two_factor_off_are_refused(tmp_path):
    env = {**GOOD, "ALLOWED_HOSTS": "*", "DATELINE_STAFF_REQUIRE_2FA": "0"}
    result = dateline("check", env=env, tmp_path=tmp_path)
    assert result.returncode == 1
    assert "(dateline.E003)" in result.stderr
    assert "(dateline.E005) Two-factor sign-in is not required" in result.stderr
    assert "dateline.E001" not in result.stderr and "dateline.E002" not in result.stderr


def test_a_weak_secret_key_is_refused(tmp_path):
    result = dateline("check", env={**GOOD, "SECRET_KEY": "changeme"}, tmp_path=tmp_path)
    assert result.returncode == 1
    assert "(dateline.E002)" in result.stderr


def test_safe_production_settings_pass(tmp_path):
    result = dateline("check", env=GOOD, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_serve_refuses_to_start_in_production_with_debug_on(tmp_path):
    env = {**GOOD, "DEBUG": "1"}
    with socket.socket() as probe:  # a free loopback port, in case it did start
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    result = dateline("serve", "--port", port, "--no-scheduler", env=env, tmp_path=tmp_path)
    assert result.returncode == 1
    assert "(dateline.E001) DEBUG is on" in result.stderr


@pytest.mark.parametrize("args, code", [(["check"], 0), (["check", "--deploy"], 1)])
def test_demo_runs_unchecked_but_deploy_check_shows_what_production_needs(tmp_path, args, code):
    result = dateline(*args, env={}, tmp_path=tmp_path)
    assert result.returncode == code, result.stderr
    if code:
        assert "(dateline.E002)" in result.stderr and "(dateline.E004)" in result.stderr


def test_production_cookies_are_secure_httponly_and_samesite(tmp_path):
    result = dateline("diffsettings", "--all", env=GOOD, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    for line in (
        "SESSION_COOKIE_SECURE = True",
        "SESSION_COOKIE_HTTPONLY = True",
        "SESSION_COOKIE_SAMESITE = 'Lax'",
        "CSRF_COOKIE_SECURE = True",
        "CSRF_COOKIE_HTTPONLY = True",
        "CSRF_COOKIE_SAMESITE = 'Lax'",
        "SECURE_HSTS_SECONDS = 31536000",
        "DATELINE_STAFF_REQUIRE_2FA = True",
    ):
        assert line in result.stdout, line
