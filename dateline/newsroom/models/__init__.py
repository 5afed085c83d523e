"""The newsroom's content: home page, sections, articles, authors, tags, photos.

One module per kind of content; everything is importable from here, as
``from dateline.newsroom.models import ArticlePage``.
"""

from .articles import (
    ArticleNote,
    ArticlePage,
    RelatedArticle,
    live_article_at,
    reindex_after_publish,
    stamp_new_notes,
    stamp_notes_on_publish,
    stamp_significant_update,
)
from .base import READ_ONLY_METHODS, ViewRestrictionsInOneQuery, article_cards, paginate
from .embargo import EmbargoMixin, hold_until_embargo
from .fronts import HomePage, SectionPage, TopStory, listed_in
from .listings import ListingEntry, follow_date, listed, redate, relist
from .photos import Photo, PhotoRendition
from .scheduling import JobRun
from .taxonomy import Author, NewsTag, NewsTagQuerySet, TaggedArticle

__all__ = [
    "READ_ONLY_METHODS",
    "ArticleNote",
    "ArticlePage",
    "Author",
    "EmbargoMixin",
    "HomePage",
    "JobRun",
    "ListingEntry",
    "NewsTag",
    "NewsTagQuerySet",
    "Photo",
    "PhotoRendition",
    "RelatedArticle",
    "SectionPage",
    "TaggedArticle",
    "TopStory",
    "ViewRestrictionsInOneQuery",
    "article_cards",
    "hold_until_embargo",
    "follow_date",
    "listed",
    "listed_in",
    "live_article_at",
    "paginate",
    "redate",
    "reindex_after_publish",
    "relist",
    "stamp_new_notes",
    "stamp_notes_on_publish",
    "stamp_significant_update",
]
