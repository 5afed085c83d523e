from datetime import UTC, datetime

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.models import Site

from dateline.base.invalidation import remembered
from dateline.newsroom.visibility import readable
from dateline.syndication import metadata

from ..models import LiveBlogPage, current_banner
from ..signals import story_links_key

register = template.Library()

STORY_LINKS_SECONDS = 600


@register.simple_tag(takes_context=True)
def breaking_banner(context):
    """The banner slot on every page: filled when the page is rendered (so it
    shows without JavaScript) and kept current by the page's script, which asks
    the small cached endpoint, because the page itself may be cached for minutes."""
    request = context.get("request")
    language = getattr(request, "LANGUAGE_CODE", None) or get_language()
    banner = current_banner(language) if request is not None else None

    def render():
        expires = None
        if banner:
            expires = datetime.fromtimestamp(banner["expires"] / 1000, tz=UTC)
        return render_to_string(
            "stories/includes/breaking.html",
            {
                "banner": banner,
                "expires": expires,
                "src": reverse("stories:breaking") if request is not None else "",
            },
        )

    # The same banner renders the same slot: each process renders it once.
    key = ("breaking-slot", language, request is not None, tuple(sorted((banner or {}).items())))
    return remembered(key, render)


@register.inclusion_tag("stories/includes/story_links.html")
def story_links(article):
    """ "Part of" and "follow live" links on an article in a developing story:
    from the shared cache (forgotten when the story or one of its live blogs is
    published), so a warm article page does not query for them."""
    story = article.story if article.story_id else None
    if story is None or not story.live:
        return {"story": None}
    key = story_links_key(story.pk)
    live_blogs = cache.get(key)
    if live_blogs is None:
        live_blogs = [
            (blog.title, blog.url)
            for blog in readable(LiveBlogPage.objects)
            .filter(story_id=story.pk, open=True)
            .order_by("-first_published_at")[:2]
        ]
        cache.set(key, live_blogs, STORY_LINKS_SECONDS)
    return {"story": story, "live_blogs": live_blogs}


@register.simple_tag(takes_context=True)
def live_blog_meta(context, page, entries):
    """schema.org LiveBlogPosting with its entries as liveBlogUpdate."""
    request = context["request"]
    site = Site.find_for_request(request)
    return metadata.live_blog_metadata(
        request,
        page,
        list(entries),
        canonical=page.get_full_url(request),
        site_name=(site and site.site_name) or "Dateline",
    )
