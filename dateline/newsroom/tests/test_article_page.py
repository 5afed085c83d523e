import pytest

from dateline.newsroom.models import Author


@pytest.mark.django_db
def test_article_page_shows_every_part(client, asia, make_article, make_photo):
    photo = make_photo(description="Boats moored in a grey harbour")
    author = Author.objects.create(name="Mina Sadeghi", role="Regional correspondent")
    article = make_article(
        asia,
        title="Ferry service resumes across the strait",
        lead_image=photo,
        lead_image_caption="The first ferry leaves the harbour at dawn.",
        lead_image_credit="Dateline/Mina Sadeghi",
        summary=[("point", "Crossings restart after a three-week halt.")],
        body=[
            ("paragraph", "<p>The first boat left at six in the morning.</p>"),
            ("subheading", "Why it stopped"),
        ],
    )
    article.authors.add(author)
    article.tags.add("Strait of Kerr")
    article.save_revision().publish()

    response = client.get(article.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en" dir="ltr"' in html
    assert "<h1>Ferry service resumes across the strait</h1>" in html
    assert "Crossings restart after a three-week halt." in html
    assert '<span class="caption">The first ferry leaves the harbour at dawn.</span>' in html
    assert "Dateline/Mina Sadeghi</span>" in html
    assert 'alt="Boats moored in a grey harbour"' in html
    assert "<time datetime=" in html
    assert '<h2 class="subheading">Why it stopped</h2>' in html
    assert 'href="/en/tags/strait-of-kerr/"' in html
    assert 'href="/en/authors/mina-sadeghi/"' in html
    assert "No comments yet." in html
    assert 'href="/en/news/"' in html and 'href="/en/news/asia/"' in html
    assert 'href="/en/live/"' in html and 'href="/en/live/audio/"' in html
    assert "https://wa.me/" in html
    assert 'type="image/avif"' in html
