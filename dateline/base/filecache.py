"""Django's file-based cache, counting its files once a minute, not on every write.

Django's FileBasedCache lists its whole folder on every set() to see whether
it holds more than MAX_ENTRIES files (and culls a third if so). The embedded
default keeps pages, their rendered parts and renditions in such folders: with
a few thousand files, the first view after a publish (which writes a few dozen
parts) spent most of its time listing them, and more as the folder grew. Here
each process counts at most once a minute; between two counts the folder may
pass MAX_ENTRIES by what a minute writes, and the next count culls it.
"""

import time

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY_SECONDS = 60.0


class FileCache(FileBasedCache):
    # Django makes one cache object per thread: the time is kept per class, so
    # the threads of a process share it.
    _last_cull: dict[str, float] = {}

    def _cull(self):
        now = time.monotonic()
        if now - self._last_cull.get(self._dir, float("-inf")) < CULL_EVERY_SECONDS:
            return
        self._last_cull[self._dir] = now
        super()._cull()
