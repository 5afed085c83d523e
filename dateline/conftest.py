"""Fixtures shared by every app's tests: a real newsroom in a real SQLite database."""

import atexit
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import caches
from django.core.files.images import ImageFile
from django.utils import translation
from PIL import Image as PILImage

from dateline.newsroom.models import ArticlePage, Photo, SectionPage
from dateline.newsroom.setup import setup_newsroom

# Demo loads here (in-process and in servers started by tests) leave renditions
# to the first view, as before: making them all takes minutes on a shared CPU.
os.environ.setdefault("DATELINE_DEMO_RENDITIONS", "0")


@pytest.fixture(autouse=True)
def _default_language():
    # A request to /es/ leaves its thread in Spanish (Django's LocaleMiddleware
    # activates a language and leaves it): every test starts in the default.
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    # Test databases reuse primary keys, so nothing cached may outlive a test;
    # and tests must never touch the demo site's file cache. With REDIS_URL (the
    # PostgreSQL + Redis run in CI) the real Redis is used and flushed instead.
    if not os.environ.get("REDIS_URL"):
        settings.CACHES = {
            alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
            for alias in settings.CACHES
        }
    for alias in settings.CACHES:
        caches[alias].clear()
    # Most tests change data without committing (so without purging): they see
    # pages uncached. Cache behaviour has its own tests in dateline/caching.
    settings.DATELINE_PAGE_CACHE = ""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests read static files from the source tree, not a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def home(db):
    return setup_newsroom()


@pytest.fixture
def news(home):
    return _section(home, "News", "news")


@pytest.fixture
def asia(news):
    return _section(news, "Asia", "asia")


def _section(parent, title, slug):
    section = parent.add_child(instance=SectionPage(title=title, slug=slug, show_in_menus=True))
    section.save_revision().publish()
    return section


@pytest.fixture
def make_section():
    return _section


@pytest.fixture
def make_edition(home):
    """Open an edition in another language: its locale and a published
    translation of the front page, as *Translate* in the admin makes one."""
    from wagtail.models import Locale

    def make(language_code):
        locale = Locale.objects.create(language_code=language_code)
        front = home.copy_for_translation(locale)
        front.save_revision().publish()
        front.refresh_from_db()
        return front

    return make


def png_bytes(width=1200, height=800, colour=(30, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def make_photo(db):
    def make(title="Harbour at dawn", credit="Dateline/Staff", caption="", **kwargs):
        photo = Photo(title=title, credit=credit, caption=caption, **kwargs)
        photo.file = ImageFile(io.BytesIO(png_bytes()), name=f"{title[:20]}.png")
        photo.save()
        return photo

    return make


@pytest.fixture
def make_article(db):
    def make(section, title="Bridge reopens after repairs", publish=True, **fields):
        fields.setdefault("summary", [("point", "Traffic returns to the old bridge.")])
        article = section.add_child(instance=ArticlePage(title=title, live=publish, **fields))
        revision = article.save_revision()
        if publish:
            revision.publish()
            article.refresh_from_db()
        return article

    return make


# The three ways readers meet a private article: it asks for a login, it asks for
# a password, or the section above it asks for a login.
PRIVATE_WAYS = {
    "login": ("login", False),
    "password": ("password", False),
    "section login": ("login", True),
}


@pytest.fixture(params=list(PRIVATE_WAYS))
def private_way(request) -> tuple[str, bool]:
    """(restriction type, on the article's section rather than the article)."""
    return PRIVATE_WAYS[request.param]


@pytest.fixture
def make_private(private_way):
    """Put a view restriction on an article, or on its section, in each of the
    ways of `private_way` (tests that use it run once per way)."""
    from wagtail.models import PageViewRestriction

    restriction_type, on_section = private_way

    def make(article):
        page = article.get_parent() if on_section else article
        return PageViewRestriction.objects.create(
            page=page, restriction_type=restriction_type, password="members-only-1"
        )

    return make


# --- A real site for browser tests ------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("demo-site")


@pytest.fixture(scope="session")
def demo_password(demo_server, demo_data_dir) -> str:
    """The password `make demo` prints for admin, editor and reporter."""
    return (demo_data_dir / "admin-password.txt").read_text().strip()


SHARED_SERVICES = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "VARNISH_URL",
    "S3_BUCKET",
)


def own_site_env(data_dir: Path, **extra: str) -> dict:
    """The environment of a site with its own SQLite database and caches in
    data_dir, whatever the run uses: a shared database or page cache would mix
    its pages with the demo server's (CI's PostgreSQL and Redis pass too)."""
    env = {**os.environ, "DATELINE_DATA_DIR": str(data_dir), "DEBUG": "0", **extra}
    for shared in SHARED_SERVICES:
        env.pop(shared, None)
    return env


_site_template: list[Path] = []


def prepare_data_dir(
    data_dir: Path, env: dict, *, database: bool = True, static: bool = True
) -> None:
    """Give data_dir a migrated SQLite database (and the collected static files),
    copied from a folder migrated once per test run: migrate and collectstatic
    take half a minute each on a busy CI machine, and many tests start a site of
    their own. With DATABASE_URL set, they run as usual."""
    python = [sys.executable, "-m", "dateline"]
    steps = [["migrate", "--noinput", "-v0"]] * database
    steps += [["collectstatic", "--noinput", "-v0"]] * static
    if env.get("DATABASE_URL"):
        for step in steps:
            subprocess.run(python + step, env=env, check=True, stdout=subprocess.DEVNULL)
        return
    if not _site_template:
        template = Path(tempfile.mkdtemp(prefix="dateline-site-template-"))
        atexit.register(shutil.rmtree, template, True)
        made = {**env, "DATELINE_DATA_DIR": str(template)}
        made.pop("STATIC_ROOT", None)
        for step in [["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]]:
            subprocess.run(python + step, env=made, check=True, stdout=subprocess.DEVNULL)
        _site_template.append(template)
    template = _site_template[0]
    data_dir = Path(env.get("DATELINE_DATA_DIR") or data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in ("dateline.sqlite3", "dateline.sqlite3-wal", "dateline.sqlite3-shm"):
        if database and (template / name).exists():
            shutil.copy2(template / name, data_dir / name)
    if static:
        static_root = Path(env.get("STATIC_ROOT") or data_dir / "static")
        shutil.copytree(template / "static", static_root, dirs_exist_ok=True)


@contextmanager
def running_site(
    data_dir: Path,
    env: dict,
    steps=(),
    *,
    serve_options=(),
    ready_path: str = "/en/",
    port: int | None = None,
) -> Iterator[str]:
    """A site in its own data folder: migrated, set up for a free 127.0.0.1 port
    (or `port`), then `python -m dateline STEP` for each of steps, served by
    granian until the block ends. Yields its base URL; the server's output is
    in server.log."""
    python = [sys.executable, "-m", "dateline"]
    port = port or _free_port()
    prepare_data_dir(data_dir, env)
    for step in (["setup-newsroom", "--port", str(port)], *steps):
        subprocess.run(python + step, env=env, check=True, stdout=subprocess.DEVNULL)
    log = open(data_dir / "server.log", "wb")
    server = subprocess.Popen(
        python + ["serve", "--port", str(port), "--workers", "1", *serve_options],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + ready_path, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((data_dir / "server.log").read_text()) from None
                time.sleep(0.3)
        yield base
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        log.close()


@contextmanager
def production_stack(prefix: str, demo_articles: int, app_env=None, on_error=None, ports=None):
    """PostgreSQL, Redis, the app and Varnish from `python -m dateline stack`,
    on free 127.0.0.1 ports (or `ports`, by service name), stopped when the
    block ends. app_env: variables the servers start with; on_error(exc) may
    skip the test when the Debian servers cannot start."""
    from dateline.caching import stack as stack_tools

    root = Path(tempfile.mkdtemp(prefix=prefix))
    services = ("app", "varnish", "varnish_admin", "pg", "redis")
    chosen = ports or {}
    try:
        with mock.patch.dict(os.environ, app_env or {}):
            running = stack_tools.up(
                root,
                demo_articles=demo_articles,
                **{f"{name}_port": chosen.get(name) or _free_port() for name in services},
            )
    except stack_tools.StackError as exc:
        if on_error is None:
            raise
        on_error(exc)
    try:
        yield running
    finally:
        stack_tools.down(root)


def stack_python(stack, code: str) -> dict:
    """Run newsroom code against a stack's database, as the admin would; the
    code prints one JSON line last."""
    env = {**os.environ, **stack.env}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-m", "dateline", "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def demo_server(demo_data_dir):
    """The demo site as `make demo` serves it: migrated, demo content, granian."""
    env = {**os.environ, "DATELINE_DATA_DIR": str(demo_data_dir), "DEBUG": "0"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    steps = [
        ["load-demo", "--articles", "16"],
        ["live", "demo-channel"],  # as `make demo` does: the Live and Audio pages' channel
    ]
    with running_site(demo_data_dir, env, steps) as base:
        yield base


# Tests that do not depend on the database and caches the run was given: the
# browser, a site of their own (SQLite) or a whole stack of their own. CI runs
# them once, in the SQLite run, and leaves them out of the PostgreSQL one
# (`-m "not once"`).
ONCE_FIXTURES = {"browser", "live_site", "demo_server"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if ONCE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.once)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `apt-get install chromium` (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# --- Page checks shared by the browser tests ----------------------------------

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture
def axe_violations():
    """axe-core's WCAG 2.2 AA violations on the page a Playwright tab shows
    (the context needs bypass_csp=True: axe is injected as a script)."""

    def check(page) -> list:
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        return [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]

    return check


@pytest.fixture
def html_problems(tmp_path):
    """The Nu HTML checker's errors and warnings for pages fetched by URL."""

    def check(urls: dict[str, str], check_css: bool = True) -> list:
        files = []
        for name, url in urls.items():
            with urllib.request.urlopen(url, timeout=10) as response:
                path = tmp_path / f"{name.replace(' ', '-')}.html"
                path.write_bytes(response.read())
                files.append(str(path))
        css = ["--also-check-css"] if check_css else []
        result = subprocess.run(
            ["java", "-jar", str(VNU), "--format", "json", *css, *files],
            capture_output=True,
            text=True,
            timeout=120,
        )
        messages = json.loads(result.stderr or result.stdout)["messages"]
        return [
            (Path(m.get("url", "")).name, m["type"], m.get("subType"), m["message"])
            for m in messages
            if m["type"] != "info" or m.get("subType") == "warning"
        ]

    return check


# --- Transactional tests (live_server, child processes) ------------------------

_MIGRATED_DATA: list[str] = []


@pytest.fixture
def migrated_data(transactional_db):
    """What the data migrations made (Wagtail's root page, locale, collection),
    there for a test marked django_db(transaction=True, serialized_rollback=True)
    even after an earlier one's flush. Django restores it only while this thread
    keeps the same connection object, which Playwright's sync API can change."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page

    if Page.get_first_root_node() is not None:
        if not _MIGRATED_DATA:
            # Content types go back first: building some rows (Wagtail's tasks,
            # audit log entries) looks them up, and would otherwise create them
            # under new ids that the saved ones then collide with.
            rows = json.loads(connection.creation.serialize_db_to_string())
            rows.sort(key=lambda row: row["model"] != "contenttypes.contenttype")
            _MIGRATED_DATA.append(json.dumps(rows))
        connection._test_serialized_contents = _MIGRATED_DATA[0]
    elif _MIGRATED_DATA:
        # The flush re-created content types and permissions: start empty.
        call_command(
            "flush",
            interactive=False,
            inhibit_post_migrate=True,
            reset_sequences=False,
            verbosity=0,
        )
        ContentType.objects.clear_cache()  # ids from before the flush
        connection.creation.deserialize_db_from_string(_MIGRATED_DATA[0])
        connection._test_serialized_contents = _MIGRATED_DATA[0]
