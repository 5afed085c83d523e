"""Headers every public page carries: shared-cacheable and locked down.

Public pages hold nothing per reader, so a shared cache (Varnish, a CDN) may
keep them; the admin, previews and anything that touched the session may not.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control

PRIVATE_PREFIXES = ("/admin/", "/django-admin/", "/documents/")

# No inline scripts or styles, nothing from other hosts.
PUBLIC_CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "media-src 'self' blob:",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class PublicHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PRIVATE_PREFIXES):
            return response
        response.setdefault("Content-Security-Policy", PUBLIC_CSP)
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        cacheable = (
            request.method in ("GET", "HEAD")
            and response.status_code in (200, 301, 404)
            and not response.cookies
            and not getattr(request, "is_preview", False)
            and "Cache-Control" not in response
            and not _session_used(request)
        )
        if cacheable:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.DATELINE_BROWSER_CACHE_SECONDS,
                s_maxage=settings.DATELINE_CACHE_SECONDS,
                stale_while_revalidate=settings.DATELINE_STALE_SECONDS,
                stale_if_error=settings.DATELINE_STALE_SECONDS,
            )
        elif "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_cache=True)
        return response


def _session_used(request) -> bool:
    session = getattr(request, "session", None)
    return bool(session is not None and session.accessed)
