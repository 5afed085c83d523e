"""The edition's service worker and the list of what it keeps.

The worker is served from /<lang>/sw.js so that its scope is the edition: the
admin (and with it previews) and the other editions are outside it, and their
requests never reach it. Both answers are public and shared-cacheable.
"""

import json

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dateline.newsroom.navigation import edition_home

from .pages import ASSETS, BUDGET_BYTES, latest_stories, list_version
from .worker import worker_scripts

# Bump when what the worker stores changes shape: it drops caches of older ones.
CACHE_FORMAT = 1


def worker(request):
    script = reverse("offline:worker")
    scope = script.rsplit("/", 1)[0] + "/"
    config = {
        "list": reverse("offline:pages"),
        "cache": f"dateline-offline-{CACHE_FORMAT} {scope}",
        "static": settings.STATIC_URL,
        "language": get_language(),
        # {time} is filled in by the worker, in the reader's time zone.
        "note": _("Saved %(time)s — you are offline") % {"time": "{time}"},
    }
    # No request in the context: nothing may touch the session of a public answer.
    # Scripts other features added (dateline.offline.worker): their URLs change
    # with their content, so a changed script is a changed worker.
    imports = json.dumps(worker_scripts())[1:-1]
    body = render_to_string("offline/worker.js", {"config": json.dumps(config), "imports": imports})
    return HttpResponse(body, content_type="text/javascript; charset=utf-8")


def pages(request):
    """The front page, the latest stories and the stylesheet, with stamps that
    tell the worker which of its copies are out of date."""
    home = edition_home(request)
    if home is None:
        raise Http404("No edition here.")
    version = list_version(home)
    listing = {
        "version": version,
        "budget": BUDGET_BYTES,
        "front": {"url": home.url, "stamp": version},
        "stories": [{"url": url, "stamp": stamp} for url, stamp in latest_stories(home)],
        "assets": [{"url": static(name), "stamp": static(name)} for name in ASSETS],
    }
    response = JsonResponse(listing)
    # A worker whose copy is current gets a 304 (dateline.caching.conditional).
    response["ETag"] = f'"{version}"'
    return response
