"""The static tier's nginx (deploy/nginx/dateline-static.conf) on 127.0.0.1,
for tests and benchmarks: the deploy file as it is, without TLS, on a port of
our choosing, in front of an app on another."""

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "dateline-static.conf"
NGINX = "/usr/sbin/nginx"


def config(
    prefix: Path, *, port: int, mirror: Path, app_port: int, media: Path, onion: str = ""
) -> str:
    """A whole nginx.conf: the deploy file's maps and main server, listening on
    127.0.0.1:port, serving `mirror`, passing the rest to the app; with `onion`,
    its Onion-Location line uncommented for that address."""
    text = CONF.read_text()
    if onion:
        line = 'add_header Onion-Location "'
        text = text.replace(f"# {line}http://youraddress.onion", line + onion)
    text = text[: text.index("server {\n    listen 80;")]  # the HTTP-to-HTTPS server
    text = re.sub(r"\n\s*listen \[::\]:443[^\n]*", "", text)
    text = re.sub(r"\n\s*ssl_certificate[^\n]*", "", text)
    text = text.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{port};")
    text = text.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    text = text.replace("root /srv/dateline/mirror;", f"root {mirror};")
    text = text.replace("alias /srv/dateline/media/;", f"alias {media}/;")
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"    {name}_temp_path {prefix}/{name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes auto;\npcre_jit on;\npid {prefix}/nginx.pid;\n"
        f"error_log {prefix}/error.log warn;\nevents {{ worker_connections 4096; }}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"    access_log off;\n    keepalive_requests 100000;\n{temp}{text}}}\n"
    )


def start(prefix: Path, **options) -> Path:
    """Start nginx (a daemon); returns its pid file. Stop it with stop(prefix)."""
    nginx = shutil.which("nginx") or NGINX
    if not Path(nginx).exists():
        raise RuntimeError("nginx is missing: apt-get install nginx")
    prefix.mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(config(prefix, **options))
    subprocess.run([nginx, "-c", str(conf), "-p", str(prefix)], check=True, capture_output=True)
    return prefix / "nginx.pid"


def reload_command(prefix: Path) -> str:
    """DATELINE_MIRROR_RELOAD_COMMAND for the nginx start() runs in prefix."""
    nginx = shutil.which("nginx") or NGINX
    return f"{nginx} -c {prefix / 'nginx.conf'} -p {prefix} -s reload"


def stop(prefix: Path) -> None:
    pidfile = prefix / "nginx.pid"
    if not pidfile.exists():
        return
    pid = int(pidfile.read_text().strip())
    try:
        os.kill(pid, signal.SIGQUIT)  # graceful
    except ProcessLookupError:
        return
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)


def available() -> bool:
    return bool(shutil.which("nginx")) or Path(NGINX).exists()
