from django.core.management import BaseCommand

from dateline.newsroom.setup import setup_newsroom


class Command(BaseCommand):
    help = "Create the edition front page, site, desk groups and editorial workflow."

    def add_arguments(self, parser):
        parser.add_argument("--site-name", default=None)
        parser.add_argument("--hostname", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, site_name, hostname, port, **options):
        home = setup_newsroom(site_name=site_name, hostname=hostname, port=port)
        self.stdout.write(f"Newsroom ready: front page {home.url}")
