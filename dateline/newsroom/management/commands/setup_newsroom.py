from django.core.management import BaseCommand
from wagtail.models import Site

from dateline.newsroom.setup import setup_newsroom


class Command(BaseCommand):
    help = "Create the edition front page, site, desk groups and editorial workflow."

    def add_arguments(self, parser):
        parser.add_argument("--site-name", default=None)
        parser.add_argument("--hostname", default=None, help="Public host name of the site.")
        parser.add_argument("--port", type=int, default=None, help="Public port of the site.")

    def handle(self, *args, site_name, hostname, port, **options):
        home = setup_newsroom(site_name=site_name)
        if hostname or port:
            # Links readers share are built from the site's public address.
            site = Site.objects.get(is_default_site=True)
            site.hostname = hostname or site.hostname
            site.port = port or site.port
            site.save()
        self.stdout.write(f"Newsroom ready: front page {home.full_url}")
