"""Live blogs: entries as rows, newest first, pinned on top, edited and withdrawn,
a cacheable page and a cheap, cacheable endpoint for what changed."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from dateline.newsroom.models import Author
from dateline.stories.models import ENTRIES_PER_PAGE, OVERLAP, LiveBlogEntry, current_banner, micros

MAX_ARTICLE_QUERIES = 12  # an article page's budget (newsroom/tests/test_page_budget.py)


def entry_ids(html: str) -> list[int]:
    soup = BeautifulSoup(html, "html.parser")
    return [int(node["data-id"]) for node in soup.select("#entries > article.entry")]


def changes(client, blog, since):
    url = reverse("stories:live-blog-entries", args=[blog.pk])
    response = client.get(url, {"since": since})
    assert response.status_code == 200
    return response, json.loads(response.content)


def cursor_of(html: str) -> int:
    return int(re.search(r'data-since="(\d+)"', html).group(1))


@pytest.mark.django_db
def test_entries_newest_first_pinned_on_top_withdrawn_hidden(client, live_blog, post_entry):
    old = post_entry("Roads closed.", minutes_ago=50)
    pinned = post_entry("Where to get help.", headline="Help", minutes_ago=40, pinned=True)
    middle = post_entry("Rain easing.", minutes_ago=30)
    gone = post_entry("A wrong report.", minutes_ago=20, withdrawn=True)
    new = post_entry("Water falling.", minutes_ago=10)
    draft = LiveBlogEntry.objects.create(
        live_blog=live_blog, body=[("paragraph", "<p>Not yet.</p>")], live=False
    )

    response = client.get(live_blog.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert entry_ids(html) == [pinned.pk, new.pk, middle.pk, old.pk]
    assert gone.pk not in entry_ids(html) and draft.pk not in entry_ids(html)
    assert "A wrong report" not in html and "Not yet" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(f"#entry-{pinned.pk} .entry-pinned").get_text() == "Pinned"
    assert soup.select_one(".key-points li").get_text() == "Rivers burst their banks overnight."
    # Shared caches may keep it: it holds nothing per reader.
    assert "public" in response["Cache-Control"] and "s-maxage" in response["Cache-Control"]


@pytest.mark.django_db
def test_editing_shows_edited_but_pinning_does_not(client, live_blog, post_entry):
    entry = post_entry("First words.")
    draft = entry.get_latest_revision_as_object()
    draft.pinned = True
    draft.save_revision().publish()
    entry.refresh_from_db()
    assert entry.pinned and entry.edited_at is None

    draft = entry.get_latest_revision_as_object()
    draft.body = [("paragraph", "<p>Better words.</p>")]
    draft.save_revision().publish()
    entry.refresh_from_db()
    assert entry.edited_at is not None and "Better words" in entry.html

    html = client.get(live_blog.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert "Edited" in soup.select_one(f"#entry-{entry.pk} .entry-edited").get_text()


@pytest.mark.django_db
def test_older_entries_are_paginated_without_javascript(client, live_blog, post_entry):
    entries = [post_entry(f"Update number {n}.", minutes_ago=100 - n) for n in range(25)]
    first = client.get(live_blog.url).content.decode()
    assert entry_ids(first) == [e.pk for e in reversed(entries)][:ENTRIES_PER_PAGE]
    assert 'href="?page=2"' in first and "/entries/" in first

    second = client.get(live_blog.url, {"page": 2}).content.decode()
    assert entry_ids(second) == [e.pk for e in reversed(entries)][ENTRIES_PER_PAGE:]
    # Only the first page follows new entries.
    assert "/entries/" not in second


@pytest.mark.django_db
def test_a_poll_on_a_quiet_blog_sends_nothing_then_a_bare_304(client, live_blog, post_entry):
    entry = post_entry("Roads closed.")
    # The last change is older than the window in which entries are sent again.
    LiveBlogEntry.objects.filter(pk=entry.pk).update(updated_at=timezone.now() - 2 * OVERLAP)
    cursor = cursor_of(client.get(live_blog.url).content.decode())

    response, data = changes(client, live_blog, cursor)
    assert data["entries"] == [] and data["cursor"] == cursor and data["banner"] == {}
    url = reverse("stories:live-blog-entries", args=[live_blog.pk])
    again = client.get(url, {"since": cursor}, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304 and again.content == b""
    # Only what HTTP asks of a 304: the browser keeps the full answer's headers.
    assert set(again.headers) == {"Cache-Control", "ETag"}


@pytest.mark.django_db
def test_endpoint_sends_what_changed_since_the_cursor(client, live_blog, post_entry):
    first = post_entry("First.")
    cursor = cursor_of(client.get(live_blog.url).content.decode())
    assert cursor == micros(first.updated_at)

    response, data = changes(client, live_blog, cursor)
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=1"
    assert data["open"] is True and data["cursor"] == cursor
    # Recent changes are sent again for a while (a late commit must not be missed);
    # the page already shows this version, so the reader's script skips it.
    assert [e["version"] for e in data["entries"]] == [first.version]

    second = post_entry("Second.", pinned=True)
    response, data = changes(client, live_blog, cursor)
    latest = {e["id"]: e for e in data["entries"]}[second.pk]
    assert latest["pinned"] is True and latest["hidden"] is False
    assert "Second." in latest["html"] and f'id="entry-{second.pk}"' in latest["html"]
    assert data["cursor"] == micros(second.updated_at) > cursor

    draft = first.get_latest_revision_as_object()
    draft.withdrawn = True
    draft.save_revision().publish()
    _, data = changes(client, live_blog, data["cursor"])
    withdrawn = {e["id"]: e for e in data["entries"]}[first.pk]
    assert withdrawn == {"id": first.pk, "hidden": True, "version": withdrawn["version"]}

    second.unpublish()
    _, data = changes(client, live_blog, data["cursor"])
    assert {e["id"]: e["hidden"] for e in data["entries"]}[second.pk] is True


@pytest.mark.django_db
def test_endpoint_costs_at_most_three_queries(client, live_blog, post_entry, make_photo):
    photo = make_photo(description="Flooded road")
    for n in range(30):
        entry = LiveBlogEntry(
            live_blog=live_blog,
            body=[
                ("paragraph", f"<p>Entry {n}</p>"),
                ("image", {"image": photo, "alt": "", "caption": "", "credit": ""}),
            ],
            author=Author.objects.get_or_create(name="Hamid Sadeqi", slug="hamid")[0],
            live=False,
        )
        entry.save()
        entry.save_revision().publish()
    url = reverse("stories:live-blog-entries", args=[live_blog.pk])
    # A reader's first page after the publish: the process learns which editions exist.
    client.get("/en/")
    # The banner the answer carries comes from the shared cache: one query per
    # edition every few seconds, whatever the number of readers.
    current_banner("en")
    for since in (0, micros(entry.updated_at), ""):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"since": since})
        assert response.status_code == 200
        assert len(ctx.captured_queries) <= 3, [q["sql"] for q in ctx.captured_queries]
    assert len(json.loads(client.get(url, {"since": 0}).content)["entries"]) == 30


@pytest.mark.django_db
def test_endpoint_answers_only_for_a_live_blog_of_this_edition(client, live_blog):
    url = reverse("stories:live-blog-entries", args=[live_blog.pk])
    assert client.get(url.replace("/en/", "/fr/")).status_code == 404
    live_blog.unpublish()
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_closed_live_blog_says_so_and_stops_asking(client, live_blog, post_entry):
    post_entry("Last update.")
    live_blog.open = False
    live_blog.save_revision().publish()
    html = client.get(live_blog.url).content.decode()
    assert "This live blog has ended" in html
    assert "/entries/" not in html and "liveblog-pause" not in html
    _, data = changes(client, live_blog, 0)
    assert data["open"] is False


@pytest.mark.django_db
def test_first_page_of_200_entries_renders_in_an_article_budget(client, live_blog):
    for n in range(200):
        entry = LiveBlogEntry(
            live_blog=live_blog, headline=f"Entry {n}", body=[], live=False, pinned=n == 3
        )
        entry.save()
        entry.save_revision().publish()
    client.get(live_blog.url)  # warm-up, as for articles
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(live_blog.url)
    assert response.status_code == 200
    assert len(ctx.captured_queries) <= MAX_ARTICLE_QUERIES, [
        q["sql"] for q in ctx.captured_queries
    ]
    assert len(entry_ids(response.content.decode())) == ENTRIES_PER_PAGE


@pytest.mark.django_db
def test_live_blog_posting_json_ld(client, live_blog, post_entry):
    entry = post_entry("The bridge is closed.", headline="Bridge closed")
    html = client.get(live_blog.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    blocks = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]
    posting = next(b for b in blocks if b["@type"] == "LiveBlogPosting")
    assert posting["headline"] == "Valley floods: live"
    assert posting["coverageStartTime"]
    update = posting["liveBlogUpdate"][0]
    assert update["@type"] == "BlogPosting" and update["headline"] == "Bridge closed"
    assert update["articleBody"] == "The bridge is closed."
    assert update["url"].endswith(f"#entry-{entry.pk}")


def entry_form(live_blog, headline, text, **extra):
    return nested_form_data(
        {
            "live_blog": live_blog.pk,
            "headline": headline,
            "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
            "author": "",
            "pinned": "",
            "withdrawn": "",
            "embargo_until": "",
            **extra,
        }
    )


@pytest.mark.django_db
def test_editors_post_entries_side_by_side_without_overwriting(client, live_blog, editor):
    add_url = reverse("wagtailsnippets_stories_liveblogentry:add")
    page_edit = client
    page_edit.force_login(editor)
    # The live blog's edit page links to posting an entry for it.
    edit = page_edit.get(reverse("wagtailadmin_pages:edit", args=[live_blog.pk]))
    assert f"{add_url}?live_blog={live_blog.pk}" in edit.content.decode()
    form = page_edit.get(f"{add_url}?live_blog={live_blog.pk}").content.decode()
    assert f'value="{live_blog.pk}"' in form

    # Two editors open the form at once and both publish: both entries stand.
    for headline in ("From the bridge", "From the school"):
        data = entry_form(live_blog, headline, f"{headline}: all quiet.")
        data["action-publish"] = "action-publish"
        response = page_edit.post(add_url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
    assert sorted(e.headline for e in LiveBlogEntry.objects.visible()) == [
        "From the bridge",
        "From the school",
    ]
    html = page_edit.get(live_blog.url).content.decode()
    assert "From the bridge: all quiet." in html and "From the school: all quiet." in html
    # The entries listing, filtered to this live blog, is where they are pinned or withdrawn.
    listing = page_edit.get(
        reverse("wagtailsnippets_stories_liveblogentry:list"), {"live_blog": live_blog.pk}
    )
    assert listing.status_code == 200
    assert "From the bridge" in listing.content.decode()


@pytest.mark.django_db
def test_reporters_draft_entries_and_editors_publish_them(client, live_blog, reporter):
    add_url = reverse("wagtailsnippets_stories_liveblogentry:add")
    client.force_login(reporter)
    response = client.post(add_url, entry_form(live_blog, "Draft from the field", "Notes."))
    assert response.status_code == 302
    entry = LiveBlogEntry.objects.get(headline="Draft from the field")
    assert not entry.live
    data = entry_form(live_blog, "Sneaky", "Published?")
    data["action-publish"] = "action-publish"
    client.post(add_url, data)
    assert not LiveBlogEntry.objects.filter(headline="Sneaky", live=True).exists()
    assert "Draft from the field" not in client.get(live_blog.url).content.decode()


@pytest.mark.django_db
def test_options_on_stories_and_live_blogs_names_only_read_methods(client, story, live_blog):
    for page in (story, live_blog):
        response = client.options(page.url)
        assert sorted(response["Allow"].split(", ")) == ["GET", "HEAD", "OPTIONS"]
        assert client.put(page.url).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    "since",
    ["253402300800000000", "999999999999999999", "99999999999999999999", "-5", "soon", "１"],
)
def test_endpoint_refuses_a_cursor_it_could_not_have_given(client, live_blog, since):
    url = reverse("stories:live-blog-entries", args=[live_blog.pk])
    assert client.get(url, {"since": since}).status_code == 400


@pytest.mark.django_db
def test_endpoint_does_not_know_a_live_blog_past_the_database_range(client, live_blog):
    assert client.get("/en/stories/liveblog/99999999999999999999/entries/").status_code == 404
