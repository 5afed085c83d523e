"""`python -m dateline export-ninjs PAGE_ID_OR_URL_PATH`: print an article as ninjs."""

import json
from urllib.parse import urlsplit

from django.core.management import BaseCommand, CommandError
from wagtail.models import Locale

from dateline.newsroom.models import ArticlePage, HomePage
from dateline.syndication.ninjs import article_to_ninjs


def find_article(reference: str) -> ArticlePage:
    """An article by page id, public path (/en/news/asia/slug/), full URL or
    Wagtail url_path (/home/news/asia/slug/)."""
    if reference.isdigit():
        article = ArticlePage.objects.filter(pk=int(reference)).first()
    else:
        path = "/" + urlsplit(reference).path.strip("/") + "/"
        article = ArticlePage.objects.filter(url_path=path).first()
        language, _, rest = path.strip("/").partition("/")
        locale = Locale.objects.filter(language_code=language).first()
        home = HomePage.objects.filter(locale=locale).first() if locale else None
        if article is None and home is not None:
            article = ArticlePage.objects.filter(url_path=f"{home.url_path}{rest}/").first()
    if article is None:
        raise CommandError(f"No article at {reference!r}.")
    return article


class Command(BaseCommand):
    help = "Print an article as an IPTC ninjs 2.0 JSON item."

    def add_arguments(self, parser):
        parser.add_argument("page", metavar="PAGE_ID_OR_URL_PATH")

    def handle(self, *args, page, **options):
        item = article_to_ninjs(find_article(page))
        self.stdout.write(json.dumps(item, indent=2, ensure_ascii=False))
