"""The one place that decides which URLs show a page, and purges them.

One list: the content's own URLs (the page, its fronts, feeds, sitemaps) and
whatever the features add through `register_urls_for_page` (a story's
timeline, the corrections page...). One batch per action: every purge asked
for inside a transaction joins the same batch, sent once after the commit, so
an editor's publish, move or bulk moderation of many comments costs the
caches one purge request, and the list of a page is built once per batch.

Besides URLs a batch carries surrogate keys (surrogate_keys.py): each purged
page's own key, which drops every cached page that shows it wherever it is
listed or linked, and the listings it entered or left (signals.py). Caches
keyed by URL (the embedded page cache, URL-only CDN purges) use the URLs; those
that read keys (Varnish's xkey) get them too, in one request per batch.

Adapters for *how* to purge (Varnish over HTTP, the embedded page cache) are
Wagtail frontend-cache backends configured in settings.WAGTAILFRONTENDCACHE;
those that purge by key too subclass `backends.PurgesKeys`.
Wagtail's own purge-on-publish handler is not used: the frontend-cache app is
not installed (see settings), so nothing purges before the commit.
"""

import threading
from collections.abc import Callable, Iterable, Sequence

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache
from wagtail.models import Page

from dateline.base.replay import wait_for_readers
from dateline.newsroom.models import ArticlePage, Author, HomePage, NewsTag, SectionPage
from dateline.newsroom.surrogates import page_key

from .backends import PurgesKeys
from .surrogate_keys import OVERFLOW

ARTICLES_PER_SITEMAP_FILE = 50_000


def _edition_urls(root: str, language: str, names_and_args) -> list[str]:
    with translation.override(language):
        return [root + reverse(name, args=args) for name, args in names_and_args]


def urls_showing_article(article: ArticlePage) -> list[str]:
    """Every public URL whose content changes when `article` is published,
    unpublished, moved, edited or commented on."""
    article = article.specific if not isinstance(article, ArticlePage) else article
    site_root = _site_root(article)
    if site_root is None:
        return []
    language = article.locale.language_code
    article_url = article.get_full_url()
    urls = [article_url, article_url + "ninjs/"] if article_url else []
    ancestors = list(
        article.get_ancestors().filter(depth__gt=1).specific().only("pk", "url_path", "locale")
    )
    home = next((p for p in ancestors if isinstance(p, HomePage)), None)
    sections = [p for p in ancestors if isinstance(p, SectionPage)]
    if home is not None:
        urls.append(home.get_full_url())
    urls += [section.get_full_url() for section in sections]
    kinds = ("rss", "atom", "json")
    feeds = [(f"feeds:site-{kind}", []) for kind in kinds]
    feeds += [(f"feeds:section-{kind}", [s.pk]) for s in sections for kind in kinds]
    pages = []
    tag_slugs = list(article.tags.values_list("slug", flat=True))
    author_slugs = list(article.authors.values_list("slug", flat=True))
    for tag_slug in tag_slugs:
        feeds += [(f"feeds:tag-{kind}", [tag_slug]) for kind in kinds]
    for author_slug in author_slugs:
        feeds += [(f"feeds:author-{kind}", [author_slug]) for kind in kinds]
    if home is not None:
        pages += _listing_urls(home, tag_slugs, author_slugs)
    feed_urls = _edition_urls(site_root, language, feeds)
    urls += pages + feed_urls + [url + "?full=1" for url in feed_urls]
    urls += [
        site_root + reverse("syndication:sitemap-index"),
        site_root + reverse("syndication:sitemap-section", args=["pages"]),
        site_root + reverse("syndication:news-sitemap"),
    ]
    urls += article_sitemap_urls(site_root, article.pk)
    return list(dict.fromkeys(urls))


def _listing_urls(home: HomePage, tag_slugs, author_slugs) -> list[str]:
    """An edition's pages of these tags and authors."""
    front = home.get_full_url()
    return [front + home.reverse_subpage("tag", args=[slug]) for slug in tag_slugs] + [
        front + home.reverse_subpage("author", args=[slug]) for slug in author_slugs
    ]


# Reader pages of an edition that are views rather than pages in the tree.
EDITION_VIEWS = ("search:search", "live:live", "live:audio", "stories:corrections")


def urls_of_edition(home: HomePage) -> list[str]:
    """Every page of the edition `home` is the front page of: the pages in its
    tree, its tag and author pages and its reader views. For what every page
    shows, such as the list of editions; listings' later pages and search
    results are not named, and leave the caches when their time is up."""
    site_root = _site_root(home)
    if site_root is None:
        return []
    pages = Page.objects.live().descendant_of(home).select_related("locale")
    urls = [home.get_full_url()]
    urls += [page.get_full_url() for page in pages.iterator(chunk_size=2000)]
    articles = ArticlePage.objects.live().descendant_of(home).values("pk")
    tag_slugs = NewsTag.objects.filter(tagged_articles__content_object__in=articles)
    author_slugs = Author.objects.filter(articles__in=articles)
    urls += _listing_urls(
        home,
        tag_slugs.values_list("slug", flat=True).distinct(),
        author_slugs.values_list("slug", flat=True).distinct(),
    )
    urls += _edition_urls(
        site_root, home.locale.language_code, [(name, []) for name in EDITION_VIEWS]
    )
    return [url for url in dict.fromkeys(urls) if url]


def article_sitemap_urls(site_root: str, article_pk: int) -> list[str]:
    """The article sitemap file that lists an article (the first file also
    answers without ?p=)."""
    number = ArticlePage.objects.filter(pk__lt=article_pk).count() // ARTICLES_PER_SITEMAP_FILE + 1
    sitemap = site_root + reverse("syndication:sitemap-section", args=["articles"])
    return [f"{sitemap}?p={number}"] + ([sitemap] if number == 1 else [])


# Features add the URLs they show a page on: fn(page) -> URLs.
_extra_urls_for_page: list[Callable[[object], Iterable[str]]] = []


def register_urls_for_page(fn):
    """Add fn(specific page) -> URLs to every page's purge list."""
    if fn not in _extra_urls_for_page:
        _extra_urls_for_page.append(fn)
    return fn


# Features that answer a URL at a second address too (the text-only twin of a
# page): fn(url) -> URLs, applied to every URL of a batch.
_url_variants: list[Callable[[str], Iterable[str]]] = []


def register_url_variants(fn):
    """Add fn(url) -> other URLs showing the same thing to every purge."""
    if fn not in _url_variants:
        _url_variants.append(fn)
    return fn


def with_variants(urls: Iterable[str]) -> list[str]:
    """`urls` and every registered variant of them, each once."""
    urls = list(urls)
    for variant in _url_variants:
        urls += [other for url in urls for other in variant(url)]
    return [url for url in dict.fromkeys(urls) if url]


def urls_showing_page(page) -> list[str]:
    """Every public URL whose content changes when `page` does: its own list
    and the features' additions."""
    page = page.specific
    urls = _content_urls(page)
    for extra in _extra_urls_for_page:
        urls += extra(page)
    return [url for url in dict.fromkeys(urls) if url]


def _content_urls(page) -> list[str]:
    """Fronts and other pages: the page itself and its edition's front page."""
    if isinstance(page, ArticlePage):
        return urls_showing_article(page)
    urls = [page.get_full_url()]
    home = HomePage.objects.ancestor_of(page, inclusive=True).first()
    if home is not None:
        urls.append(home.get_full_url())
    site_root = _site_root(page)
    if site_root:
        urls += [
            site_root + reverse("syndication:sitemap-index"),
            site_root + reverse("syndication:sitemap-section", args=["pages"]),
        ]
    return [url for url in dict.fromkeys(urls) if url]


def _site_root(page) -> str | None:
    url_parts = page.get_url_parts()
    if not url_parts:
        return None
    _site_id, root_url, _path = url_parts
    return root_url


# Told of every batch after the caches are: fn(urls). A static mirror
# (dateline.mirror) rewrites its copies of them.
_batch_listeners: list[Callable[[list[str]], None]] = []


def register_batch_listener(fn):
    """Call fn(urls) with every purge batch, after the caches have it."""
    if fn not in _batch_listeners:
        _batch_listeners.append(fn)
    return fn


def send_batch(urls: list[str], keys: Sequence[str] = ()) -> None:
    """Purge `urls` and surrogate `keys` from every cache now, then tell the
    listeners."""
    if not urls and not keys:
        return
    # A page fetched again from a replica behind the primary would put the old
    # version back into the caches.
    wait_for_readers()
    if urls:
        purge_urls_from_cache(urls)
    if keys:
        purge_keys([*keys, OVERFLOW])
    if urls:
        for listener in _batch_listeners:
            listener(urls)


def purge_keys(keys: list[str]) -> None:
    """Drop what carries any of `keys` from the caches that purge by key."""
    for backend in get_backends().values():
        if isinstance(backend, PurgesKeys):
            backend.purge_keys(keys)


class _Batch:
    """The URLs and keys this thread's current transaction will purge."""

    def __init__(self):
        self.urls: dict[str, None] = {}
        self.keys: dict[str, None] = {}
        # The pages whose list is in, as they were: each built once.
        self.pages: set[tuple] = set()
        self.callback = self.send  # one object, to find it in the commit queue

    def send(self) -> None:
        # Every purge of the transaction registered this; the first to run
        # after the commit sends them all, the others find nothing left.
        urls = with_variants(url for url in self.urls if url)
        keys = list(self.keys)
        self.urls.clear()
        self.keys.clear()
        self.pages.clear()
        send_batch(urls, keys)


_local = threading.local()


def _batch() -> _Batch:
    batch = getattr(_local, "batch", None)
    connection = transaction.get_connection()
    if batch is not None and connection.in_atomic_block:
        queued = any(entry[1] is batch.callback for entry in connection.run_on_commit)
        if queued:
            return batch
    # None pending: the last transaction committed (sent) or rolled back (its
    # URLs are dropped with it).
    batch = _local.batch = _Batch()
    return batch


def purge_after_commit(pages=(), urls=(), keys=()) -> None:
    """Purge `pages` (everything that shows them), `urls` and surrogate `keys`
    once the transaction commits, so the cache cannot fetch the old version
    back between the purge and the commit; at once outside a transaction."""
    batch = _batch()
    batch.keys.update(dict.fromkeys(keys))
    for page in pages:
        batch.keys[page_key(page.pk)] = None
        # A publish, unpublish or move changes what shows it: build it again.
        identity = (page.pk, page.live, page.url_path, page.live_revision_id)
        if identity not in batch.pages:
            batch.pages.add(identity)
            batch.urls.update(dict.fromkeys(urls_showing_page(page)))
    batch.urls.update(dict.fromkeys(url for url in urls if url))
    if batch.urls or batch.keys:
        transaction.on_commit(batch.callback)
