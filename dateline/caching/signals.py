"""Connect publishing events to the purge list; nothing else happens here."""

import threading

from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from dateline.newsroom.models import listed_in
from dateline.newsroom.surrogates import Listed, listings_changed, page_key
from dateline.newsroom.visibility import page_visibility_changed

from .purge import purge_after_commit, urls_showing_page

# Page pk -> its URLs and keys before the move: Wagtail sends post_page_move
# with a freshly loaded page, not the instance pre_page_move had.
_before_move = threading.local()
# Page pk -> the listings it was in before the save that publishes or
# unpublishes it, read from the database just before that save.
_listed_before = threading.local()
# Saves never followed by a publish leave theirs behind: forget them past this.
MAX_REMEMBERED = 1000


@receiver(pre_save, dispatch_uid="caching-remember-listings")
def remember_listings(sender, instance, raw=False, update_fields=None, **kwargs):
    # Publishing and unpublishing save the whole page; drafts save a few fields.
    if raw or update_fields is not None or instance.pk is None or not isinstance(instance, Page):
        return
    remembered = getattr(_listed_before, "pages", None)
    if remembered is None or len(remembered) >= MAX_REMEMBERED:
        remembered = _listed_before.pages = {}
    remembered[instance.pk] = listed_in(instance.pk)


def _listings_changed(page) -> set[str]:
    """The listings the page entered or left with this save (all it is in if
    its state before is not known)."""
    before = getattr(_listed_before, "pages", {}).pop(page.pk, None)
    after = listed_in(page.pk)
    if before is None:
        return set(after.keys)
    return listings_changed(before, after)


@receiver(page_published, dispatch_uid="caching-purge-published")
@receiver(page_unpublished, dispatch_uid="caching-purge-unpublished")
def purge_on_publish(sender, instance, **kwargs):
    purge_after_commit(pages=[instance], keys=_listings_changed(instance))


@receiver(pre_page_move, dispatch_uid="caching-remember-before-move")
def remember_urls_before_move(sender, instance, **kwargs):
    before, keys = [], set()
    if instance.live:
        before = urls_showing_page(instance)
        # The pages below it change address too: their old copies must go,
        # and every page that links to them.
        for page in instance.get_descendants().live().defer_streamfields():
            before.append(page.get_full_url())
            keys.add(page_key(page.pk))
    if not hasattr(_before_move, "pages"):
        _before_move.pages = {}
    _before_move.pages[instance.pk] = (before, keys, listed_in(instance.pk))


@receiver(post_page_move, dispatch_uid="caching-purge-moved")
def purge_on_move(sender, instance, **kwargs):
    before, keys, listed = getattr(_before_move, "pages", {}).pop(
        instance.pk, ([], set(), Listed())
    )
    # The move's own save remembered the new place: not a state before.
    getattr(_listed_before, "pages", {}).pop(instance.pk, None)
    keys |= listings_changed(listed, listed_in(instance.pk))
    purge_after_commit(pages=[instance] if instance.live else [], urls=before, keys=keys)


@receiver(page_visibility_changed, dispatch_uid="caching-purge-visibility")
def purge_on_visibility_change(sender, instance, **kwargs):
    # Made private: out of every cache and listing, as if unpublished. Made
    # public again: into the listings that were cached without it.
    listed = listed_in(instance.pk, public_only=False)
    purge_after_commit(pages=[instance], keys=listed.keys)
