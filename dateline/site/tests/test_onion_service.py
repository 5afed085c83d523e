"""deploy/tor as shipped: Debian's tor makes the onion service's keys and address
from dateline.torrc with no network at all, the app takes that address as
DATELINE_ONION_URL, and nginx's onion block hands readers on as the guide says.
Every process started here is bounded in time and stopped by its own id."""

import http.server
import os
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from dateline.base import onion

DEPLOY = Path(__file__).resolve().parents[3] / "deploy" / "tor"
TOR = Path("/usr/sbin/tor")
NGINX = Path("/usr/sbin/nginx")
ADDRESS = re.compile(r"^[a-z2-7]{56}\.onion$")
# Tor wrote its keys in about a second on this 2-core machine; generous for CI.
TOR_WAIT_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _options(text: str) -> list[tuple[str, str]]:
    return [
        tuple(line.split(None, 1))
        for line in (raw.strip() for raw in text.splitlines())
        if line and not line.startswith("#")
    ]


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def test_tor_makes_the_onion_address_offline_from_the_shipped_torrc(
    tmp_path, settings, client, home
):
    if not TOR.exists():
        pytest.fail(f"{TOR} is missing: run `apt-get install tor`")
    service_dir = tmp_path / "dateline"
    # The shipped lines, with the keys in a temporary folder, plus what a test
    # run needs: its own data folder, no SOCKS port, no network.
    lines = []
    for name, value in _options((DEPLOY / "dateline.torrc").read_text()):
        lines.append(f"{name} {service_dir}/" if name == "HiddenServiceDir" else f"{name} {value}")
    lines += [
        f"DataDirectory {tmp_path / 'data'}",
        "SocksPort 0",
        "DisableNetwork 1",
        f"Log notice file {tmp_path / 'tor.log'}",
    ]
    torrc = tmp_path / "torrc"
    torrc.write_text("\n".join(lines) + "\n")
    # No defaults file: Debian's service defaults (User debian-tor, /run/tor)
    # belong to the system's tor.
    (tmp_path / "defaults").write_text("")
    tor = subprocess.Popen(
        [str(TOR), "-f", str(torrc), "--defaults-torrc", str(tmp_path / "defaults")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    hostname = service_dir / "hostname"
    started = time.monotonic()
    try:
        while not hostname.exists() and time.monotonic() - started < TOR_WAIT_SECONDS:
            if tor.poll() is not None:
                break
            time.sleep(0.2)
        log = (tmp_path / "tor.log").read_text() if (tmp_path / "tor.log").exists() else ""
        assert hostname.exists(), f"no hostname after {time.monotonic() - started:.1f} s:\n{log}"
        assert tor.poll() is None, log  # still running: it took the whole file
    finally:
        _stop(tor)
    address = hostname.read_text().strip()
    assert ADDRESS.match(address), address
    assert (service_dir / "hs_ed25519_secret_key").stat().st_size > 0
    assert service_dir.stat().st_mode & 0o777 == 0o700

    # The address is one the app takes, and public pages then name it.
    settings.DATELINE_ONION_URL = onion.address(f"http://{address}\n")
    response = client.get(home.url)
    assert response["Onion-Location"] == f"http://{address}{home.url}"


def test_tor_hands_onion_readers_to_nginx_onion_block():
    torrc = dict(_options((DEPLOY / "dateline.torrc").read_text()))
    virtual, target = torrc["HiddenServicePort"].split()
    listen = re.search(r"listen ([\d.]+:\d+) proxy_protocol;", _nginx_conf())
    assert virtual == "80" and listen and target == listen.group(1)
    assert torrc["HiddenServiceExportCircuitID"] == "haproxy"


def _nginx_conf() -> str:
    return (DEPLOY / "nginx-onion.conf").read_text()


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Varnish's stand-in: remembers what nginx sent, answers as the app would."""

    seen: list = []

    def do_GET(self):
        self.seen.append(dict(self.headers))
        body = b"<!doctype html><title>ok</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Onion-Location", "http://example.onion/en/")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_nginx_onion_block_passes_readers_on_as_the_public_site(tmp_path):
    if not NGINX.exists():
        pytest.fail(f"{NGINX} is missing: run `apt-get install nginx`")
    backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    port = _free_port()
    conf = (
        _nginx_conf()
        .replace("listen 127.0.0.1:8081", f"listen 127.0.0.1:{port}")
        .replace("http://127.0.0.1:6081", f"http://127.0.0.1:{backend.server_port}")
        .replace("/srv/dateline/media/", f"{tmp_path}/media/")
    )
    (tmp_path / "onion.conf").write_text(conf)
    (tmp_path / "nginx.conf").write_text(
        f"daemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events {}\nhttp {\n  access_log off;\n"
        f"  include {tmp_path}/onion.conf;\n}}\n"
    )
    nginx = subprocess.Popen(
        [str(NGINX), "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", "stderr"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        answer = b""
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
                    # What tor sends with HiddenServiceExportCircuitID haproxy,
                    # then a reader's request with a forged address.
                    conn.sendall(
                        b"PROXY TCP6 fc00:dead:beef:4dad::0:2a ::1 51234 80\r\n"
                        b"GET /en/ HTTP/1.1\r\nHost: abc.onion\r\n"
                        b"X-Forwarded-For: 203.0.113.9\r\nConnection: close\r\n\r\n"
                    )
                    while chunk := conn.recv(65536):
                        answer += chunk
                break
            except ConnectionRefusedError:
                assert nginx.poll() is None and time.monotonic() < deadline, nginx.stderr.read()
                time.sleep(0.1)
    finally:
        _stop(nginx)
        backend.shutdown()
    head = answer.split(b"\r\n\r\n", 1)[0].decode().lower()
    assert head.startswith("http/1.1 200"), answer
    assert "onion-location" not in head
    (seen,) = _Recorder.seen
    seen = {name.lower(): value for name, value in seen.items()}
    assert seen["host"] == "news.example.org"
    assert seen["x-forwarded-proto"] == "https"
    assert seen["x-forwarded-for"] == "fc00:dead:beef:4dad::0:2a"
