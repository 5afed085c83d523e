from urllib.parse import quote

from django import template
from wagtail.models import Site

from dateline.newsroom.models import HomePage, SectionPage

register = template.Library()


def edition_home(request) -> HomePage | None:
    """The front page of the edition the reader is in, looked up once per request."""
    if not hasattr(request, "_dateline_home"):
        site = Site.find_for_request(request)
        home = None
        if site is not None:
            home = (
                HomePage.objects.filter(
                    translation_key=site.root_page.translation_key,
                    locale__language_code=request.LANGUAGE_CODE,
                ).first()
                or site.root_page.specific
            )
        request._dateline_home = home
    return request._dateline_home


@register.simple_tag(takes_context=True)
def edition_nav(context):
    request = context["request"]
    home = edition_home(request)
    sections = list(SectionPage.objects.child_of(home).live().in_menu()) if home else []
    return {"home": home, "sections": sections}


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
