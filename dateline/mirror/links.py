"""Finding and rewriting the site's own links in a page, feed, sitemap,
stylesheet or JSON answer.

One pass over the text: attribute values (href, src, srcset, action, data-*…),
absolute URLs of the site's host anywhere (JSON-LD, feeds, sitemaps, robots.txt),
url(…) in stylesheets and "/…" strings in JSON. Each URL found goes through
`to(url)`, which returns what to write in its place (or the URL unchanged).
The page's canonical link and sharing metadata keep naming the main site.
"""

import re
from collections.abc import Callable
from urllib.parse import urljoin

_ATTRIBUTE = r"(?P<attr>(?<=\s)(?P<name>[\w:-]+)=(?P<q>[\"'])(?P<value>[^\"'<>]*)(?P=q))"
_CSS_URL = r"(?P<css>url\((?P<cq>[\"']?)(?P<cssvalue>[^\"')]+)(?P=cq)\))"
_JSON_PATH = r"(?P<json>(?<=\")/(?!/)[^\"\s\\]*(?=\"))"
# Kept on the main site: search engines and share cards name the one original.
_KEEP = re.compile(
    r"<link\b[^>]*\brel=\"canonical\"[^>]*>|<meta\b[^>]*\bproperty=\"og:url\"[^>]*>", re.I
)
_SRCSET = {"srcset", "imagesrcset"}
# Attributes whose values are text, not addresses (a path in them is a coincidence).
_TEXT = {"content", "alt", "title", "aria-label", "placeholder", "value", "lang", "dir"}


def rewrite(text: str, kind: str, root: str, page_url: str, to: Callable[[str, bool], str]) -> str:
    """`text` with each of the site's URLs replaced by to(path and query,
    whether it was written with the site's origin).

    kind: "html" (or "xml"), "css" or "json". root: the site's own origin
    (http://host:port); page_url: the path of the answer, for relative links.
    """
    own = re.escape(root.rstrip("/"))
    absolute = rf"(?P<abs>{own}(?P<abspath>/[^\s\"'<>()\\]*)?)"
    parts = [absolute]
    if kind in ("html", "xml"):
        parts.insert(0, _ATTRIBUTE)
    elif kind == "css":
        parts.insert(0, _CSS_URL)
    elif kind == "json":
        parts.append(_JSON_PATH)
    pattern = re.compile("|".join(parts))

    def one(url: str) -> str:
        if url.startswith(root.rstrip("/")):
            path = url[len(root.rstrip("/")) :] or "/"
            return to(path if path.startswith("/") else "/" + path, True)
        if url.startswith("//") or ":" in url.split("/", 1)[0] or url.startswith("#"):
            return url  # another origin, mailto:, data:, a fragment
        if kind == "css" or url.startswith(("?", "/")):
            return to(urljoin(page_url, url) if not url.startswith("/") else url, False)
        return url  # relative links in pages: none of ours, left as written

    def replace(match: re.Match) -> str:
        if match.group("abs") is not None:
            return one(match.group("abs"))
        if kind in ("html", "xml") and match.group("attr") is not None:
            name, value = match.group("name").lower(), match.group("value")
            if name in _TEXT and not value.startswith(root.rstrip("/")):
                return match.group(0)
            if name in _SRCSET:
                value = ", ".join(
                    " ".join([one(bits[0]), *bits[1:]])
                    for candidate in value.split(",")
                    if (bits := candidate.split())
                )
            else:
                value = one(value) if value else value
            q = match.group("q")
            return f"{match.group('name')}={q}{value}{q}"
        if kind == "css" and match.group("css") is not None:
            value = match.group("cssvalue")
            q = match.group("cq")
            if value.startswith("data:"):
                return match.group(0)
            # Relative references in a stylesheet stay relative: the files
            # keep their places beside each other.
            new = one(value) if value.startswith("/") or value.startswith(root) else value
            return f"url({q}{new}{q})"
        if kind == "json" and match.group("json") is not None:
            return one(match.group("json"))
        return match.group(0)

    kept = list(_KEEP.finditer(text)) if kind == "html" else []
    if not kept:
        return pattern.sub(replace, text)
    out, last = [], 0
    for match in kept:
        out.append(pattern.sub(replace, text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(pattern.sub(replace, text[last:]))
    return "".join(out)


def links(text: str, kind: str, root: str, page_url: str) -> list[str]:
    """The site's own URLs (path and query) that `text` names, in order."""
    found: list[str] = []

    def keep(url: str, absolute: bool) -> str:
        found.append(url)
        return url

    rewrite(text, kind, root, page_url, keep)
    if kind == "css":  # relative url(...) in stylesheets: fonts and pictures
        for match in re.finditer(_CSS_URL, text):
            value = match.group("cssvalue")
            if not value.startswith(("data:", "/", "http:", "https:", "#")):
                found.append(urljoin(page_url, value))
    return list(dict.fromkeys(url.split("#", 1)[0] for url in found))
