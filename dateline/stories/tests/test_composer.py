"""The live-blog composer, through Django's test client: posting each kind of
entry, its errors, acting in place, an edit made on a stale version, and what
other editors did reaching the page."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from dateline.newsroom.models import ArticlePage, Author
from dateline.stories.composer import plain_text
from dateline.stories.models import LiveBlogEntry

JSON = {"HTTP_ACCEPT": "application/json"}


def composer(blog):
    return reverse("stories_composer", args=[blog.pk])


def act(entry, action):
    return reverse("stories_composer_act", args=[entry.pk, action])


@pytest.fixture
def signed_in(client, editor):
    client.force_login(editor)
    return client


def test_the_composer_shows_the_newest_entries_and_the_form(signed_in, live_blog, post_entry):
    post_entry("Sandbags are handed out at the school.", headline="Sandbags")
    page = signed_in.get(composer(live_blog))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Valley floods: live" in text
    assert "Sandbags are handed out at the school." in text
    assert 'name="kind"' in text and "Ctrl+Enter" in text


def test_a_text_entry_is_posted_and_published(signed_in, live_blog):
    answer = signed_in.post(
        composer(live_blog),
        {
            "kind": "text",
            "headline": "Bridge closed",
            "text": "Police closed it.\n\nA <b>detour</b>.",
        },
        **JSON,
    )
    assert answer.status_code == 200, answer.content
    entry = LiveBlogEntry.objects.get(pk=answer.json()["id"])
    assert entry.live and entry.headline == "Bridge closed"
    # Escaped, in two paragraphs: what the reader typed is never markup.
    assert entry.html.count("<p>") == 2 and "&lt;b&gt;detour&lt;/b&gt;" in entry.html
    assert "Bridge closed" in answer.json()["html"]
    reader = signed_in.get(live_blog.url)
    assert "Police closed it." in reader.content.decode()


def test_without_javascript_the_form_posts_and_comes_back(signed_in, live_blog):
    answer = signed_in.post(composer(live_blog), {"kind": "text", "text": "Rain again."})
    assert answer.status_code == 302 and answer.url == composer(live_blog)
    assert LiveBlogEntry.objects.get().text == "Rain again."


def test_an_empty_entry_is_refused_by_field_and_nothing_is_saved(signed_in, live_blog):
    answer = signed_in.post(composer(live_blog), {"kind": "text", "text": "  "}, **JSON)
    assert answer.status_code == 400
    assert "text" in answer.json()["errors"]
    page = signed_in.post(composer(live_blog), {"kind": "quote", "attribution": "Mayor"})
    assert page.status_code == 400
    assert "Write the quote." in page.content.decode()
    assert 'value="Mayor"' in page.content.decode()  # what was typed is kept
    assert not LiveBlogEntry.objects.exists()


def test_a_quote_and_links_to_an_article_and_elsewhere(signed_in, live_blog, asia):
    article = asia.add_child(
        instance=ArticlePage(title="Dam holds", slug="dam-holds", summary=[("point", "It held.")])
    )
    article.save_revision().publish()
    article.refresh_from_db()
    signed_in.post(
        composer(live_blog), {"kind": "quote", "quote": "We are ready.", "attribution": "Mayor"}
    )
    signed_in.post(composer(live_blog), {"kind": "link", "url": article.get_full_url()})
    signed_in.post(
        composer(live_blog),
        {"kind": "link", "url": "https://video.example/clip", "description": "Footage"},
    )
    quote, ours, theirs = LiveBlogEntry.objects.order_by("pk")
    assert quote.body[0].block_type == "quote" and "We are ready." in quote.html
    assert ours.body[0].block_type == "article" and ours.body[0].value["article"].pk == article.pk
    assert theirs.body[0].block_type == "embed" and "https://video.example/clip" in theirs.html


def _png() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (640, 400), (20, 90, 160)).save(data, "PNG")
    data.seek(0)
    data.name = "river.png"
    return data


def test_a_photo_entry_uploads_the_photo_with_caption_and_credit(signed_in, live_blog):
    answer = signed_in.post(
        composer(live_blog),
        {
            "kind": "photo",
            "photo": _png(),
            "caption": "The river at noon",
            "alt": "Brown water over a road",
            "credit": "Lena Hart",
            "text": "The water rose a metre.",
        },
        **JSON,
    )
    assert answer.status_code == 200, answer.content
    entry = LiveBlogEntry.objects.get()
    image = entry.body[1].value
    assert image["image"].credit == "Lena Hart"
    assert 'alt="Brown water over a road"' in entry.html and "The river at noon" in entry.html
    # Not an image: refused by field, as the image library refuses it.
    bad = io.BytesIO(b"not a picture at all")
    bad.name = "river.png"
    refused = signed_in.post(composer(live_blog), {"kind": "photo", "photo": bad}, **JSON)
    assert refused.status_code == 400 and "photo" in refused.json()["errors"]
    assert LiveBlogEntry.objects.count() == 1


def test_pin_withdraw_and_restore_in_place(signed_in, live_blog, post_entry):
    entry = post_entry("The school is open as a shelter.")
    assert signed_in.post(act(entry, "pin"), **JSON).json()["ok"]
    entry.refresh_from_db()
    assert entry.pinned and entry.live
    signed_in.post(act(entry, "withdraw"), **JSON)
    assert "The school is open" not in signed_in.get(live_blog.url).content.decode()
    signed_in.post(act(entry, "restore"), **JSON)
    assert "The school is open" in signed_in.get(live_blog.url).content.decode()


def test_an_edit_on_a_stale_version_is_refused_and_loses_nothing(signed_in, live_blog, post_entry):
    entry = post_entry("First report.")
    opened = entry.version
    # Another editor saves first.
    signed_in.post(act(entry, "edit"), {"text": "Their words.", "headline": "", "version": opened})
    refused = signed_in.post(
        act(entry, "edit"), {"text": "My words.", "headline": "", "version": opened}, **JSON
    )
    assert refused.status_code == 409
    entry.refresh_from_db()
    assert entry.text == "Their words."
    saved = signed_in.post(
        act(entry, "edit"), {"text": "My words.", "headline": "", "version": entry.version}, **JSON
    )
    assert saved.status_code == 200
    entry.refresh_from_db()
    assert entry.text == "My words." and entry.edited_at is not None


def test_plain_text_round_trips_and_formatting_is_left_to_the_full_editor(live_blog, post_entry):
    entry = post_entry("One line<br/>and the next &amp; more")
    assert plain_text(entry) == "One line\nand the next & more"
    bold = post_entry("<b>Bold</b> words")
    assert plain_text(bold) is None


def test_changes_bring_other_editors_entries(signed_in, live_blog, post_entry):
    page = signed_in.get(composer(live_blog))
    since = page.context["cursor"]
    other = post_entry("From the other editor.")
    changes = signed_in.get(
        reverse("stories_composer_changes", args=[live_blog.pk]), {"since": since}
    ).json()
    assert [row["id"] for row in changes["entries"]] == [other.pk]
    assert "From the other editor." in changes["entries"][0]["html"]


def test_a_reporter_saves_drafts_and_cannot_change_published_entries(
    client, reporter, live_blog, post_entry
):
    client.force_login(reporter)
    published = post_entry("Editors' entry.")
    client.post(composer(live_blog), {"kind": "text", "text": "From the field."})
    draft = LiveBlogEntry.objects.get(text="From the field.")
    assert not draft.live
    assert "From the field." not in client.get(live_blog.url).content.decode()
    assert client.post(act(published, "withdraw"), **JSON).status_code == 403
    assert client.post(act(draft, "publish"), **JSON).status_code == 403


def test_the_author_is_remembered(signed_in, live_blog):
    author = Author.objects.create(name="Lena Hart")
    signed_in.post(composer(live_blog), {"kind": "text", "text": "One.", "author": author.pk})
    assert signed_in.get(composer(live_blog)).context["form"].initial["author"] == author.pk
    assert LiveBlogEntry.objects.get().author == author


def test_readers_and_signed_out_visitors_cannot_open_it(client, live_blog):
    assert client.get(composer(live_blog)).status_code == 302  # to the login
