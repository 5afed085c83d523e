from django import template
from django.utils.html import format_html_join
from django.utils.translation import get_language
from wagtail.models import Site

from dateline.base.invalidation import cache_key, register_prefix, versioned
from dateline.newsroom.navigation import edition_home
from dateline.syndication import metadata
from dateline.syndication.alternates import served_alternates, x_default

register = template.Library()

ARTICLE_META = register_prefix("article-meta", "an article's rendered metadata (JSON-LD, links)")


def _site_name(request) -> str:
    site = Site.find_for_request(request)
    return (site and site.site_name) or "Dateline"


@register.simple_tag(takes_context=True)
def article_meta(context, article):
    """Canonical URL, description, Open Graph, X card and JSON-LD for an article.
    Uses the authors, tags and breadcrumb the page already loaded."""
    request = context["request"]

    def compute():
        home = edition_home(request)
        authors = [
            (author, home.url + home.reverse_subpage("author", args=[author.slug]))
            for author in context["authors"]
        ]
        return metadata.article_metadata(
            request,
            article,
            canonical=article.get_full_url(request),
            site_name=_site_name(request),
            breadcrumb=context.get("breadcrumb", []),
            authors=authors,
            tags=context["tags"],
            translations=served_alternates(request, article),
        )

    version = context.get("content_version")
    if not version:  # a preview
        return compute()
    # Everything it says comes from the live revision and content the version
    # covers (authors, tags, sections, photos, the site's name); its URLs are
    # absolute, so the host is in the key too.
    key = cache_key(
        ARTICLE_META,
        article.pk,
        article.live_revision_id,
        version,
        request.scheme,
        request.get_host(),
        get_language(),
    )
    return versioned(key, compute)


@register.simple_tag(takes_context=True)
def page_meta(context, title="", description=""):
    request = context.get("request")
    if request is None:
        return ""
    page = context.get("page")
    if page is not None:
        title = title or page.seo_title or page.title
        description = description or page.search_description or getattr(page, "intro", "")
        # An edition's front page describes itself with its strapline.
        description = description or getattr(page, "strapline", "")
    number = request.GET.get("page")
    canonical = metadata.absolute(request, request.path)
    if number and number.isdigit() and number != "1":
        canonical += f"?page={number}"
    return metadata.page_metadata(
        request,
        title=title,
        description=description,
        canonical=canonical,
        site_name=_site_name(request),
        language=getattr(request, "LANGUAGE_CODE", ""),
    )


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """<link rel="alternate" hreflang> for the page and each of its live
    translations, plus x-default; nothing for a page in one edition only."""
    request = context.get("request")
    if request is None:
        return ""
    page = context.get("page")
    alternates = served_alternates(request, page)
    if len(alternates) < 2:
        return ""
    links = [(a.language, a.url) for a in alternates]
    if default := x_default(alternates, page.pk):
        links.append(("x-default", default.url))
    return format_html_join("\n", '<link rel="alternate" hreflang="{}" href="{}">', links)
