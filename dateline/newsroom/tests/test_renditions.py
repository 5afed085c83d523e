"""Publishing resizes an article's photos, so no reader waits for it."""

import pytest
from wagtail.images import get_image_model

from dateline.newsroom import renditions


def rendition_count() -> int:
    return get_image_model().get_rendition_model().objects.count()


@pytest.fixture
def photos(make_photo):
    return make_photo(title="Crane over the harbour"), make_photo(title="Harbour wall at noon")


def test_publishing_makes_every_rendition_the_public_pages_ask_for(
    client, news, make_article, photos
):
    lead, inline = photos
    article = make_article(
        news,
        title="Harbour crane lifts the first span",
        lead_image=lead,
        lead_image_alt="A crane",
        body=[
            ("paragraph", "<p>The crane lifted the span at noon.</p>"),
            ("image", {"image": inline, "alt": "The wall", "caption": "", "credit": ""}),
        ],
    )
    made = rendition_count()
    assert lead.renditions.count() >= 20 and inline.renditions.count() >= 6
    assert made == lead.renditions.count() + inline.renditions.count()

    # Every page that shows the photos: none of them makes a rendition.
    for url in (
        article.url,
        news.url,
        "/en/",
        "/en/search/?q=crane",
        "/en/feeds/rss/",
        "/en/feeds/atom/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert rendition_count() == made, url
    assert b"Harbour crane lifts the first span" in client.get("/en/search/?q=crane").content

    # A second publish finds them all: nothing new.
    article.save_revision().publish()
    assert rendition_count() == made


def test_a_photo_that_cannot_be_read_does_not_stop_the_publish(
    client, news, make_article, photos, caplog
):
    lead, _ = photos
    lead.file.storage.delete(lead.file.name)  # the original is gone from storage
    article = make_article(
        news, title="Crane story without its picture", lead_image=lead, lead_image_alt="A crane"
    )
    assert article.live
    assert "could not make renditions" in caplog.text
    assert client.get(news.url).status_code == 200


def test_the_demo_load_leaves_them_to_the_first_view(news, make_article, photos):
    lead, _ = photos
    with renditions.paused():
        make_article(news, title="Loaded in bulk", lead_image=lead, lead_image_alt="A crane")
    assert rendition_count() == 0
