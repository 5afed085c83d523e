"""Waiting until readers can see what was just committed.

Public pages may be read from a copy of the database that replays the
primary's commits a moment later (dateline.replicas). Whatever tells the
caches, after a commit, that content changed (a purge batch, a new stamp)
first calls `wait_for_readers()`: a page rendered again right after it then
cannot be the old version, put back into a cache. With no copy, nothing is
registered and it costs nothing.

This module is below the content layer: it imports nothing from Dateline.
"""

from collections.abc import Callable

_waits: list[Callable[[], object]] = []


def register_wait(fn: Callable[[], object]) -> Callable[[], object]:
    """Call fn() before caches are told of a change; it returns once readers
    see the last commit (or it gives up waiting)."""
    if fn not in _waits:
        _waits.append(fn)
    return fn


def wait_for_readers() -> None:
    for wait in _waits:
        wait()
