"""Through real Varnish with vmod_xkey: publishing an article clears every
page tagged with it (its page, its listings, a page that links to it) and
nothing else; only the app servers may purge by key."""

import http.client
import socket

import pytest

from dateline.caching.tests.test_varnish_stack import fetch_encoded, get, retitle
from dateline.conftest import production_stack, stack_python

pytestmark = [pytest.mark.once, pytest.mark.stack]
SERVICES = ("app", "varnish", "varnish_admin", "pg", "redis")


def ports_in(first: int, last: int) -> dict[str, int]:
    """Free 127.0.0.1 ports for the stack's services between first and last."""
    free = []
    for port in range(first, last + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        free.append(port)
        if len(free) == len(SERVICES):
            return dict(zip(SERVICES, free, strict=True))
    raise RuntimeError(f"no {len(SERVICES)} free ports in {first}-{last}")


@pytest.fixture(scope="module")
def stack():
    with production_stack("dateline-xkey-", demo_articles=8, ports=ports_in(47300, 47399)) as s:
        yield s


# Article A (tagged); B, a new article in A's section that does not show A;
# C, a new article in an unrelated section U that links to A among its
# related stories. C's address is in no URL list of A: only its key reaches it.
PAGES = """
import json
from dateline.newsroom.models import ArticlePage, SectionPage
english = ArticlePage.objects.live().filter(locale__language_code="en")
a = english.filter(tagged_items__isnull=False).order_by("-first_published_at").first()
section = a.get_parent().specific
unrelated = next(
    s for s in SectionPage.objects.live().filter(locale=a.locale).order_by("path")
    if not a.path.startswith(s.path)
)

def add(parent, title, related=()):
    page = parent.add_child(instance=ArticlePage(title=title, summary=[("point", "In short.")]))
    page.set_related(related)
    page.save_revision().publish()
    return page

b = add(section, "Harbour master retires after forty years")
c = add(unrelated, "Winter travel: what changes", related=[a])
print(json.dumps({"id": a.pk, "title": a.title, "a": a.url, "section": section.url,
                  "tag": a.tags.first().slug, "b": b.url, "c": c.url,
                  "unrelated": unrelated.url}))
"""


def test_publishing_purges_every_page_tagged_with_the_article_and_nothing_else(stack):
    pages = stack_python(stack, PAGES)
    showing = [pages["a"], pages["section"], "/en/", f"/en/tags/{pages['tag']}/", pages["c"]]
    others = [pages["b"], pages["unrelated"]]
    for path in showing + others:
        get(stack, path)
        assert get(stack, path)[:2] == (200, "HIT"), path

    new_title = "Corrected: " + pages["title"]
    retitle(stack, pages["id"], new_title)
    for path in showing:
        status, cache, body = get(stack, path)
        assert (status, cache) == (200, "MISS") and new_title in body, path
    for path in others:
        assert get(stack, path)[:2] == (200, "HIT"), path


def test_readers_get_the_cdn_keys_but_not_varnish_own(stack):
    pages = stack_python(stack, PAGES)
    _status, headers, _body = fetch_encoded(stack, pages["c"], None)
    assert "xkey" not in headers
    keys = headers["surrogate-key"].split()
    assert headers["cache-tag"].split(",") == keys
    assert f"page-{pages['id']}" in keys  # C links to A


def purge_key_from(stack, source: str, key: str) -> int:
    connection = http.client.HTTPConnection(
        "127.0.0.1", stack.varnish_port, timeout=10, source_address=(source, 0)
    )
    try:
        connection.request("PURGE", "/", headers={"xkey-purge": key})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def test_only_the_app_servers_may_purge_by_key(stack):
    pages = stack_python(stack, PAGES)
    key = f"page-{pages['id']}"
    get(stack, pages["a"])
    assert get(stack, pages["a"])[1] == "HIT"
    # 127.0.0.2 is this machine too, but not in the VCL's acl purgers.
    assert purge_key_from(stack, "127.0.0.2", key) == 405
    assert get(stack, pages["a"])[1] == "HIT"
    assert purge_key_from(stack, "127.0.0.1", key) == 200
    assert get(stack, pages["a"])[1] == "MISS"
