"""An article's rendered parts are cached, but never shown late: every edit
readers should see appears on the very next (uncached) view."""

import pytest


@pytest.fixture
def article(asia, make_article, make_photo):
    photo = make_photo(title="Pass at dusk", credit="Old Agency")
    earlier = make_article(asia, title="Snow closes the pass")
    follow_up = make_article(asia, title="Road crews start work")
    article = make_article(
        asia,
        title="Valley road reopens",
        lead_image=photo,
        lead_image_alt="The road",
        lead_image_caption="Traffic at the pass",
        body=[
            ("paragraph", "<p>The road opened at dawn.</p>"),
            ("image", {"image": photo, "alt": "Trucks", "caption": "Trucks wait", "credit": ""}),
            ("related_article", {"article": earlier, "label": ""}),
        ],
    )
    article.set_related([follow_up])
    article.save_revision().publish()
    article.earlier, article.follow_up, article.photo = earlier, follow_up, photo
    return article


def page(client, article) -> str:
    response = client.get(article.url)
    assert response.status_code == 200
    return response.content.decode()


def warm(client, article) -> str:
    page(client, article)
    return page(client, article)


@pytest.mark.django_db
def test_a_published_body_edit_shows_at_once(client, article):
    assert "The road opened at dawn." in warm(client, article)
    article.body = [("paragraph", "<p>The road opened at noon, hours late.</p>")]
    article.save_revision().publish()
    html = page(client, article)
    assert "The road opened at noon, hours late." in html
    assert "The road opened at dawn." not in html


@pytest.mark.django_db
def test_changed_captions_and_credits_show_at_once(client, article):
    html = warm(client, article)
    assert "Trucks wait" in html and "Traffic at the pass" in html and "Old Agency" in html

    article.lead_image_caption = "Queues at the pass"
    body = article.body.raw_data
    body[1]["value"]["caption"] = "Trucks finally move"
    article.body = body
    article.save_revision().publish()
    html = page(client, article)
    assert "Queues at the pass" in html and "Trucks finally move" in html
    assert "Trucks wait" not in html

    # The photo's own credit, which the body image shows when it names none.
    article.photo.credit = "New Agency"
    article.photo.save()
    html = page(client, article)
    assert "New Agency" in html and "Old Agency" not in html


@pytest.mark.django_db
def test_a_changed_related_article_shows_at_once(client, article):
    html = warm(client, article)
    assert "Snow closes the pass" in html and "Road crews start work" in html

    article.earlier.title = "Snow closes the pass for the winter"
    article.earlier.save_revision().publish()
    article.follow_up.title = "Road crews finish early"
    article.follow_up.save_revision().publish()
    html = page(client, article)
    assert "Snow closes the pass for the winter" in html
    assert "Road crews finish early" in html and "Road crews start work" not in html

    article.follow_up.unpublish()
    article.earlier.unpublish()
    html = page(client, article)
    assert "Road crews finish early" not in html
    assert "Snow closes the pass for the winter" not in html


@pytest.mark.django_db
def test_a_renamed_author_or_tag_shows_at_once(client, article):
    from dateline.newsroom.models import Author, NewsTag

    author = Author.objects.create(name="Sara Lind")
    tag = NewsTag.objects.create(name="Mountain roads")
    article.authors.add(author)
    article.tags.add(tag)
    article.save_revision().publish()
    html = warm(client, article)
    assert "Sara Lind" in html and "Mountain roads" in html
    author.name, tag.name = "Sara Lind-Berg", "Mountain passes"
    author.save(), tag.save()
    html = page(client, article)
    assert "Sara Lind-Berg" in html and "Mountain passes" in html


@pytest.mark.django_db
def test_a_new_headline_shows_in_the_page_and_its_metadata_at_once(client, article):
    html = warm(client, article)
    assert '"headline":"Valley road reopens"' in html
    article.title = "Valley road reopens to trucks"
    article.save_revision().publish()
    html = page(client, article)
    assert "<h1>Valley road reopens to trucks</h1>" in html
    assert '"headline":"Valley road reopens to trucks"' in html
    assert '<meta property="og:title" content="Valley road reopens to trucks">' in html


@pytest.mark.django_db
def test_a_renamed_site_or_section_shows_at_once(client, article, asia):
    from wagtail.models import Site

    html = warm(client, article)
    assert '<a href="/en/news/asia/">Asia</a>' in html
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Valley Herald"
    site.save()
    assert "· Valley Herald</title>" in page(client, article)
    asia.title = "Asia and Pacific"
    asia.save_revision().publish()
    assert '<a href="/en/news/asia/">Asia and Pacific</a>' in page(client, article)


@pytest.mark.django_db
def test_a_new_view_restriction_applies_at_once(client, article, asia):
    from wagtail.models import PageViewRestriction

    warm(client, article)
    restriction = PageViewRestriction.objects.create(
        page=asia, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(article.url)
    assert response.status_code == 302
    assert "/_util/login/" in response["Location"] or "login" in response["Location"]
    restriction.delete()
    assert client.get(article.url).status_code == 200


@pytest.mark.django_db
def test_approved_and_removed_comments_show_at_once(client, article):
    from dateline.comments.models import Comment

    assert "No comments yet." in warm(client, article)
    comment = Comment.objects.create(article=article, name="Ana", body="Good news for the valley.")
    assert "Good news for the valley." not in page(client, article)  # waiting for moderation
    comment.set_status(Comment.Status.APPROVED)
    html = page(client, article)
    assert "Good news for the valley." in html and "(1)" in html
    comment.delete()
    html = page(client, article)
    assert "Good news for the valley." not in html and "No comments yet." in html


@pytest.mark.django_db
def test_remembered_answers_stay_bounded(client, article, monkeypatch):
    # A crawler reading the archive between two publishes must not grow a worker
    # without bound: per-page answers are forgotten when there are too many.
    from dateline.base import invalidation

    monkeypatch.setattr(invalidation, "MAX_ANSWERS", 3)
    for n in range(10):
        assert invalidation.remembered(("test", n), lambda n=n: n) == n
    assert len(invalidation._known["content"][1]) <= 3
    assert "Valley road reopens" in page(client, article)  # still answers
