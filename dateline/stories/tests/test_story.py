"""A story timeline groups articles and live blogs, newest first, with its own feed."""

from datetime import timedelta

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from dateline.newsroom.models import ArticlePage
from dateline.stories.models import LiveBlogPage

from .conftest import publish_page


def in_story(article, story, minutes_ago):
    article.story = story
    article.save_revision().publish()
    when = timezone.now() - timedelta(minutes=minutes_ago)
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=when)


@pytest.mark.django_db
def test_story_timeline_newest_first_with_its_feed(client, asia, story, live_blog, make_article):
    first = make_article(asia, title="Rain warning issued")
    second = make_article(asia, title="Rivers burst their banks")
    draft = make_article(asia, title="Unpublished draft", publish=False)
    unrelated = make_article(asia, title="Cup final tonight")
    in_story(first, story, minutes_ago=300)
    in_story(second, story, minutes_ago=60)
    draft.story = story
    draft.save_revision()
    LiveBlogPage.objects.filter(pk=live_blog.pk).update(
        first_published_at=timezone.now() - timedelta(minutes=120)
    )
    closed = publish_page(
        asia.add_child(
            instance=LiveBlogPage(title="Earlier floods: live", slug="earlier", story=story)
        ),
        when=timezone.now() - timedelta(days=2),
    )
    closed.open = False
    closed.save_revision().publish()

    html = client.get(story.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    titles = [a.get_text() for a in soup.select(".timeline h3 a")]
    assert titles == [
        "Rivers burst their banks",
        "Valley floods: live",
        "Rain warning issued",
        "Earlier floods: live",
    ]
    assert "Unpublished draft" not in html and unrelated.title not in html
    assert soup.select_one(".timeline .live-badge")  # the open live blog says Live
    feed = soup.select_one(f'link[type="application/rss+xml"][href="{story.url}rss/"]')
    assert feed is not None

    for url in (f"{story.url}rss/", f"{story.url}atom/"):
        response = client.get(url)
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo
        assert [e.title for e in parsed.entries] == titles


@pytest.mark.django_db
def test_article_in_a_story_links_to_it_and_its_live_blog(client, asia, story, live_blog):
    from dateline.newsroom.models import ArticlePage

    article = asia.add_child(
        instance=ArticlePage(
            title="Rivers burst their banks",
            summary=[("point", "Water everywhere.")],
            story=story,
            live=False,
        )
    )
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    box = BeautifulSoup(html, "html.parser").select_one(".story-links")
    links = {a.get_text(): a["href"] for a in box.select("a")}
    assert links == {story.title: story.url, live_blog.title: live_blog.url}
    assert f'href="{story.url}rss/"' in html  # the story's feed is advertised too

    # Closing the live blog takes the "Live" link away.
    live_blog.open = False
    live_blog.save_revision().publish()
    box = BeautifulSoup(client.get(article.url).content, "html.parser").select_one(".story-links")
    assert [a.get_text() for a in box.select("a")] == [story.title]


@pytest.mark.django_db
def test_front_page_links_open_live_blogs(client, home, live_blog):
    html = client.get("/en/").content.decode()
    section = BeautifulSoup(html, "html.parser").select_one(".live-now")
    assert section.select_one("a")["href"] == live_blog.url
    live_blog.open = False
    live_blog.save_revision().publish()
    assert "live-now" not in client.get("/en/").content.decode()
