"""Where each URL of the site lives in a mirror, and the links that lead there.

A page URL (ending in /) is a folder with `index.html` in it, which every
static host serves for the folder's address. A feed or other non-HTML answer at
such a URL is `index.xml` (or `.json`, `.txt`) and links name that file, so a
host that knows nothing of the site still sends the right type. The few query
strings that pick a different page of the same thing (a listing's `?page=2`, a
sitemap file's `?p=2`) become part of the path: `/en/news/~page=2/`. Anything
else with a query, and the parts that need the app (search, comments, the
admin, documents, live streams, sign-in), stays on the main site.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

# Queries that name one of several pages; any other query is left to the app.
MIRRORED_QUERY = re.compile(r"(page|p)=\d{1,6}")

# Paths the mirror leaves to the app: links to them point at the main site.
APP_ONLY = re.compile(
    r"^/(admin|django-admin|documents|_protected|_util|media/live|media/documents)(/|$)"
    r"|^/[a-z]{2}(-[a-z]+)?/(lite/)?(search|comments|_util)(/|$)"
    r"|^/[a-z]{2}(-[a-z]+)?/live/[^/]+/hls/"
)

# Characters a path keeps as they are when a file name becomes a link again.
SAFE = "/~=&:@!$'()*+,;-._"

EXTENSIONS = {
    "text/html": ".html",
    "application/rss+xml": ".xml",
    "application/atom+xml": ".xml",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "application/json": ".json",
    "application/feed+json": ".json",
    "text/plain": ".txt",
}


@dataclass(frozen=True)
class Address:
    """A URL of the site reduced to what picks the answer: its path and query."""

    path: str
    query: str = ""

    @classmethod
    def parse(cls, url: str) -> "Address":
        parts = urlsplit(url)
        return cls(parts.path or "/", parts.query)

    @property
    def url(self) -> str:
        return self.path + ("?" + self.query if self.query else "")

    @property
    def mirrored(self) -> bool:
        """Whether the mirror may hold this address at all."""
        if APP_ONLY.search(self.path) or ".." in self.path.split("/"):
            return False
        return not self.query or MIRRORED_QUERY.fullmatch(self.query) is not None

    def file(self, content_type: str = "text/html") -> str:
        """The file, relative to the mirror's root, holding this address's answer
        (named as static servers look for it: percent-escapes decoded)."""
        path = unquote(self.path)
        if path.endswith("/"):
            folder = path + (f"~{self.query}/" if self.query else "")
            name = folder + "index" + extension(content_type)
        elif self.query:
            stem, dot, suffix = path.rpartition(".")
            name = (
                f"{stem}~{self.query}.{suffix}"
                if dot and "/" not in suffix
                else path + "~" + self.query
            )
        else:
            name = path
        return name.lstrip("/")

    def public_path(self, content_type: str = "text/html") -> str:
        """The path links use: the folder for a page, the file for anything else."""
        return public_of_file(self.file(content_type))


def extension(content_type: str) -> str:
    return EXTENSIONS.get(content_type.split(";")[0].strip().lower(), ".html")


def address_of_file(name: str) -> Address:
    """The address a mirror file holds (the inverse of Address.file)."""
    path = quote("/" + name, safe=SAFE)
    folder, _, leaf = path.rpartition("/")
    query = ""
    if leaf.startswith("index."):
        path = folder + "/"
        if "/~" in folder:
            prefix, _, query = folder.rpartition("/~")
            path = prefix + "/"
    elif "~" in leaf:
        stem, _, rest = leaf.partition("~")
        query, dot, suffix = rest.rpartition(".")
        if not dot:
            query, suffix = rest, ""
        path = folder + "/" + stem + ("." + suffix if suffix else "")
    return Address(path, query)


def public_of_file(name: str) -> str:
    """The path links use for a mirror file."""
    path = quote("/" + name, safe=SAFE)
    return path.removesuffix("index.html") if path.endswith("/index.html") else path
