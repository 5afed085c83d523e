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

How keys, the content version and the values kept under it work is
dateline.base.invalidation's; this module names what the article keeps.
"""

from dateline.base.invalidation import cache_key, register_prefix, remembered, versioned

ARTICLE_PARTS = register_prefix("article-parts", "an article's authors, tags and related stories")


def restricted_paths() -> tuple[str, ...]:
    """The tree paths below which nothing is public, per process and content
    version (saving or deleting a restriction moves it): restricted pages and
    the aliases of restricted pages (an alias shares its source's restrictions,
    as `ViewRestrictionsInOneQuery` checks them; a restriction on an alias
    itself does not apply). Queries for public pages are built from these in
    `visibility`."""
    from wagtail.models import Page, PageViewRestriction

    def compute() -> tuple[str, ...]:
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
        return tuple(outermost)

    return remembered("restricted-paths", compute)


def is_public_path(path: str) -> bool:
    return not any(path.startswith(restricted) for restricted in restricted_paths())


def article_parts(article, request, version: str) -> dict:
    """The authors, tags and live related stories (title, URL) of `article`,
    and the ids of the other articles it links to by title (`linked`: related
    stories and the body's related-article blocks)."""

    def compute():
        related = [
            link.article
            for link in article.related_links.filter(article__live=True).select_related("article")
            if is_public_path(link.article.path)
        ]
        in_body = [
            block["value"].get("article")
            for block in article.body.raw_data
            if block.get("type") == "related_article" and isinstance(block.get("value"), dict)
        ]
        return {
            "authors": list(article.authors.all()),
            "tags": list(article.tags.all()),
            "related": [(page.title, page.get_url(request)) for page in related],
            "linked": list(
                dict.fromkeys([page.pk for page in related] + [pk for pk in in_body if pk])
            ),
        }

    # "2": the parts name the linked articles (older entries did not).
    key = cache_key(ARTICLE_PARTS, 2, article.pk, article.live_revision_id, version)
    return versioned(key, compute)
