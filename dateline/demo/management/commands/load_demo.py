import time

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import transaction

from dateline.demo import loader, plan
from dateline.newsroom import renditions, warm_renditions


class Command(BaseCommand):
    help = (
        "Set up the newsroom and fill it with generated demo content: sections, authors, "
        "tags, photos and articles. Does nothing more if demo content is already there. "
        "Always makes sure the demo users (admin, reporter, editor) can log in."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=plan.DEFAULT_ARTICLES,
            help=f"How many articles to write ({plan.MIN_ARTICLES}-{plan.MAX_ARTICLES}).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=plan.DEFAULT_SEED,
            help="Seed for the generated words and pictures; the same seed gives the same demo.",
        )

    def handle(self, *args, articles, seed, **options):
        if not plan.MIN_ARTICLES <= articles <= plan.MAX_ARTICLES:
            raise CommandError(
                f"--articles must be between {plan.MIN_ARTICLES} and {plan.MAX_ARTICLES}."
            )
        started = time.monotonic()
        # Renditions are made after the commit, all at once (warm_renditions).
        with transaction.atomic(), renditions.paused():
            result = loader.load_demo(articles=articles, seed=seed)
            password = loader.ensure_demo_users()
        warm_renditions.warm_demo()
        if result is None:
            self.stdout.write("Demo content already loaded")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded demo content in {time.monotonic() - started:.1f} s: "
                    f"{result.sections} sections, {result.articles} articles, "
                    f"{result.authors} authors, {result.tags} tags, {result.photos} photos."
                )
            )
            base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            self.stdout.write(
                f"Front page: {base}{result.home.relative_url(result.home.get_site())}"
            )
        for line in loader.login_lines(password):
            self.stdout.write(line)
