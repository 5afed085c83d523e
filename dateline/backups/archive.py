"""One archive holds the whole site: the database (SQLite's online backup or
pg_dump's custom format), the uploaded media and a manifest with the SHA-256 of
every member. A `.sha256` file beside it lets `sha256sum -c` and `restore`
refuse a damaged copy before anything is touched."""

import hashlib
import io
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection

MANIFEST = "manifest.json"
FORMAT = 1
# HLS segments the live packager writes are gone in a minute: not worth keeping.
SKIPPED_MEDIA = {"live"}
PG_BIN = Path("/usr/lib/postgresql")
CHUNK = 1024 * 1024


class BackupError(RuntimeError):
    """Something a person must fix; the message says what."""


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _vendor() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def _pg_tool(name: str) -> str:
    """The newest Debian PostgreSQL client, else whatever is on PATH."""
    versions = sorted(PG_BIN.glob(f"*/bin/{name}"), reverse=True) if PG_BIN.exists() else []
    found = str(versions[0]) if versions else shutil.which(name)
    if not found:
        raise BackupError(f"{name} is missing: apt-get install postgresql-client")
    return found


def _pg_args_and_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = []
    if db.get("HOST"):
        args += ["-h", db["HOST"]]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return args, env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _dump_database(folder: Path) -> Path:
    if _vendor() == "sqlite":
        target = folder / "dateline.sqlite3"
        # The online backup API copies a consistent snapshot while the site runs.
        name = settings.DATABASES["default"]["NAME"]
        if not Path(name).is_file():
            raise BackupError(f"there is no database at {name}")
        source = sqlite3.connect(f"file:{name}?mode=ro", uri=True)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        except sqlite3.Error as exc:
            raise BackupError(f"the database could not be read: {exc}") from exc
        finally:
            copy.close()
            source.close()
        return target
    if _vendor() == "postgresql":
        target = folder / "dateline.pgdump"
        args, env = _pg_args_and_env()
        _run(
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
             "--file", str(target), *args, settings.DATABASES["default"]["NAME"]],
            env,
        )  # fmt: skip
        return target
    raise BackupError(f"backups support SQLite and PostgreSQL, not {_vendor()}")


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    files = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] in SKIPPED_MEDIA or not path.is_file() or path.is_symlink():
            continue
        files.append(relative)
    return files


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {
        "dateline": version("dateline"),
        "django": version("django"),
        "wagtail": version("wagtail"),
        "python": platform.python_version(),
    }


def create_backup(output: Path) -> Path:
    """Write dateline-backup-YYYYmmdd-HHMMSS.tar.gz (and its .sha256) into `output`."""
    if not isinstance(default_storage, FileSystemStorage):
        raise BackupError(
            "media live in object storage: back them up there (bucket versioning) and "
            "dump the database with pg_dump"
        )
    output.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    name = f"dateline-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    archive = output / name
    if archive.exists():
        raise BackupError(f"{archive} already exists")
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=output, prefix=".backup-") as staging:
        dump = _dump_database(Path(staging))
        manifest = {
            "format": FORMAT,
            "created": now.isoformat(timespec="seconds"),
            "versions": _versions(),
            "database": {
                "vendor": _vendor(),
                "member": f"database/{dump.name}",
                "sha256": _sha256_file(dump),
            },
            "media": {},
        }
        partial = Path(staging) / name
        # Owner-only: the dump holds password hashes and readers' email addresses.
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(dump, arcname=manifest["database"]["member"])
                for relative in _media_files():
                    path = media_root / relative
                    with open(path, "rb") as f:
                        data = f.read()
                    info = tar.gettarinfo(str(path), arcname=f"media/{relative.as_posix()}")
                    info.size = len(data)
                    tar.addfile(info, io.BytesIO(data))
                    manifest["media"][relative.as_posix()] = hashlib.sha256(data).hexdigest()
                body = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(body), int(now.timestamp()), 0o600
                tar.addfile(info, io.BytesIO(body))
        digest = _sha256_file(partial)
        os.replace(partial, archive)
    checksum = archive.with_name(name + ".sha256")
    checksum.write_text(f"{digest}  {name}\n")  # the format `sha256sum -c` reads
    return archive


# --- Restore ------------------------------------------------------------------


def _verify_checksum(archive: Path) -> None:
    if not archive.is_file():
        raise BackupError(f"{archive} does not exist")
    checksum = archive.with_name(archive.name + ".sha256")
    if not checksum.is_file():
        raise BackupError(f"{checksum.name} is missing: it must sit beside the archive")
    words = checksum.read_text().split()
    expected = words[0].lower() if words else ""
    actual = _sha256_file(archive)
    if expected != actual:
        raise BackupError(
            f"{archive.name} does not match its checksum (the copy is damaged or incomplete): "
            "nothing was restored"
        )


def _inside(name: object) -> bool:
    """True for a plain relative name like media/original_images/a.jpg: no
    absolute path, no `..`, nothing a file system reads differently."""
    if not isinstance(name, str) or "\\" in name or "\x00" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and "/".join(path.parts) == name and ".." not in path.parts


def _listed_members(manifest: dict, archive: Path) -> dict[str, str]:
    """Each file the manifest lists, by its name in the archive, with its SHA-256.
    A name that could land outside the restored folders is refused."""
    database = manifest["database"]["member"]
    media = manifest["media"]
    for name in [database, *(f"media/{name}" for name in media)]:
        if not _inside(name) or (name == database and not _is_dump_name(name)):
            raise BackupError(
                f"the manifest of {archive.name} names {name!r}, outside the archive's "
                "database/ and media/ folders: nothing was restored"
            )
    return {database: manifest["database"]["sha256"]} | {
        f"media/{name}": digest for name, digest in media.items()
    }


def _is_dump_name(name: str) -> bool:
    return PurePosixPath(name).parent == PurePosixPath("database")


def _unpack(archive: Path, staging: Path) -> dict:
    """Extract into `staging` the files the manifest lists, and check each one;
    anything else in the archive is left out."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            try:
                manifest = json.load(tar.extractfile(MANIFEST))
            except (KeyError, AttributeError, ValueError) as exc:
                raise BackupError(f"{archive.name} has no manifest: not a Dateline backup") from exc
            if manifest.get("format") != FORMAT:
                raise BackupError(
                    f"{archive.name} is backup format {manifest.get('format')}, not {FORMAT}"
                )
            expected = _listed_members(manifest, archive)
            members = {member.name: member for member in tar.getmembers() if member.isfile()}
            listed = [members[name] for name in expected if name in members]
            tar.extractall(staging, members=listed, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive.name} cannot be read ({exc}): nothing was restored") from exc
    for member, digest in expected.items():
        path = staging / member
        if not path.is_file() or _sha256_file(path) != digest:
            raise BackupError(f"{member} in {archive.name} is damaged: nothing was restored")
    return manifest


def _count(cursor, table: str, tables: list[str]) -> int:
    if table not in tables:
        return 0
    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
    return cursor.fetchone()[0]


def database_holds_site() -> bool:
    """True once anyone has used the install: a user account, or pages beyond the
    root and the placeholder Wagtail's migrations create."""
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        return (
            _count(cursor, "auth_user", tables) > 0
            or _count(cursor, "wagtailcore_page", tables) > 2
        )


def _restore_sqlite(dump: Path) -> None:
    connection.close()
    target = Path(settings.DATABASES["default"]["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # replaces every page of the target, WAL included
    finally:
        copy.close()
        source.close()


def _restore_postgresql(dump: Path) -> None:
    had_tables = bool(connection.introspection.table_names())
    connection.close()
    args, env = _pg_args_and_env()
    # A freshly migrated database has the tables already: drop them first.
    clean = ["--clean", "--if-exists"] if had_tables else []
    _run(
        [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
         "--single-transaction", *clean, *args, "--dbname", settings.DATABASES["default"]["NAME"],
         str(dump)],
        env,
    )  # fmt: skip


def _replace_media(new_media: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    old = media_root.with_name(media_root.name + ".before-restore")
    if media_root.exists():
        shutil.rmtree(old, ignore_errors=True)
        os.replace(media_root, old)
    os.replace(new_media, media_root)
    if (old / "live").exists():  # the live packager's folder is not in backups
        os.replace(old / "live", media_root / "live")
    shutil.rmtree(old, ignore_errors=True)


def restore_backup(archive: Path, force: bool = False) -> dict:
    """Check, then restore `archive` into the configured database and MEDIA_ROOT."""
    _verify_checksum(archive)
    if not isinstance(default_storage, FileSystemStorage):
        raise BackupError("media live in object storage: restore them there")
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".restore-") as tmp:
        staging = Path(tmp)
        manifest = _unpack(archive, staging)
        vendor = manifest["database"]["vendor"]
        if vendor != _vendor():
            raise BackupError(
                f"{archive.name} holds a {vendor} database but DATABASE_URL points at "
                f"{_vendor()}: restore it into {vendor}"
            )
        if database_holds_site() and not force:
            raise BackupError(
                "the database already holds a site: restore into an empty install, "
                "or pass --force to replace it"
            )
        dump = staging / manifest["database"]["member"]
        if vendor == "sqlite":
            _restore_sqlite(dump)
        else:
            _restore_postgresql(dump)
        new_media = staging / "media"
        new_media.mkdir(exist_ok=True)
        _replace_media(new_media)
    # Cached pages and lookups belong to the site that was there before.
    for alias in settings.CACHES:
        caches[alias].clear()
    return manifest
