"""Every shared-cacheable page names what it shows as surrogate keys, and a
publish purges the keys of the changed page and of the listings it entered
or left, in one request per batch."""

import pytest
from django.test import Client

from dateline.caching.backends import EmbeddedPageCacheBackend, PurgesKeys
from dateline.caching.surrogate_keys import MAX_HEADER, OVERFLOW
from dateline.newsroom.models import Author, NewsTag
from dateline.newsroom.surrogates import (
    author_key,
    latest_key,
    page_key,
    section_key,
    tag_key,
)

ROOT = "http://127.0.0.1:8000"
key_batches: list[list[str]] = []


class RecordingBackend(PurgesKeys):
    """A frontend-cache backend that keeps the keys it is asked to purge."""

    def __init__(self, params):
        pass

    def invalidates_hostname(self, hostname):
        return True

    def purge(self, url):
        pass

    def purge_batch(self, urls):
        pass

    def purge_keys(self, keys):
        key_batches.append(list(keys))


@pytest.fixture(autouse=True)
def recorded(settings):
    settings.WAGTAILFRONTENDCACHE = {"record": {"BACKEND": f"{__name__}.RecordingBackend"}}
    key_batches.clear()
    return key_batches


@pytest.fixture
def ferries(db):
    return NewsTag.objects.create(name="Ferries", slug="ferries")


@pytest.fixture
def story(asia, make_article, ferries):
    article = make_article(asia, title="Ferry timetable changes for winter")
    article.tags.add(ferries)
    article.save_revision().publish()
    return article


def keys_of(path: str, **headers) -> list[str]:
    response = Client().get(path, **headers)
    assert response.status_code == 200, path
    keys = response.headers.get("xkey", "").split()
    assert response.headers.get("Surrogate-Key", "") == " ".join(keys)
    assert response.headers.get("Cache-Tag", "") == ",".join(keys)
    return keys


@pytest.mark.django_db
def test_pages_name_what_they_show(story, asia, home, ferries):
    a = page_key(story.pk)
    assert a in keys_of(story.url)
    assert {a, page_key(asia.pk), section_key(asia.pk)} <= set(keys_of(asia.url))
    assert {a, latest_key(home.pk), page_key(home.pk)} <= set(keys_of(home.url))
    tag_page = home.url + home.reverse_subpage("tag", args=["ferries"])
    assert {a, tag_key(ferries.pk, home.locale_id)} <= set(keys_of(tag_page))
    assert {a, latest_key(home.pk)} <= set(keys_of("/en/feeds/rss/"))
    assert {a, section_key(asia.pk)} <= set(keys_of(f"/en/feeds/sections/{asia.pk}/rss/"))
    # The text-only twin shows the same things.
    assert {a, section_key(asia.pk)} <= set(keys_of(asia.url.replace("/en/", "/en/lite/", 1)))


@pytest.mark.django_db
def test_another_article_in_the_section_does_not_name_it_or_the_section(story, asia, make_article):
    other = make_article(asia, title="Harbour master retires")
    keys = keys_of(other.url)
    assert page_key(other.pk) in keys
    assert page_key(story.pk) not in keys
    # The breadcrumb shows the section, but a publish in it must not purge this page.
    assert section_key(asia.pk) not in keys


@pytest.mark.django_db
def test_a_related_link_names_the_linked_article(story, asia, make_article):
    linking = make_article(asia, title="Winter travel: what changes", publish=False)
    linking.set_related([story])
    linking.save_revision().publish()
    assert page_key(story.pk) in keys_of(linking.url)


@pytest.mark.django_db
def test_a_related_article_in_the_body_names_it(story, asia, make_article):
    body = [("related_article", {"article": story, "label": ""})]
    linking = make_article(asia, title="Ports brace for the storm", body=body)
    assert page_key(story.pk) in keys_of(linking.url)


@pytest.mark.django_db
def test_keys_survive_the_page_cache(story, settings):
    settings.DATELINE_PAGE_CACHE = "default"
    client = Client()
    first = client.get(story.url)
    again = client.get(story.url)
    assert again["X-Cache"] == "HIT"
    assert again["xkey"] == first["xkey"] and page_key(story.pk) in again["xkey"].split()


@pytest.mark.django_db
def test_private_answers_carry_no_keys(story, admin_client):
    response = admin_client.get(f"/admin/pages/{story.pk}/edit/")
    assert response.status_code == 200
    assert "xkey" not in response.headers and "Surrogate-Key" not in response.headers


@pytest.mark.django_db
def test_too_many_keys_fall_back_to_the_overflow_key(story, monkeypatch):
    from dateline.caching import surrogate_keys

    monkeypatch.setattr(surrogate_keys, "MAX_HEADER", 3)
    assert keys_of(story.url) == [OVERFLOW]
    assert MAX_HEADER >= 8000


# Real commits: each action is a batch of its own, as in production.
def sent_keys() -> set[str]:
    assert len(key_batches) == 1, key_batches  # one request per batch
    return set(key_batches[0])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_purges_the_article_key_and_no_listing(migrated_data, story):
    key_batches.clear()
    story.title = "Ferry timetable changes again"
    story.save_revision().publish()
    assert sent_keys() == {page_key(story.pk), OVERFLOW}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_first_publish_purges_every_listing_it_enters(
    migrated_data, asia, news, home, make_article, ferries
):
    draft = make_article(asia, title="New ferry route opens", publish=False)
    draft.tags.add(ferries)
    draft.authors.add(writer := Author.objects.create(name="Sara Lind", slug="sara-lind"))
    key_batches.clear()
    draft.save_revision().publish()
    locale = home.locale_id
    assert sent_keys() == {
        page_key(draft.pk),
        section_key(asia.pk),
        section_key(news.pk),
        latest_key(home.pk),
        tag_key(ferries.pk, locale),
        author_key(writer.pk, locale),
        OVERFLOW,
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_tag_purges_that_tag_listing_only(migrated_data, story, home):
    floods = NewsTag.objects.create(name="Floods", slug="floods")
    key_batches.clear()
    story.tags.add(floods)
    story.save_revision().publish()
    assert sent_keys() == {page_key(story.pk), tag_key(floods.pk, home.locale_id), OVERFLOW}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_unpublishing_purges_every_listing_it_leaves(
    migrated_data, story, asia, news, home, ferries
):
    key_batches.clear()
    story.unpublish()
    assert sent_keys() == {
        page_key(story.pk),
        section_key(asia.pk),
        section_key(news.pk),
        latest_key(home.pk),
        tag_key(ferries.pk, home.locale_id),
        OVERFLOW,
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_move_purges_the_sections_it_left_and_entered(
    migrated_data, story, asia, news, make_section
):
    europe = make_section(news, "Europe", "europe")
    key_batches.clear()
    story.move(europe, pos="last-child")
    keys = sent_keys()
    assert {page_key(story.pk), section_key(asia.pk), section_key(europe.pk)} <= keys
    assert section_key(news.pk) not in keys  # listed there before and after


@pytest.mark.django_db
def test_a_key_purge_drops_page_cache_copies_whatever_their_url(
    story, asia, make_article, settings
):
    """The app's own page cache is keyed by URL; a page that links to the
    article is in no URL list of it, and must not be fed back to Varnish stale."""
    settings.DATELINE_PAGE_CACHE = "default"
    linking = make_article(asia, title="Winter travel: what changes", publish=False)
    linking.set_related([story])
    linking.save_revision().publish()
    client = Client()
    client.get(linking.url)
    assert client.get(linking.url)["X-Cache"] == "HIT"
    EmbeddedPageCacheBackend({}).purge_keys([page_key(asia.pk)])
    assert client.get(linking.url)["X-Cache"] == "HIT"  # shows nothing of the section
    EmbeddedPageCacheBackend({}).purge_keys([page_key(story.pk)])
    assert client.get(linking.url)["X-Cache"] == "MISS"
