import os
import threading
import time

from django.conf import settings
from django.core.management import BaseCommand
from granian import Granian
from granian.constants import Interfaces

from dateline.newsroom import scheduler

# The scheduler thread waits this long before its first pass, so that it is
# asleep (holding no lock) while granian forks its workers from this process.
SCHEDULER_START_DELAY_SECONDS = 2


def _run_scheduler() -> None:
    time.sleep(SCHEDULER_START_DELAY_SECONDS)
    scheduler.run(settings.DATELINE_SCHEDULER_INTERVAL)


class Command(BaseCommand):
    help = (
        "Serve the site with granian (keep-alive, several workers) and run the "
        "publishing scheduler beside it, so scheduled stories go live with no cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 2)))
        parser.add_argument("--no-scheduler", action="store_true")

    def handle(self, *args, host, port, workers, no_scheduler, **options):
        if not no_scheduler:
            # A thread of granian's main process, which has Django loaded already
            # and serves no request: a process of its own cost 130 MB more.
            threading.Thread(target=_run_scheduler, name="scheduler", daemon=True).start()
        Granian(
            "dateline.wsgi:application",
            address=host,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers,
            blocking_threads=4,
            log_access=False,
            working_dir=settings.BASE_DIR.parent,
        ).serve()
