"""The one place that decides which URLs show an article, and purges them.

Adapters for *how* to purge (Varnish over HTTP, the embedded page cache) are
Wagtail frontend-cache backends configured in settings.WAGTAILFRONTENDCACHE.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

from dateline.newsroom.models import ArticlePage, HomePage, SectionPage

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
    feeds = [("feeds:site-rss", []), ("feeds:site-atom", [])]
    feeds += [(f"feeds:section-{kind}", [s.pk]) for s in sections for kind in ("rss", "atom")]
    pages = []
    for tag_slug in article.tags.values_list("slug", flat=True):
        feeds += [("feeds:tag-rss", [tag_slug]), ("feeds:tag-atom", [tag_slug])]
        if home is not None:
            pages.append(home.get_full_url() + home.reverse_subpage("tag", args=[tag_slug]))
    for author_slug in article.authors.values_list("slug", flat=True):
        feeds += [("feeds:author-rss", [author_slug]), ("feeds:author-atom", [author_slug])]
        if home is not None:
            pages.append(home.get_full_url() + home.reverse_subpage("author", args=[author_slug]))
    feed_urls = _edition_urls(site_root, language, feeds)
    urls += pages + feed_urls + [url + "?full=1" for url in feed_urls]
    sitemap_file = (
        ArticlePage.objects.filter(pk__lt=article.pk).count() // (ARTICLES_PER_SITEMAP_FILE) + 1
    )
    urls += [
        site_root + reverse("syndication:sitemap-index"),
        site_root + reverse("syndication:sitemap-section", args=["pages"]),
        site_root
        + reverse("syndication:sitemap-section", args=["articles"])
        + f"?p={sitemap_file}",
        site_root + reverse("syndication:news-sitemap"),
    ]
    if sitemap_file == 1:
        urls.append(site_root + reverse("syndication:sitemap-section", args=["articles"]))
    return list(dict.fromkeys(urls))


def urls_showing_page(page) -> list[str]:
    """Fronts and other pages: the page itself and its edition's front page."""
    page = page.specific
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


def purge_article(article: ArticlePage, extra_urls=()) -> None:
    purge_urls_after_commit(urls_showing_article(article) + list(extra_urls))


def purge_page(page, extra_urls=()) -> None:
    purge_urls_after_commit(urls_showing_page(page) + list(extra_urls))


def purge_urls_after_commit(urls) -> None:
    """Purge once the transaction is committed, so the cache cannot fetch the
    old version back between the purge and the commit."""
    urls = [url for url in dict.fromkeys(urls) if url]
    if urls:
        transaction.on_commit(lambda: purge_urls_from_cache(urls))
