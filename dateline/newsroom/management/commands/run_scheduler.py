import time

from django.conf import settings
from django.core.management import BaseCommand, call_command


class Command(BaseCommand):
    help = "Publish and unpublish scheduled pages, now and every --interval seconds."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=settings.DATELINE_SCHEDULER_INTERVAL)
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")

    def handle(self, *args, interval, once, **options):
        while True:
            call_command("publish_scheduled", verbosity=0)
            if once:
                return
            time.sleep(interval)
