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
  loaded in full, in the same single query.
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from dateline.base.invalidation import cache_key, content_version, register_prefix

LISTING_COUNT = register_prefix("listing-count", "how many rows a listing has")
CACHED_FROM = 5000
COUNT_SECONDS = 120
EXACT_SECONDS = 600


class ArchivePaginator(Paginator):
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
        found = cache.get_many([big_key, exact_key])
        count = found.get(big_key, found.get(exact_key))
        if count is None:
            count = self.object_list.count()
            if count >= CACHED_FROM:
                cache.set(big_key, count, COUNT_SECONDS)
            else:
                cache.set(exact_key, count, EXACT_SECONDS)
        return count

    def page(self, number) -> Page:
        """Django's page(), except that the rows are the next per_page whatever
        the (possibly cached) count says."""
        listing = self.object_list
        if not isinstance(listing, QuerySet) or listing.query.is_sliced:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(listing[bottom : bottom + self.per_page], number, self)

    def _get_page(self, object_list, number, paginator) -> Page:
        if (
            isinstance(object_list, QuerySet)
            and object_list.query.low_mark
            and not self.object_list.query.is_sliced
        ):
            # The slice Paginator.page() made, as a subquery of bare keys.
            keys = object_list.values("pk")
            full = self.object_list.filter(pk__in=keys)
            object_list = full
        return Page(object_list, number, paginator)
