"""The Live and Audio Only pages every page links to.

Until a channel is configured they say plainly that the channel is off air.
"""

from django.template.response import TemplateResponse
from wagtail.models import Locale, Site

from dateline.newsroom.models import HomePage


def _home(request):
    site = Site.find_for_request(request)
    root = site.root_page if site else None
    if root is None:
        return None
    home = root.specific.localized if root else None
    return home if isinstance(home, HomePage) else None


def live(request):
    return TemplateResponse(
        request, "live/live.html", {"home": _home(request), "locale": Locale.get_active()}
    )


def audio(request):
    return TemplateResponse(
        request, "live/audio.html", {"home": _home(request), "locale": Locale.get_active()}
    )
