"""Scripts other features add to the edition's service worker.

A scope has one service worker, and offline's is the edition's (/<lang>/sw.js).
A feature that needs the worker (alerts: its push handler) registers a static
file here from its AppConfig.ready(); the worker loads each with importScripts
before its own code, so offline never imports the features that extend it.
"""

from django.templatetags.static import static

_scripts: list[str] = []


def register_worker_script(static_path: str) -> None:
    """Load static file `static_path` (e.g. "alerts/push.js") in every edition's worker."""
    if static_path not in _scripts:
        _scripts.append(static_path)


def worker_scripts() -> list[str]:
    """The registered scripts' URLs (hashed names once collected), in order."""
    return [static(path) for path in _scripts]
