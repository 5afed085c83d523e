"""The surrogate keys of the content (dateline.base.surrogate_keys): what each
one names, and which listings an article is in.

- ``page-<pk>``: one page wherever it shows: its own page, its card in any
  listing, a link to it among an article's related stories or in its body, an
  item of a feed. Purged when the page is published, unpublished or moved.
- ``section-<pk>``: every page of a section's listing (the section page, its
  later pages, its feeds), which lists its sub-sections' articles too.
- ``tag-<pk>-<locale pk>``, ``author-<pk>-<locale pk>``: every page of a tag's
  or an author's listing in one edition, and its feeds.
- ``latest-<front page pk>``: an edition's lists of its newest articles: the
  front page and the edition's feeds.

A page's breadcrumb, menu and Most read box are left out: naming the sections
there would purge every article of a section with each publish in it, and Most
read refreshes itself from its own endpoint.
"""

from dataclasses import dataclass
from datetime import datetime


def page_key(pk: int) -> str:
    return f"page-{pk}"


def section_key(pk: int) -> str:
    return f"section-{pk}"


def tag_key(pk: int, locale_pk: int) -> str:
    return f"tag-{pk}-{locale_pk}"


def author_key(pk: int, locale_pk: int) -> str:
    return f"author-{pk}-{locale_pk}"


def latest_key(home_pk: int) -> str:
    return f"latest-{home_pk}"


@dataclass(frozen=True)
class Listed:
    """Where an article is listed and where in them (its first publication
    orders every listing)."""

    keys: frozenset[str] = frozenset()
    published_at: datetime | None = None


def listings_changed(before: Listed, after: Listed) -> set[str]:
    """The listing keys to purge when an article goes from `before` to `after`:
    those it entered or left, or all of them if it moved within them."""
    if before.published_at != after.published_at:
        return set(before.keys | after.keys)
    return set(before.keys ^ after.keys)
