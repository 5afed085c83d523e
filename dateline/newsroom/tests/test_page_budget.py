"""The article page's weight and database cost stay flat as stories grow."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.newsroom.models import Author, NewsTag

CSS = Path(__file__).resolve().parents[2] / "static" / "dateline" / "dateline.css"
MAX_QUERIES = 12


def body_blocks(n, photo, other):
    kinds = [
        (
            "paragraph",
            "<p>A paragraph of reporting with a <a href='https://example.org'>link</a>.</p>",
        ),
        ("subheading", "What happens next"),
        ("quote", {"quote": "We will rebuild.", "attribution": "A resident"}),
        ("image", {"image": photo, "alt": "A road", "caption": "The road", "credit": "Staff"}),
        ("related_article", {"article": other, "label": ""}),
        ("embed", {"url": "https://example.org/p/1", "description": "A post", "source": "@x"}),
    ]
    return [kinds[i % len(kinds)] for i in range(n)]


def story(asia, make_article, make_photo, tags, blocks):
    photo = make_photo(description="Lead photo")
    other = make_article(asia, title="An earlier story")
    article = make_article(
        asia,
        title=f"Story with {tags} tags and {blocks} blocks",
        lead_image=photo,
        lead_image_caption="Caption",
        lead_image_credit="Credit",
        body=body_blocks(blocks, photo, other),
    )
    article.authors.add(*[Author.objects.create(name=f"Writer {tags}-{i}") for i in range(2)])
    article.tags.add(*[NewsTag.objects.create(name=f"Tag {blocks}-{i}") for i in range(tags)])
    article.set_related([other])
    article.save_revision().publish()
    return article


def queries_to_render(client, url) -> int:
    client.get(url)  # first view makes image renditions; readers after it are measured
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("tags,blocks", [(3, 1), (30, 1), (3, 20), (30, 20)])
def test_article_renders_in_bounded_queries(client, asia, make_article, make_photo, tags, blocks):
    article = story(asia, make_article, make_photo, tags, blocks)
    assert queries_to_render(client, article.url) <= MAX_QUERIES


@pytest.mark.django_db
def test_query_count_does_not_grow_with_tags_or_blocks(client, asia, make_article, make_photo):
    small = story(asia, make_article, make_photo, 3, 1)
    large = story(asia, make_article, make_photo, 30, 20)
    assert queries_to_render(client, large.url) == queries_to_render(client, small.url)


@pytest.mark.django_db
def test_article_html_and_css_stay_small(client, asia, make_article, make_photo):
    article = story(asia, make_article, make_photo, 30, 20)
    html = client.get(article.url).content
    assert len(html) < 60 * 1024
    assert CSS.stat().st_size < 20 * 1024
    # Reading needs no script: the ones that run are small, external and deferred
    # (progressive extras, one per feature: the site's, the banner's, on air, the
    # readership beacon, breaking alerts); the others are JSON-LD data. What
    # bounds them is their bytes, below.
    executable = html.count(b"<script") - html.count(b'<script type="application/ld+json">')
    assert 1 <= executable <= 5
    assert html.count(b'" defer></script>') == executable
    sources = re.findall(rb'<script src="/static/([^"]+)" defer></script>', html)
    assert len(sources) == executable
    script_bytes = sum(Path(finders.find(name.decode())).stat().st_size for name in sources)
    assert script_bytes < 16 * 1024


# --- Every public page type, with little and with much more content ----------


def newsroom_of_size(home, news, make_section, make_article, make_photo, size):
    """A newsroom with `size` sections (each with a sub-section), a few articles
    per section, tags, authors, a top story, a developing story with a live blog
    and entries: twice the size must not cost one more query."""
    from dateline.newsroom.models import TopStory
    from dateline.stories.models import LiveBlogEntry, LiveBlogPage, StoryPage

    photo = make_photo(description="A photo")
    tags = [NewsTag.objects.create(name=f"Topic {size}-{i}") for i in range(size)]
    authors = [Author.objects.create(name=f"Reporter {size}-{i}") for i in range(size)]
    first = None
    for n in range(size):
        section = make_section(news, f"Region {size}-{n}", f"region-{size}-{n}")
        sub = make_section(section, f"City {size}-{n}", f"city-{size}-{n}")
        for m in range(size + 1):
            article = make_article(
                sub if m % 2 else section,
                title=f"Report {size}-{n}-{m}",
                lead_image=photo,
                body=body_blocks(size, photo, first) if first else [],
            )
            article.tags.add(*tags)
            article.authors.add(*authors)
            article.save_revision().publish()
            first = first or article
    for article in type(first).objects.live()[:size]:
        TopStory.objects.create(home=home, article=article)
    home.save_revision().publish()
    story = news.add_child(instance=StoryPage(title=f"Floods {size}", slug=f"floods-{size}"))
    story.save_revision().publish()
    blog = news.add_child(
        instance=LiveBlogPage(
            title=f"Floods {size}: live",
            slug=f"floods-{size}-live",
            key_points=[("point", "Rivers burst their banks.")],
            story=story,
        )
    )
    blog.save_revision().publish()
    for article in type(first).objects.live()[:size]:
        article.story = story
        article.save_revision().publish()
    for i in range(size):
        entry = LiveBlogEntry(
            live_blog=blog, body=[("paragraph", f"<p>Update {i}.</p>")], live=False
        )
        entry.save()
        entry.save_revision().publish()
    section = type(news).objects.get(slug=f"region-{size}-0")
    return {
        "home": home.url,
        "top section": news.url,
        "section": section.url,
        "sub-section": section.get_children().first().url,
        "tag": f"/en/tags/{tags[0].slug}/",
        "author": f"/en/authors/{authors[0].slug}/",
        "article": first.url,
        "search": "/en/search/?q=report",
        "story": story.url,
        "live blog": blog.url,
        "site feed": "/en/feeds/rss/",
        "full feed": "/en/feeds/atom/?full=1",
        "section feed": f"/en/feeds/sections/{section.pk}/rss/",
        "tag feed": f"/en/feeds/tags/{tags[0].slug}/rss/",
        "author feed": f"/en/feeds/authors/{authors[0].slug}/atom/",
        "corrections": "/en/corrections/",
        "sitemap index": "/sitemap.xml",
        "pages sitemap": "/sitemap-pages.xml",
        "articles sitemap": "/sitemap-articles.xml",
        "news sitemap": "/news-sitemap.xml",
        "live channel": "/en/live/",
        "audio only": "/en/live/audio/",
    }


def budget(client, urls) -> dict[str, int]:
    return {name: queries_to_render(client, url) for name, url in urls.items()}


@pytest.mark.django_db
def test_every_public_page_renders_in_bounded_queries_however_much_content(
    client, home, news, make_section, make_article, make_photo, settings
):
    settings.DATELINE_PAGE_SIZE = 4  # listings run to several pages
    small = budget(client, newsroom_of_size(home, news, make_section, make_article, make_photo, 2))
    large = budget(client, newsroom_of_size(home, news, make_section, make_article, make_photo, 4))
    over = {name: n for name, n in {**small, **large}.items() if n > MAX_QUERIES}
    assert not over, f"over {MAX_QUERIES} queries: {over}"
    grew = {name: (small[name], large[name]) for name in small if large[name] > small[name]}
    assert not grew, f"query count grew with content: {grew}"


@pytest.mark.django_db
def test_a_private_section_stays_private_with_the_one_query_check(
    client, news, asia, make_section, make_article
):
    from wagtail.models import PageViewRestriction

    private = make_section(news, "Staff only", "staff-only")
    hidden = make_article(private, title="Internal memo")
    public = make_article(asia, title="Open story")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    for url in (private.url, hidden.url):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    assert client.get(public.url).status_code == 200
    # An alias of the private section shares its source's restriction.
    alias = private.create_alias(parent=asia, update_slug="staff-alias")
    assert client.get(alias.url).status_code == 302
