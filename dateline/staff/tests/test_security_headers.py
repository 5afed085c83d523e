"""Every kind of public page the demo serves carries the security headers, with
the strict policy (no inline script or style, nothing from elsewhere); the admin
carries its own policy; HTTPS adds HSTS."""

import re
import urllib.error
import urllib.request

import pytest

from dateline.site.middleware import ADMIN_CSP, PUBLIC_CSP, SIGN_IN_CSP

ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def fetch(url: str):
    try:
        response = _opener.open(url, timeout=15)
    except urllib.error.HTTPError as error:  # 404s and redirects carry headers too
        response = error
    return response.status, response.headers, response.read().decode("utf-8", "replace")


def first_link(html: str, pattern: str) -> str:
    match = re.search(rf'href="({pattern})["#?]', html)
    assert match, f"no link like {pattern}"
    return match.group(1)


@pytest.fixture(scope="module")
def public_pages(demo_server) -> dict[str, str]:
    """One URL of each kind of public page, found by following the demo's links."""
    _, _, section = fetch(demo_server + "/en/news/afghanistan/")
    article = first_link(section, r"/en/news/afghanistan/[a-z0-9-]+/")
    _, _, article_html = fetch(demo_server + article)
    pages = {
        "home": "/en/",
        "section": "/en/news/afghanistan/",
        "article": article,
        "tag": first_link(article_html, r"/en/tags/[a-z0-9-]+/"),
        "author": first_link(article_html, r"/en/authors/[a-z0-9-]+/"),
        "comments form": first_link(article_html, r"/en/comments/\d+/"),
        "search": "/en/search/?q=harvest",
        "edition rss": "/en/feeds/rss/",
        "edition atom": "/en/feeds/atom/",
        "corrections": "/en/corrections/",
        "corrections feed": "/en/corrections/rss/",
        "story page": "/en/news/afghanistan/balkh-floods/",
        "live blog": "/en/news/afghanistan/balkh-floods-live/",
        "live": "/en/live/",
        "audio": "/en/live/audio/",
        "on-air data": "/en/live/on-air.json",
        "sitemap index": "/sitemap.xml",
        "news sitemap": "/news-sitemap.xml",
        "robots.txt": "/robots.txt",
        "static file": "/static/dateline/dateline.css",
        "not found": "/en/no-such-page/",
    }
    return {name: demo_server + path for name, path in pages.items()}


def test_every_public_page_type_carries_the_security_headers(public_pages):
    seen = {}
    for name, url in public_pages.items():
        status, headers, _ = fetch(url)
        seen[name] = status
        assert headers["Content-Security-Policy"] == PUBLIC_CSP, name
        for header, value in ALWAYS.items():
            assert headers[header] == value, (name, header)
        if name != "static file":  # whitenoise answers first; frame-ancestors covers it
            assert headers["X-Frame-Options"] == "DENY", name
        assert "camera=()" in headers["Permissions-Policy"], name
        if name == "comments form":  # its CSRF cookie, out of scripts' reach
            assert "HttpOnly" in headers["Set-Cookie"] and "SameSite=Lax" in headers["Set-Cookie"]
        else:
            assert "Set-Cookie" not in headers, name
    assert seen.pop("not found") == 404
    assert all(status == 200 for status in seen.values()), seen


def test_public_policy_allows_no_inline_code_and_no_other_hosts():
    directives = dict(d.split(" ", 1) for d in PUBLIC_CSP.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe" not in PUBLIC_CSP and "*" not in PUBLIC_CSP


def test_admin_carries_its_own_policy_and_sign_in_the_strictest(demo_server):
    status, headers, _ = fetch(demo_server + "/admin/login/")
    assert status == 200
    assert headers["Content-Security-Policy"] == SIGN_IN_CSP
    assert "script-src 'self';" in SIGN_IN_CSP and "frame-ancestors 'self'" in SIGN_IN_CSP
    for header, value in ALWAYS.items():
        assert headers[header] == value
    assert "private" in headers["Cache-Control"] or "no-cache" in headers["Cache-Control"]

    status, headers, _ = fetch(demo_server + "/admin/")  # to sign-in, with the admin's policy
    assert status == 302 and headers["Content-Security-Policy"] == ADMIN_CSP
    assert "unsafe-eval" not in ADMIN_CSP and "http" not in ADMIN_CSP and "*" not in ADMIN_CSP


def test_https_adds_hsts_and_secure_cookies(client, settings, home):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.CSRF_COOKIE_SECURE = True
    response = client.get("/admin/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert client.get("/en/", secure=True)["Strict-Transport-Security"].startswith("max-age=")
