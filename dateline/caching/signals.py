"""Connect publishing events to the purge list; nothing else happens here."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from dateline.newsroom.visibility import page_visibility_changed

from .purge import purge_page, purge_urls_after_commit, urls_showing_page


@receiver(page_published, dispatch_uid="caching-purge-published")
@receiver(page_unpublished, dispatch_uid="caching-purge-unpublished")
def purge_on_publish(sender, instance, **kwargs):
    purge_page(instance)


@receiver(pre_page_move, dispatch_uid="caching-remember-before-move")
def remember_urls_before_move(sender, instance, **kwargs):
    instance._dateline_urls_before_move = urls_showing_page(instance) if instance.live else []


@receiver(post_page_move, dispatch_uid="caching-purge-moved")
def purge_on_move(sender, instance, **kwargs):
    before = getattr(instance, "_dateline_urls_before_move", [])
    if instance.live:
        purge_page(instance, extra_urls=before)
    else:
        purge_urls_after_commit(before)


@receiver(page_visibility_changed, dispatch_uid="caching-purge-visibility")
def purge_on_visibility_change(sender, instance, **kwargs):
    # Made private: out of every cache, as if unpublished. Made public again:
    # into the listings that were cached without it.
    purge_page(instance)
