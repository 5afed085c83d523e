"""Fill a Dateline database with N articles fast: `python -m dateline bench-data`.

Kept so older notes keep working; the loader lives in dateline/demo/bench_data.py.

    set -a; . STACK/env; set +a          # a `stack up --demo 12` stack
    .venv/bin/python bench/bench_data.py --articles 10000 [--section news/afghanistan]
"""

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    from dateline.__main__ import main

    main(["bench-data", *sys.argv[1:]])
