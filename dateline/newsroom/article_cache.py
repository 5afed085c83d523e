"""What an article page shows besides its own fields, kept in the shared cache.

The rendered body, the byline's authors, the tags and the related stories
depend on the article's live revision and on other content: the related
articles' titles and state, the photos' credits and descriptions, the authors'
and tags' names. Keys carry the live revision and a content version that every
publish, unpublish, move or delete of a page, and every save of a photo, author
or tag changes, so a reader never sees an edit late; an article re-renders these
parts at most once per such change.
"""

import uuid

from django.core.cache import cache

CACHE_SECONDS = 600
VERSION_KEY = "dateline:content-version"


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def content_changed(**kwargs) -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def article_parts(article, request, version: str) -> dict:
    """The authors, tags and live related stories (title, URL) of `article`."""
    key = f"dateline:article-parts:{article.pk}:{article.live_revision_id}:{version}"
    parts = cache.get(key)
    if parts is None:
        parts = {
            "authors": list(article.authors.all()),
            "tags": list(article.tags.all()),
            "related": [
                (link.article.title, link.article.get_url(request))
                for link in article.related_links.filter(article__live=True).select_related(
                    "article"
                )
            ],
        }
        cache.set(key, parts, CACHE_SECONDS)
    return parts
