from urllib.parse import quote

from django import template
from django.utils.translation import get_language

from dateline.newsroom.article_cache import versioned
from dateline.newsroom.navigation import edition_home, menu_sections

register = template.Library()


@register.simple_tag(takes_context=True)
def edition_nav(context):
    request = context["request"]
    home = edition_home(request)
    return {"home": home, "sections": menu_sections(home) if home else []}


@register.simple_tag(takes_context=True)
def article_body(context, page):
    """The lead photo and the body: rendered once per live revision and content
    version (photos' credits, linked articles), then kept (article_cache)."""
    body = context.template.engine.get_template("newsroom/includes/article_body.html")
    version = context.get("content_version")
    if not version:  # a preview
        with context.push():
            return body.render(context)

    def render():
        with context.push():
            return body.render(context)

    key = f"dateline:article-body:{page.pk}:{page.live_revision_id}:{version}:{get_language()}"
    return versioned(key, render)


@register.simple_tag(takes_context=True)
def tag_url(context, tag) -> str:
    home = edition_home(context["request"])
    return home.url + home.reverse_subpage("tag", args=[tag.slug])


@register.simple_tag(takes_context=True)
def author_url(context, author) -> str:
    home = edition_home(context["request"])
    return home.url + home.reverse_subpage("author", args=[author.slug])


@register.inclusion_tag("newsroom/includes/share.html")
def share_links(url: str, title: str):
    u, t = quote(url, safe=""), quote(title, safe="")
    return {
        "url": url,
        "links": [
            ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
            ("X", f"https://x.com/intent/post?url={u}&text={t}"),
            ("WhatsApp", f"https://wa.me/?text={t}%20{u}"),
            ("Telegram", f"https://t.me/share/url?url={u}&text={t}"),
            ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={u}"),
            ("Email", f"mailto:?subject={t}&body={u}"),
        ],
    }
