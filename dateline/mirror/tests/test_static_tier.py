"""The static serving tier: Debian's nginx with deploy/nginx/dateline-static.conf
serves the mirror's files and passes everything else to the app (granian);
a publish rewrites the files, and the new headline is served at once."""

import http.client
import json
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

import pytest

from dateline.conftest import _free_port, own_site_env, running_site
from dateline.mirror import nginx

# A site and servers of their own: the same whatever database the run uses.
pytestmark = pytest.mark.once

STORY = """
import json
from dateline.newsroom.models import ArticlePage
a = ArticlePage.objects.live().filter(locale__language_code="en").order_by("-first_published_at")[0]
print(json.dumps({"id": a.pk, "url": a.url, "title": a.title}))
"""

PUBLISH = """
import json, time
from dateline.newsroom.models import ArticlePage
a = ArticlePage.objects.get(pk={pk}).get_latest_revision_as_object()
a.title = {title!r}
started = time.time()
a.save_revision().publish()
print(json.dumps({{"started": started, "done": time.time()}}))
"""


def request(port: int, path: str, method="GET", headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def tier(tmp_path_factory):
    if not nginx.available():
        pytest.fail("nginx is missing: apt-get install nginx (.ci/run does)")
    data = tmp_path_factory.mktemp("static-tier")
    mirror, port = data / "mirror", _free_port()
    base = f"http://127.0.0.1:{port}"
    prefix = data / "nginx"
    env = own_site_env(
        data,
        DATELINE_MIRROR_DIR=str(mirror),
        DATELINE_MIRROR_BASE_URL=base,
        DATELINE_MIRROR_RELOAD_COMMAND=nginx.reload_command(prefix),
    )
    steps = [
        ["load-demo", "--articles", "4"],
        ["mirror", "export", "--output", str(mirror), "--base-url", base],
    ]
    with running_site(data, env, steps) as app:
        nginx.start(
            prefix,
            port=port,
            mirror=mirror,
            app_port=urlsplit(app).port,
            media=data / "media",
        )
        try:
            yield {
                "port": port,
                "env": env,
                "mirror": mirror,
                "data": data,
                "app_port": urlsplit(app).port,
            }
        finally:
            nginx.stop(prefix)


def python(tier, code: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "dateline", "shell", "-c", code],
        env=tier["env"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_pages_come_from_the_mirror_and_the_rest_from_the_app(tier):
    port = tier["port"]
    story = python(tier, STORY)
    for path in ("/en/", story["url"], "/es/", "/en/feeds/rss/", "/sitemap.xml"):
        status, headers, body = request(port, path)
        assert status == 200 and headers.get("x-served-from") == "mirror", path
    status, headers, body = request(port, story["url"])
    assert story["title"].encode() in body
    assert "Save-Data" in headers["vary"]
    assert "default-src 'self'" in headers["content-security-policy"]
    status, headers, _ = request(port, "/en/feeds/rss/")
    assert "xml" in headers["content-type"]

    # Search, the admin, a query the mirror does not hold, and any POST: the app.
    for method, path in [
        ("GET", "/en/search/?q=floods"),
        ("GET", "/admin/"),
        ("GET", "/en/feeds/rss/?full=1"),
        ("GET", "/"),
        ("POST", story["url"]),
    ]:
        status, headers, _ = request(port, path, method=method)
        assert "x-served-from" not in headers, (method, path)
        assert status in (200, 302, 403), (method, path, status)  # 403: no CSRF token


def test_save_data_gets_the_text_only_twin(tier):
    # The lite edition's pages sit at /<lang>/lite/<path> in the mirror.
    lite = tier["mirror"] / "en" / "lite"
    lite.mkdir(parents=True, exist_ok=True)
    (lite / "index.html").write_text("<!doctype html><title>Text-only</title>Lite front page")
    status, headers, body = request(tier["port"], "/en/", headers={"Save-Data": "on"})
    assert status == 200 and b"Lite front page" in body
    assert "Save-Data" in headers["vary"]
    status, headers, body = request(tier["port"], "/en/")
    assert status == 200 and b"Lite front page" not in body
    # A page without a twin in the mirror: the full page.
    status, _, body = request(tier["port"], "/es/", headers={"Save-Data": "on"})
    assert status == 200 and b'lang="es"' in body


def test_later_pages_files_and_pending_writes(tier):
    port, mirror = tier["port"], tier["mirror"]
    # A listing's later page is its own file in the mirror.
    later = mirror / "en" / "~page=2"
    later.mkdir(parents=True, exist_ok=True)
    (later / "index.html").write_text("<!doctype html><title>Front, page 2</title>Page two")
    status, headers, body = request(port, "/en/?page=2")
    assert status == 200 and b"Page two" in body and headers.get("x-served-from") == "mirror"
    # Save-Data's value is read without regard to case.
    lite = mirror / "en" / "lite"
    lite.mkdir(parents=True, exist_ok=True)
    (lite / "index.html").write_text("<!doctype html><title>Text-only</title>Lite front page")
    status, _, body = request(port, "/en/", headers={"Save-Data": "On"})
    assert status == 200 and b"Lite front page" in body
    # Hashed static files come from the mirror with a year's caching.
    static = next((mirror / "static").rglob("*.css"))
    status, headers, _ = request(port, "/" + str(static.relative_to(mirror)))
    assert status == 200 and "immutable" in headers["cache-control"]
    assert headers.get("x-served-from") == "mirror"
    # A file being written, and the export's marker, are never served.
    from dateline.mirror.targets import DirectoryTarget

    target = DirectoryTarget(mirror)
    (mirror / target.PENDING).mkdir(exist_ok=True)
    (mirror / target.PENDING / ".mirror-half").write_text("half a page")
    for path in (f"/{target.PENDING}/.mirror-half", "/.mirror-export"):
        status, _, body = request(port, path)
        assert status == 404 and b"half a page" not in body, path
    target.write("en/written/index.html", b"whole")
    assert not list((mirror / target.PENDING).glob(".mirror-[!h]*"))
    assert "en/written/index.html" in target.files()
    assert not any(name.startswith(".mirror") for name in target.files())


def test_onion_location_when_the_site_has_an_onion_service(tier, tmp_path):
    onion = "http://" + "a" * 56 + ".onion"
    port = _free_port()
    nginx.start(
        tmp_path / "nginx",
        port=port,
        mirror=tier["mirror"],
        app_port=tier["app_port"],
        media=tier["data"] / "media",
        onion=onion,
    )
    try:
        status, headers, _ = request(port, "/en/")
        assert status == 200 and headers.get("x-served-from") == "mirror"
        assert headers["onion-location"] == onion + "/en/"
    finally:
        nginx.stop(tmp_path / "nginx")
    # Without one, no header.
    _, headers, _ = request(tier["port"], "/en/")
    assert "onion-location" not in headers


def test_a_new_headline_is_served_within_a_second_of_publishing(tier):
    story = python(tier, STORY)
    title = "Valley road reopens " + str(time.time_ns())
    seen: list[float] = []

    def watch():  # a reader reloading the story all along
        deadline = time.time() + 60
        while time.time() < deadline:
            _, _, body = request(tier["port"], story["url"])
            if title.encode() in body:
                seen.append(time.time())
                return
            time.sleep(0.01)

    reader = threading.Thread(target=watch)
    reader.start()
    # The publish returns at once; the mirror is rewritten after it, the story
    # first, and the command waits for that before it exits.
    published = python(tier, PUBLISH.format(pk=story["id"], title=title))
    reader.join()
    assert seen, "the new headline never came"
    assert seen[0] - published["done"] < 1
    _, headers, front = request(tier["port"], "/en/")
    assert title.encode() in front and headers.get("x-served-from") == "mirror"
    print(
        f"publish {published['done'] - published['started']:.2f} s, "
        f"visible {seen[0] - published['done']:.3f} s after it"
    )
