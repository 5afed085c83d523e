"""The setups bench/run.py measures: the production stack, the embedded default,
nginx with a static copy of the article and a stock Wagtail peer. A mixin of its
Bench, whose env(), run(), spawn() and cleanups it uses."""

import contextlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from harness import (
    ARTICLE,
    ARTICLE_SLUG,
    BENCH,
    PY,
    REPO,
    STACK_DEMO_ARTICLES,
    Target,
    free_port,
    read_pid,
)


class Setups:
    def start_stack(self) -> subprocess.Popen:
        """`stack up` in the background: it takes half a minute, the embedded
        demo loads meanwhile."""
        self.stack_dir = self.tmp / "stack"
        self.varnish_port = free_port(pair=True)
        self.stack_ports = {
            "--app-port": free_port(),
            "--varnish-port": self.varnish_port,
            "--pg-port": free_port(),
            "--redis-port": free_port(),
        }
        argv = [PY, "-m", "dateline", "stack", "up", "--dir", self.stack_dir]
        argv += ["--demo", STACK_DEMO_ARTICLES]
        for option, port in self.stack_ports.items():
            argv += [option, port]
        # The stack command itself loads settings: keep it out of the repo's data/.
        env = self.env(DATELINE_DATA_DIR=str(self.tmp / "stack-cli"))
        self.note(argv)
        with open(self.tmp / "stack-up.log", "wb") as log:
            process = subprocess.Popen(
                [str(a) for a in argv], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        self.cleanups.append(("stack", self.stop_stack))
        return process

    def stop_stack(self) -> None:
        argv = [PY, "-m", "dateline", "stack", "down", "--dir", self.stack_dir]
        self.run(argv, env=self.env(DATELINE_DATA_DIR=str(self.tmp / "stack-cli")))

    def stack_env(self, **extra) -> dict[str, str]:
        values = dict(
            line.split("=", 1) for line in (self.stack_dir / "env").read_text().splitlines()
        )
        return self.env(**values, **extra)

    def setup_embedded(self) -> None:
        """What `make demo` does, in a temporary data folder."""
        data = self.tmp / "embedded"
        self.embedded_env = {"DATELINE_DATA_DIR": str(data)}
        env = self.env(**self.embedded_env)
        shown = {"DATELINE_DATA_DIR": "$TMP/embedded"}
        for step in (
            ["migrate", "--noinput", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
            ["load-demo"],
            ["live", "demo-channel"],
        ):
            self.run([PY, "-m", "dateline", *step], env=env, env_shown=shown)

    def start_embedded(self, key: str, label: str, page_cache: bool) -> None:
        port = free_port()
        extra = {} if page_cache else {"DATELINE_PAGE_CACHE": ""}
        env = self.env(**self.embedded_env, **extra)
        shown = {"DATELINE_DATA_DIR": "$TMP/embedded", **extra}
        argv = [PY, "-m", "dateline", "serve", "--workers", "2", "--port", port]
        process = self.spawn(key, argv, env=env, env_shown=shown)
        url = f"http://127.0.0.1:{port}{ARTICLE}"
        self.targets[key] = Target(key, label, url, process, process.pid)

    def start_nginx(self, html: bytes) -> None:
        prefix = self.tmp / "nginx"
        root = prefix / "root"
        page = root / ARTICLE.strip("/") / "index.html"
        page.parent.mkdir(parents=True)
        page.write_bytes(html)
        port = free_port()
        conf = prefix / "nginx.conf"
        conf.write_text(
            (BENCH / "nginx.conf.template")
            .read_text()
            .replace("@PREFIX@", str(prefix))
            .replace("@ROOT@", str(root))
            .replace("@PORT@", str(port))
        )
        for folder in (prefix, *root.rglob("*")):
            if folder.is_dir():
                folder.chmod(0o755)
        self.run([shutil.which("nginx") or "/usr/sbin/nginx", "-c", conf, "-p", prefix])
        self.cleanups.append(("nginx", lambda: self.stop_pidfile(prefix / "nginx.pid")))
        self.targets["nginx"] = Target(
            "nginx",
            "nginx, static file (the limit)",
            f"http://127.0.0.1:{port}{ARTICLE}",
            pid=read_pid(prefix / "nginx.pid"),
        )

    @staticmethod
    def stop_pidfile(pidfile: Path) -> None:
        if not pidfile.exists():
            return
        pid = int(pidfile.read_text())
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGQUIT)  # nginx: graceful stop
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def setup_peer(self) -> None:
        article = self.tmp / "article.json"
        shown = {"DATELINE_DATA_DIR": "$TMP/embedded"}
        env = self.env(**self.embedded_env)
        out = self.run(
            [PY, "bench/peer.py", "export", "--slug", ARTICLE_SLUG], env=env, env_shown=shown
        )
        article.write_text(out)
        self.peer_dir = self.tmp / "peer"
        out = self.run([PY, "bench/peer.py", "generate", self.peer_dir, "--article", article])
        self.peer_path = out.strip().splitlines()[-1]

    def start_peer(self, key: str, label: str, cached: bool) -> None:
        port = free_port()
        extra = {"DJANGO_SETTINGS_MODULE": "peer.settings.production"}
        if cached:
            extra["PEER_CACHE"] = "1"
        # The same server and worker settings as `dateline serve` uses.
        argv = [Path(PY).parent / "granian", "--interface", "wsgi", "--workers", "2"]
        argv += ["--blocking-threads", "4", "--host", "127.0.0.1", "--port", port]
        argv += ["--working-dir", self.peer_dir, "peer.wsgi:application"]
        process = self.spawn(key, argv, env=self.env(**extra), env_shown=extra, cwd=self.peer_dir)
        url = f"http://127.0.0.1:{port}{self.peer_path}"
        self.targets[key] = Target(key, label, url, process, process.pid)
