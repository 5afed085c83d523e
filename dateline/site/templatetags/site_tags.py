from urllib.parse import quote

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from dateline.base.invalidation import (
    cache_key,
    content_version,
    register_prefix,
    remembered,
    versioned,
)
from dateline.newsroom.navigation import edition_home, menu_sections
from dateline.newsroom.routing import site_for
from dateline.syndication.alternates import edition_roots, language_name, served_alternates

register = template.Library()

ARTICLE_MAIN = register_prefix("article-main", "an article's rendered main column")
CARD = register_prefix("card", "an article's rendered card in listings")
RESULT_PICTURE = register_prefix("result-picture", "a search result's rendered photo")


def _include(context, name: str, **values):
    """A function rendering the template in the current context, as {% include %}
    would: the tags below call it only when their kept copy is missing."""
    include = context.template.engine.get_template(name)

    def render():
        with context.push(**values):
            return include.render(context)

    return render


@register.simple_tag(takes_context=True)
def edition_nav(context):
    request = context["request"]
    home = edition_home(request)
    return {"home": home, "sections": menu_sections(home) if home else []}


def edition_links(request, page) -> tuple[tuple[str, str, str, bool], ...]:
    """The language switcher's links: (language, its own name, path, whether it
    is this page's translation) for each other edition, to this page's live,
    public translation there, else to that edition's front page."""
    site = site_for(request)
    if site is None:
        return ()
    roots = edition_roots(site.pk)
    if len(roots) < 2:
        return ()
    translations = {a.language: a.path for a in served_alternates(request, page)}
    current = get_language()
    return tuple(
        (
            root.language,
            language_name(root.language),
            translations.get(root.language, root.prefix),
            root.language in translations,
        )
        for root in roots
        if root.language != current
    )


@register.simple_tag(takes_context=True)
def masthead(context):
    """The skip link, brand, search form, Live links, language switcher and
    section menu: the same on every page of an edition but for the switcher,
    so each process renders it once per content version, language and set of
    switcher links (a search results page, which fills in the reader's words,
    renders its own)."""
    request = context.get("request")
    editions = edition_links(request, context.get("page")) if request is not None else ()
    render = _include(context, "includes/masthead.html", editions=editions)
    if request is None or context.get("search_query"):
        return render()
    home = edition_home(request)
    return remembered(("masthead", home.pk if home else None, get_language(), editions), render)


@register.simple_tag(takes_context=True)
def article_main(context, page):
    """Everything an article shows but its comments (breadcrumb, headline,
    summary, byline, dates, notes, share links, lead photo, body, tags, related
    stories): rendered once per live revision and content version, then kept
    (base.invalidation). Its links are absolute, so the host is in the key."""
    render = _include(context, "newsroom/includes/article_main.html")
    version = context.get("content_version")
    if not version:  # a preview
        return render()
    request = context["request"]
    key = cache_key(
        ARTICLE_MAIN,
        page.pk,
        page.live_revision_id,
        version,
        get_language(),
        request.scheme,
        request.get_host(),
    )
    return versioned(key, render)


@register.simple_tag(takes_context=True)
def article_card(context, article, with_image=False, lead=False):
    """An article in a listing, rendered once per live revision, content version
    and comment count, then kept: a front page or a deep archive page shows
    dozens of them."""
    render = _include(
        context,
        "newsroom/includes/article_card.html",
        article=article,
        with_image=with_image,
        lead=lead,
    )
    request = context.get("request")
    if request is None or getattr(request, "is_preview", False):
        return render()
    key = cache_key(
        CARD,
        article.pk,
        article.live_revision_id,
        content_version(),
        getattr(article, "comment_count", ""),
        f"{int(bool(with_image))}{int(bool(lead))}",
        get_language(),
        request.get_host(),
    )
    return versioned(key, render)


@register.simple_tag
def result_picture(image):
    """A search result's photo: the same for every search that shows the photo,
    so rendered once per photo and content version (a photo's save moves it)."""
    return versioned(
        cache_key(RESULT_PICTURE, image.pk, content_version()),
        lambda: render_to_string("search/includes/result_picture.html", {"image": image}),
    )


def _subpage_url(request, kind: str, slug: str) -> str:
    home = edition_home(request)
    return remembered(
        ("subpage-url", home.pk, kind, slug),
        lambda: home.url + home.reverse_subpage(kind, args=[slug]),
    )


@register.simple_tag(takes_context=True)
def tag_url(context, tag) -> str:
    return _subpage_url(context["request"], "tag", tag.slug)


@register.simple_tag(takes_context=True)
def author_url(context, author) -> str:
    return _subpage_url(context["request"], "author", author.slug)


@register.simple_tag
def share_links(url: str, title: str):
    """Share links for a page; the same URL and title make the same links, so
    each process renders them once per content version."""

    def render():
        u, t = quote(url, safe=""), quote(title, safe="")
        links = [
            ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
            ("X", f"https://x.com/intent/post?url={u}&text={t}"),
            ("WhatsApp", f"https://wa.me/?text={t}%20{u}"),
            ("Telegram", f"https://t.me/share/url?url={u}&text={t}"),
            ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={u}"),
            ("Email", f"mailto:?subject={t}&body={u}"),
        ]
        return render_to_string("newsroom/includes/share.html", {"url": url, "links": links})

    return remembered(("share", url, title, get_language()), render)
