"""Uploads on a full disk: no half-written file left behind."""

import contextlib
import errno
import os

from django.core.files.storage import FileSystemStorage

# The disk is full, the user's quota is, or a file-size limit was hit.
NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def no_space(exc: BaseException | None) -> bool:
    return isinstance(exc, OSError) and exc.errno in NO_SPACE


class CleanFileSystemStorage(FileSystemStorage):
    """Django's storage writes a file in chunks and keeps what it wrote when a
    write fails; this one removes the part, then lets the error through."""

    def _save(self, name, content):
        path = self.path(name)
        existed = os.path.exists(path)
        try:
            return super()._save(name, content)
        except OSError as exc:
            if no_space(exc) and not existed:
                with contextlib.suppress(OSError):
                    os.remove(path)
            raise
