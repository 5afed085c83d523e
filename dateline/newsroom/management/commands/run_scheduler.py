from django.conf import settings
from django.core.management import BaseCommand, CommandError

from dateline.newsroom import scheduler


class Command(BaseCommand):
    help = (
        "Run the scheduler's jobs now and every --interval seconds: publish and "
        "unpublish scheduled pages on every pass, and the housekeeping apps register "
        "(e.g. clearing comment IP addresses past their retention, hourly)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=settings.DATELINE_SCHEDULER_INTERVAL)
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")

    def handle(self, *args, interval, once, **options):
        failed = scheduler.run(interval, once=once)
        if failed:  # cron's `--once` exits non-zero, so the failure gets noticed
            raise CommandError(f"Scheduler jobs failed: {', '.join(failed)} (see the log).")
