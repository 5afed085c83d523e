"""Connect publishing events to the purge list; nothing else happens here."""

import threading

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from dateline.newsroom.visibility import page_visibility_changed

from .purge import purge_after_commit, urls_showing_page

# Page pk -> its URLs before the move: Wagtail sends post_page_move with a
# freshly loaded page, not the instance pre_page_move had.
_before_move = threading.local()


@receiver(page_published, dispatch_uid="caching-purge-published")
@receiver(page_unpublished, dispatch_uid="caching-purge-unpublished")
def purge_on_publish(sender, instance, **kwargs):
    purge_after_commit(pages=[instance])


@receiver(pre_page_move, dispatch_uid="caching-remember-before-move")
def remember_urls_before_move(sender, instance, **kwargs):
    before = []
    if instance.live:
        before = urls_showing_page(instance)
        # The pages below it change address too: their old copies must go.
        for page in instance.get_descendants().live().defer_streamfields():
            before.append(page.get_full_url())
    if not hasattr(_before_move, "urls"):
        _before_move.urls = {}
    _before_move.urls[instance.pk] = before


@receiver(post_page_move, dispatch_uid="caching-purge-moved")
def purge_on_move(sender, instance, **kwargs):
    before = getattr(_before_move, "urls", {}).pop(instance.pk, [])
    purge_after_commit(pages=[instance] if instance.live else [], urls=before)


@receiver(page_visibility_changed, dispatch_uid="caching-purge-visibility")
def purge_on_visibility_change(sender, instance, **kwargs):
    # Made private: out of every cache, as if unpublished. Made public again:
    # into the listings that were cached without it.
    purge_after_commit(pages=[instance])
