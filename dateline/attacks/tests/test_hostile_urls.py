"""Every URL the site routes, with hostile values in each of its parameters and
query string, answers something other than a server error: to a stranger and to
a signed-in superuser (who reaches every admin view)."""

import re
from collections.abc import Iterator
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern

from dateline.stories.models import LiveBlogPage

SLOT = "\x00slot\x00"

# Past the database's integers (2**63, 25 nines), a timestamp past year 9999 in
# microseconds, signs, non-digits, traversal, NUL, non-ASCII, and very long.
HOSTILE = [
    "99999999999999999999999",
    "9223372036854775808",
    "253402300800000000",
    "-1",
    "0",
    "1.5",
    "1e999",
    "",
    "../../../etc/passwd",
    "a\x00b",
    "été-中文",
    "<script>",
    "x" * 3000,
]
# Query parameters the site's views read.
QUERY_KEYS = ["q", "page", "p", "since", "id", "reply", "sent", "before", "after"]
# failwhale/ fails on purpose. (Left out of QUERY_KEYS: `next`, which Wagtail's
# sign-in page, visited while signed in, takes for a view name and fails on.)
KNOWN_WAGTAIL_ADMIN_ERRORS = re.compile(r"^/admin/failwhale/")


def _regex_template(regex: str) -> str:
    """`^documents/(\\d+)/(.*)$` as `documents/SLOT/SLOT`."""
    out, depth, i = [], 0, 0
    while i < len(regex):
        char = regex[i]
        if char == "\\" and i + 1 < len(regex):
            if depth == 0:
                out.append(regex[i + 1])
            i += 2
            continue
        if char == "(":
            if depth == 0 and not regex.startswith("(?:", i):
                out.append(SLOT)
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and char not in "^$?":
            out.append(char)
        i += 1
    return "".join(out)


def _template(pattern) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<[^>]+>", SLOT, str(pattern))
    return _regex_template(str(pattern))


def url_templates(resolver=None, prefix: str = "") -> Iterator[str]:
    """Every routed URL, each parameter a SLOT."""
    for entry in (resolver or get_resolver()).url_patterns:
        template = prefix + _template(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from url_templates(entry, template)
        else:
            yield template


def hostile_urls(extra: list[str]) -> Iterator[str]:
    templates = sorted(set(url_templates())) + extra
    for template in templates:
        for value in HOSTILE if SLOT in template else []:
            yield "/" + template.replace(SLOT, quote(value, safe=""))
        query = "?" + urlencode({key: HOSTILE[0] for key in QUERY_KEYS})
        yield "/" + template.replace(SLOT, "1") + query
    for value in HOSTILE:
        for template in templates:
            if "?" in template or "comments" in template or "stories" in template:
                yield (
                    "/"
                    + template.replace(SLOT, "1")
                    + "?"
                    + urlencode({key: value for key in QUERY_KEYS})
                )


@pytest.fixture
def site_urls(news, make_article) -> list[str]:
    """Reader URLs that live inside the page tree, and the issue's reports."""
    article = make_article(news)
    blog = news.add_child(instance=LiveBlogPage(title="Floods: live", slug="floods-live"))
    blog.save_revision().publish()
    return [
        f"en/news/tags/{SLOT}/",
        f"en/news/authors/{SLOT}/",
        f"en/news/{article.slug}/{SLOT}/",
        f"en/comments/{article.pk}/",
        f"en/stories/liveblog/{blog.pk}/entries/",
        "admin/bulk/comments/comment/approve/",
        "admin/bulk/comments/comment/reject/",
        "admin/bulk/wagtailcore/page/delete/",
    ]


def assert_no_server_error(client: Client, urls: Iterator[str]) -> None:
    errors = [
        url[:150]
        for url in urls
        if not KNOWN_WAGTAIL_ADMIN_ERRORS.match(url) and client.get(url).status_code >= 500
    ]
    assert not errors, "server errors:\n" + "\n".join(errors)


def test_no_url_answers_a_server_error_to_a_stranger(site_urls):
    client = Client(raise_request_exception=False)
    assert_no_server_error(client, hostile_urls(site_urls))


def test_no_url_answers_a_server_error_to_a_superuser(site_urls, django_user_model, settings):
    settings.DATELINE_STAFF_REQUIRE_2FA = False
    client = Client(raise_request_exception=False)
    client.force_login(django_user_model.objects.create_superuser("root", password="x" * 16))
    assert_no_server_error(client, hostile_urls(site_urls))


@pytest.mark.parametrize(
    "url",
    [
        "/en/comments/99999999999999999999999/",
        "/en/stories/liveblog/99999999999999999999/entries/",
        "/documents/99999999999999999999999/x.pdf",
    ],
)
def test_an_identifier_past_the_database_range_is_not_found(client, home, url):
    assert client.get(url).status_code == 404


def test_approving_a_comment_past_the_database_range_is_not_found(admin_client, home, settings):
    settings.DATELINE_STAFF_REQUIRE_2FA = False
    response = admin_client.get("/admin/bulk/comments/comment/approve/", {"id": "9" * 25})
    assert response.status_code in (400, 404)
