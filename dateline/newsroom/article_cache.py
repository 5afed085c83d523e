"""What an article page shows besides its own fields, kept in the caches.

The rendered body, the byline's authors, the tags, the related stories, the
notes and the page's metadata depend on the article's live revision and on
other content: the related articles' titles and state, the photos' credits and
descriptions, the authors' and tags' names, the sections, the site's name. Keys
carry the live revision and a content version that every publish, unpublish,
move or delete of a page, and every save of a photo, author, tag, site, locale
or view restriction changes, so a reader never sees an edit late; an article
re-renders these parts at most once per such change. Related stories behind a
view restriction are left out: the page is the same for every reader.

A value under such a key never changes, so besides the shared cache each
process keeps the ones it used last in memory (`versioned`), and reads the
version itself once per request (`ContentVersionMiddleware`).
"""

import uuid
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

CACHE_SECONDS = 600
VERSION_KEY = "dateline:content-version"
# Values kept under a version never change, so each process also keeps the
# ones it used last: a warm page reads them from memory, not the shared cache.
MEMORY_ENTRIES = 2000

# The version as the current request first read it (None outside a request).
_request_memo: ContextVar[dict | None] = ContextVar("dateline_content_version", default=None)
_memory: dict = {}


class ContentVersionMiddleware:
    """Read the content version at most once per request: one round trip to the
    shared cache, and every part of a page from the same version."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)


def content_version() -> str:
    memo = _request_memo.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    if memo is not None:
        memo["version"] = version
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    if (memo := _request_memo.get()) is not None:
        memo.pop("version", None)


def content_changed(**kwargs) -> None:
    _new_version()
    # Again once the change is committed: a reader who took the first new
    # version before the commit may have cached what it replaced under it.
    transaction.on_commit(_new_version)


def versioned(key: str, compute, seconds: int = CACHE_SECONDS):
    """compute()'s value for a key that names everything it depends on (a live
    revision, the content version): from this process's memory, else the
    shared cache, else computed once and kept in both. Values are shared
    between requests and threads: callers must not change them."""
    try:
        return _memory[key]
    except KeyError:
        pass
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    if len(_memory) >= MEMORY_ENTRIES:
        _memory.clear()  # old versions' values: nobody asks for them again
    _memory[key] = value
    return value


# (content version, the paths of restricted pages under it).
_restricted: tuple[str, tuple[str, ...]] = ("", ())


def restricted_paths() -> tuple[str, ...]:
    """The tree paths below which nothing is public, per process and content
    version (saving or deleting a restriction moves it): restricted pages and
    the aliases of restricted pages (an alias shares its source's restrictions,
    as `ViewRestrictionsInOneQuery` checks them; a restriction on an alias
    itself does not apply). Queries for public pages are built from these in
    `visibility`."""
    from wagtail.models import Page, PageViewRestriction

    global _restricted
    version = content_version()
    if _restricted[0] != version:
        own = (
            PageViewRestriction.objects.filter(page__alias_of__isnull=True)
            .order_by()
            .values_list("page__path", flat=True)
        )
        aliases = (
            Page.objects.filter(alias_of__view_restrictions__isnull=False)
            .order_by()
            .values_list("path", flat=True)
        )
        paths = set(own.union(aliases))
        # A path under another restricted one adds nothing to a filter.
        outermost = sorted(p for p in paths if not any(p.startswith(o) for o in paths - {p}))
        _restricted = (version, tuple(outermost))
    return _restricted[1]


def is_public_path(path: str) -> bool:
    return not any(path.startswith(restricted) for restricted in restricted_paths())


def article_parts(article, request, version: str) -> dict:
    """The authors, tags and live related stories (title, URL) of `article`."""

    def compute():
        return {
            "authors": list(article.authors.all()),
            "tags": list(article.tags.all()),
            "related": [
                (link.article.title, link.article.get_url(request))
                for link in article.related_links.filter(article__live=True).select_related(
                    "article"
                )
                if is_public_path(link.article.path)
            ],
        }

    key = f"dateline:article-parts:{article.pk}:{article.live_revision_id}:{version}"
    return versioned(key, compute)
