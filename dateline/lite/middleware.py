"""Text-only pages: the same views, other templates.

A request for /<language>/lite/<path> is served as /<language>/<path> with
`request.lite` set, and so is a request that sends `Save-Data: on` to the page's
own URL. The view runs as usual; its TemplateResponse is rendered with
`lite/<template>` instead. Every answer that has a text-only twin says
`Vary: Save-Data`, so caches (the page cache, Varnish, a CDN) keep both.
"""

from functools import lru_cache

from django.http import Http404
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.cache import patch_vary_headers

from dateline.base.headers import saves_data

from .urls import split

TWIN = "twin"  # asked for at /<language>/lite/...
SAVE_DATA = "save-data"  # asked for at the page's own URL


@lru_cache(maxsize=256)
def lite_template(name: str) -> str | None:
    lite_name = f"lite/{name}"
    try:
        get_template(lite_name)
    except TemplateDoesNotExist:
        return None
    return lite_name


def _lite_name(template_name) -> str | None:
    names = [template_name] if isinstance(template_name, str) else list(template_name or ())
    for name in names:
        if isinstance(name, str) and (lite_name := lite_template(name)):
            return lite_name
    return None


class LiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.lite = None
        parts = split(request.path_info)
        if parts is not None:
            if request.method not in ("GET", "HEAD"):
                raise Http404("Text-only pages only answer GET.")
            request.path_info = parts[1]
            request.lite = TWIN
        elif request.method in ("GET", "HEAD") and saves_data(request.META.get("HTTP_SAVE_DATA")):
            request.lite = SAVE_DATA
        response = self.get_response(request)
        if (
            request.lite == TWIN
            and response.status_code == 200
            and not getattr(response, "lite", False)
            and not response.get("Content-Type", "").startswith("text/html")
        ):
            # A feed, a file or an endpoint: it has no twin, and one address is
            # enough. (A page with no text-only template, such as a password
            # form, is answered as it is.)
            raise Http404("No text-only version of this address.")
        return response

    def process_template_response(self, request, response):
        lite_name = _lite_name(response.template_name)
        if lite_name is None:
            return response
        patch_vary_headers(response, ["Save-Data"])
        if request.lite:
            response.template_name = lite_name
            response.lite = True
        return response
