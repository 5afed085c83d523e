from pathlib import Path

from django.core.management import BaseCommand, CommandError

from dateline.backups.archive import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write the database and uploaded media to one dated archive "
        "(dateline-backup-YYYYmmdd-HHMMSS.tar.gz) with a .sha256 file beside it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=Path("."), help="Folder for the archive (default: .)"
        )

    def handle(self, *args, output, **options):
        try:
            archive = create_backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(archive))
