"""Private key files made on first use, safely beside other processes."""

import os
import tempfile
from pathlib import Path


def write_once(path: Path, data: bytes, prefix: str) -> None:
    """Write `data` to `path` (mode 0600) unless it exists. Written aside and
    linked into place: two processes making a key at once end with one key,
    and no one reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=prefix)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(temporary)
