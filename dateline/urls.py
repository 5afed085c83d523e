from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils import translation
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.documents.views import serve as document_views
from wagtail.urls import serve_pattern

import dateline.newsroom.converters  # noqa: F401 (registers <id:...>)
from dateline.alerts import urls as alert_urls
from dateline.api import urls as api_urls
from dateline.comments import urls as comment_urls
from dateline.lite import views as lite_views
from dateline.live import urls as live_urls
from dateline.newsletters import bounces as newsletter_bounces
from dateline.newsletters import urls as newsletter_urls
from dateline.offline import urls as offline_urls
from dateline.readership import urls as readership_urls
from dateline.search import urls as search_urls
from dateline.site import routing
from dateline.staff import views as staff_views
from dateline.stories import urls as story_urls
from dateline.syndication import feed_urls
from dateline.syndication import urls as syndication_urls
from dateline.uploads.documents import serve_document
from dateline.uploads.media import serve_media
from dateline.wire import urls as wire_urls

# Wagtail's snippet views translate their "Home" breadcrumb once, as the admin's
# URLs load, in the language of the request that loads them: load them in the
# default language, not in the Spanish or Arabic of whichever page came first.
with translation.override(settings.LANGUAGE_CODE):
    from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/logout/", staff_views.logout, name="wagtailadmin_logout"),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document routes (wagtail.documents.urls) with ids the database can
    # hold, and the serving view telling caches who may keep the answer.
    path(
        "documents/<id:document_id>/<str:document_filename>",
        serve_document,
        name="wagtaildocs_serve",
    ),
    path(
        "documents/authenticate_with_password/<id:restriction_id>/",
        document_views.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("", include(syndication_urls)),
    # An email service's bounce and complaint webhooks (newsletters; 404 unless
    # DATELINE_MAIL_WEBHOOK_SECRET is set).
    path("mail-events/", include(newsletter_bounces)),
    # Agencies push ninjs here with their token (README: "The wire").
    path("wire/", include(wire_urls)),
    # The read API for apps and partners (README: "Read API").
    path("api/v2/", api_urls.router.urls),
    # The public key that signs the daily packs (`python -m dateline pack`).
    path("pack-key.pem", lite_views.pack_key, name="pack-key"),
    path("pack-key.txt", lite_views.pack_key_page, name="pack-key-page"),
    path("", RedirectView.as_view(url=f"/{settings.LANGUAGE_CODE}/", permanent=False)),
]

if settings.SERVE_MEDIA:
    # The embedded default serves uploads itself; production lets nginx or
    # object storage do it.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media)]

# Every edition lives under its language: /en/news/afghanistan/...
urlpatterns += i18n_patterns(
    path("live/", include(live_urls)),
    path("search/", include(search_urls)),
    path("feeds/", include(feed_urls)),
    path("comments/", include(comment_urls)),
    path("alerts/", include(alert_urls)),
    path("newsletters/", include(newsletter_urls)),
    path("", include(story_urls)),
    path("", include(offline_urls)),
    path("", include(readership_urls)),
    # Wagtail's sign-in and page-password views, ahead of the page route, which
    # would answer their URLs with a 404. The sign-in is the admin's form.
    path("_util/login/", staff_views.ReaderLoginView.as_view(), name="wagtailcore_login"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # Wagtail's page serving, with the site and front page remembered per process.
    re_path(serve_pattern, routing.serve),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# A database outage met in middleware (an editor's session is read before any
# view runs) gets the same 503 page as one met in a view.
handler500 = "dateline.outages.views.server_error"
