"""One purge batch per editor action, sent after the commit.

The caches are told through a frontend-cache backend that records each batch
it is sent, as Varnish would receive each purge request.
"""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from dateline.comments.models import Comment
from dateline.stories.models import StoryPage

ROOT = "http://127.0.0.1:8000"
batches: list[list[str]] = []


class RecordingBackend:
    """A frontend-cache backend that keeps what it is asked to purge."""

    def __init__(self, params):
        pass

    def invalidates_hostname(self, hostname):
        return True

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        batches.append(list(urls))


@pytest.fixture(autouse=True)
def recorded(settings):
    settings.WAGTAILFRONTENDCACHE = {"record": {"BACKEND": f"{__name__}.RecordingBackend"}}
    batches.clear()
    return batches


@pytest.fixture
def story(asia, make_article):
    return make_article(asia, title="Ferry timetable changes for winter")


@pytest.fixture
def editor(home):
    return User.objects.create_superuser("eddie", "eddie@example.org", "correct-horse-battery")


@pytest.fixture
def committed(django_capture_on_commit_callbacks, recorded):
    """Run the block as one transaction: nothing may be purged before its commit."""

    class Commit:
        def __enter__(self):
            recorded.clear()
            self.capture = django_capture_on_commit_callbacks(execute=True)
            self.capture.__enter__()

        def __exit__(self, *exc):
            assert recorded == [], "purged before the commit"
            return self.capture.__exit__(*exc)

    return Commit()


@pytest.mark.django_db
def test_publishing_sends_one_batch_after_the_commit(story, recorded, committed):
    story.title = "Ferry timetable changes again"
    with committed:
        story.save_revision().publish()
    assert len(recorded) == 1
    assert {ROOT + story.url, ROOT + "/en/", ROOT + "/en/feeds/rss/"} <= set(recorded[0])


@pytest.mark.django_db
def test_unpublishing_sends_one_batch_after_the_commit(story, recorded, committed):
    with committed:
        story.unpublish()
    assert len(recorded) == 1
    assert ROOT + story.url in recorded[0]


@pytest.mark.django_db
def test_moving_sends_one_batch_with_the_old_and_new_addresses(
    story, news, make_section, recorded, committed
):
    europe = make_section(news, "Europe", "europe")
    old_url = ROOT + story.url
    with committed:
        story.move(europe, pos="last-child")
    story.refresh_from_db()
    assert len(recorded) == 1
    assert {old_url, ROOT + story.url, ROOT + europe.url} <= set(recorded[0])
    assert old_url != ROOT + story.url


@pytest.mark.django_db
def test_moving_a_section_purges_the_old_addresses_below_it(
    story, asia, news, make_section, recorded, committed
):
    world = make_section(news.get_parent(), "World", "world")
    old_url = ROOT + story.url
    with committed:
        asia.move(world, pos="last-child")
    assert len(recorded) == 1
    assert old_url in recorded[0]


def bulk(client, action, comments):
    url = reverse("wagtail_bulk_action", args=["comments", "comment", action])
    return client.post(url + "?" + "&".join(f"id={c.pk}" for c in comments), {})


@pytest.mark.django_db
def test_approving_ten_comments_at_once_sends_one_batch(client, story, editor, recorded, committed):
    comments = [
        Comment.objects.create(article=story, name=f"Reader {n}", body=f"Comment {n}")
        for n in range(10)
    ]
    client.force_login(editor)
    with committed:
        assert bulk(client, "approve", comments).status_code == 302
    assert Comment.objects.filter(status=Comment.Status.APPROVED).count() == 10
    assert len(recorded) == 1
    assert ROOT + story.url in recorded[0]
    assert "Comment 7" in client.get(story.url).content.decode()


@pytest.mark.django_db
def test_rejecting_pending_comments_purges_nothing(client, story, editor, recorded, committed):
    comments = [
        Comment.objects.create(article=story, name=f"Reader {n}", body=f"Spam {n}")
        for n in range(3)
    ]
    client.force_login(editor)
    with committed:
        assert bulk(client, "reject", comments).status_code == 302
    assert Comment.objects.filter(status=Comment.Status.REJECTED).count() == 3
    assert recorded == []


@pytest.mark.django_db
def test_rejecting_a_shown_comment_purges_its_article_once(
    client, story, editor, recorded, committed
):
    shown = Comment.objects.create(
        article=story, name="Ali", body="Shown", status=Comment.Status.APPROVED
    )
    client.force_login(editor)
    with committed:
        bulk(client, "reject", [shown])
    assert len(recorded) == 1 and ROOT + story.url in recorded[0]


@pytest.mark.django_db
def test_a_feature_adds_its_pages_to_the_same_batch(asia, story, recorded, committed):
    # The stories app shows an article on its story's timeline and feeds.
    timeline = asia.add_child(instance=StoryPage(title="Winter ferries", slug="winter-ferries"))
    timeline.save_revision().publish()
    story.story = timeline
    with committed:
        story.save_revision().publish()
    assert len(recorded) == 1
    timeline_url = ROOT + timeline.url
    assert {ROOT + story.url, timeline_url, timeline_url + "rss/"} <= set(recorded[0])


@pytest.mark.django_db
def test_a_purge_covers_the_edition_that_shows_the_page(
    make_edition,
    make_section,
    make_article,
    recorded,
    committed,
    django_capture_on_commit_callbacks,
):
    # Opening the edition purges the other editions' pages (they gain a
    # language switcher target): sent before the publish measured below.
    with django_capture_on_commit_callbacks(execute=True):
        spanish_home = make_edition("es")
        noticias = make_section(spanish_home, "Noticias", "noticias")
        articulo = make_article(noticias, title="El puente reabre tras las obras")
    with committed:
        articulo.save_revision().publish()
    assert len(recorded) == 1
    urls = set(recorded[0])
    assert {ROOT + articulo.url, ROOT + "/es/", ROOT + "/es/feeds/rss/"} <= urls
    # Only the edition it is in shows it: no other language's copies to purge.
    assert not any(url.startswith(ROOT + "/en/") for url in urls)
