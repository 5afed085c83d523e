"""Paginating listings that may hold a million articles.

Two things make a deep page of a big section slow with Django's Paginator:

- its count: "Page 500 of 50,000" counts every live article under the section
  (about a second at a million). Every count is kept in the shared cache, keyed
  by the listing's SQL: a count under CACHED_FROM with the content version
  (base.invalidation), which every publish, unpublish, move or delete changes, so a
  small listing's total is never stale; a bigger one for COUNT_SECONDS whatever
  is published meanwhile, so a newsroom publishing every minute does not make
  the next reader of each big listing count a million rows again (its total may
  lag by that long). Either way a warm page costs the same queries whatever the
  archive's size, and which rows a page shows never depends on the count.
- the page itself: OFFSET skips rows only after computing every column of them,
  including each card's annotations (comment counts). The page's rows are
  picked by primary key first, in a narrow subquery, and only those 20 are
  loaded in full, in the same single query. OFFSET still walks every row
  before the page; the next page's reader (often the mirror export, which
  renders every page in turn) starts after the last row of the page before it
  instead (a keyset), when that row is known for this content version.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property

from dateline.base.invalidation import cache_key, content_version, register_prefix

LISTING_COUNT = register_prefix("listing-count", "how many rows a listing has")
LISTING_AFTER = register_prefix("listing-after", "the sort keys of a listing page's last row")
CACHED_FROM = 5000
COUNT_SECONDS = 120
EXACT_SECONDS = 600


def _cache():
    return caches[settings.DATELINE_LISTING_CACHE]


class ArchivePaginator(Paginator):
    @cached_property
    def _digest(self) -> str:
        sql, params = self.object_list.query.sql_with_params()
        return hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        listing = self.object_list
        if not listing.query.is_sliced:  # a sliced query keeps its order (it is its limit)
            listing = listing.order_by()
        sql, params = listing.query.sql_with_params()
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()[:32]
        big_key = cache_key(LISTING_COUNT, digest)
        exact_key = cache_key(LISTING_COUNT, digest, content_version())
        found = _cache().get_many([big_key, exact_key])
        count = found.get(big_key, found.get(exact_key))
        if count is None:
            count = self.object_list.count()
            if count >= CACHED_FROM:
                _cache().set(big_key, count, COUNT_SECONDS)
            else:
                _cache().set(exact_key, count, EXACT_SECONDS)
        return count

    @cached_property
    def _keys(self) -> list[str] | None:
        """The listing's sort fields when a keyset can follow them: all
        descending plain fields (`-first_published_at`, `-id`)."""
        order = list(self.object_list.query.order_by)
        if order and all(isinstance(f, str) and f.startswith("-") and "__" not in f for f in order):
            return [f[1:] for f in order]
        return None

    def _after_key(self, number: int) -> str:
        return cache_key(LISTING_AFTER, self._digest, number, content_version())

    def page(self, number) -> Page:
        """Django's page(), except that the rows are the next per_page whatever
        the (possibly cached) count says."""
        listing = self.object_list
        if not isinstance(listing, QuerySet) or listing.query.is_sliced:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        after = _cache().get(self._after_key(number - 1)) if self._keys and number > 1 else None
        if after is not None:
            rows = self._following(listing, after)[: self.per_page]
        else:
            rows = listing[bottom : bottom + self.per_page]
        page = self._get_page(rows, number, self)
        if self._keys and self.count > self.per_page * number:
            rows = list(page.object_list)  # the template reads them anyway
            page.object_list = rows
            if rows:
                last = [getattr(rows[-1], key) for key in self._keys]
                if None not in last:
                    _cache().set(self._after_key(number), last, EXACT_SECONDS)
        return page

    def _following(self, listing: QuerySet, after: list) -> QuerySet:
        """The rows after `after` in the listing's (descending) order, written
        so that the first key's index can seek to it: k1 <= a1 AND (k1 < a1 OR
        (k2 <= a2 AND (k2 < a2 OR ...)))."""
        later = None
        for key, value in reversed(list(zip(self._keys, after, strict=True))):
            before = Q(**{f"{key}__lt": value})
            later = Q(**{f"{key}__lte": value}) & (before | later) if later else before
        return listing.filter(later)

    def _get_page(self, object_list, number, paginator) -> Page:
        if (
            isinstance(object_list, QuerySet)
            and object_list.query.low_mark
            and not self.object_list.query.is_sliced
        ):
            # The slice page() made, as a subquery of bare keys.
            keys = object_list.values("pk")
            full = self.object_list.filter(pk__in=keys)
            object_list = full
        return Page(object_list, number, paginator)
