"""The production stack on one machine, from Debian's packages, for tests and
benchmarks: PostgreSQL, Redis, the app (granian) and Varnish in front, all on
127.0.0.1. `up` records what it started; `down` stops exactly that."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings

PG_BIN = Path("/usr/lib/postgresql")
VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "dateline.vcl"


class StackError(RuntimeError):
    pass


@dataclass
class Stack:
    root: Path
    pg_port: int = 54329
    redis_port: int = 63799
    app_port: int = 8001
    varnish_port: int = 6081
    varnish_admin_port: int = 6082
    workers: int = 2
    started: list[str] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        """What the app (and tests and benchmarks) need to use this stack."""
        return {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/dateline",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "VARNISH_URL": f"http://127.0.0.1:{self.varnish_port}",
            "DATELINE_DATA_DIR": str(self.root / "app"),
            "DATELINE_TRUST_X_FORWARDED_FOR": "1",
        }

    @property
    def state_file(self) -> Path:
        return self.root / "stack.json"

    def save(self) -> None:
        data = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(self).items()}
        self.state_file.write_text(json.dumps(data, indent=2))
        (self.root / "env").write_text("".join(f"{k}={v}\n" for k, v in self.env.items()))

    @classmethod
    def load(cls, root: Path) -> "Stack":
        state = root / "stack.json"
        if not state.exists():
            return cls(root=root)
        data = json.loads(state.read_text())
        data["root"] = Path(data["root"])
        return cls(**data)


def _need(binary: str, package: str) -> str:
    path = shutil.which(binary) or (binary if Path(binary).exists() else None)
    if not path:
        raise StackError(f"{binary} is missing: apt-get install {package} (.ci/run does it)")
    return path


def _pg_bin(name: str) -> str:
    versions = sorted(PG_BIN.glob("*/bin"), reverse=True) if PG_BIN.exists() else []
    if not versions:
        raise StackError("PostgreSQL is missing: apt-get install postgresql (.ci/run does it)")
    return str(versions[0] / name)


def _wait_for(url: str, seconds: float = 60, ok_only: bool = False) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=3):
                return
        except urllib.error.HTTPError as exc:
            if not ok_only:
                return
            if time.monotonic() > deadline:
                raise StackError(f"{url} answered {exc.code} for {seconds:.0f} s") from exc
            time.sleep(0.3)
        except OSError as exc:
            if time.monotonic() > deadline:
                raise StackError(f"{url} did not answer in {seconds:.0f} s: {exc}") from exc
            time.sleep(0.3)


def _as_postgres(command: str) -> None:
    runner = ["su", "postgres", "-c", command] if os.geteuid() == 0 else ["sh", "-c", command]
    subprocess.run(runner, check=True, stdout=subprocess.DEVNULL)


def start_postgres(stack: Stack) -> None:
    data, run = stack.root / "pg" / "data", stack.root / "pg" / "run"
    for folder in (stack.root / "pg", run):
        folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres")
    if not (data / "PG_VERSION").exists():
        _as_postgres(f"{_pg_bin('initdb')} -D {data} -U postgres -A trust -E UTF8 --no-sync")
    log = stack.root / "pg" / "postgres.log"
    _as_postgres(
        f"{_pg_bin('pg_ctl')} -D {data} -l {log} -w "
        f"-o '-p {stack.pg_port} -k {run} -c listen_addresses=127.0.0.1 -c fsync=off "
        f"-c synchronous_commit=off -c full_page_writes=off' start"
    )
    stack.started.append("postgres")
    stack.save()
    exists = subprocess.run(
        [_pg_bin("psql"), "-h", "127.0.0.1", "-p", str(stack.pg_port), "-U", "postgres",
         "-tAc", "SELECT 1 FROM pg_database WHERE datname = 'dateline'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        subprocess.run(
            [_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(stack.pg_port), "-U", "postgres",
             "dateline"],
            check=True,
        )  # fmt: skip


def start_redis(stack: Stack) -> None:
    redis = _need("redis-server", "redis-server")
    pidfile = stack.root / "redis.pid"
    subprocess.run(
        [redis, "--port", str(stack.redis_port), "--bind", "127.0.0.1", "--daemonize", "yes",
         "--pidfile", str(pidfile), "--save", "", "--appendonly", "no",
         "--logfile", str(stack.root / "redis.log")],
        check=True,
    )  # fmt: skip
    stack.started.append("redis")
    stack.save()


def start_app(stack: Stack, demo_articles: int = 0) -> None:
    env = {**os.environ, **stack.env}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    python = [sys.executable, "-m", "dateline"]
    steps = [
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["setup-newsroom", "--port", str(stack.varnish_port)],
    ]
    if demo_articles:
        steps.append(["load-demo", "--articles", str(demo_articles)])
    for step in steps:
        subprocess.run(python + step, env=env, check=True, stdout=subprocess.DEVNULL)
    log = open(stack.root / "app.log", "ab")  # noqa: SIM115 - handed to the child
    app = subprocess.Popen(
        python + ["serve", "--port", str(stack.app_port), "--workers", str(stack.workers)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    (stack.root / "app.pid").write_text(str(app.pid))
    stack.started.append("app")
    stack.save()
    _wait_for(f"http://127.0.0.1:{stack.app_port}/robots.txt")


# The shared-memory log records about 20 entries per client request; on a cache
# hit writing them is a sixth of varnishd's CPU (measured: 25 µs a hit with
# them, 21 µs without). The stack logs only what its tools read: backend
# fetches (varnishlog -b, the spike benchmark), transaction bounds, purges and
# errors. Drop the mask to use varnishncsa or `varnishlog -c` on a stack.
VSL_MASK = ",".join(
    ["-Debug", "-ObjProtocol", "-ObjStatus", "-ObjReason", "-ObjHeader", "-VCL_trace"]
    + ["-ExpKill", "-WorkThread", "-Hash", "-VfpAcct", "-VdpAcct", "-H2RxHdr", "-H2RxBody"]
    + ["-H2TxHdr", "-H2TxBody"]  # the above: Varnish 7.1's defaults
    + ["-SessOpen", "-SessClose", "-ReqStart", "-ReqMethod"]
    + ["-ReqURL", "-ReqProtocol", "-ReqHeader", "-ReqUnset", "-RespProtocol"]
    + ["-RespStatus", "-RespReason", "-RespHeader", "-RespUnset", "-Timestamp"]
    + ["-ReqAcct", "-VCL_call", "-VCL_return", "-Hit"]
)


def start_varnish(stack: Stack) -> None:
    varnishd = _need("/usr/sbin/varnishd", "varnish")
    vcl = stack.root / "dateline.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{stack.app_port}";'))
    subprocess.run(
        [varnishd, "-a", f"127.0.0.1:{stack.varnish_port}",
         "-T", f"127.0.0.1:{stack.varnish_admin_port}", "-n", str(stack.root / "varnish"),
         "-P", str(stack.root / "varnish.pid"), "-f", str(vcl), "-s", "malloc,256m",
         "-p", "default_grace=3600", "-p", f"vsl_mask={VSL_MASK}"],
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    stack.started.append("varnish")
    stack.save()


def up(root: Path, *, services=("postgres", "redis", "app", "varnish"), demo_articles=0, **ports):
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)  # PostgreSQL runs as its own user and must reach its folder
    stack = Stack.load(root)
    if stack.started:
        raise StackError(f"a stack is already running from {root}: run `stack down` first")
    stack = Stack(root=root, **ports)
    stack.save()
    try:
        if "postgres" in services:
            start_postgres(stack)
        if "redis" in services:
            start_redis(stack)
        # Varnish first, so purges made while the demo loads reach it.
        if "varnish" in services:
            start_varnish(stack)
        if "app" in services:
            start_app(stack, demo_articles)
            if "varnish" in services:
                # Varnish trusts the app again only after a few good health probes.
                _wait_for(f"http://127.0.0.1:{stack.varnish_port}/robots.txt", ok_only=True)
    except Exception:
        down(root)
        raise
    return stack


def _kill_pidfile(pidfile: Path, sig=signal.SIGTERM, group=False) -> None:
    if not pidfile.exists():
        return
    pid = int(pidfile.read_text().strip())
    try:
        os.killpg(pid, sig) if group else os.kill(pid, sig)
    except ProcessLookupError:
        pass
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    pidfile.unlink(missing_ok=True)


def stop_app(stack: Stack) -> None:
    _kill_pidfile(stack.root / "app.pid", group=True)


def down(root: Path) -> None:
    stack = Stack.load(root)
    for service in reversed(stack.started):
        if service == "varnish":
            _kill_pidfile(stack.root / "varnish.pid")
        elif service == "app":
            stop_app(stack)
        elif service == "redis":
            _kill_pidfile(stack.root / "redis.pid")
        elif service == "postgres":
            _as_postgres(f"{_pg_bin('pg_ctl')} -D {stack.root / 'pg' / 'data'} -m fast -w stop")
    stack.started = []
    stack.save()


def default_root() -> Path:
    return Path(os.environ.get("DATELINE_STACK_DIR", settings.DATA_DIR / "stack"))
