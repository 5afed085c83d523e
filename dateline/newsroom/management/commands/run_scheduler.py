import time

from django.conf import settings
from django.core.management import BaseCommand, call_command

from dateline.comments.privacy import clear_old_ip_addresses

# Housekeeping that need not run every pass.
HOUSEKEEPING_SECONDS = 3600


class Command(BaseCommand):
    help = (
        "Publish and unpublish scheduled pages, now and every --interval seconds; "
        "every hour, clear comment IP addresses past their retention."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=settings.DATELINE_SCHEDULER_INTERVAL)
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")

    def handle(self, *args, interval, once, **options):
        last_housekeeping = None
        while True:
            call_command("publish_scheduled", verbosity=0)
            if (
                last_housekeeping is None
                or time.monotonic() - last_housekeeping > HOUSEKEEPING_SECONDS
            ):
                clear_old_ip_addresses()
                last_housekeeping = time.monotonic()
            if once:
                return
            time.sleep(interval)
