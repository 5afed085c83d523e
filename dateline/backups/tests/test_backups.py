"""Backups are tested the way they are used: `python -m dateline backup` on the
running demo site, `restore` into a fresh install (a new data folder on SQLite, a
new database on PostgreSQL), and a second real server that must serve the same
pages, revisions, comments and images."""

import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import tarfile
import time
import urllib.request
from pathlib import Path

import dj_database_url
import pytest

from dateline.backups.archive import _pg_tool
from dateline.conftest import _free_port, prepare_data_dir

PYTHON = [sys.executable, "-m", "dateline"]

# Everything a restore must bring back, read through the models.
SNAPSHOT = """
import hashlib, json
from django.core.files.storage import default_storage
from wagtail.models import Page, Revision
from wagtail.documents.models import Document
from dateline.comments.models import Comment
from dateline.newsroom.models import Photo, PhotoRendition
def digest(name):
    with default_storage.open(name) as f:
        return hashlib.sha256(f.read()).hexdigest()
print(json.dumps({
    "pages": list(Page.objects.order_by("pk").values_list(
        "pk", "title", "url_path", "live", "live_revision_id", "first_published_at")),
    "revisions": [(r.pk, r.object_id, r.created_at, json.dumps(r.content, sort_keys=True))
                  for r in Revision.objects.order_by("pk")],
    "comments": list(Comment.objects.order_by("pk").values_list(
        "pk", "article_id", "name", "email", "body", "status", "ip_address", "created_at")),
    "photos": [(p.pk, p.file.name, p.file_hash, digest(p.file.name))
               for p in Photo.objects.order_by("pk")],
    "renditions": [(r.pk, r.file.name, digest(r.file.name))
                   for r in PhotoRendition.objects.order_by("pk")],
    "documents": [(d.pk, d.file.name, digest(d.file.name))
                  for d in Document.objects.order_by("pk")],
}, default=str))
"""

READER_COMMENTS = """
from dateline.comments.models import Comment
from dateline.newsroom.models import ArticlePage
article = ArticlePage.objects.live().order_by("-pk").first()
Comment.objects.create(article=article, name="Backup reader", email="reader@example.org",
                       body="Kept across a restore.", status="approved", ip_address="192.0.2.7")
Comment.objects.create(article=article, name="Waiting", body="Still pending.")
print(article.url)
"""
# The demo server is shared with other tests: leave its articles as they were.
REMOVE_READER_COMMENTS = """
from dateline.comments.models import Comment
for comment in Comment.objects.filter(name__in=["Backup reader", "Waiting"]):
    comment.delete()  # one by one, so the article is purged
"""


def _env(**changes) -> dict[str, str]:
    env = {**os.environ, "DEBUG": "0", **changes}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _dateline(env, *args, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        PYTHON + list(args), env=env, capture_output=True, text=True, check=check, timeout=300
    )


def _shell(env, code: str) -> str:
    """The last line a snippet of Python prints, run against that install."""
    return _dateline(env, "shell", "--no-imports", "-c", code).stdout.strip().splitlines()[-1]


def _get(url: str, host: str | None = None) -> bytes:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200, url
        return response.read()


def _normalised(html: bytes) -> str:
    """Only what depends on the request may differ (a form token, if any)."""
    text = html.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "csrf", text)
    return text


@pytest.fixture
def empty_install(tmp_path):
    """The environment of a new, empty install: its own data folder and, on
    PostgreSQL, its own database on the same server."""
    env = _env(DATELINE_DATA_DIR=str(tmp_path / "fresh"), DATELINE_PAGE_CACHE="")
    # Its own cache too: nothing may come from the original site's Redis.
    env.pop("REDIS_URL", None)
    database = None
    if (url := os.environ.get("DATABASE_URL", "")).startswith("postg"):
        config = dj_database_url.parse(url)
        database = f"dateline_restore_{os.getpid()}"
        server = ["-h", config["HOST"], "-p", str(config["PORT"]), "-U", config["USER"]]
        subprocess.run([_pg_tool("createdb"), *server, database], check=True)
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + database
    yield env
    if database:
        subprocess.run([_pg_tool("dropdb"), *server, "--force", database], check=True)


@pytest.fixture
def fresh_install(empty_install):
    """An empty install that can serve: static files come with the code, not
    the backup, so an install collects them."""
    data_dir = Path(empty_install["DATELINE_DATA_DIR"])
    prepare_data_dir(data_dir, empty_install, database=False)
    return empty_install


@pytest.fixture(scope="module")
def demo_backup(demo_server, demo_data_dir, tmp_path_factory):
    """A backup of the running demo, after a reader's comments were added (one
    for the module: the tests only read it)."""
    env = _env(DATELINE_DATA_DIR=str(demo_data_dir))
    article_url = _shell(env, READER_COMMENTS)
    # Read first: the visit makes the page's image renditions, which the backup keeps.
    html = _get(demo_server + article_url)
    snapshot = json.loads(_shell(env, SNAPSHOT))
    output = tmp_path_factory.mktemp("backups")
    archive = Path(_dateline(env, "backup", "--output", str(output)).stdout.strip())
    yield article_url, html, snapshot, archive
    _dateline(env, "shell", "--no-imports", "-c", REMOVE_READER_COMMENTS)


def _serve(env, data_dir: Path):
    port = _free_port()
    log = open(data_dir / "restored-server.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        PYTHON + ["serve", "--port", str(port), "--workers", "1", "--no-scheduler"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(base + "/robots.txt")
            return server, log, base
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                os.killpg(server.pid, signal.SIGTERM)
                raise RuntimeError((data_dir / "restored-server.log").read_text()) from None
            time.sleep(0.3)


def test_backup_of_the_demo_restored_into_a_fresh_database_serves_the_same_site(
    demo_server, demo_backup, fresh_install
):
    article_url, before_html, before, archive = demo_backup
    assert b"Kept across a restore." in before_html

    # The archive and its checksum, as `sha256sum -c` reads them.
    assert re.fullmatch(r"dateline-backup-\d{8}-\d{6}\.tar\.gz", archive.name)
    subprocess.run(["sha256sum", "-c", archive.name + ".sha256"], cwd=archive.parent, check=True)
    assert archive.stat().st_mode & 0o077 == 0, "the dump holds emails and password hashes"
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database"]["vendor"] in {"sqlite", "postgresql"}
    assert manifest["versions"]["wagtail"].startswith("8.")
    # Every file the database points at is in the archive, with its checksum.
    for kind in ("photos", "renditions", "documents"):
        for _pk, name, *_, digest in before[kind]:
            assert manifest["media"][name] == digest, name

    restored = _dateline(fresh_install, "restore", str(archive))
    assert "Restored" in restored.stdout
    after = json.loads(_shell(fresh_install, SNAPSHOT))
    assert after == before
    assert before["comments"] and before["photos"] and before["revisions"]

    data_dir = Path(fresh_install["DATELINE_DATA_DIR"])
    server, log, base = _serve(fresh_install, data_dir)
    try:
        # Asked for by the same name as the original, so absolute URLs built from
        # the request (sharing metadata) are the same too.
        after_html = _get(base + article_url, host=demo_server.removeprefix("http://"))
        assert _normalised(after_html) == _normalised(before_html)
        # The images the page shows come back byte for byte.
        sources = re.findall(r'(?:src|srcset)="(/media/[^" ]+)', before_html.decode())
        assert sources
        for source in sources:
            assert _get(base + source) == _get(demo_server + source), source
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        log.close()

    # A second restore would overwrite a live site: refused unless forced.
    again = _dateline(fresh_install, "restore", str(archive), check=False)
    assert again.returncode == 1
    assert "already holds a site" in again.stderr
    forced = _dateline(fresh_install, "restore", "--force", str(archive))
    assert "Restored" in forced.stdout
    assert json.loads(_shell(fresh_install, SNAPSHOT)) == before


def test_a_damaged_archive_is_refused_and_nothing_is_touched(demo_backup, empty_install, tmp_path):
    *_, archive = demo_backup
    damaged = tmp_path / "copy" / archive.name
    damaged.parent.mkdir()
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    damaged.with_name(archive.name + ".sha256").write_text(
        archive.with_name(archive.name + ".sha256").read_text()
    )

    result = _dateline(empty_install, "restore", str(damaged), check=False)

    assert result.returncode == 1
    assert "does not match its checksum" in result.stderr
    assert "nothing was restored" in result.stderr
    tables = _shell(
        empty_install,
        "from django.db import connection; print(len(connection.introspection.table_names()))",
    )
    assert tables == "0"
    assert not (Path(empty_install["DATELINE_DATA_DIR"]) / "media").exists()


def test_an_archive_without_its_checksum_file_is_refused(demo_backup, empty_install, tmp_path):
    *_, archive = demo_backup
    alone = tmp_path / "alone" / archive.name
    alone.parent.mkdir()
    alone.write_bytes(archive.read_bytes())

    result = _dateline(empty_install, "restore", str(alone), check=False)

    assert result.returncode == 1
    assert ".sha256 is missing" in result.stderr


# --- Tampered archives --------------------------------------------------------


@pytest.fixture(scope="module")
def small_backup(tmp_path_factory) -> Path:
    """A real backup of a small install: migrated, with one uploaded file (one
    for the module: each test tampers with a copy)."""
    tmp_path = tmp_path_factory.mktemp("small-backup")
    env = _env(DATELINE_DATA_DIR=str(tmp_path / "small"), DATELINE_PAGE_CACHE="")
    env.pop("REDIS_URL", None)
    if os.environ.get("DATABASE_URL", "").startswith("postg"):
        pytest.skip("the archive's layout is the same on PostgreSQL")
    prepare_data_dir(tmp_path / "small", env, static=False)
    upload = tmp_path / "small" / "media" / "original_images" / "harbour.png"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"\x89PNG harbour")
    return Path(_dateline(env, "backup", "--output", str(tmp_path / "backups")).stdout.strip())


def _tampered(archive: Path, folder: Path, manifest_change=None, extra=None) -> Path:
    """A copy of `archive` with its manifest changed and files added, and a
    matching .sha256: what someone who can write the backups folder can make."""
    copy = folder / archive.name
    folder.mkdir()
    with tarfile.open(archive, "r:gz") as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json" and manifest_change:
                manifest = json.loads(data)
                manifest_change(manifest)
                data = json.dumps(manifest).encode()
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
        for name, data in (extra or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    digest = hashlib.sha256(copy.read_bytes()).hexdigest()
    copy.with_name(copy.name + ".sha256").write_text(f"{digest}  {copy.name}\n")
    return copy


def test_a_restore_brings_back_only_the_files_the_manifest_lists(
    small_backup, empty_install, tmp_path
):
    archive = _tampered(
        small_backup,
        tmp_path / "tampered",
        extra={"media/documents/planted.pdf": b"%PDF planted", "media/../planted": b"x"},
    )

    result = _dateline(empty_install, "restore", str(archive))

    assert "Restored" in result.stdout
    media = Path(empty_install["DATELINE_DATA_DIR"]) / "media"
    assert (media / "original_images" / "harbour.png").read_bytes() == b"\x89PNG harbour"
    assert not (media / "documents" / "planted.pdf").exists()
    assert not (media.parent / "planted").exists()


@pytest.mark.parametrize(
    "member",
    ["../../outside.sqlite3", "/etc/hostname", "database/../../outside.sqlite3", "media/x"],
)
def test_a_manifest_pointing_outside_the_archive_is_refused_and_nothing_restored(
    small_backup, empty_install, tmp_path, member
):
    outside = tmp_path / "outside.sqlite3"
    outside.write_bytes(b"not a database")

    def point_outside(manifest):
        manifest["database"]["member"] = member
        manifest["database"]["sha256"] = hashlib.sha256(b"not a database").hexdigest()

    archive = _tampered(small_backup, tmp_path / "tampered", manifest_change=point_outside)

    result = _dateline(empty_install, "restore", str(archive), check=False)

    assert result.returncode == 1
    assert "outside the archive" in result.stderr
    assert "nothing was restored" in result.stderr
    assert not (Path(empty_install["DATELINE_DATA_DIR"]) / "media").exists()


def test_a_media_name_pointing_outside_the_archive_is_refused(
    small_backup, empty_install, tmp_path
):
    def plant(manifest):
        manifest["media"]["../../planted"] = hashlib.sha256(b"x").hexdigest()

    archive = _tampered(small_backup, tmp_path / "tampered", manifest_change=plant)

    result = _dateline(empty_install, "restore", str(archive), check=False)

    assert result.returncode == 1
    assert "outside the archive" in result.stderr
    assert not (Path(empty_install["DATELINE_DATA_DIR"]) / "media").exists()
