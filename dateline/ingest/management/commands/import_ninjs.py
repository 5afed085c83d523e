"""`python -m dateline import-ninjs PATH... [--section news/asia] [--publish]`."""

from collections import Counter

from django.core.management import BaseCommand, CommandError

from dateline.ingest.batch import import_paths


class Command(BaseCommand):
    help = (
        "Import IPTC ninjs 2.x text items as articles. PATH is a JSON file (one item or a "
        "list), a folder (its *.json files) or - for stdin. Articles are drafts unless "
        "--publish is given."
    )
    # Lets tests hand the command a stdin of their own, as loaddata does.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--section",
            default=None,
            help="Section slugs under the edition's front page, e.g. news/asia. "
            "Without it the section is chosen from the item's subjects.",
        )
        parser.add_argument(
            "--publish", action="store_true", help="Publish usable items instead of drafts."
        )

    def handle(self, *args, paths, section, publish, **options):
        counts: Counter[str] = Counter()
        for outcome in import_paths(
            paths, section_path=section, publish=publish, stdin=options.get("stdin")
        ):
            if outcome.error is not None:
                counts["failed"] += 1
                self.stderr.write(f"FAILED {outcome.describe()}")
                continue
            result = outcome.result
            counts["updated" if result.action == "unpublished" else result.action] += 1
            page = result.page
            where = f": page {page.pk} {page.get_url() or ''}".rstrip() if page else ""
            state = " (live)" if result.live else " (draft)" if page else ""
            self.stdout.write(f"{result.action} {outcome.describe()}{where}{state}")
            for warning in result.warnings:
                self.stderr.write(f"  warning: {warning}")
        summary = f"imported {counts['imported']}, updated {counts['updated']}"
        summary += f", failed {counts['failed']}"
        if counts["skipped"]:
            summary += f", skipped {counts['skipped']}"
        self.stdout.write(summary)
        if counts["failed"]:
            # CommandError makes `python -m dateline` exit with status 1.
            raise CommandError(f"{counts['failed']} item(s) failed to import", returncode=1)
