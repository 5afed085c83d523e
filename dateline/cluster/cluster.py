"""Dateline on several hosts, on one machine: each host a network namespace of
its own (dateline.cluster.netns), each server the one production runs.

    front   Varnish, balancing the two app hosts (health probes, a retry on the
            other host when one fails)
    static  the static tier: nginx serving the mirror's files, the rest passed
            to the app hosts (deploy/nginx/dateline-static.conf); publishing on
            either app host rewrites the files (here a folder both reach, as a
            network file system would be; or the mirror's S3 bucket behind a CDN)
    app1/2  `python -m dateline serve` (granian and the scheduler), no state of
            their own: each has a data folder nobody else reads
    db1     PostgreSQL primary
    db2     PostgreSQL streaming replica (pg_basebackup, hot standby)
    redis   Redis: caches, sessions' neighbours, the page-cache generation
    s3      an S3-compatible object store for media (moto's standalone server;
            docs/decisions/0015-several-hosts-on-one-machine.md)

The machine itself is the control host: it reaches every host at its address
on the cluster's bridge, runs migrations and the demo load, and is where tests
and benchmarks run. `up` records every process and link it makes in
DIR/cluster.json; `down` removes exactly those.
"""

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dateline.caching import stack as single
from dateline.mirror import nginx as mirror_nginx

from . import netns

HOSTS = {
    "front": 10,
    "static": 13,
    "app1": 11,
    "app2": 12,
    "db1": 21,
    "db2": 22,
    "redis": 31,
    "s3": 41,
}
APP_HOSTS = ("app1", "app2")
APP_PORT, PG_PORT, REDIS_PORT, S3_PORT, FRONT_PORT = 8000, 5432, 6379, 9000, 80
BUCKET = "dateline-media"


class ClusterError(RuntimeError):
    pass


@dataclass
class Cluster:
    root: Path
    tag: str = ""
    subnet: int = 0
    secret_key: str = ""
    password: str = ""
    workers: int = 2
    scheduler_interval: int = 10
    # What is running, in the order it started: {"name": ..., "pid": ...}.
    started: list[dict] = field(default_factory=list)

    @property
    def network(self) -> netns.Network:
        return netns.Network(tag=self.tag, subnet=self.subnet)

    def address(self, host: str) -> str:
        if host == "control":
            return self.network.gateway
        return self.network.address(HOSTS[host])

    @property
    def front_url(self) -> str:
        return f"http://{self.address('front')}"

    @property
    def static_url(self) -> str:
        return f"http://{self.address('static')}"

    def app_url(self, host: str) -> str:
        return f"http://{self.address(host)}:{APP_PORT}"

    @property
    def database_url(self) -> str:
        # Both servers, and libpq picks the one that takes writes: after a
        # promotion the apps follow with no change of configuration.
        hosts = ",".join(f"{self.address(db)}:{PG_PORT}" for db in ("db1", "db2"))
        return f"postgres://postgres@{hosts}/dateline?target_session_attrs=read-write"

    def db_url(self, host: str) -> str:
        return f"postgres://postgres@{self.address(host)}:{PG_PORT}/dateline"

    def host_env(self, host: str) -> dict[str, str]:
        """The environment of `serve` on an app host (or of a command run on
        the control host): the same everywhere but the data folder."""
        apps = [self.address(h) for h in ("front", "static", *APP_HOSTS)]
        s3 = f"{self.address('s3')}:{S3_PORT}"
        return {
            "DATABASE_URL": self.database_url,
            "DATABASE_REPLICA_URL": self.db_url("db2"),
            "REDIS_URL": f"redis://{self.address('redis')}:{REDIS_PORT}/0",
            "VARNISH_URL": self.front_url,
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": ",".join([*apps, "127.0.0.1", "localhost"]),
            "CSRF_TRUSTED_ORIGINS": ",".join(
                [self.front_url, self.static_url, *(self.app_url(h) for h in APP_HOSTS)]
            ),
            "WAGTAILADMIN_BASE_URL": self.front_url,
            "DATELINE_TRUST_X_FORWARDED_FOR": "1",
            "DATELINE_DATA_DIR": str(self.root / host),
            "STATIC_ROOT": str(self.root / "static"),
            "DATELINE_SCHEDULER_INTERVAL": str(self.scheduler_interval),
            "S3_BUCKET": BUCKET,
            "S3_ENDPOINT_URL": f"http://{s3}",
            "S3_CUSTOM_DOMAIN": f"{s3}/{BUCKET}",
            "S3_URL_PROTOCOL": "http:",
            "AWS_ACCESS_KEY_ID": "dateline-cluster",
            "AWS_SECRET_ACCESS_KEY": "dateline-cluster",
            "AWS_DEFAULT_REGION": "us-east-1",
            "DATELINE_MIRROR_DIR": str(self.root / "static" / "mirror"),
            "DATELINE_MIRROR_BASE_URL": self.static_url,
            "DATELINE_MIRROR_RELOAD_COMMAND": mirror_nginx.reload_command(
                self.root / "static" / "nginx"
            ),
            "PYTHONUNBUFFERED": "1",
        }

    @property
    def env(self) -> dict[str, str]:
        """For commands on the control host (the shape `stack_python` takes)."""
        return self.host_env("control")

    @property
    def state_file(self) -> Path:
        return self.root / "cluster.json"

    def save(self) -> None:
        data = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(self).items()}
        self.state_file.write_text(json.dumps(data, indent=2))
        (self.root / "env").write_text("".join(f"{k}={v}\n" for k, v in self.env.items()))

    @classmethod
    def load(cls, root: Path) -> "Cluster":
        state = root / "cluster.json"
        if not state.exists():
            raise ClusterError(f"no cluster was started from {root}")
        data = json.loads(state.read_text())
        data["root"] = Path(data["root"])
        return cls(**data)

    def record(self, name: str, pid: int | None = None) -> None:
        self.started.append({"name": name, "pid": pid})
        self.save()

    def run_in(self, host: str, command: list[str], **kwargs) -> subprocess.CompletedProcess:
        kwargs.setdefault("timeout", 300)  # every step of `up` is bounded
        return subprocess.run(self.network.exec(host) + command, **kwargs)

    def spawn(self, host: str, name: str, command: list[str], env=None) -> int:
        """Start a long-running server in `host`; its output goes to DIR/name.log."""
        log = open(self.root / f"{name}.log", "ab")  # noqa: SIM115 - the child's
        process = subprocess.Popen(
            self.network.exec(host) + command,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.record(name, process.pid)
        return process.pid


def _python_env(extra: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, **extra}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _as_postgres(cluster: Cluster, host: str, command: str) -> None:
    done = cluster.run_in(host, ["su", "postgres", "-c", command], capture_output=True, text=True)
    if done.returncode:
        raise ClusterError(f"{host}: {command}: {done.stderr.strip() or done.stdout.strip()}")


def _pg_dir(cluster: Cluster, host: str) -> Path:
    return cluster.root / host / "pg"


def start_primary(cluster: Cluster) -> None:
    data = _pg_dir(cluster, "db1")
    data.parent.mkdir(parents=True, exist_ok=True)
    data.parent.chmod(0o755)
    shutil.chown(data.parent, "postgres")
    initdb = single._pg_bin("initdb")
    _as_postgres(cluster, "db1", f"{initdb} -D {data} -U postgres -A trust -E UTF8 --no-sync")
    subnet = f"10.213.{cluster.subnet}.0/24"
    with open(data / "pg_hba.conf", "a") as hba:
        # The cluster's own network only; nothing else can reach these hosts.
        hba.write(f"host all all {subnet} trust\nhost replication all {subnet} trust\n")
    _start_postgres(cluster, "db1")
    exists = cluster.run_in(
        "db1",
        [single._pg_bin("psql"), "-h", cluster.address("db1"), "-U", "postgres", "-tAc",
         "SELECT 1 FROM pg_database WHERE datname = 'dateline'"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        cluster.run_in(
            "db1",
            [single._pg_bin("createdb"), "-h", cluster.address("db1"), "-U", "postgres",
             "dateline"],
            check=True,
        )  # fmt: skip


def _start_postgres(cluster: Cluster, host: str) -> None:
    data = _pg_dir(cluster, host)
    # Durability is the tests' to spare (fsync off), not replication's: the
    # replica replays the same WAL a production primary would send.
    options = (
        f"-c listen_addresses={cluster.address(host)} -c port={PG_PORT} "
        f"-k {data.parent} -c fsync=off -c full_page_writes=off "
        "-c wal_level=replica -c max_wal_senders=10 -c hot_standby=on"
    )
    _as_postgres(
        cluster,
        host,
        f"{single._pg_bin('pg_ctl')} -D {data} -l {data.parent / 'postgres.log'} -w -t 60 "
        f"-o '{options}' start",
    )
    cluster.record(f"postgres-{host}")


def start_replica(cluster: Cluster) -> None:
    data = _pg_dir(cluster, "db2")
    data.parent.mkdir(parents=True, exist_ok=True)
    data.parent.chmod(0o755)
    shutil.chown(data.parent, "postgres")
    # -R writes primary_conninfo and standby.signal: a hot standby streaming
    # from db1 across the cluster's network. A fast checkpoint: the default
    # spreads it out and held `up` for 90 s.
    _as_postgres(
        cluster,
        "db2",
        f"{single._pg_bin('pg_basebackup')} -h {cluster.address('db1')} -p {PG_PORT} "
        f"-U postgres -D {data} -R -X stream --checkpoint=fast --no-sync",
    )
    _start_postgres(cluster, "db2")


def stop_postgres(cluster: Cluster, host: str) -> None:
    data = _pg_dir(cluster, host)
    if (data / "postmaster.pid").exists():
        _as_postgres(cluster, host, f"{single._pg_bin('pg_ctl')} -D {data} -m fast -w stop")


def start_redis(cluster: Cluster) -> None:
    redis = single._need("redis-server", "redis-server")
    pidfile = cluster.root / "redis" / "redis.pid"
    pidfile.parent.mkdir(parents=True, exist_ok=True)
    cluster.run_in(
        "redis",
        [redis, "--port", str(REDIS_PORT), "--bind", cluster.address("redis"),
         "--daemonize", "yes", "--pidfile", str(pidfile), "--save", "", "--appendonly", "no",
         "--protected-mode", "no", "--logfile", str(cluster.root / "redis.log")],
        check=True,
    )  # fmt: skip
    _wait_for_pidfile(pidfile)
    cluster.record("redis", int(pidfile.read_text()))


def _wait_for_pidfile(pidfile: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not (pidfile.exists() and pidfile.read_text().strip()):
        if time.monotonic() > deadline:
            raise ClusterError(f"{pidfile} did not appear in {seconds:.0f} s")
        time.sleep(0.1)


def start_object_store(cluster: Cluster) -> None:
    cluster.spawn(
        "s3",
        "s3",
        [sys.executable, "-m", "moto.server", "-H", cluster.address("s3"), "-p", str(S3_PORT)],
    )
    endpoint = f"http://{cluster.address('s3')}:{S3_PORT}"
    single._wait_for(f"{endpoint}/", seconds=60)
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="dateline-cluster",
        aws_secret_access_key="dateline-cluster",
        region_name="us-east-1",
    )
    s3.create_bucket(Bucket=BUCKET)
    # Media are public, as on a CDN's origin bucket: readers fetch them directly.
    s3.put_bucket_policy(
        Bucket=BUCKET,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{BUCKET}/*",
                    }
                ],
            }
        ),
    )


def prepare_site(cluster: Cluster, demo_articles: int) -> None:
    """Migrate, collect static files and load the demo, from the control host."""
    env = _python_env(cluster.env)
    python = [sys.executable, "-m", "dateline"]
    # Static files need no database: collected while the database is built.
    static = subprocess.Popen(
        python + ["collectstatic", "--noinput", "-v0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    steps = [
        ["migrate", "--noinput", "-v0"],
        ["setup-newsroom", "--hostname", cluster.address("front"), "--port", str(FRONT_PORT)],
        ["load-demo", "--articles", str(demo_articles)],
    ]
    try:
        for step in steps:
            done = subprocess.run(
                python + step, env=env, capture_output=True, text=True, timeout=900
            )
            if done.returncode:
                raise ClusterError(f"{' '.join(step)} failed:\n{done.stdout}\n{done.stderr}")
    finally:
        output = static.communicate(timeout=600)[0]
    if static.returncode:
        raise ClusterError(f"collectstatic failed:\n{output}")
    cluster.password = (cluster.root / "control" / "admin-password.txt").read_text().strip()
    cluster.save()


def start_static_tier(cluster: Cluster) -> None:
    """The mirror exported once, then nginx in its own host: the deploy file,
    listening on the host's address, passing what the mirror lacks to both
    app hosts (nginx moves to the other when one fails)."""
    env = _python_env(cluster.env)
    mirror = cluster.root / "static" / "mirror"
    done = subprocess.run(
        [sys.executable, "-m", "dateline", "mirror", "export", "--output", str(mirror),
         "--base-url", cluster.static_url],
        env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    if done.returncode:
        raise ClusterError(f"mirror export failed:\n{done.stdout}\n{done.stderr}")
    prefix = cluster.root / "static" / "nginx"
    prefix.mkdir(parents=True, exist_ok=True)
    media = cluster.root / "static" / "media"  # empty: media come from object storage
    media.mkdir(exist_ok=True)
    text = mirror_nginx.config(prefix, port=80, mirror=mirror, app_port=APP_PORT, media=media)
    text = text.replace("listen 127.0.0.1:80;", f"listen {cluster.address('static')}:80;")
    apps = "".join(f"    server {cluster.address(h)}:{APP_PORT};\n" for h in APP_HOSTS)
    if f"    server 127.0.0.1:{APP_PORT};\n" not in text:
        raise ClusterError(f"{mirror_nginx.CONF} no longer has its upstream line")
    text = text.replace(f"    server 127.0.0.1:{APP_PORT};\n", apps)
    (prefix / "nginx.conf").write_text(text)
    nginx = shutil.which("nginx") or mirror_nginx.NGINX
    done = cluster.run_in(
        "static", [nginx, "-c", str(prefix / "nginx.conf"), "-p", str(prefix)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    if done.returncode:
        raise ClusterError(f"nginx: {done.stderr.strip()}")
    _wait_for_pidfile(prefix / "nginx.pid")
    cluster.record("nginx", int((prefix / "nginx.pid").read_text()))


def start_app(cluster: Cluster, host: str) -> None:
    (cluster.root / host).mkdir(parents=True, exist_ok=True)
    cluster.spawn(
        host,
        host,
        [sys.executable, "-m", "dateline", "serve", "--host", cluster.address(host),
         "--port", str(APP_PORT), "--workers", str(cluster.workers)],
        env=_python_env(cluster.host_env(host)),
    )  # fmt: skip


def wait_for_apps(cluster: Cluster) -> None:
    for host in APP_HOSTS:
        single._wait_for(f"{cluster.app_url(host)}/robots.txt", seconds=90)


def front_vcl(cluster: Cluster) -> str:
    """deploy/varnish/dateline.vcl with the app hosts as a round-robin
    director, purges allowed from them, and a failed fetch retried once on the
    other host so a host that dies mid-request costs readers nothing."""
    vcl = single.VCL.read_text()
    vcl = re.sub(r"^vcl 4\.1;\n", "", vcl, flags=re.M)
    backend = re.search(r"^backend app \{.*?^\}\n", vcl, flags=re.M | re.S)
    acl = re.search(r"^acl purgers \{.*?^\}\n", vcl, flags=re.M | re.S)
    if not backend or not acl:
        raise ClusterError(f"{single.VCL} no longer has `backend app` and `acl purgers` blocks")
    body = backend.group(0)
    backends = "".join(
        body.replace("backend app {", f"backend {host} {{")
        .replace('.host = "127.0.0.1";', f'.host = "{cluster.address(host)}";')
        .replace('.port = "8000";', f'.port = "{APP_PORT}";')
        for host in APP_HOSTS
    )
    purgers = "acl purgers {\n" + "".join(
        f'    "{cluster.address(host)}";\n' for host in ("control", *APP_HOSTS)
    ) + "}\n"  # fmt: skip
    vcl = vcl.replace(body, "").replace(acl.group(0), "")
    members = "".join(f"    apps.add_backend({host});\n" for host in APP_HOSTS)
    other_host = "".join(
        f'    {"if" if n == 0 else "elsif"} (bereq.http.X-Dateline-Failed == "{host}") {{\n'
        f"        set bereq.backend = {APP_HOSTS[(n + 1) % len(APP_HOSTS)]};\n    }}\n"
        for n, host in enumerate(APP_HOSTS)
    )
    # VCL joins subroutines of the same name in order: these run first.
    prelude = f"""vcl 4.1;

import directors;

{backends}
{purgers}
sub vcl_init {{
    new apps = directors.round_robin();
{members}}}

sub vcl_recv {{
    set req.backend_hint = apps.backend();
}}

sub vcl_backend_fetch {{
{other_host}    unset bereq.http.X-Dateline-Failed;
}}

sub vcl_backend_error {{
    # No answer from the host: ask the other one. (The director alone could
    # pick the failed host again: other fetches move it on meanwhile.)
    if (bereq.retries == 0 && (bereq.method == "GET" || bereq.method == "HEAD")) {{
        set bereq.http.X-Dateline-Failed = beresp.backend.name;
        return (retry);
    }}
}}

sub vcl_backend_response {{
    # A host that dies halfway through a body cannot be retried from here:
    # Varnish has the whole page before the reader gets a byte of it (pages
    # are small), so a failed fetch ends in vcl_synth, which starts again.
    set beresp.do_stream = false;
}}

sub vcl_synth {{
    if (resp.status == 503 && req.restarts == 0
        && (req.method == "GET" || req.method == "HEAD")) {{
        return (restart);
    }}
}}
"""
    return prelude + vcl


def start_front(cluster: Cluster) -> None:
    varnishd = single._need("/usr/sbin/varnishd", "varnish")
    folder = cluster.root / "front"
    folder.mkdir(parents=True, exist_ok=True)
    vcl = folder / "dateline.vcl"
    vcl.write_text(front_vcl(cluster))
    pidfile = folder / "varnish.pid"
    done = cluster.run_in(
        "front",
        [varnishd, "-a", f"{cluster.address('front')}:{FRONT_PORT}", "-T", "127.0.0.1:6082",
         "-n", str(folder / "varnish"), "-P", str(pidfile), "-f", str(vcl),
         "-s", "malloc,256m", "-p", "default_grace=3600", "-p", f"vsl_mask={single.VSL_MASK}"],
        capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise ClusterError(f"varnishd: {done.stderr.strip() or done.stdout.strip()}")
    _wait_for_pidfile(pidfile)
    cluster.record("varnish", int(pidfile.read_text()))


def up(root: Path, *, demo_articles: int = 12, workers: int = 2, scheduler_interval: int = 10):
    if os.geteuid() != 0:
        raise ClusterError("cluster up makes network namespaces: run it as root")
    root = root.resolve()
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)  # PostgreSQL runs as its own user and must reach its folder
    if (root / "cluster.json").exists() and Cluster.load(root).started:
        raise ClusterError(f"a cluster is already running from {root}: run `cluster down` first")
    network = netns.Network.for_folder(str(root))
    cluster = Cluster(
        root=root,
        tag=network.tag,
        subnet=network.subnet,
        secret_key=secrets.token_urlsafe(50),
        workers=workers,
        scheduler_interval=scheduler_interval,
    )
    cluster.save()
    try:
        netns.make(network, {**HOSTS})
        cluster.record("network")
        for step in (start_primary, start_replica, start_redis, start_object_store):
            timed(cluster, step.__name__, step, cluster)
        # The front first, so purges made while the demo loads reach it.
        timed(cluster, "start_front", start_front, cluster)
        timed(cluster, "prepare_site", prepare_site, cluster, demo_articles)
        timed(cluster, "start_static_tier", start_static_tier, cluster)
        for host in APP_HOSTS:
            start_app(cluster, host)
        timed(cluster, "wait_for_apps", wait_for_apps, cluster)
        # Varnish trusts a host only after a few good health probes.
        timed(cluster, "front_healthy", single._wait_for, f"{cluster.front_url}/robots.txt",
              seconds=60, ok_only=True)  # fmt: skip
    except BaseException:
        down(root)
        raise
    return cluster


def timed(cluster: Cluster, name: str, step, *args, **kwargs) -> None:
    """Run one step of `up`, keeping how long it took (DIR/timings.json)."""
    started = time.monotonic()
    step(*args, **kwargs)
    path = cluster.root / "timings.json"
    timings = json.loads(path.read_text()) if path.exists() else {}
    timings[name] = round(time.monotonic() - started, 1)
    path.write_text(json.dumps(timings, indent=2))


def _stop_pid(pid: int, group: bool, sig: int = signal.SIGTERM) -> None:
    try:
        os.killpg(pid, sig) if group else os.kill(pid, sig)
    except ProcessLookupError:
        return
    for _ in range(100):
        try:
            # Reaped if it is our own child (else it would linger as a zombie).
            if os.waitpid(pid, os.WNOHANG)[0]:
                return
        except ChildProcessError:
            pass
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    try:
        os.killpg(pid, signal.SIGKILL) if group else os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def stop(cluster: Cluster, name: str, sig: int = signal.SIGTERM) -> None:
    """Stop one recorded server (a fault, in tests), leaving the rest;
    sig=SIGKILL kills it as a host's sudden death would."""
    for entry in [e for e in cluster.started if e["name"] == name]:
        if name.startswith("postgres-"):
            stop_postgres(cluster, name.removeprefix("postgres-"))
        elif entry["pid"]:
            _stop_pid(entry["pid"], group=name in (*APP_HOSTS, "s3"), sig=sig)
        cluster.started.remove(entry)
    cluster.save()


def down(root: Path) -> list[str]:
    """Stop everything the cluster started, newest first, then remove its
    namespaces (and any process still in them) and its bridge."""
    root = root.resolve()
    try:
        cluster = Cluster.load(root)
    except ClusterError:
        return []
    for entry in reversed(list(cluster.started)):
        if entry["name"] != "network":
            stop(cluster, entry["name"])
    network = cluster.network
    for name in HOSTS:
        for pid in netns.pids_in(network.namespace(name)):
            _stop_pid(pid, group=False)
    removed = netns.remove(network)
    cluster.started = []
    cluster.save()
    return removed
