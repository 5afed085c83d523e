"""robots.txt and the sitemap views, for the Wagtail Site the request is for."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from wagtail.models import Site

from .sitemaps import ArticleSitemap, FrontPageSitemap, NewsSitemap, SiteEditions


def _site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site.")
    return site


def _sitemaps(request) -> dict:
    editions = SiteEditions(_site(request))
    return {"pages": FrontPageSitemap(editions), "articles": ArticleSitemap(editions)}


def sitemap_index(request):
    return sitemap_views.index(
        request,
        _sitemaps(request),
        template_name="syndication/sitemap_index.xml",
        sitemap_url_name="syndication:sitemap-section",
    )


def sitemap_section(request, section):
    return sitemap_views.sitemap(
        request, _sitemaps(request), section=section, template_name="syndication/sitemap.xml"
    )


def news_sitemap(request):
    news = NewsSitemap(SiteEditions(_site(request)))
    return sitemap_views.sitemap(
        request, {"news": news}, section="news", template_name="syndication/news_sitemap.xml"
    )


def robots_txt(request):
    return render(
        request,
        "syndication/robots.txt",
        {
            "sitemaps": [
                request.build_absolute_uri(reverse("syndication:sitemap-index")),
                request.build_absolute_uri(reverse("syndication:news-sitemap")),
            ]
        },
        content_type="text/plain; charset=utf-8",
    )
