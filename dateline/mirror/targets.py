"""Where a mirror is written: a folder, or any Django storage (an S3-compatible
bucket through django-storages)."""

import os
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import storages


class DirectoryTarget:
    """Files in a folder, each replaced in one step (a reader, or nginx, sees
    the old file or the new one, never half of one). Files being written wait in
    one folder at the top, .mirror-tmp, so that a web server keeps them from
    readers with a single prefix rule (/.mirror) instead of a pattern tried on
    every request."""

    PENDING = ".mirror-tmp"

    def __init__(self, root):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def __str__(self) -> str:
        return str(self.root)

    def write(self, name: str, data: bytes) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        pending = self.root / self.PENDING
        pending.mkdir(exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=pending, prefix=".mirror-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def read(self, name: str) -> bytes | None:
        try:
            return (self.root / name).read_bytes()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            return None

    def exists(self, name: str) -> bool:
        return (self.root / name).is_file()

    def delete(self, name: str) -> None:
        (self.root / name).unlink(missing_ok=True)

    def files(self) -> list[str]:
        return sorted(
            str(path.relative_to(self.root))
            for path in self.root.rglob("*")
            if path.is_file() and not path.relative_to(self.root).parts[0].startswith(".mirror")
        )


class StorageTarget:
    """A Django storage by its alias in settings.STORAGES, e.g. an S3 bucket:
    STORAGES["mirror"] = {"BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {"bucket_name": ..., "file_overwrite": True}}."""

    def __init__(self, alias: str):
        self.alias = alias
        self.storage = storages[alias]
        self._names: set[str] | None = None  # listed once, then kept up to date

    def __str__(self) -> str:
        return f"storage {self.alias!r}"

    def write(self, name: str, data: bytes) -> None:
        if not getattr(self.storage, "file_overwrite", False) and self.storage.exists(name):
            self.storage.delete(name)
        self.storage.save(name, ContentFile(data))
        if self._names is not None:
            self._names.add(name)

    def exists(self, name: str) -> bool:
        if self._names is None:
            self._names = set(self.files())
        return name in self._names

    def read(self, name: str) -> bytes | None:
        if not self.storage.exists(name):
            return None
        with self.storage.open(name, "rb") as file:
            return file.read()

    def delete(self, name: str) -> None:
        self.storage.delete(name)
        if self._names is not None:
            self._names.discard(name)

    def files(self) -> list[str]:
        names: list[str] = []
        folders = [""]
        while folders:
            folder = folders.pop()
            subfolders, files = self.storage.listdir(folder)
            prefix = folder + "/" if folder else ""
            names += [prefix + name for name in files]
            folders += [prefix + sub for sub in subfolders]
        return sorted(names)


def target_from(spec: str):
    """A folder path, or storage:ALIAS."""
    if spec.startswith("storage:"):
        return StorageTarget(spec.removeprefix("storage:"))
    return DirectoryTarget(spec)
