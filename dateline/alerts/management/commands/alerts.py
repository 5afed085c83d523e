"""`python -m dateline alerts keys`: the site's VAPID public key (made on first use).

Browsers subscribe with it (the button fetches it from /<lang>/alerts/); it is
printed for a push service's console or a native app that needs it.
"""

from django.core.management.base import BaseCommand, CommandError

from dateline.alerts import keys


class Command(BaseCommand):
    help = "Breaking alerts by web push: `alerts keys` prints the VAPID public key."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["keys"], help="keys: print the public key")

    def handle(self, *args, action, **options):
        try:
            public = keys.public_key()
        except (keys.VapidKeyError, ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(public)
        self.stderr.write(f"Private key: {keys.key_path()}; contact: {keys.subject()}")
