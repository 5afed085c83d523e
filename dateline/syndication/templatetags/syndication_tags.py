from datetime import UTC, date, datetime

from django import template
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail.models import Page

from dateline.base.invalidation import remembered
from dateline.newsroom.models import Author, NewsTag
from dateline.syndication.feeds import feed_urls_for

register = template.Library()


@register.simple_tag(takes_context=True)
def feed_links(context):
    """<link rel="alternate"> tags for the feeds that match the current page: the
    edition's, plus the section's on a section or article, the tag's or the author's
    on theirs. Built from the cached section list: no queries of its own."""
    request = context.get("request")
    if request is None:
        return ""
    page, tag, author = context.get("page"), context.get("tag"), context.get("author")

    def render():
        links = feed_urls_for(request, page=page, tag=tag, author=author)
        return format_html_join(
            "\n", '<link rel="alternate" type="{}" title="{}" href="{}">', links
        )

    if getattr(request, "is_preview", False):
        return render()
    # The same for every view of a page until content changes (routing.remembered).
    key = (
        "feed-links",
        request.get_host(),
        get_language(),
        (page.pk, page.live_revision_id) if isinstance(page, Page) else None,
        tag.pk if isinstance(tag, NewsTag) else None,
        author.pk if isinstance(author, Author) else None,
    )
    return remembered(key, render)


@register.filter
def w3c(value) -> str:
    """A date or datetime in W3C Datetime (as sitemaps want): UTC, to the second."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""


def alternate_elements(url) -> str:
    """<xhtml:link rel="alternate" hreflang> for each version of a URL."""
    return "".join(
        f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}"'
        f' href="{escape(alternate["location"])}"/>'
        for alternate in url.get("alternates") or ()
    )


@register.filter
def xhtml_links(url) -> str:
    return mark_safe(alternate_elements(url))  # noqa: S308 - every value is escaped


@register.filter
def url_elements(urlset) -> str:
    """A sitemap's <url> elements in one string. Output as the template's loop
    wrote it, but a 50,000-URL file renders in a fraction of the time (the
    template loop was most of the file's 4 seconds at scale)."""
    parts = []
    for url in urlset:
        lastmod = w3c(url["lastmod"]) if url["lastmod"] else ""
        parts.append(
            f"<url><loc>{escape(url['location'])}</loc>"
            + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
            + alternate_elements(url)
            + "</url>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above
