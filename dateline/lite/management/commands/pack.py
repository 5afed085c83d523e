"""`python -m dateline pack`: the day's signed pack of an edition, and its check.

python -m dateline pack --edition en --output today.zip [--hours 24] [--max-bytes 300000]
python -m dateline pack verify today.zip [--key pack-key.pem]
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dateline.lite import pack


class Command(BaseCommand):
    help = "Write an edition's last day as one signed zip file, or verify one (offline)."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["verify"], help="verify FILE")
        parser.add_argument("file", nargs="?", help="the pack to verify")
        parser.add_argument("--edition", help="the edition's language, e.g. en")
        parser.add_argument("--output", help="where to write the pack")
        parser.add_argument("--hours", type=int, default=pack.HOURS)
        parser.add_argument("--max-bytes", type=int, default=pack.MAX_BYTES)
        parser.add_argument(
            "--key",
            help="the public key (PEM file, as the site publishes at /pack-key.pem); "
            "default: this site's own key",
        )

    def handle(self, *args, action=None, file=None, **options):
        if action == "verify":
            return self.verify(file, options["key"])
        if file:
            raise CommandError(f"Unknown argument {file!r}: did you mean `pack verify {file}`?")
        if not options["edition"] or not options["output"]:
            raise CommandError("Say which edition and where: --edition en --output FILE.")
        try:
            made = pack.build(
                options["edition"], hours=options["hours"], max_bytes=options["max_bytes"]
            )
        except pack.PackError as error:
            raise CommandError(str(error)) from error
        Path(options["output"]).write_bytes(made.data)
        self.stdout.write(
            f"{options['output']}: {len(made.data)} bytes, {len(made.stories)} stories"
            + (f" ({made.more} more left out for the size)" if made.more else "")
            + f", signed by {made.manifest['key']['fingerprint']}"
        )

    def verify(self, file, key_file):
        if not file:
            raise CommandError("Which pack? `pack verify FILE`.")
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}.") from error
        try:
            if key_file:
                try:
                    pem = Path(key_file).read_bytes()
                except OSError as error:
                    raise CommandError(f"{key_file}: {error.strerror}.") from error
                key = pack.load_public_key(pem, key_file)
            else:
                if not pack.key_path().exists():
                    raise CommandError("This site has no pack key: pass the site's --key PEM_FILE.")
                key = pack.site_public_key()
            for line in pack.verify(data, key, name=file):
                self.stdout.write(f"ok  {line}")
        except pack.PackInvalid as error:
            raise CommandError(f"{file} FAILED: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"{file}: the pack is intact and signed by that key."))
