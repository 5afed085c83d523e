"""The deployment guide's nginx (deploy/nginx/dateline.conf), run for real in
front of the live app."""

import getpass
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

NGINX = "/usr/sbin/nginx"
DEPLOY_CONF = Path(__file__).resolve().parents[3] / "deploy" / "nginx" / "dateline.conf"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _fetch(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.build_opener(_NoRedirects).open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def nginx(tmp_path, live_server, settings):
    """deploy/nginx/dateline.conf on a free port, without TLS, sending /media/ from
    this test's MEDIA_ROOT and the rest to the live app instead of Varnish."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed")
    port = _free_port()
    site = DEPLOY_CONF.read_text().split("\nserver {\n    listen 80;")[0]
    site = re.sub(r"\n    listen 443 ssl http2;\n    listen \[::\]:443 ssl http2;", "", site)
    site = re.sub(r"\n    ssl_certificate.*", "", site)
    site = site.replace("server {", f"server {{\n    listen 127.0.0.1:{port};", 1)
    site = site.replace("/srv/dateline/media/", f"{settings.MEDIA_ROOT}/")
    site = site.replace("http://127.0.0.1:6081", live_server.url)
    temp = tmp_path / "nginx"
    temp.mkdir()
    # As root nginx's workers would switch to nobody, who cannot read pytest's tmp_path.
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    (temp / "nginx.conf").write_text(
        f"{user}daemon off;\npid {temp}/nginx.pid;\nerror_log {temp}/error.log;\n"
        f"events {{}}\nhttp {{\n include /etc/nginx/mime.types;\n"
        f" access_log off;\n client_body_temp_path {temp};\n proxy_temp_path {temp};\n"
        f" fastcgi_temp_path {temp};\n uwsgi_temp_path {temp};\n scgi_temp_path {temp};\n"
        f"{site}\n}}\n"
    )
    check = subprocess.run([NGINX, "-t", "-c", f"{temp}/nginx.conf"], capture_output=True)
    assert check.returncode == 0, check.stderr.decode()
    server = subprocess.Popen([NGINX, "-c", f"{temp}/nginx.conf"])
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture
def fetch():
    """GET a URL without following redirects: (status, headers, body)."""
    return _fetch
