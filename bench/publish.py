"""Publish a headline change the way an editor's Publish button does, and time it.

Run by bench/run.py in a child process with the stack's environment
(DATABASE_URL, REDIS_URL, VARNISH_URL, DATELINE_DATA_DIR), so the publish goes
through the real purge path: Wagtail's page_published signal, the purge list,
an HTTP PURGE to Varnish after the commit. Prints one JSON object.

`--rounds N` publishes N headline changes and polls Varnish after each until
readers get the new headline. `--rounds 0` publishes once (the original
headline) and returns at once: the spike measurement wants a cold cache and
no request of ours warming it.
"""

import argparse
import json
import os
import statistics
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
POLL_TIMEOUT = 10.0


def _publish(article, title: str) -> None:
    article.title = title
    article.draft_title = title
    article.save_revision().publish()


def _fetch_page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slug", required=True)
    parser.add_argument("--varnish", required=True, help="Varnish's base URL.")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")

    import django

    django.setup()
    from dateline.newsroom.models import ArticlePage

    article = ArticlePage.objects.get(slug=args.slug)
    original = article.title.split(" (update ")[0]
    url = args.varnish.rstrip("/") + article.url
    if args.rounds == 0:
        _publish(article, original)
        print(json.dumps({"url": url, "title": original}))
        return

    # Make sure Varnish holds the old version, so each round measures a purge
    # followed by a fresh render, not a first fetch.
    _fetch_page(url)
    rounds = []
    for n in range(1, args.rounds + 1):
        title = f"{original} (update {n})"
        started = time.monotonic()
        _publish(article, title)
        published = time.monotonic()
        polls = 0
        while title not in _fetch_page(url):
            polls += 1
            if time.monotonic() - started > POLL_TIMEOUT:
                raise SystemExit(f"{title!r} not served by Varnish after {POLL_TIMEOUT:.0f} s")
            time.sleep(0.002)
        visible = time.monotonic()
        if os.environ.get("DATELINE_MIRROR_DIR"):
            # The static tier: let this publish's rewrite of its fronts, feeds
            # and sitemaps finish before the next round starts.
            from dateline.mirror.publish import wait

            wait()
        rounds.append(
            {
                "publish_ms": (published - started) * 1000,
                "visible_ms": (visible - started) * 1000,
                "stale_polls": polls,
            }
        )
    _publish(article, original)
    visible = [r["visible_ms"] for r in rounds]
    print(
        json.dumps(
            {
                "url": url,
                "rounds": rounds,
                "median_visible_ms": statistics.median(visible),
                "max_visible_ms": max(visible),
                "median_publish_ms": statistics.median(r["publish_ms"] for r in rounds),
            }
        )
    )


if __name__ == "__main__":
    main()
