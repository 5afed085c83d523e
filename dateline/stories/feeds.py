"""Feeds of a story timeline (its articles and live blogs) and of an edition's
corrections, built like the edition's other feeds (dateline.syndication.feeds)."""

from __future__ import annotations

from datetime import datetime
from html import escape

from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from dateline.newsroom.models import ArticleNote, ArticlePage, HomePage
from dateline.newsroom.visibility import readable
from dateline.syndication.feeds import (
    FEED_SIZE,
    ArticleFeed,
    Entry,
    EntryFeed,
    Scope,
    feed_title,
    site_name,
)

from .models import LiveBlogPage, StoryPage


class StoryFeed(ArticleFeed):
    """A story's articles and live blogs, newest first: <story URL>rss/ and atom/."""

    def scope(self, request, home: HomePage, story: StoryPage, **kwargs) -> Scope:
        scope = Scope(
            request=request,
            home=home,
            title=feed_title(story.title, request),
            description=story.intro or _("The latest on %(story)s.") % {"story": story.title},
            link=request.build_absolute_uri(story.url),
            articles=story.articles.all(),
        )
        scope.story = story
        return scope

    def items(self, scope: Scope) -> list[Entry]:
        entries = super().items(scope)
        blogs = (
            readable(LiveBlogPage.objects)
            .filter(story=scope.story)
            .annotate(latest=Max("entries__last_published_at"))
        )
        for blog in blogs:
            points = blog.key_point_texts
            entries.append(
                Entry(
                    title=blog.title,
                    link=scope.url_of(blog.url_path),
                    description="<ul>"
                    + "".join(f"<li>{escape(point)}</li>" for point in points)
                    + "</ul>"
                    if points
                    else "",
                    pubdate=blog.first_published_at,
                    updateddate=max(
                        (when for when in (blog.last_published_at, blog.latest) if when),
                        default=None,
                    ),
                    authors=[],
                    categories=[],
                )
            )
        entries.sort(key=lambda entry: entry.pubdate or datetime.min, reverse=True)
        return entries[:FEED_SIZE]


class CorrectionsFeed(EntryFeed):
    """An edition's corrections, newest first: /en/corrections/rss/ and atom/."""

    def scope(self, request, home: HomePage, **kwargs) -> Scope:
        from .views import corrections_in

        return Scope(
            request=request,
            home=home,
            title=feed_title(_("Corrections"), request),
            description=_("Corrections to stories published by %(site)s, newest first.")
            % {"site": site_name(request)},
            link=request.build_absolute_uri(reverse("stories:corrections")),
            articles=corrections_in(home),
        )

    def items(self, scope: Scope) -> list[Entry]:
        notes: list[ArticleNote] = list(scope.articles[:FEED_SIZE])
        return [
            Entry(
                title=_("Correction: %(title)s") % {"title": note.page.title},
                link=f"{scope.url_of(note.page.url_path)}#note-{note.pk}",
                description=f"<p>{escape(note.text)}</p>",
                pubdate=note.noted_at,
                updateddate=note.noted_at,
                authors=[],
                categories=[],
            )
            for note in notes
        ]


def story_feed_links(page, request) -> list[tuple[str, str, str]]:
    """A story timeline's feeds, on the story and on its articles."""
    if isinstance(page, StoryPage):
        story = page
    elif isinstance(page, ArticlePage) and page.story_id:
        story = page.story
    else:
        return []
    if not story.live or not story.url:
        return []
    title = feed_title(story.title, request)
    return [
        ("application/rss+xml", f"{title} (RSS)", f"{story.url}rss/"),
        ("application/atom+xml", f"{title} (Atom)", f"{story.url}atom/"),
        ("application/feed+json", f"{title} (JSON Feed)", f"{story.url}json/"),
    ]
