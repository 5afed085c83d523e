import os
import subprocess
import sys

from django.conf import settings
from django.core.management import BaseCommand


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
        from granian import Granian
        from granian.constants import Interfaces

        scheduler = None
        if not no_scheduler:
            scheduler = subprocess.Popen(
                [sys.executable, "-m", "dateline", "run-scheduler"],
                env={**os.environ, "DJANGO_SETTINGS_MODULE": "dateline.settings"},
            )
        try:
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
        finally:
            if scheduler is not None:
                scheduler.terminate()
                scheduler.wait(timeout=10)
