"""Feeds, per edition: /en/feeds/...

    rss/ and atom/                               the whole edition
    sections/<section id>/rss/ and .../atom/     a section with its sub-sections
    tags/<tag slug>/rss/ and .../atom/           a tag
    authors/<author slug>/rss/ and .../atom/     an author

Sections are named by page id, which stays the same when a section is renamed or
moved, so subscriptions keep working. Add `?full=1` to any feed for the articles'
full text. Every feed holds the edition's latest 30 live articles.
"""

from django.urls import path

from .feeds import AuthorFeed, EditionFeed, FullAtomFeed, SectionFeed, TagFeed

app_name = "feeds"
urlpatterns = [
    path("rss/", EditionFeed(), name="site-rss"),
    path("atom/", EditionFeed(FullAtomFeed), name="site-atom"),
    path("sections/<int:section_id>/rss/", SectionFeed(), name="section-rss"),
    path("sections/<int:section_id>/atom/", SectionFeed(FullAtomFeed), name="section-atom"),
    path("tags/<slug:slug>/rss/", TagFeed(), name="tag-rss"),
    path("tags/<slug:slug>/atom/", TagFeed(FullAtomFeed), name="tag-atom"),
    path("authors/<slug:slug>/rss/", AuthorFeed(), name="author-rss"),
    path("authors/<slug:slug>/atom/", AuthorFeed(FullAtomFeed), name="author-atom"),
]
