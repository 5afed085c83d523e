"""What an anonymous reader may read: live pages outside every view restriction.

Every public listing, search, count, feed, sitemap, comment form and export takes
its pages through `readable()`, so a page made private (a login, password or
group restriction on it or on a section above it) leaves all of them at once.
Public pages are shared-cacheable, so what they list cannot depend on who asks.

Wagtail's `PageQuerySet.public()` reads every restriction each time a query is
built; the restricted paths are kept per content version instead
(`article_cache.restricted_paths`), so a listing costs no query more than
before, and its SQL does not change while nothing is restricted.

When a view restriction is added, changed or removed, `page_visibility_changed`
is sent for every live page it covers, so features treat it as they treat an
unpublish (or a publish, when it is lifted): caches purge those pages and the
listings that showed them.
"""

from django.db.models import Q
from django.dispatch import Signal
from wagtail.models import Page

from .article_cache import restricted_paths

# Sent with instance=<a live page, specific> whose anonymous readers changed.
page_visibility_changed = Signal()


def readable(queryset):
    """The live pages of `queryset` (a page model's manager or queryset) that an
    anonymous reader may read."""
    queryset = queryset.live()
    private = Q()
    for path in restricted_paths():
        private |= Q(path__startswith=path)
    return queryset.exclude(private) if private else queryset


def readable_filter(prefix: str = "") -> Q:
    """readable() as a filter on a relation to pages (`prefix`, e.g.
    "article__"), for queries that start from another table."""
    readable_q = Q(**{f"{prefix}live": True})
    for path in restricted_paths():
        readable_q &= ~Q(**{f"{prefix}path__startswith": path})
    return readable_q


def pages_covered_by(page) -> list[Page]:
    """The live pages a restriction on `page` applies to: the page, its
    descendants, and its aliases' trees (an alias shares its source's
    restrictions)."""
    tree = Q(path__startswith=page.path)
    for alias_path in page.aliases.values_list("path", flat=True):
        tree |= Q(path__startswith=alias_path)
    return list(Page.objects.live().filter(tree).specific())


def restriction_changed(sender, instance, **kwargs) -> None:
    """A PageViewRestriction was saved or deleted."""
    page = Page.objects.filter(pk=instance.page_id).first()  # gone if deleted with it
    if page is None:
        return
    for covered in pages_covered_by(page):
        page_visibility_changed.send(sender=type(covered), instance=covered)
