"""What else changes when a story, live blog, entry, article or banner does.

Shared caches (the embedded page cache, Varnish) keep public pages until they
expire or are purged. Publishing an article or a page already purges its own
URLs; these add the pages this app shows it on: the live blog when one of its
entries changes, the story timeline and its feeds, and the corrections page.
"""

from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page

from dateline.newsroom.models import ArticlePage

from .models import LiveBlogPage, StoryPage, forget_banners


def _purge_after_commit(urls) -> None:
    urls = [url for url in dict.fromkeys(urls) if url]
    if urls:
        transaction.on_commit(lambda: purge_urls_from_cache(urls))


def story_links_key(story_id: int) -> str:
    return f"dateline:story-links:{story_id}"


def banner_changed(sender, **kwargs) -> None:
    forget_banners()


def entry_changed(sender, instance, **kwargs) -> None:
    page = LiveBlogPage.objects.filter(pk=instance.live_blog_id).first()
    if page is not None and page.live:
        _purge_after_commit([page.get_full_url()])


def _story_urls(story: StoryPage) -> list[str]:
    url = story.get_full_url()
    return [url, url + "rss/", url + "atom/"] if url else []


def corrections_urls(page) -> list[str]:
    site = page.get_site()
    if site is None:
        return []
    with translation.override(page.locale.language_code):
        paths = [reverse(f"stories:{name}") for name in ("corrections", "corrections-rss")]
        paths.append(reverse("stories:corrections-atom"))
    return [site.root_url + path for path in paths]


def page_changed(sender, instance, **kwargs) -> None:
    page = instance.specific if hasattr(instance, "specific") else instance
    urls: list[str] = []
    story_id = getattr(page, "story_id", None)
    if isinstance(page, StoryPage):
        story_id = page.pk
    if story_id:
        cache.delete(story_links_key(story_id))
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
    _purge_after_commit(urls)
