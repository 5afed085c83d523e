"""Headers every public page carries: shared-cacheable and locked down.

Public pages hold nothing per reader, so a shared cache (Varnish, a CDN) may
keep them; the admin, previews and anything that touched the session may not.
"""

from django.conf import settings
from django.middleware import locale

from dateline.base import headers, onion

PRIVATE_PREFIXES = ("/admin/", "/django-admin/", "/documents/")

# Photos and media files may come from object storage (S3_CUSTOM_DOMAIN): that
# one origin is allowed beside the site's own.
MEDIA = f" {settings.DATELINE_MEDIA_ORIGIN}" if settings.DATELINE_MEDIA_ORIGIN else ""

# No inline scripts or styles, nothing from other hosts.
PUBLIC_CSP = "; ".join(
    [
        "default-src 'self'",
        f"img-src 'self' data:{MEDIA}",
        f"media-src 'self' blob:{MEDIA}",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        # The edition's offline reading worker (/<lang>/sw.js), from the site only.
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# The admin loads only its own files, but Wagtail's editor widgets (date
# pickers, inline panels, choosers) still start with inline scripts carrying
# per-field ids, so neither hashes nor nonces can list them (wagtail#1288): the
# admin allows inline code but no other host, no eval, no plugins, no <base>.
# The sign-in pages, the ones strangers reach, keep scripts as strict as the
# public site. The page preview is framed by the admin itself.
def _admin_csp(script_src: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"img-src 'self' data: blob:{MEDIA}",
            f"media-src 'self' blob:{MEDIA}",
            "font-src 'self' data:",
            f"script-src {script_src}",
            "style-src 'self' 'unsafe-inline'",
            "connect-src 'self'",
            "frame-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


ADMIN_CSP = _admin_csp("'self' 'unsafe-inline'")
SIGN_IN_CSP = _admin_csp("'self'")
SIGN_IN_PREFIXES = ("/admin/login/", "/admin/password_reset/", "/admin/two-factor/")
# Documents are staff uploads served as they are: nothing may frame them elsewhere.
DOCUMENT_CSP = "frame-ancestors 'self'"
# A page preview is the public page, rendered for the admin's preview panel.
PREVIEW_CSP = PUBLIC_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class PublicHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path.startswith("/documents/"):
            response.setdefault("Content-Security-Policy", DOCUMENT_CSP)
        if request.path.startswith(SIGN_IN_PREFIXES):
            response.setdefault("Content-Security-Policy", SIGN_IN_CSP)
        if request.path.startswith(PRIVATE_PREFIXES):
            response.setdefault("Content-Security-Policy", ADMIN_CSP)
            return response
        preview = getattr(request, "is_preview", False)
        response.setdefault("Content-Security-Policy", PREVIEW_CSP if preview else PUBLIC_CSP)
        # Tor Browser offers the onion service to readers of a page that names
        # it. Set before the page cache and the fast path keep the answer, so
        # their copies (kept per host, as Varnish's are) carry it too.
        if not preview and response.get("Content-Type", "").startswith("text/html"):
            if onion_location := onion.location(request):
                response.setdefault("Onion-Location", onion_location)
        cacheable = (
            request.method in ("GET", "HEAD")
            and response.status_code in (200, 301, 404)
            and not response.cookies
            and not preview
            and not headers.has_policy(response)
            and not _session_used(request)
        )
        if cacheable:
            headers.public_page(response)
        elif not headers.has_policy(response):
            headers.private_revalidate(response)
        return response


def _session_used(request) -> bool:
    session = getattr(request, "session", None)
    return bool(session is not None and session.accessed)


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, except that a 404 outside the editions' prefixes (the read
    API's) stays a 404: Django would redirect it to /en/<path>, which Wagtail's
    catch-all page route makes look valid."""

    def process_response(self, request, response):
        if request.path_info.startswith(settings.DATELINE_UNPREFIXED_PATHS):
            return response
        return super().process_response(request, response)
