"""Fixtures for developing-story tests: a live blog, a story and an editor."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from dateline.stories.models import LiveBlogEntry, LiveBlogPage, StoryPage


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Publishing purges the page cache after the transaction commits, which a
    # test's transaction never does: test what the site renders, not a stale copy.
    # The tests about caching turn it back on.
    settings.DATELINE_PAGE_CACHE = ""


def publish_page(page, when=None):
    page.save_revision().publish()
    page.refresh_from_db()
    if when is not None:
        type(page).objects.filter(pk=page.pk).update(first_published_at=when)
        page.refresh_from_db()
    return page


@pytest.fixture
def story(asia):
    page = asia.add_child(instance=StoryPage(title="Floods in the valley", slug="valley-floods"))
    return publish_page(page)


@pytest.fixture
def live_blog(asia, story):
    page = asia.add_child(
        instance=LiveBlogPage(
            title="Valley floods: live",
            slug="valley-floods-live",
            key_points=[("point", "Rivers burst their banks overnight.")],
            story=story,
        )
    )
    return publish_page(page)


@pytest.fixture
def post_entry(live_blog):
    """Post (and publish) an entry as the admin does, at `minutes_ago` if given."""

    def post(text="The water is rising.", headline="", blog=None, minutes_ago=None, **fields):
        entry = LiveBlogEntry(
            live_blog=blog or live_blog,
            headline=headline,
            body=[("paragraph", f"<p>{text}</p>")],
            live=False,
            **fields,
        )
        entry.save()
        entry.save_revision().publish()
        if minutes_ago is not None:
            when = timezone.now() - timedelta(minutes=minutes_ago)
            LiveBlogEntry.objects.filter(pk=entry.pk).update(first_published_at=when)
        entry.refresh_from_db()
        return entry

    return post


def staff(username, group=None):
    user = User.objects.create_user(username, f"{username}@example.org", "correct-horse-battery")
    if group:
        user.groups.add(Group.objects.get(name=group))
    else:
        user.is_superuser = user.is_staff = True
        user.save()
    return user


@pytest.fixture
def editor(home):
    from dateline.stories.setup import setup_stories

    setup_stories()
    return staff("eddie", "Editors")


@pytest.fixture
def reporter(home):
    from dateline.stories.setup import setup_stories

    setup_stories()
    return staff("rita", "Reporters")
