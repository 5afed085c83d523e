"""What a social network or search engine reads back from an article page."""

from datetime import timedelta

import extruct
import pytest
from django.utils import timezone

from dateline.newsroom.models import Author, NewsTag


@pytest.fixture
def story(asia, make_article, make_photo):
    photo = make_photo(description="Boats in the harbour at dawn")
    article = make_article(
        asia,
        title="Harbour reopens after the storm",
        social_headline="Harbour open again",
        lead_image=photo,
        lead_image_caption="The harbour on Monday",
        lead_image_credit="Dateline/Staff",
        summary=[("point", "Fishing boats sailed again on Monday.")],
    )
    article.authors.add(Author.objects.create(name="Nadia Karimi", role="Reporter"))
    article.tags.add(
        NewsTag.objects.create(name="Storms", slug="storms"),
        NewsTag.objects.create(name="Port Halden", slug="port-halden", kind="place"),
    )
    article.first_published_at = timezone.now() - timedelta(hours=5)
    article.updated_at = timezone.now() - timedelta(hours=1)
    article.save()
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def read_back(client, article):
    response = client.get(article.url)
    return extruct.extract(
        response.content.decode(),
        base_url="http://testserver",
        syntaxes=["json-ld", "opengraph"],
    )


@pytest.mark.django_db
def test_news_article_json_ld_carries_what_search_engines_need(client, story):
    data = read_back(client, story)
    news = next(d for d in data["json-ld"] if d["@type"] == "NewsArticle")
    assert news["headline"] == "Harbour reopens after the storm"
    assert news["description"] == "Fishing boats sailed again on Monday."
    assert len(news["image"]) == 3
    sizes = {tuple(url.split("fill-")[1].split(".")[0].split("x")) for url in news["image"]}
    assert sizes == {("1200", "675"), ("1200", "900"), ("1200", "1200")}
    assert all(url.startswith("http") for url in news["image"])
    assert news["datePublished"].endswith("+00:00")
    assert news["dateModified"] > news["datePublished"]
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "Nadia Karimi",
            "url": "http://testserver/en/authors/nadia-karimi/",
        }
    ]
    assert news["publisher"]["@type"] == "Organization"
    assert news["publisher"]["logo"]["url"].endswith(".png")
    assert news["articleSection"] == "Asia"
    assert set(news["keywords"]) == {"Storms", "Port Halden"}
    assert news["mainEntityOfPage"]["@id"] == "http://127.0.0.1:8000" + story.url
    crumbs = next(d for d in data["json-ld"] if d["@type"] == "BreadcrumbList")
    names = [item["name"] for item in crumbs["itemListElement"]]
    assert names == ["News", "Asia", "Harbour reopens after the storm"]


@pytest.mark.django_db
def test_open_graph_and_x_card(client, story):
    data = read_back(client, story)
    properties = data["opengraph"][0]["properties"]
    og = dict(properties)
    assert og["og:type"] == "article"
    assert og["og:title"] == "Harbour open again"
    assert og["og:image"].startswith("http") and "1200x675" in og["og:image"]
    assert og["og:url"].endswith(story.url)
    assert og["article:section"] == "Asia"
    assert og["article:published_time"] and og["article:modified_time"]
    assert {v for k, v in properties if k == "article:tag"} == {"Storms", "Port Halden"}
    assert og["article:author"] == "http://testserver/en/authors/nadia-karimi/"
    html = client.get(story.url).content.decode()
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{story.url}">' in html
    assert '<meta name="description" content="Fishing boats sailed again on Monday.">' in html


@pytest.mark.django_db
def test_json_ld_cannot_be_broken_out_of(client, asia, make_article):
    article = make_article(asia, title="</script><script>alert(1)</script>", slug="breakout")
    html = client.get(article.url).content.decode()
    assert "<script>alert(1)" not in html
    data = extruct.extract(html, syntaxes=["json-ld"])
    assert data["json-ld"][0]["headline"] == "</script><script>alert(1)</script>"


@pytest.mark.django_db
def test_listing_pages_have_canonical_and_description(client, news):
    html = client.get(news.url + "?page=1").content.decode()
    assert '<link rel="canonical" href="http://testserver/en/news/">' in html
    assert '<meta property="og:type" content="website">' in html


def test_front_page_is_described_by_its_strapline(client, home):
    home.strapline = "News from the valley, every day."
    home.save_revision().publish()
    html = client.get(home.url).content.decode()
    assert '<meta name="description" content="News from the valley, every day.">' in html
    assert '<meta property="og:description" content="News from the valley, every day.">' in html


@pytest.mark.django_db
def test_an_article_without_named_authors_is_by_the_newsroom(client, asia, make_article):
    article = make_article(asia, title="Council approves the harbour budget")
    data = read_back(client, article)
    news = next(d for d in data["json-ld"] if d["@type"] == "NewsArticle")
    assert news["author"] == [news["publisher"]]
    assert news["author"][0]["@type"] == "Organization" and news["author"][0]["name"]
