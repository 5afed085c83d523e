"""A page's translations show it: their language switcher, hreflang links,
JSON-LD and sitemap entries name it. When a page is published, unpublished or
moved, the caches drop its translations' pages as well as its own."""

from wagtail.models import Page

from dateline.caching.purge import article_sitemap_urls
from dateline.newsroom.models import ArticlePage


def urls_of_translations(page) -> list[str]:
    """The pages of `page`'s live translations, and the sitemap files that list
    them (the page's own list has its own files)."""
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
