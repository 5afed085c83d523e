import re

import nh3
from django import template
from django.utils.safestring import mark_safe
from wagtail.images.models import SourceImageIOError
from wagtail.templatetags.wagtailcore_tags import pageurl

from dateline.site.templatetags.site_tags import edition_links
from dateline.syndication.feeds import IMAGE_SPEC
from dateline.syndication.metadata import absolute

from .. import urls

register = template.Library()

# What a text-only page keeps of rich text: words, structure and links. No
# pictures, players, frames or scripts (their captions come from the blocks).
TEXT_TAGS = set("p h2 h3 h4 blockquote ul ol li a b strong i em br".split())
_HREF = re.compile(r'href="([^"]*)"')


@register.filter
def twin(url) -> str:
    """A page's URL -> its text-only twin's (other URLs unchanged)."""
    return urls.twin(str(url or ""))


@register.filter
def text_only(html) -> str:
    """Rich text kept to words and links, its links to pages made text-only."""
    cleaned = nh3.clean(
        str(html or ""),
        tags=TEXT_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "svg", "template"},
        attributes={"a": {"href", "hreflang", "lang"}},
        link_rel=None,
    )
    return mark_safe(_HREF.sub(lambda m: f'href="{urls.twin(m[1])}"', cleaned))


@register.simple_tag(takes_context=True)
def full_path(context) -> str:
    """The full page of the one being shown (the same URL when Save-Data asked)."""
    request = context["request"]
    query = request.META.get("QUERY_STRING", "")
    return request.path_info + (f"?{query}" if query else "")


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    page = context.get("page")
    if page is not None and hasattr(page, "full_url") and page.full_url:
        return page.full_url
    request = context["request"]
    # On the public site's host, even for a reader who came through the onion.
    return absolute(request, request.path_info)


@register.simple_tag(takes_context=True)
def lite_editions(context):
    """The other editions, as the masthead's switcher has them, text-only."""
    request = context["request"]
    return [
        (code, name, urls.twin(url))
        for code, name, url, _is_translation in edition_links(request, context.get("page"))
    ]


@register.simple_tag
def photo_url(image) -> str:
    """The photo itself, for readers who choose to fetch it: the size feeds use,
    made at publish."""
    try:
        return image.get_rendition(IMAGE_SPEC).url
    except (SourceImageIOError, OSError):  # a missing file must not take the story down
        return ""


@register.simple_tag(takes_context=True)
def lite_link(context) -> str:
    """The text-only twin of the page being shown, for the full page's link."""
    request = context.get("request")
    if request is None:
        return ""
    path = request.path_info
    query = request.META.get("QUERY_STRING", "")
    other = urls.twin(path)
    if other == path:
        return ""
    return other + (f"?{query}" if query else "")


@register.simple_tag(takes_context=True)
def lite_pageurl(context, page) -> str:
    """{% pageurl %}, text-only."""
    return urls.twin(pageurl(context, page))
