"""The article page's weight and database cost stay flat as stories grow."""

from pathlib import Path

import pytest
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
    # (progressive extras); the others are JSON-LD data.
    executable = html.count(b"<script") - html.count(b'<script type="application/ld+json">')
    assert 1 <= executable <= 3
    assert html.count(b'" defer></script>') == executable
