"""What else changes when a story, live blog, entry, article or banner does.

Shared caches (the embedded page cache, Varnish) keep public pages until they
expire or are purged. A page's purge list (dateline.caching.purge) gets the
pages this app shows it on (`urls_for_page`): the story timeline and its
feeds, the corrections page, the front page listing open live blogs. A live
blog entry purges its live blog.
"""

from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from dateline.base.invalidation import cache_key, forget, register_prefix
from dateline.caching.purge import purge_after_commit, register_urls_for_page
from dateline.newsroom.models import ArticlePage

from .models import LiveBlogPage, StoryPage, forget_banners

STORY_LINKS = register_prefix("story-links", "a story's open live blogs, as articles link them")


def story_links_key(story_id: int) -> str:
    return cache_key(STORY_LINKS, story_id)


# Sent with banner= after the commit that raised a banner with "Alert
# subscribers" ticked: features that alert readers (newsletters, web push)
# connect to it, so this app needs to know none of them.
banner_raised = Signal()


def banner_changed(sender, **kwargs) -> None:
    forget_banners()


def banner_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    """A new banner with its alert ticked is announced once its row is committed
    (a receiver in another thread or process must be able to read it). Each
    receiver runs even if another fails: a mail server down must not stop the
    push alert, nor the other way round (send_robust logs the failure)."""
    if created and not raw and instance.alert_subscribers:
        transaction.on_commit(lambda: banner_raised.send_robust(sender=sender, banner=instance))


def entry_changed(sender, instance, **kwargs) -> None:
    page = LiveBlogPage.objects.filter(pk=instance.live_blog_id).first()
    if page is not None and page.live:
        purge_after_commit(urls=[page.get_full_url()])


def _story_urls(story: StoryPage) -> list[str]:
    url = story.get_full_url()
    return [url, url + "rss/", url + "atom/", url + "json/"] if url else []


def corrections_urls(page) -> list[str]:
    site = page.get_site()
    if site is None:
        return []
    with translation.override(page.locale.language_code):
        names = ("corrections", "corrections-rss", "corrections-atom", "corrections-json")
        paths = [reverse(f"stories:{name}") for name in names]
    return [site.root_url + path for path in paths]


def _story_id(page) -> int | None:
    return page.pk if isinstance(page, StoryPage) else getattr(page, "story_id", None)


def page_changed(sender, instance, **kwargs) -> None:
    """The story's links list (on its pages) names this page: read it again."""
    page = instance.specific if hasattr(instance, "specific") else instance
    if story_id := _story_id(page):
        forget([story_links_key(story_id)])


@register_urls_for_page
def urls_for_page(page) -> list[str]:
    """Where this app shows `page` besides the page itself."""
    urls: list[str] = []
    if story_id := _story_id(page):
        story = StoryPage.objects.filter(pk=story_id).first()
        if story is not None and story.live:
            urls += _story_urls(story)
    if isinstance(page, ArticlePage) and page.notes.filter(kind="correction").exists():
        urls += corrections_urls(page)
    if isinstance(page, LiveBlogPage):
        # The edition's front page lists its open live blogs.
        home = Page.objects.ancestor_of(page).filter(depth=2).first()
        if home is not None:
            urls.append(home.get_full_url())
    return urls
