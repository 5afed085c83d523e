"""`python -m dateline mirror export --output DIR --base-url URL` and
`python -m dateline mirror sync`."""

import os

from django.core.management import BaseCommand, CommandError

from dateline.mirror.build import Mirror
from dateline.mirror.publish import (
    configured_mirror,
    configured_target,
    one_at_a_time,
    reload_server,
    take_journal,
)
from dateline.mirror.targets import target_from


class Command(BaseCommand):
    help = (
        "Write the public site of every edition as static files (export), or rewrite the "
        "files that publishing changed since (sync)."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="Write the whole public site.")
        export.add_argument(
            "--output",
            help="A folder, or storage:ALIAS for a storage in STORAGES (an S3 bucket). "
            "Default: DATELINE_MIRROR_DIR or DATELINE_MIRROR_STORAGE.",
        )
        export.add_argument(
            "--base-url",
            help="Where the mirror will be served, e.g. https://mirror.example.org/news/ "
            "(default: DATELINE_MIRROR_BASE_URL, else the site's own address).",
        )
        export.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes rendering pages side by side (default: one per CPU).",
        )
        export.add_argument(
            "--app-url",
            help="Where forms and anything else the mirror cannot hold point "
            "(default: the site's own address).",
        )
        sync = actions.add_parser(
            "sync", help="Rewrite the files publishing changed since the last sync."
        )
        sync.add_argument("urls", nargs="*", help="Rewrite these URLs instead.")
        sync.add_argument("--output", help="As for export.")
        sync.add_argument("--base-url", help="As for export.")

    def _mirror(self, output, base_url, app_url=None) -> Mirror:
        spec = output or configured_target()
        if not spec:
            raise CommandError("Say where: --output DIR, or set DATELINE_MIRROR_DIR.")
        if not output and not base_url:
            return configured_mirror()
        mirror = Mirror(target_from(spec), base_url or "", app_url)
        if not base_url:
            mirror.base_url = mirror.root
        if spec == configured_target():
            mirror.on_written = reload_server
        return mirror

    def handle(self, *args, action, output=None, base_url=None, **options):
        mirror = self._mirror(output, base_url, options.get("app_url"))
        if action == "export":
            report = mirror.export(jobs=max(1, options["jobs"]))
            self.stdout.write(
                f"Wrote {len(report.written)} files ({report.bytes / 1_000_000:.1f} MB) "
                f"to {mirror.target} in {report.seconds:.1f} s; "
                f"{len(report.skipped)} addresses left to the app."
            )
            return
        if not mirror.exported:
            raise CommandError(f"No mirror in {mirror.target} yet: run `mirror export` first.")
        with one_at_a_time():
            urls = options["urls"] or take_journal()
            report = mirror.sync(urls)
        self.stdout.write(
            f"Rewrote {len(report.written)} files and deleted {len(report.deleted)} "
            f"for {len(urls)} URLs in {report.seconds:.1f} s."
        )
