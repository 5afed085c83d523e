"""The embedded default's file cache counts its files once a minute, not on
every write, and still culls when over MAX_ENTRIES."""

from unittest import mock

from dateline.base import filecache


def make(tmp_path, max_entries=1000):
    return filecache.FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": max_entries}})


def test_writes_do_not_list_the_folder_each_time(tmp_path):
    cache = make(tmp_path)
    with mock.patch.object(cache, "_list_cache_files", wraps=cache._list_cache_files) as listed:
        for n in range(200):
            cache.set(f"part-{n}", "x" * 100)
    assert listed.call_count <= 1
    assert cache.get("part-199") == "x" * 100


def test_the_folder_is_still_culled_when_over_its_size(tmp_path, monkeypatch):
    cache = make(tmp_path, max_entries=30)
    for n in range(100):
        cache.set(f"part-{n}", n)
    assert len(cache._list_cache_files()) == 100  # no count since the first write
    monkeypatch.setattr(filecache, "CULL_EVERY_SECONDS", 0.0)
    cache.set("one-more", 1)
    assert len(cache._list_cache_files()) < 100
