"""`python -m dateline COMMAND`: the newsroom's command line.

Dashed names map to Django management commands (import-ninjs -> import_ninjs),
so every Django and Wagtail command is available too.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    if argv and not argv[0].startswith("-"):
        argv[0] = argv[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["dateline", *argv])


if __name__ == "__main__":
    main()
