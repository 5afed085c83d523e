"""The one place that says how cached things go stale: cache keys, stamps, the
content version, and the answers kept under it.

- Keys. Every cache key is made by `cache_key(prefix, *parts)` from a prefix
  registered once (`register_prefix`): two uses cannot share a prefix by
  accident, and the list of what is kept in the shared cache is in one place.
- Plain keys hold a value until it expires or is forgotten (`forget`): a
  story's live-blog links, an edition's banner.
- Stamps. A stamp is a random value under a key, replaced to invalidate
  everything named with it (`stamp`, `replace_stamps`). The content version is
  the site-wide stamp: every publish, unpublish, move or delete of a page and
  every save of a photo, author, tag, site, locale or view restriction
  replaces it (`content_changed`); other stamps cover one object (an article's
  comments). A stamp is replaced at once and again after the commit: a reader
  who took the first new value before the commit may have cached what it
  replaced under it.
- Versioned values (`versioned`): a value under a key that names everything it
  depends on (a live revision, the content version, a stamp) never changes, so
  each process keeps the ones it used last in memory besides the shared cache.
- Remembered answers (`remembered`): answers a process keeps in memory until
  the content version moves, or for answers about the site's structure (the
  Site for a host, which editions exist, site settings) until the structure
  version moves (`structure_changed`: a site, locale, front page or setting
  saved), which ordinary publishes leave alone.

Both versions are read from the shared cache in one round trip per request
(`ContentVersionMiddleware`), so a change made by any process is seen by every
other one on its next request, and every part of a page comes from the same
version.

This module is below the content layer: it imports nothing from Dateline.
"""

import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .replay import wait_for_readers

NAMESPACE = "dateline"
CACHE_SECONDS = 600

# prefix -> what it is for. Registered by the modules that keep the values.
_prefixes: dict[str, str] = {}


def register_prefix(prefix: str, purpose: str) -> str:
    """Claim `prefix` for one use of the caches; returns it, for cache_key()."""
    known = _prefixes.setdefault(prefix, purpose)
    if known != purpose:
        raise ImproperlyConfigured(f"Cache key prefix {prefix!r} is already used for {known!r}.")
    return prefix


def registered_prefixes() -> dict[str, str]:
    return dict(_prefixes)


def cache_key(prefix: str, *parts) -> str:
    """The key for `parts` under a registered prefix."""
    if prefix not in _prefixes:
        raise ImproperlyConfigured(f"Cache key prefix {prefix!r} is not registered.")
    return ":".join([NAMESPACE, prefix, *(str(part) for part in parts)])


def forget(keys) -> None:
    """Drop values kept under plain keys (no stamp in them): the next read
    computes them again."""
    cache.delete_many(list(keys))


# --- Stamps ----------------------------------------------------------------------


def stamp(key: str) -> str:
    """The stamp under `key`, made if there is none yet."""
    value = cache.get(key)
    if value is None:
        value = uuid.uuid4().hex
        cache.add(key, value, None)
        value = cache.get(key, value)
    return value


def replace_stamps(keys) -> None:
    """New stamps under `keys`, now and again after the commit."""
    keys = list(keys)
    if not keys:
        return

    def replace():
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None)

    def replace_once_readers_see_it():
        # Readers on a replica that has not replayed the commit yet would
        # cache the old content under the new stamp.
        wait_for_readers()
        replace()

    replace()
    transaction.on_commit(replace_once_readers_see_it)


# --- The content version and the structure version -------------------------------

CONTENT_VERSION = register_prefix("content-version", "the site-wide content stamp")
# What changes far less often than content: the sites, the locales, which
# editions exist (their front pages), and site-wide settings. Answers that
# depend on these only are kept across publishes of ordinary pages, so the
# first view after a publish does not look them up again.
STRUCTURE_VERSION = register_prefix(
    "structure-version", "the stamp of sites, locales, editions and site settings"
)
CONTENT = "content"
STRUCTURE = "structure"
_VERSION_KEYS = {
    CONTENT: cache_key(CONTENT_VERSION),
    STRUCTURE: cache_key(STRUCTURE_VERSION),
}

# The versions as the current request first read them (None outside a request).
_request_memo: ContextVar[dict | None] = ContextVar("dateline_content_version", default=None)


class ContentVersionMiddleware:
    """Read the versions at most once per request: one round trip to the
    shared cache, and every part of a page from the same versions."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_memo.set({})
        try:
            return self.get_response(request)
        finally:
            _request_memo.reset(token)


def _read_versions() -> dict[str, str]:
    keys = _VERSION_KEYS
    found = cache.get_many(list(keys.values()))
    return {scope: found.get(key) or stamp(key) for scope, key in keys.items()}


def _version(scope: str) -> str:
    memo = _request_memo.get()
    if memo is not None and scope in memo:
        return memo[scope]
    versions = _read_versions()
    if memo is not None:
        memo.update(versions)
    return versions[scope]


def content_version() -> str:
    return _version(CONTENT)


def structure_version() -> str:
    return _version(STRUCTURE)


def _forget_request_version() -> None:
    if (memo := _request_memo.get()) is not None:
        memo.clear()


def content_changed(**kwargs) -> None:
    """Everything kept under the content version is stale (connect to any
    signal: the arguments are ignored)."""
    replace_stamps([_VERSION_KEYS[CONTENT]])
    _forget_request_version()
    transaction.on_commit(_forget_request_version)


def structure_changed(**kwargs) -> None:
    """A site, a locale, an edition's front page or a site setting changed:
    everything kept under either version is stale."""
    replace_stamps(list(_VERSION_KEYS.values()))
    _forget_request_version()
    transaction.on_commit(_forget_request_version)


# --- Versioned values ------------------------------------------------------------

# Values kept under a version never change, so each process also keeps the
# ones it used last: a warm page reads them from memory, not the shared cache.
MEMORY_ENTRIES = 2000
_memory: dict = {}


def versioned(key: str, compute, seconds: int = CACHE_SECONDS):
    """compute()'s value for a key that names everything it depends on (a live
    revision, the content version, a stamp): from this process's memory, else
    the shared cache, else computed once and kept in both. Values are shared
    between requests and threads: callers must not change them."""
    try:
        return _memory[key]
    except KeyError:
        pass
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    if len(_memory) >= MEMORY_ENTRIES:
        _memory.clear()  # old versions' values: nobody asks for them again
    _memory[key] = value
    return value


# --- Remembered answers ----------------------------------------------------------

# Per scope: (version, answers found under it). Replaced whole when the version
# moves, so a request never mixes answers from two versions.
_known: dict[str, tuple[str, dict]] = {}
# Per-page answers (share links, feed links) grow with the pages read: a
# crawler reading the archive between two publishes must not grow a worker
# without bound. Cleared when full; the next requests ask again.
MAX_ANSWERS = 5000


def remembered(key, compute: Callable, scope: str = CONTENT):
    """compute()'s answer for `key` (any hashable), kept in this process until
    the version of `scope` moves: CONTENT (every publish) or STRUCTURE (sites,
    locales, editions, settings; content_changed does not move it). Answers
    are shared between requests and threads: callers must not change them."""
    version = _version(scope)
    known_version, answers = _known.get(scope, ("", None))
    if answers is None or known_version != version:
        answers = {}
        _known[scope] = (version, answers)
    try:
        return answers[key]
    except KeyError:
        pass
    if len(answers) >= MAX_ANSWERS:
        answers.clear()
    answer = answers[key] = compute()
    return answer
