"""`python -m dateline wire watch DIR` and `python -m dateline wire token AGENCY`."""

from django.core.management import BaseCommand, CommandError
from django.utils.text import slugify

from dateline.wire.folder import take_in_folder, watch
from dateline.wire.models import Agency


class Command(BaseCommand):
    help = "Take in agency copy from a drop folder, or give an agency a push token."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        folder = actions.add_parser("watch", help="Take in ninjs files dropped into DIR.")
        folder.add_argument("dir")
        folder.add_argument("--interval", type=float, default=2.0, help="Seconds between looks.")
        folder.add_argument("--once", action="store_true", help="One look, then stop.")
        token = actions.add_parser(
            "token", help="Make an agency (or give it a new token) for the push endpoint."
        )
        token.add_argument("name", help="The agency's name, e.g. 'Kestrel News Agency'.")
        token.add_argument("--slug", help="Default: made from the name.")

    def handle(self, *args, action, **options):
        if action == "watch":
            if options["once"]:
                result = take_in_folder(options["dir"])
                for name in result.taken:
                    self.stdout.write(f"took in {name}")
                for name in result.duplicates:
                    self.stdout.write(f"already had {name}")
                for line in result.failed:
                    self.stderr.write(f"refused {line}")
                return
            self.stdout.write(f"Watching {options['dir']} (Ctrl-C to stop)")
            watch(options["dir"], interval=options["interval"])
            return
        slug = options["slug"] or slugify(options["name"])
        if not slug:
            raise CommandError("Give --slug: the name makes no slug.")
        agency, _ = Agency.objects.get_or_create(slug=slug, defaults={"name": options["name"]})
        token = agency.new_token()
        agency.save(update_fields=["token_hash"])
        self.stdout.write(f"Push token for {agency.name} (shown once, keep it safe):\n{token}")
