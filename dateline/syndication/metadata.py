"""What social networks, aggregators and search engines read from a page:
canonical URL, description, Open Graph, X card and schema.org JSON-LD."""

import json
from urllib.parse import urljoin

from django.templatetags.static import static
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from dateline.base.onion import through_onion
from dateline.newsroom.routing import site_for

# Google asks for 16:9, 4:3 and 1:1 versions of a story's lead image.
IMAGE_RATIOS = {
    "16x9": "fill-1200x675|format-jpeg",
    "4x3": "fill-1200x900|format-jpeg",
    "1x1": "fill-1200x1200|format-jpeg",
}
LOGO = ("dateline/logo.png", 600, 60)
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute(request, url: str) -> str:
    """The URL other sites, search engines and share buttons are given for a
    page: on the host the request named, except that a reader who came through
    the onion service (dateline.base.onion) gets the public site's host, the
    Site's root URL, as article pages' canonical links already have."""
    if url.startswith(("http://", "https://")):
        return url
    if through_onion(request):
        return iri_to_uri(urljoin(site_for(request).root_url + request.path, url))
    return request.build_absolute_uri(url)


def json_ld(data: dict) -> SafeString:
    """A JSON-LD block that no string inside it can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def meta_tags(pairs) -> SafeString:
    """<meta property=… content=…> for each (property, value) with a value."""
    return format_html_join(
        "\n", '<meta property="{}" content="{}">', ((k, v) for k, v in pairs if v)
    )


def iso(when) -> str | None:
    return when.isoformat() if when else None


def article_description(article) -> str:
    points = article.summary_points
    return article.search_description or (points[0] if points else "")


def lead_images(request, article) -> dict[str, tuple[str, int, int]]:
    if not article.lead_image:
        return {}
    renditions = article.lead_image.get_renditions(*IMAGE_RATIOS.values())
    return {
        ratio: (absolute(request, r.url), r.width, r.height)
        for ratio, r in zip(IMAGE_RATIOS, renditions.values(), strict=True)
    }


def publisher(request, site_name: str) -> dict:
    path, width, height = LOGO
    return {
        "@type": "Organization",
        "name": site_name,
        "url": absolute(request, "/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(request, static(path)),
            "width": width,
            "height": height,
        },
    }


def translation_links(article, translations) -> dict:
    """schema.org links between an article and its versions in other editions:
    the original lists its translations (workTranslation), a translation names
    its original (translationOfWork). See syndication.alternates for which is
    the original."""

    def work(alternate):
        return {
            "@type": "NewsArticle",
            "url": alternate.url,
            "inLanguage": alternate.language,
        }

    others = [a for a in translations if a.pk != article.pk]
    this = next((a for a in translations if a.pk == article.pk), None)
    if not others or this is None:
        return {}
    if this.original:
        return {"workTranslation": [work(a) for a in others]}
    original = next((a for a in others if a.original), None)
    return {"translationOfWork": work(original)} if original else {}


def article_metadata(
    request, article, *, canonical, site_name, breadcrumb, authors, tags, translations=()
):
    """Everything in <head> that describes an article to machines."""
    description = article_description(article)
    images = lead_images(request, article)
    modified = article.updated_at or article.last_published_at or article.first_published_at
    section = breadcrumb[-1].title if breadcrumb else ""
    author_people = [
        {"@type": "Person", "name": a.name, "url": absolute(request, url)} for a, url in authors
    ] + [{"@type": "Person", "name": name} for name in article.byline_names]
    headline = article.title if len(article.title) <= 110 else article.social_headline
    news_article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline or article.title[:110],
        "description": description,
        "image": [url for url, _w, _h in images.values()],
        "datePublished": iso(article.first_published_at),
        "dateModified": iso(modified),
        # Google asks for an author on every NewsArticle: without named people,
        # the newsroom itself wrote it.
        "author": author_people or [publisher(request, site_name)],
        "publisher": publisher(request, site_name),
        "articleSection": section,
        "keywords": [t.name for t in tags],
        "inLanguage": get_language(),
        "isAccessibleForFree": True,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        **translation_links(article, translations),
    }
    if corrections := getattr(article, "corrections", None):
        # schema.org's CorrectionComment: what was corrected, and when.
        news_article["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": note.text,
                "datePublished": iso(note.noted_at),
                "url": f"{canonical}#note-{note.pk}",
            }
            for note in corrections
        ]
    crumbs = [(s.title, absolute(request, s.url)) for s in breadcrumb] + [
        (article.title, canonical)
    ]
    breadcrumb_list = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(crumbs, start=1)
        ],
    }
    social_title = article.social_headline or article.title
    og_image = images.get("16x9")
    open_graph = [
        ("og:type", "article"),
        ("og:site_name", site_name),
        ("og:title", social_title),
        ("og:description", description),
        ("og:url", canonical),
        ("og:locale", get_language()),
        ("og:image", og_image and og_image[0]),
        ("og:image:width", og_image and og_image[1]),
        ("og:image:height", og_image and og_image[2]),
        ("og:image:alt", article.display_alt if og_image else ""),
        ("article:published_time", iso(article.first_published_at)),
        ("article:modified_time", iso(modified)),
        ("article:section", section),
        *[("article:tag", t.name) for t in tags],
        *[("article:author", p["url"]) for p in author_people if "url" in p],
    ]
    card = [
        ("twitter:card", "summary_large_image"),
        ("twitter:title", social_title),
        ("twitter:description", description),
        ("twitter:image", og_image and og_image[0]),
        ("twitter:image:alt", article.display_alt if og_image else ""),
    ]
    return format_html(
        '<link rel="canonical" href="{}">\n<meta name="description" content="{}">\n{}\n{}\n{}\n{}',
        canonical,
        description,
        meta_tags(open_graph),
        format_html_join("\n", '<meta name="{}" content="{}">', ((k, v) for k, v in card if v)),
        json_ld(news_article),
        json_ld(breadcrumb_list),
    )


def page_metadata(request, *, title, description, canonical, site_name, language):
    """Canonical URL, description and basic Open Graph for any other public page."""
    return format_html(
        '<link rel="canonical" href="{}">\n{}{}',
        canonical,
        format_html('<meta name="description" content="{}">\n', description) if description else "",
        meta_tags(
            [
                ("og:type", "website"),
                ("og:site_name", site_name),
                ("og:title", title),
                ("og:description", description),
                ("og:url", canonical),
                ("og:locale", language),
            ]
        ),
    )


def live_blog_metadata(request, page, entries, *, canonical, site_name):
    """schema.org LiveBlogPosting, with the entries on the page as liveBlogUpdate."""
    points = page.key_point_texts
    modified = max(
        [page.last_published_at]
        + [entry.edited_at or entry.first_published_at for entry in entries],
        default=None,
        key=lambda when: when.timestamp() if when else 0,
    )
    posting = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": page.title[:110],
        "description": page.search_description or (points[0] if points else ""),
        "datePublished": iso(page.first_published_at),
        "dateModified": iso(modified),
        "coverageStartTime": iso(page.first_published_at),
        "publisher": publisher(request, site_name),
        "inLanguage": get_language(),
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": (entry.headline or entry.text or page.title)[:110],
                "articleBody": entry.text,
                "datePublished": iso(entry.first_published_at),
                "dateModified": iso(entry.edited_at or entry.first_published_at),
                "url": f"{canonical}#entry-{entry.pk}",
                **(
                    {"author": {"@type": "Person", "name": entry.author.name}}
                    if entry.author
                    else {}
                ),
            }
            for entry in entries
        ],
    }
    if not page.open:
        posting["coverageEndTime"] = iso(page.last_published_at)
    return json_ld(posting)
