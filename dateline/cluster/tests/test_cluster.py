"""Dateline on several hosts (`python -m dateline cluster up`): network
namespaces on this machine, each holding the server production runs. Every
test talks to the hosts over the cluster's own network, as a reader, an editor
or an app host would."""

import html
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest
from PIL import Image

from dateline.cluster import cluster as cluster_tools
from dateline.cluster import netns, traffic

# A cluster of its own, whatever the run's database: once per CI, in its
# SQLite run (the PostgreSQL run has the other stacks of their own).
pytestmark = pytest.mark.once


def _namespaces_possible() -> str:
    if os.geteuid() != 0:
        return "network namespaces need root (CI runs as root)"
    probe = f"dlprobe-{os.getpid()}"
    done = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True)
    if done.returncode:
        return f"this machine cannot create network namespaces: {done.stderr.strip()}"
    subprocess.run(["ip", "netns", "del", probe], check=True)
    return ""


def _machine_state() -> dict:
    links = subprocess.run(["ip", "-br", "link"], capture_output=True, text=True).stdout
    return {
        "namespaces": sorted(netns.existing_namespaces()),
        "links": sorted(line.split()[0] for line in links.splitlines()),
    }


@pytest.fixture(scope="module")
def machine_before():
    if reason := _namespaces_possible():
        pytest.skip(reason)
    return _machine_state()


@pytest.fixture(scope="module")
def cluster(machine_before):
    root = Path(tempfile.mkdtemp(prefix="dateline-cluster-"))
    started = time.monotonic()
    running = cluster_tools.up(root, demo_articles=8, workers=1, scheduler_interval=3)
    running.up_seconds = time.monotonic() - started
    try:
        yield running
    finally:
        cluster_tools.down(root)


def fetch(url: str, *, headers=None, data=None, timeout=10) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


def run_on_host(cluster, host: str, code: str) -> subprocess.CompletedProcess:
    """Run newsroom code on an app host, as a process of that host (its
    namespace, its environment)."""
    env = {**os.environ, **cluster.host_env(host)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = cluster.run_in(
        host,
        [sys.executable, "-m", "dateline", "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done


def on_host(cluster, host: str, code: str) -> dict:
    """run_on_host for code that prints one JSON line last."""
    return json.loads(run_on_host(cluster, host, code).stdout.strip().splitlines()[-1])


ARTICLE = """
import json
from dateline.newsroom.models import ArticlePage
a = ArticlePage.objects.live().filter(locale__language_code="en").order_by("pk")[{n}]
print(json.dumps({{"id": a.pk, "path": a.url, "title": a.title}}))
"""

RETITLE = """
import json
from dateline.newsroom.models import ArticlePage
a = ArticlePage.objects.get(pk={id}).get_latest_revision_as_object()
a.title = {title!r}
a.save_revision().publish()
print(json.dumps({{}}))
"""


class Editor:
    """An editor's browser: its cookies go to whichever host it asks, as
    they would behind a front that balances without sticky sessions."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, url: str, data=None, headers=None) -> tuple[int, dict, str]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        opener = urllib.request.build_opener(NoRedirect)
        request = urllib.request.Request(url, data=data, headers=headers)
        try:
            response = opener.open(request, timeout=30)
            status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            response, status, body = exc, exc.code, exc.read().decode()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return status, dict(response.headers), body

    def csrf_token(self, body: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)

    def post(self, url: str, fields: dict, files: dict | None = None):
        if files:
            data, content_type = _multipart(fields, files)
        else:
            data = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.request(url, data=data, headers={"Content-Type": content_type})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(f"{value}\r\n".encode())
    for name, (filename, content, kind) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'.encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def _photo_bytes() -> bytes:
    picture = Image.new("RGB", (1200, 800))
    for x in range(0, 1200, 40):
        for y in range(0, 800, 40):
            picture.paste((x % 255, y % 255, (x + y) % 255), (x, y, x + 40, y + 40))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=80)
    return out.getvalue()


def test_the_cluster_is_up_on_hosts_of_its_own(cluster):
    """Each server answers on its own host's address, and the front balances
    the two app hosts."""
    assert cluster.up_seconds < 600
    for host in cluster_tools.APP_HOSTS:
        assert fetch(f"{cluster.app_url(host)}/robots.txt")[0] == 200
    status, headers, body = fetch(f"{cluster.front_url}/en/")
    assert status == 200 and "<h1" in body
    # Nothing on the machine's own loopback: the app hosts are not reachable there.
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{cluster_tools.APP_PORT}/robots.txt", timeout=2)


def test_a_publish_on_one_host_shows_on_the_other_within_a_second(cluster):
    article = on_host(cluster, "app1", ARTICLE.format(n=0))
    on_app2 = f"{cluster.app_url('app2')}{article['path']}"
    through_front = f"{cluster.front_url}{article['path']}"
    # Each copy warmed: app2's shared page cache, its workers' in-memory
    # copies (asked twice), and the front's.
    for url in (on_app2, on_app2, on_app2, through_front, through_front):
        status, headers, body = fetch(url)
        assert status == 200 and html.escape(article["title"]) in body
    assert fetch(through_front)[1].get("X-Cache") == "HIT"
    new_title = f"Edited on app1 at {time.time():.0f}"
    on_host(cluster, "app1", RETITLE.format(id=article["id"], title=new_title))
    published = time.monotonic()
    seen: dict[str, float] = {}
    while len(seen) < 2 and time.monotonic() - published < 10:
        for name, url in (("app2", on_app2), ("front", through_front)):
            if name not in seen and html.escape(new_title) in fetch(url)[2]:
                seen[name] = time.monotonic() - published
        time.sleep(0.05)
    print(f"new headline seen after: {seen}")
    assert seen.get("app2", 99) < 1.0, seen
    assert seen.get("front", 99) < 1.0, seen


def test_the_static_tier_serves_the_mirror_and_a_publish_on_either_host_rewrites_it(cluster):
    article = on_host(cluster, "app1", ARTICLE.format(n=3))
    url = f"{cluster.static_url}{article['path']}"
    status, headers, body = fetch(url)
    headers = {k.lower(): v for k, v in headers.items()}
    assert status == 200 and headers.get("x-served-from") == "mirror"
    assert html.escape(article["title"]) in body
    new_title = f"Rewritten from app2 {uuid.uuid4().hex[:6]}"
    on_host(cluster, "app2", RETITLE.format(id=article["id"], title=new_title))
    published = time.monotonic()
    while html.escape(new_title) not in fetch(url)[2]:
        assert time.monotonic() - published < 10, "the mirror never got the new headline"
        time.sleep(0.1)
    print(f"static tier showed the new headline {time.monotonic() - published:.2f} s after")
    # What the mirror does not hold goes to the app hosts.
    status, headers, body = fetch(f"{cluster.static_url}/en/search/?q=road")
    assert status == 200 and "x-served-from" not in {k.lower() for k in headers}


def signed_in_editor(cluster, form_from: str, post_to: str) -> Editor:
    """The demo editor, signed in with the form of one host posted to another."""
    editor = Editor()
    status, _, body = editor.request(f"{cluster.app_url(form_from)}/admin/login/")
    assert status == 200
    status, headers, body = editor.post(
        f"{cluster.app_url(post_to)}/admin/login/",
        {
            "csrfmiddlewaretoken": editor.csrf_token(body),
            "username": "editor",
            "password": cluster.password,
            "next": "/admin/",
        },
    )
    assert status == 302, body[:500]
    return editor


def test_editors_sessions_and_csrf_work_on_any_host_and_uploads_reach_the_other(cluster):
    """Sign in on app1, get the upload form from app2, post it to app1: one
    session and one CSRF token across hosts. The photo lands in object
    storage, and app2 renders it, renditions included, on a public page."""
    app1, app2 = cluster.app_url("app1"), cluster.app_url("app2")
    editor = signed_in_editor(cluster, "app2", "app1")
    status, _, body = editor.request(f"{app2}/admin/")
    assert status == 200 and "Dashboard" in body
    status, _, body = editor.request(f"{app2}/admin/images/add/")
    assert status == 200
    title = f"Harbour at dawn {uuid.uuid4().hex[:6]}"
    status, headers, body = editor.post(
        f"{app1}/admin/images/add/",
        {
            "csrfmiddlewaretoken": editor.csrf_token(body),
            "title": title,
            "credit": "Dateline photo desk",
            "caption": "Boats at the quay before the ferries leave.",
            "tags": "",
        },
        files={"file": ("harbour.jpg", _photo_bytes(), "image/jpeg")},
    )
    assert status == 302, re.findall(r'class="error-message">(.*?)<', body, re.S)
    # A form posted without the token is refused on either host.
    status, _, _ = editor.post(f"{app2}/admin/images/add/", {"title": "no token"})
    assert status == 403
    # The editor's article gets the photo as its lead image (on app1), and
    # app2 renders the article with its renditions from object storage.
    placed = on_host(
        cluster,
        "app1",
        f"""
import json
from dateline.newsroom.models import ArticlePage, Photo
photo = Photo.objects.get(title={title!r})
a = ArticlePage.objects.live().filter(locale__language_code="en").order_by("pk")[1]
a = a.get_latest_revision_as_object()
a.lead_image = photo
a.save_revision().publish()
print(json.dumps({{"path": a.url, "file": photo.file.name, "url": photo.file.url}}))
""",
    )
    assert placed["url"].startswith(f"http://{cluster.address('s3')}:")
    status, _, page = fetch(f"{app2}{placed['path']}")
    assert status == 200
    stem = Path(placed["file"]).stem
    sources = re.findall(rf'src="([^"]*{re.escape(stem[:20])}[^"]*)"', page)
    assert sources, f"no rendition of {stem} on the page"
    for source in sources:
        assert source.startswith(f"http://{cluster.address('s3')}:"), source
        status, headers, data = _fetch_bytes(source)
        assert status == 200 and headers.get("Content-Type", "").startswith("image/")
    # Neither host keeps media of its own.
    for host in cluster_tools.APP_HOSTS:
        assert not (cluster.root / host / "media").exists()


def _fetch_bytes(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read()


SCHEDULE = """
import json
from datetime import timedelta
from django.utils import timezone
from dateline.newsroom.models import ArticlePage
ids = []
for a in ArticlePage.objects.live().filter(locale__language_code="en").order_by("-pk")[:3]:
    a = a.get_latest_revision_as_object()
    a.title = a.title + " (scheduled)"
    a.go_live_at = timezone.now() + timedelta(seconds=4)
    a.save_revision(approved_go_live_at=a.go_live_at).publish()
    ids.append(a.pk)
print(json.dumps({"ids": ids}))
"""

PUBLISHED = """
import json
from wagtail.models import PageLogEntry, Revision
ids = {ids}
logs = PageLogEntry.objects.filter(page_id__in=ids, action="wagtail.publish.scheduled")
pending = Revision.page_revisions.filter(object_id__in=[str(i) for i in ids],
                                        approved_go_live_at__isnull=False).count()
print(json.dumps({{"published": sorted(logs.values_list("page_id", flat=True)),
                  "pending": pending}}))
"""


def test_scheduled_publishing_runs_once_across_the_cluster(cluster):
    """Both app hosts run the scheduler every 3 s; each scheduled story is
    published exactly once."""
    ids = on_host(cluster, "app1", SCHEDULE)["ids"]
    deadline = time.monotonic() + 40
    while True:
        state = on_host(cluster, "app2", PUBLISHED.format(ids=ids))
        if state["pending"] == 0 or time.monotonic() > deadline:
            break
        time.sleep(1)
    # Give the other host's scheduler a few passes to publish them again.
    time.sleep(8)
    state = on_host(cluster, "app2", PUBLISHED.format(ids=ids))
    assert state["pending"] == 0
    assert state["published"] == sorted(ids), state


READER_PATHS = ["/en/", "/es/", "/ar/", "/robots.txt"]


def _reader_traffic(cluster, seconds: float, during=None) -> list:
    return traffic.readers(cluster, seconds, READER_PATHS, during)


def test_an_app_host_killed_under_reader_traffic_fails_no_reader(cluster):
    killed = {}

    def kill_app1():
        killed["at"] = time.monotonic()
        cluster_tools.stop(cluster, "app1", sig=signal.SIGKILL)

    outcomes = _reader_traffic(cluster, 12, during=kill_app1)
    failures = [o for o in outcomes if o[0] != 200]
    print(f"{len(outcomes)} reader requests, {len(failures)} failed, slowest "
          f"{max(o[1] for o in outcomes):.2f} s")  # fmt: skip
    assert "at" in killed and len(outcomes) > 100
    assert not failures, failures[:5]
    # app1 is back, and the front sends it readers again once its probes pass.
    restarted = time.monotonic()
    cluster_tools.start_app(cluster, "app1")
    cluster_tools.wait_for_apps(cluster)
    while "app1" not in healthy_backends(cluster):
        assert time.monotonic() - restarted < 60, "the front never took app1 back"
        time.sleep(0.2)
    print(f"app1 serving readers again {time.monotonic() - restarted:.1f} s after its restart")


def healthy_backends(cluster) -> set[str]:
    return {host for host, health in traffic.backend_health(cluster).items() if health == "healthy"}


def test_pages_are_served_with_redis_stopped(cluster):
    cluster_tools.stop(cluster, "redis")
    try:
        for host in cluster_tools.APP_HOSTS:
            status, _, body = fetch(f"{cluster.app_url(host)}/en/?redis=stopped", timeout=30)
            assert status == 200 and "<h1" in body
        outcomes = _reader_traffic(cluster, 3)
        assert all(o[0] == 200 for o in outcomes), outcomes[:5]
    finally:
        cluster_tools.start_redis(cluster)


def replica_sql(cluster, query: str):
    with psycopg.connect(cluster.db_url("db2"), autocommit=True) as connection:
        return connection.execute(query).fetchone()


def test_readers_read_from_the_replica_and_the_purge_waits_for_its_replay(cluster):
    """With the replica's replay paused, readers still get the old headline
    while the editor sees the new one; the purge waits for the replica, up to
    its bound, and says so. Replaying again, a publish is purged as soon as
    the replica has it, and the front never gets the old page back."""
    article = on_host(cluster, "app1", ARTICLE.format(n=2))
    editor = signed_in_editor(cluster, "app1", "app2")
    reader = f"{cluster.app_url('app2')}{article['path']}"
    replica_sql(cluster, "SELECT pg_wal_replay_pause()")
    try:
        new_title = f"Paused replica {uuid.uuid4().hex[:6]}"
        started = time.monotonic()
        done = run_on_host(cluster, "app1", RETITLE.format(id=article["id"], title=new_title))
        waited = time.monotonic() - started
        assert "Replica still" in done.stderr, done.stderr[-2000:]
        status, _, body = editor.request(
            f"{cluster.app_url('app2')}/admin/pages/{article['id']}/edit/"
        )
        assert status == 200 and html.escape(new_title) in body
        body = fetch(f"{reader}?reader={uuid.uuid4().hex}")[2]
        assert html.escape(article["title"]) in body and html.escape(new_title) not in body
    finally:
        replica_sql(cluster, "SELECT pg_wal_replay_resume()")
    deadline = time.monotonic() + 10
    while html.escape(new_title) not in fetch(f"{reader}?reader={uuid.uuid4().hex}")[2]:
        assert time.monotonic() < deadline, "the replica never showed the new headline"
        time.sleep(0.1)
    print(f"publish with replay paused took {waited:.1f} s (bound 5 s)")
    # Replaying: warm the front, publish, and the front's next copy is new.
    through_front = f"{cluster.front_url}{article['path']}"
    fetch(through_front)
    assert fetch(through_front)[1].get("X-Cache") == "HIT"
    newer = f"Replica in step {uuid.uuid4().hex[:6]}"
    started = time.monotonic()
    done = run_on_host(cluster, "app1", RETITLE.format(id=article["id"], title=newer))
    print(f"publish with the replica in step took {time.monotonic() - started:.1f} s")
    assert "Replica still" not in done.stderr
    assert html.escape(newer) in fetch(through_front)[2]


def test_primary_stopped_readers_read_editors_are_told_then_the_replica_is_promoted(cluster):
    """Readers keep getting pages from the replica; the newsroom says it is
    read-only and loses nothing; `db promote` makes the replica the primary
    and the running apps write to it through their multi-host DATABASE_URL."""
    editor = signed_in_editor(cluster, "app1", "app2")
    title = f"Photo while the primary was down {uuid.uuid4().hex[:6]}"
    stopped = time.monotonic()
    cluster_tools.stop(cluster, "postgres-db1")
    outcomes = _reader_traffic(cluster, 4)
    assert len(outcomes) > 20 and all(o[0] == 200 for o in outcomes), outcomes[:5]
    for host in cluster_tools.APP_HOSTS:
        status, _, body = editor.request(f"{cluster.app_url(host)}/admin/images/add/")
        assert status == 503 and "The newsroom is read-only for now" in body, body[:300]
    form = f"{cluster.app_url('app1')}/admin/images/add/"
    status, _, body = editor.post(
        form,
        {"csrfmiddlewaretoken": editor.cookies.get("csrftoken", ""), "title": title},
        files={"file": ("down.jpg", _photo_bytes(), "image/jpeg")},
    )
    assert status == 503 and "read-only" in body
    env = {**os.environ, **cluster.env}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    promote = subprocess.run(
        [sys.executable, "-m", "dateline", "db", "promote"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert promote.returncode == 0, promote.stderr
    # The same running apps, no restart: the editor's session (replicated)
    # and a save work again.
    deadline = time.monotonic() + 60
    while True:
        status, _, body = editor.request(f"{cluster.app_url('app2')}/admin/images/add/")
        if status == 200:
            break
        assert time.monotonic() < deadline, f"still {status} a minute after promotion"
        time.sleep(0.5)
    status, _, _ = editor.post(
        form,
        {"csrfmiddlewaretoken": editor.csrf_token(body), "title": title},
        files={"file": ("down.jpg", _photo_bytes(), "image/jpeg")},
    )
    assert status == 302
    print(f"editors writing again {time.monotonic() - stopped:.1f} s after the primary stopped")
    # Exactly one photo: the refused upload left nothing behind.
    count = on_host(
        cluster,
        "app2",
        f"import json\nfrom dateline.newsroom.models import Photo\n"
        f"print(json.dumps(Photo.objects.filter(title={title!r}).count()))",
    )
    assert count == 1


def test_down_leaves_the_machine_as_it_was(cluster, machine_before):
    root = cluster.root
    pids = [entry["pid"] for entry in cluster.started if entry["pid"]]
    cluster_tools.down(root)
    deadline = time.monotonic() + 10
    while _machine_state() != machine_before and time.monotonic() < deadline:
        time.sleep(0.2)  # the kernel removes veth ends a moment after their namespace
    assert _machine_state() == machine_before
    for pid in pids:
        assert not Path(f"/proc/{pid}").exists(), pid
    leftovers = subprocess.run(
        ["pgrep", "-f", str(root)], capture_output=True, text=True
    ).stdout.split()
    assert not leftovers
