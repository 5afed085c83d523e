"""Where a page's text-only twin lives: /<language>/lite/<the page's path>.

The twin is the same view answering the same path (LiteMiddleware strips the
`lite/` and asks for the text-only template), so it has the same privacy,
the same edition check and the same data as the full page.
"""

import re

from django.conf import settings

SEGMENT = "lite"
_PATH = re.compile(
    r"^(?P<origin>[a-z][a-z0-9+.-]*://[^/?#]+)?/(?P<language>[a-z]{2,3}(?:-[a-z0-9]+)?)/"
    r"(?P<rest>[^?#]*)(?P<tail>[?#].*)?$",
    re.IGNORECASE,
)
# Paths under an edition that are not pages (feeds, endpoints, forms): they
# have no twin. Pages end in a slash; files and JSON endpoints do not.
_NOT_PAGES = ("feeds/", "comments/", "_util/", "stories/")
_NOT_PAGE_ENDINGS = ("rss/", "atom/", "ninjs/")


def _languages() -> frozenset[str]:
    return frozenset(code for code, _name in settings.LANGUAGES)


def split(path: str) -> tuple[str, str] | None:
    """(language, the full page's path) for a twin's path, else None."""
    match = _PATH.match(path)
    if match is None or match["origin"] or match["tail"]:
        return None
    rest = match["rest"]
    if match["language"] not in _languages() or not (
        rest == SEGMENT or rest.startswith(SEGMENT + "/")
    ):
        return None
    return match["language"], f"/{match['language']}/{rest[len(SEGMENT) + 1 :]}"


def twin(url: str) -> str:
    """The text-only twin of a page's URL or path (query and fragment kept);
    anything that is not an edition's page comes back unchanged."""
    match = _PATH.match(url)
    if match is None or match["language"] not in _languages():
        return url
    rest = match["rest"]
    if (
        rest == SEGMENT
        or rest.startswith(SEGMENT + "/")
        or (rest and not rest.endswith("/"))
        or rest.startswith(_NOT_PAGES)
        or rest.endswith(_NOT_PAGE_ENDINGS)
    ):
        return url
    return f"{match['origin'] or ''}/{match['language']}/{SEGMENT}/{rest}{match['tail'] or ''}"


def full(url: str) -> str:
    """The full page's URL or path for a twin's; others unchanged."""
    match = _PATH.match(url)
    if match is None or match["language"] not in _languages():
        return url
    rest = match["rest"]
    if rest == SEGMENT:
        rest = ""
    elif rest.startswith(SEGMENT + "/"):
        rest = rest[len(SEGMENT) + 1 :]
    else:
        return url
    return f"{match['origin'] or ''}/{match['language']}/{rest}{match['tail'] or ''}"


def purge_twins(url: str) -> list[str]:
    other = twin(url)
    return [other] if other != url else []
