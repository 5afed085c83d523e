"""Developing stories, per edition (under the language prefix):

    corrections/                         every correction, newest first
    corrections/rss/, atom/ and json/   the same as feeds
    stories/breaking.json                the breaking-news banner, for every page's script
    stories/liveblog/<id>/entries/       what changed on a live blog (?since=<cursor>)

Story timelines and live blogs are pages in the section tree; a story's feeds
are at its URL plus rss/ and atom/.
"""

from django.urls import path

import dateline.newsroom.converters  # noqa: F401 (registers <id:...>)
from dateline.syndication.feeds import FullAtomFeed, JsonFeed

from . import views
from .feeds import CorrectionsFeed

app_name = "stories"
urlpatterns = [
    path("corrections/", views.corrections, name="corrections"),
    path("corrections/rss/", CorrectionsFeed(), name="corrections-rss"),
    path("corrections/atom/", CorrectionsFeed(FullAtomFeed), name="corrections-atom"),
    path("corrections/json/", CorrectionsFeed(JsonFeed), name="corrections-json"),
    path("stories/breaking.json", views.breaking, name="breaking"),
    path(
        "stories/liveblog/<id:pk>/entries/",
        views.live_blog_entries,
        name="live-blog-entries",
    ),
]
