"""What an edition's service worker keeps: its front page and latest stories.

The list is one query per content version (`versioned`). Its answer
(/<lang>/offline.json) is a public page like any other: the page cache and
Varnish keep it, and every publish, unpublish, move or change of a view
restriction in the edition purges it (`list_urls_for_page` is in every page's
purge list). A worker reads it through the browser's HTTP cache, so it learns of
a publish on the first page view after the browser's copy (a minute) goes stale,
or the view after that (stale-while-revalidate), at the cost of no request on
most views.

Each story carries a stamp, its live revision: a worker fetches again only the
stories published since it saved them, and the front page whenever the list's
version moves, instead of the whole set after every publish.
"""

import hashlib

from django.urls import reverse
from django.utils import translation

from dateline.base.invalidation import cache_key, content_version, register_prefix, versioned
from dateline.newsroom.models import ArticlePage
from dateline.newsroom.visibility import readable

LATEST = 20
# All that a worker keeps for an edition (pages and stylesheet, as stored:
# uncompressed). The demo's 21 pages take about a third of it.
BUDGET_BYTES = 500_000
# Kept with the pages so that they read as they look online; hashed names,
# so a new stylesheet is a new entry.
ASSETS = ("dateline/dateline.css",)

LATEST_STORIES = register_prefix("offline-latest", "an edition's latest stories, read offline")


def latest_stories(home) -> list[tuple[str, str]]:
    """(URL, stamp) of the edition's LATEST newest articles that anonymous
    readers may read, newest first, in one query per content version. The
    stamp, the live revision, changes whenever the article is published again."""

    def compute():
        rows = (
            readable(ArticlePage.objects.descendant_of(home))
            .order_by("-first_published_at", "-pk")
            .values_list("url_path", "live_revision_id")[:LATEST]
        )
        home_url, home_path = home.url, home.url_path
        return [
            (home_url + url_path[len(home_path) :], str(revision)) for url_path, revision in rows
        ]

    return versioned(cache_key(LATEST_STORIES, home.pk, content_version()), compute)


def list_version(home) -> str:
    """Moves with the content version: the front page may show anything new."""
    return hashlib.sha256(f"{home.pk} {content_version()}".encode()).hexdigest()[:16]


def list_urls_for_page(page) -> list[str]:
    """The offline list of the edition `page` is in (any page: an article
    joins or leaves the latest, anything else may change the front page)."""
    parts = page.get_url_parts()
    if not parts:
        return []
    _site_id, root_url, _path = parts
    with translation.override(page.locale.language_code):
        return [root_url + reverse("offline:pages")]
