"""Feeds, per edition: /en/feeds/...

    rss/, atom/ and json/                        the whole edition
    sections/<section id>/rss/, atom/, json/     a section with its sub-sections
    tags/<tag slug>/rss/, atom/, json/           a tag
    authors/<author slug>/rss/, atom/, json/     an author

json/ is JSON Feed 1.1.

Sections are named by page id, which stays the same when a section is renamed or
moved, so subscriptions keep working. Add `?full=1` to any feed for the articles'
full text. Every feed holds the edition's latest 30 live articles.
"""

from django.urls import path

from .feeds import AuthorFeed, EditionFeed, FullAtomFeed, JsonFeed, SectionFeed, TagFeed

app_name = "feeds"
urlpatterns = [
    path("rss/", EditionFeed(), name="site-rss"),
    path("atom/", EditionFeed(FullAtomFeed), name="site-atom"),
    path("json/", EditionFeed(JsonFeed), name="site-json"),
    path("sections/<int:section_id>/rss/", SectionFeed(), name="section-rss"),
    path("sections/<int:section_id>/atom/", SectionFeed(FullAtomFeed), name="section-atom"),
    path("sections/<int:section_id>/json/", SectionFeed(JsonFeed), name="section-json"),
    path("tags/<slug:slug>/rss/", TagFeed(), name="tag-rss"),
    path("tags/<slug:slug>/atom/", TagFeed(FullAtomFeed), name="tag-atom"),
    path("tags/<slug:slug>/json/", TagFeed(JsonFeed), name="tag-json"),
    path("authors/<slug:slug>/rss/", AuthorFeed(), name="author-rss"),
    path("authors/<slug:slug>/atom/", AuthorFeed(FullAtomFeed), name="author-atom"),
    path("authors/<slug:slug>/json/", AuthorFeed(JsonFeed), name="author-json"),
]
