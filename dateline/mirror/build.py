"""Render the public site into a mirror: the whole of it (export), or the URLs
one purge batch names (sync).

Pages are rendered in-process through the same middleware and views readers
get (Django's test client on the site's own host), so the mirror is exactly
what the site answers: every edition, full and lite, feeds, sitemaps. Static
files come from the collected static files (or the finders), photo renditions
from the media storage. Only answers any cache may share are copied; the rest
(comment forms, search, sign-in) stays on the main site and links go there.
"""

import logging
import mimetypes
import multiprocessing
import os
import tempfile
import time
from collections import deque
from concurrent import futures
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Site

from dateline.caching.purge import urls_of_edition

from . import links
from .paths import Address, public_of_file
from .targets import DirectoryTarget

logger = logging.getLogger(__name__)

REDIRECTS = {301, 302, 303, 307, 308}
# Written by an export: a target without it holds no mirror to keep current.
MARKER = ".mirror-export"
TEXT_KINDS = {
    "text/html": "html",
    "application/rss+xml": "xml",
    "application/atom+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/css": "css",
    "application/json": "json",
    "application/feed+json": "json",
    "text/plain": "xml",  # robots.txt: absolute URLs only
}
SITE_FILES = ("/", "/robots.txt", "/sitemap.xml", "/news-sitemap.xml")
EDITION_FEEDS = ("feeds:site-rss", "feeds:site-atom", "feeds:site-json")
# An export's caches: in the process's memory, large enough for the parts many
# pages share.
EXPORT_CACHES = {
    alias: {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": f"mirror-export-{alias}",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
    for alias in ("default", "renditions")
}
LISTINGS = "mirror-export-listings"
LISTINGS_CACHE = {
    # Django's file cache, counting its files once a minute, not on every write.
    "BACKEND": "dateline.base.filecache.FileCache",
    "OPTIONS": {"MAX_ENTRIES": 1_000_000},
}


@dataclass
class Answer:
    address: Address
    status: int
    content_type: str = "text/html"
    body: bytes = b""
    location: str = ""
    shared: bool = True  # any cache may keep it: fit for a mirror

    @property
    def kind(self) -> str | None:
        return TEXT_KINDS.get(self.content_type.split(";")[0].strip().lower())

    @property
    def file(self) -> str:
        return self.address.file(self.content_type)


@dataclass
class Report:
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    bytes: int = 0
    seconds: float = 0.0


class Mirror:
    """The site of `site` (the default Site) copied into `target`, its links
    made to work at `base_url`; what needs the app links to `app_url`."""

    def __init__(self, target, base_url: str, app_url: str | None = None, site=None):
        self.target = target
        self.site = site or Site.objects.get(is_default_site=True)
        self.root = self.site.root_url.rstrip("/")
        self.base_url = base_url.rstrip("/")
        self.app_url = (app_url or self.root).rstrip("/")
        host = self.site.hostname
        if self.site.port not in (80, 443):
            host = f"{host}:{self.site.port}"
        self.client = Client(HTTP_HOST=host)
        self.secure = self.site.port == 443
        # Address -> the path links use, for everything the mirror holds.
        self.known: dict[Address, str] = {}
        self.syncing = False  # links may also name files written before
        self.gone: set[Address] = set()  # deleted by this sync
        # Called once readers should see what was written: the static tier's
        # nginx keeps files open (open_file_cache) and reloads to drop them.
        self.on_written = None

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path.rstrip("/")

    # --- answers -------------------------------------------------------------

    def fetch(self, address: Address) -> Answer:
        path = address.path
        if path.startswith(settings.STATIC_URL):
            name = unquote(path.removeprefix(settings.STATIC_URL))
            return self._file(address, self._static(name))
        if path.startswith(settings.MEDIA_URL):
            return self._file(address, self._media(unquote(path.removeprefix(settings.MEDIA_URL))))
        with translation.override(translation.get_language()):
            response = self.client.get(path, query_params=_query(address), secure=self.secure)
        content_type = response.get("Content-Type", "text/html")
        cache_control = response.get("Cache-Control", "")
        shared = (
            "public" in cache_control
            and "private" not in cache_control
            and "no-store" not in cache_control
            and not response.cookies
        )
        body = b"" if response.streaming else response.content
        return Answer(
            address, response.status_code, content_type, body, response.get("Location", ""), shared
        )

    def _file(self, address: Address, data: bytes | None) -> Answer:
        if data is None:
            return Answer(address, 404)
        content_type = mimetypes.guess_type(address.path)[0] or "application/octet-stream"
        return Answer(address, 200, content_type, data)

    @staticmethod
    def _static(name: str) -> bytes | None:
        if ".." in name.split("/"):
            return None
        try:
            if staticfiles_storage.exists(name):
                with staticfiles_storage.open(name) as file:
                    return file.read()
        except (OSError, ValueError):
            pass
        found = finders.find(name)
        if found:
            with open(found, "rb") as file:
                return file.read()
        return None

    @staticmethod
    def _media(name: str) -> bytes | None:
        if ".." in name.split("/") or not default_storage.exists(name):
            return None
        with default_storage.open(name) as file:
            return file.read()

    # --- links -----------------------------------------------------------------

    def _own(self, url: str) -> Address | None:
        """The address of one of the site's own URLs, or None for another origin."""
        if url.startswith(self.root):
            url = url[len(self.root) :] or "/"
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            return None
        return Address(parts.path, parts.query)

    def links_of(self, answer: Answer) -> list[Address]:
        if answer.kind is None or answer.status != 200:
            return []
        text = answer.body.decode("utf-8", "replace")
        found = links.links(text, answer.kind, self.root, answer.address.url)
        return [a for url in found if (a := self._own(url)) is not None]

    def to(self, url: str, absolute: bool = True) -> str:
        """Where a link to one of the site's URLs points in the mirror: at the
        base URL, with its origin if it had the site's (root-relative links
        keep working under the base URL's path); at the app if the mirror
        does not hold it."""
        fragment = ""
        if "#" in url:
            url, fragment = url.split("#", 1)
            fragment = "#" + fragment
        address = self._own(url)
        if address is None:
            return url + fragment
        public = self.lookup(address)
        if public is None:
            return self.app_url + address.url + fragment
        return (self.base_url if absolute else self.base_path) + public + fragment

    def body_of(self, answer: Answer) -> bytes:
        if answer.status in REDIRECTS:
            target = escape(self.to(answer.location))
            return (
                '<!doctype html><meta charset="utf-8">'
                f'<meta http-equiv="refresh" content="0; url={target}">'
                f'<link rel="canonical" href="{target}"><a href="{target}">{target}</a>\n'
            ).encode()
        if answer.kind is None:
            return answer.body
        text = answer.body.decode("utf-8", "replace")
        return links.rewrite(text, answer.kind, self.root, answer.address.url, self.to).encode()

    def _mirrorable(self, answer: Answer) -> bool:
        if not answer.address.mirrored:
            return False
        if answer.status in REDIRECTS:  # within the site: a page that forwards
            target = self._own(answer.location)
            return target is not None and answer.address.path.endswith("/")
        return answer.status == 200 and answer.shared

    def _remember(self, answer: Answer) -> None:
        if answer.status in REDIRECTS:
            self.known[answer.address] = answer.address.public_path("text/html")
        else:
            self.known[answer.address] = answer.address.public_path(answer.content_type)

    def _file_of(self, answer: Answer) -> str:
        return answer.address.file(
            "text/html" if answer.status in REDIRECTS else answer.content_type
        )

    # --- export ----------------------------------------------------------------

    def seeds(self) -> list[Address]:
        """Where the crawl starts: the site's files and every page every
        edition lists (its tree, tags, authors, reader views), with its feeds."""
        urls = list(SITE_FILES)
        for home in self.site.root_page.get_translations(inclusive=True).live().specific():
            urls += urls_of_edition(home)
            with translation.override(home.locale.language_code):
                urls += [reverse(name) for name in EDITION_FEEDS]
        return [a for url in urls if (a := self._own(url)) is not None and a.mirrored]

    def export(self, limit: int | None = None, jobs: int = 1) -> Report:
        """Crawl the site from the seeds, following every link of its own, and
        write every answer (links rewritten once everything is known), with
        `jobs` processes rendering pages side by side."""
        started = time.monotonic()
        # An export renders each page once: the shared caches would only fill
        # with pages and parts nobody reads again. Its own, in this process,
        # still serve the parts many pages share (cards, renditions).
        # Listings' counts and page ends go in files all its workers share: the
        # worker rendering page N+1 of a section starts where page N ended,
        # whichever worker rendered that (a keyset, not an OFFSET).
        with tempfile.TemporaryDirectory(prefix="dateline-export-") as listings:
            own = {**EXPORT_CACHES, LISTINGS: {**LISTINGS_CACHE, "LOCATION": listings}}
            private = override_settings(
                CACHES=own, DATELINE_PAGE_CACHE="", DATELINE_LISTING_CACHE=LISTINGS
            )
            with private:
                report = self._export(limit, jobs)
        self.target.write(MARKER, f"{self.base_url}/\n".encode())
        self._written()
        report.seconds = time.monotonic() - started
        return report

    def _export(self, limit: int | None, jobs: int) -> Report:
        with tempfile.TemporaryFile() as spool:
            # Empty at the start: an earlier export in this process kept what
            # was true then (Wagtail's site root paths, say).
            _clear_export_caches()
            try:
                report = Report()
                answers = self._crawl(limit, jobs, spool, report)
                self._write_all(answers, spool, report, jobs)
            finally:
                _clear_export_caches()
        return report

    def _crawl(self, limit, jobs, spool, report) -> list[tuple[Answer, int, int]]:
        """Every mirrorable answer, its body kept in `spool` (a 100,000-article
        site's pages do not fit in memory): (answer, offset, length)."""
        queue = deque(self.seeds())
        seen = set(queue)
        answers: list[tuple[Answer, int, int]] = []

        def take(answer: Answer, follow: list[Address]) -> None:
            if not self._mirrorable(answer):
                report.skipped.append(answer.address.url)
                return
            self._remember(answer)
            offset = spool.seek(0, os.SEEK_END)
            spool.write(answer.body)
            answers.append((replace(answer, body=b""), offset, len(answer.body)))
            for address in follow:
                if address.mirrored and address not in seen:
                    seen.add(address)
                    queue.append(address)

        def wanted() -> bool:
            return limit is None or len(answers) < limit

        if not self._can_fork(jobs):
            while queue and wanted():
                take(*self._visit(queue.popleft()))
            return answers
        with self._workers(jobs) as pool:
            pending: set = set()
            while (queue or pending) and wanted():
                while queue and len(pending) < jobs * 4:
                    pending.add(pool.submit(_visit_in_worker, queue.popleft()))
                done, pending = futures.wait(pending, return_when=futures.FIRST_COMPLETED)
                for future in done:
                    take(*future.result())
            for future in pending:
                future.cancel()
        return answers[:limit] if limit is not None else answers

    def _visit(self, address: Address) -> tuple[Answer, list[Address]]:
        """The answer at `address` and the addresses it leads to."""
        answer = self.fetch(address)
        if not self._mirrorable(answer):
            return answer, []
        follow = self.links_of(answer)
        if answer.status in REDIRECTS and (target := self._own(answer.location)):
            follow.append(target)
        return answer, follow

    def _write_all(self, answers, spool, report: Report, jobs: int) -> None:
        spool.flush()
        if not self._can_fork(jobs) or not isinstance(self.target, DirectoryTarget):
            written, size = _write_spooled(self, answers, spool.fileno())
            report.written += written
            report.bytes += size
            return
        # Rewriting links is most of the work left: shared out in slices, the
        # known addresses and the spool inherited by each worker.
        slices = [answers[n::jobs] for n in range(jobs)]
        with self._workers(jobs) as pool:
            done = pool.map(_write_in_worker, slices, [spool.fileno()] * jobs)
            for written, size in done:
                report.written += written
                report.bytes += size

    def _can_fork(self, jobs: int) -> bool:
        # Inside a transaction (the tests') other processes would not see its
        # rows: render here.
        return jobs > 1 and not connection.in_atomic_block

    @contextmanager
    def _workers(self, jobs: int):
        global _worker_mirror
        connections.close_all()  # each worker opens its own
        _worker_mirror = self
        context = multiprocessing.get_context("fork")
        try:
            with futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
                yield pool
        finally:
            _worker_mirror = None

    def _written(self) -> None:
        if self.on_written:
            self.on_written()

    @property
    def exported(self) -> bool:
        return self.target.exists(MARKER)

    def _write(self, answer: Answer, report: Report) -> bytes:
        data = self.body_of(answer)
        name = self._file_of(answer)
        self.target.write(name, data)
        report.written.append(name)
        report.bytes += len(data)
        return data

    def lookup(self, address: Address) -> str | None:
        """The path links use for `address` if the mirror holds it (written in
        this run, or a file already there when syncing), else None."""
        if address in self.known:
            return self.known[address]
        if not self.syncing or not address.mirrored or address in self.gone:
            return None
        for content_type in ("text/html", "application/xml", "application/json", "text/plain"):
            name = address.file(content_type)
            if self.target.exists(name):
                self.known[address] = public_of_file(name)
                return self.known[address]
        return None

    # --- sync ------------------------------------------------------------------

    def sync(self, urls) -> Report:
        """Rewrite the mirror's copies of `urls` (one purge batch), in the
        batch's order (the page itself first, then its fronts, listings, feeds
        and sitemaps), each as soon as it is rendered, with the pictures and
        files it uses that the mirror lacks; delete those that are gone. Links
        to addresses the batch adds or removes later are set right at the end."""
        started = time.monotonic()
        report = Report()
        self.syncing = True
        addresses = list(dict.fromkeys(a for url in urls if (a := self._own(url)) and a.mirrored))
        written: list[tuple[Answer, bytes]] = []
        for address in addresses:
            answer = self.fetch(address)
            if self._mirrorable(answer):
                self._remember(answer)
                for asset in self._missing_assets(answer):
                    self._remember(asset)
                    self._write(asset, report)
                written.append((answer, self._write(answer, report)))
                if len(written) == 1 and len(addresses) > 1:
                    self._written()  # the story itself, before its fronts and feeds
            elif answer.status in (404, 410) or answer.status in REDIRECTS:
                self._delete(address, report)
        for answer, data in written:
            if self.body_of(answer) != data:
                self._write(answer, Report())
        if report.written or report.deleted:
            self._written()
        report.seconds = time.monotonic() - started
        return report

    def _missing_assets(self, answer: Answer) -> list[Answer]:
        """Pictures and static files `answer` uses that the mirror lacks."""
        assets = []
        for address in self.links_of(answer):
            if not address.path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
                continue
            if address.mirrored and self.lookup(address) is None:
                asset = self.fetch(address)
                if asset.status == 200:
                    assets.append(asset)
        return assets

    def _delete(self, address: Address, report: Report) -> None:
        for content_type in ("text/html", "application/xml", "application/json"):
            name = address.file(content_type)
            if self.target.exists(name):
                self.target.delete(name)
                report.deleted.append(name)
        self.known.pop(address, None)
        self.gone.add(address)


def _clear_export_caches() -> None:
    for alias in EXPORT_CACHES:
        caches[alias].clear()


# The mirror a worker process works for: set before the workers are forked.
_worker_mirror: "Mirror | None" = None


def _visit_in_worker(address: Address) -> tuple[Answer, list[Address]]:
    return _worker_mirror._visit(address)


def _write_spooled(mirror: "Mirror", answers, spool_fd: int) -> tuple[list[str], int]:
    """Write answers whose bodies wait in the spool: (names written, bytes)."""
    report = Report()
    for answer, offset, length in answers:
        mirror._write(replace(answer, body=os.pread(spool_fd, length, offset)), report)
    return report.written, report.bytes


def _write_in_worker(answers, spool_fd: int) -> tuple[list[str], int]:
    return _write_spooled(_worker_mirror, answers, spool_fd)


def _query(address: Address) -> dict:
    if not address.query:
        return {}
    return dict(
        pair.split("=", 1) if "=" in pair else (pair, "") for pair in address.query.split("&")
    )
