"""Site-wide machine-readable addresses: robots.txt and sitemaps (not per edition).

/robots.txt
/sitemap.xml                   index of the files below
/sitemap-pages.xml             edition front pages and sections
/sitemap-articles.xml[?p=N]    articles, 50,000 a file
/news-sitemap.xml              Google News: the last 48 hours, at most 1,000
"""

from django.urls import path

from . import views

app_name = "syndication"
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("news-sitemap.xml", views.news_sitemap, name="news-sitemap"),
]
