"""A page's translations show it: their language switcher, hreflang links,
JSON-LD and sitemap entries name it. When a page is published, unpublished or
moved, the caches drop its translations' pages as well as its own.

An edition opening or closing (its front page published for the first time
since it was a draft, or unpublished) changes every page of every edition:
the switcher and the hreflang links list the editions. Then the caches drop
every page of every edition, through the same purge list."""

import threading

from wagtail.models import Page, Site

from dateline.caching.purge import article_sitemap_urls, urls_of_edition
from dateline.newsroom.models import ArticlePage, HomePage

# Front pages whose save is taking them live or off, by pk: noted before the
# save, read by the purge that follows the publish or unpublish.
_going = threading.local()


def _changing() -> set[int]:
    if not hasattr(_going, "pks"):
        _going.pks = set()
    return _going.pks


def note_front_page_going_live_or_off(sender, instance, **kwargs):
    """pre_save of a front page: is it going live, or off?"""
    update_fields = kwargs.get("update_fields")
    if instance.pk is None or (update_fields is not None and "live" not in update_fields):
        return
    was_live = HomePage.objects.filter(pk=instance.pk).values_list("live", flat=True).first()
    if was_live is not None and was_live != instance.live:
        _changing().add(instance.pk)


def urls_of_translations(page) -> list[str]:
    """The pages of `page`'s live translations, and the sitemap files that list
    them (the page's own list has its own files); every page of every edition
    when `page` is an edition's front page going live or off."""
    if page.pk in _changing():
        _changing().discard(page.pk)
        if _is_edition_front_page(page):
            return urls_of_every_edition()
    urls = []
    siblings = (
        Page.objects.live()
        .filter(translation_key=page.translation_key)
        .exclude(pk=page.pk)
        .select_related("locale")
    )
    for sibling in siblings:
        parts = sibling.get_url_parts()
        if not parts:
            continue
        _site_id, root_url, path = parts
        urls.append(root_url + path)
        if issubclass(sibling.specific_class or Page, ArticlePage):
            urls += article_sitemap_urls(root_url, sibling.pk)
    return urls


def _is_edition_front_page(page) -> bool:
    return Site.objects.filter(root_page__translation_key=page.translation_key).exists()


def urls_of_every_edition() -> list[str]:
    """Every page of every edition, the one just closed included (its pages
    now answer 404)."""
    fronts = HomePage.objects.filter(
        translation_key__in=Site.objects.values("root_page__translation_key")
    ).select_related("locale")
    return [url for front in fronts for url in urls_of_edition(front)]
