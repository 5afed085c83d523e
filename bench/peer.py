"""The peer: a stock Wagtail site with one article, to compare uncached rates with.

    peer.py export --slug SLUG > article.json   # with Dateline's environment
    peer.py generate DIR --article article.json  # writes the peer into DIR

`generate` runs `wagtail start` (the project code only: its requirements file
is ignored, the installed Wagtail and Django are used), adds the smallest
honest article model (a title and a RichTextField body) to its home app,
migrates on SQLite and publishes one article with Dateline's headline and body
text as plain paragraphs. Everything else is Wagtail's default project: its
base template, middleware and production settings (DEBUG off). The peer is
generated at bench time into a temporary folder and never committed.

PEER_CACHE=1 in the server's environment wraps the middleware in Django's
per-site cache (UpdateCacheMiddleware ... FetchFromCacheMiddleware, locmem,
300 s): the cache a stock Wagtail site would reach for first.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

VENV_BIN = Path(sys.executable).parent
SETTINGS = "peer.settings.production"

MODEL = '''

from wagtail.fields import RichTextField


class ArticlePage(Page):
    """Added by Dateline's benchmark: a headline and a rich-text body."""

    body = RichTextField(blank=True)

    content_panels = Page.content_panels + ["body"]
'''

TEMPLATE = """{% extends "base.html" %}
{% load wagtailcore_tags %}

{% block body_class %}template-articlepage{% endblock %}

{% block content %}
<article>
    <h1>{{ page.title }}</h1>
    {{ page.body|richtext }}
</article>
{% endblock content %}
"""

# production.py ends with `from .local import *`: the one place a project is
# meant to put its own values.
LOCAL_SETTINGS = """import os

from .base import MIDDLEWARE

SECRET_KEY = "bench-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

if os.environ.get("PEER_CACHE") == "1":
    MIDDLEWARE = (
        ["django.middleware.cache.UpdateCacheMiddleware"]
        + MIDDLEWARE
        + ["django.middleware.cache.FetchFromCacheMiddleware"]
    )
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CACHE_MIDDLEWARE_SECONDS = 300
"""

CREATE_ARTICLE = """
import json
from home.models import ArticlePage, HomePage
data = json.load(open({path!r}))
home = HomePage.objects.first()
article = ArticlePage(title=data["title"], slug=data["slug"], body=data["body"])
home.add_child(instance=article)
article.save_revision().publish()
print(article.url)
"""


def export(slug: str) -> None:
    """Dateline's article as a headline and plain paragraphs (no photos, quotes
    or embeds: the peer has no blocks for them)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    import django

    django.setup()
    from django.utils.html import escape, strip_tags

    from dateline.newsroom.models import ArticlePage

    article = ArticlePage.objects.get(slug=slug)
    paragraphs = []
    for block in article.body:
        if block.block_type == "paragraph":
            paragraphs.append(strip_tags(block.value.source))
        elif block.block_type == "subheading":
            paragraphs.append(block.value)
        elif block.block_type == "quote":
            paragraphs.append(block.value["quote"])
    body = "".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    print(json.dumps({"title": article.title, "slug": article.slug, "body": body}))


def generate(folder: Path, article_json: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [VENV_BIN / "wagtail", "start", "peer", str(folder)], check=True, capture_output=True
    )
    with open(folder / "home" / "models.py", "a") as models:
        models.write(MODEL)
    (folder / "home" / "templates" / "home" / "article_page.html").write_text(TEMPLATE)
    (folder / "peer" / "settings" / "local.py").write_text(LOCAL_SETTINGS)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS}
    manage = [sys.executable, "manage.py"]
    for step in (
        ["makemigrations", "home", "-v0"],
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["shell", "-c", CREATE_ARTICLE.format(path=str(article_json.resolve()))],
    ):
        done = subprocess.run(
            manage + step, cwd=folder, env=env, check=True, capture_output=True, text=True
        )
    return done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    export_parser = commands.add_parser("export")
    export_parser.add_argument("--slug", required=True)
    generate_parser = commands.add_parser("generate")
    generate_parser.add_argument("folder", type=Path)
    generate_parser.add_argument("--article", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "export":
        export(args.slug)
    else:
        print(generate(args.folder, args.article))


if __name__ == "__main__":
    main()
