from pathlib import Path

from django.core.management import BaseCommand, CommandError

from dateline.backups.archive import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive: checks its checksum first, then replaces the database "
        "and media. Stop the web server and scheduler before running it."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite a database that already holds a site (its content is lost).",
        )

    def handle(self, *args, archive, force, **options):
        try:
            manifest = restore_backup(archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {archive.name} (made {manifest['created']}, "
            f"{len(manifest['media'])} media files). "
            "Run `python -m dateline migrate` if this version of Dateline is newer."
        )
