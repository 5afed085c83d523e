"""A signed daily pack: the last day of an edition as one small zip file.

For readers who cannot reach the site: someone who can runs `python -m dateline
pack --edition en --output today.zip` (or downloads one) and passes the file on
by a messaging app or a USB stick. Unzipped, `index.html` opens in any browser:
the text-only pages of the day's stories, rendered through the site itself, with
links between them made file links, a small thumbnail for each lead photo, the
text-only stylesheet, and no scripts.

Whoever receives it can check that nobody changed it on the way: MANIFEST.json
names every file with its size and SHA-256, and MANIFEST.sig is the Ed25519
signature of MANIFEST.json's exact bytes by the site's pack key, whose public
half the site publishes at /pack-key.pem (`verify` needs no network).
"""

import hashlib
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format
from PIL import Image as PILImage
from wagtail.models import Locale, Site

from dateline.base.keyfiles import write_once
from dateline.newsroom.models import ArticlePage
from dateline.newsroom.visibility import readable
from dateline.syndication.alternates import language_name

from . import urls

MAX_BYTES = 300_000
HOURS = 24
THUMB_WIDTH = 240
THUMB_QUALITY = 55
KEY_FILE = "pack-signing-key.pem"
KEY_URL = "/pack-key.pem"
MANIFEST = "MANIFEST.json"
SIGNATURE = "MANIFEST.sig"
FORMAT = "dateline-pack/1"
STYLESHEET = "lite/lite.css"

_HREF = re.compile(r'(?P<attr>\bhref)="(?P<url>[^"]*)"')
_PHOTO = re.compile(r'(<p class="photo">\[<a href=")[^"]*(")')


class PackError(Exception):
    """The pack cannot be made (no such edition, a page that does not render)."""


class PackInvalid(Exception):
    """The pack failed a check; the message names the file."""


# --- Keys ---------------------------------------------------------------------


def key_path() -> Path:
    configured = settings.DATELINE_PACK_KEY
    return Path(configured) if configured else Path(settings.DATA_DIR) / KEY_FILE


def signing_key() -> Ed25519PrivateKey:
    """The site's private pack key, made on first use (mode 0600)."""
    path = key_path()
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        write_once(path, pem, prefix=".pack-key-")
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise PackError(f"{path}: not an Ed25519 private key.")
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw 32-byte public key, in hex groups people can read aloud."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()
    return ":".join(digest[i : i + 4] for i in range(0, 32, 4))


def load_public_key(pem: bytes, name: str = "key") -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem)
    except ValueError as error:
        raise PackInvalid(f"{name}: not a PEM public key ({error}).") from error
    if not isinstance(key, Ed25519PublicKey):
        raise PackInvalid(f"{name}: not an Ed25519 public key.")
    return key


def site_public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


# --- Making a pack ------------------------------------------------------------


@dataclass
class Story:
    title: str
    published: datetime
    filename: str  # articles/<slug>.html
    lite_path: str  # /en/lite/news/<slug>/
    html: str
    thumb: bytes | None
    photo_id: int | None = None


@dataclass
class Pack:
    data: bytes
    stories: list[Story]
    more: int  # stories of the period left out for the size
    manifest: dict = field(default_factory=dict)


def _edition(language: str):
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        raise PackError("No site: load the newsroom first.")
    locale = Locale.objects.filter(language_code=language).first()
    home = site.root_page.get_translation_or_none(locale) if locale else None
    if home is None or not home.live:
        raise PackError(f"No edition in {language!r}.")
    return site, home


def _client(site) -> Client:
    port = site.port or 80
    host = site.hostname if port in (80, 443) else f"{site.hostname}:{port}"
    return Client(HTTP_HOST=host, SERVER_PORT=str(port), secure=port == 443)


def _get(client, path: str) -> str:
    response = client.get(path)
    if response.status_code != 200:
        raise PackError(f"{path}: the site answered {response.status_code}.")
    return response.content.decode(response.charset or "utf-8")


def _thumbnail(image) -> bytes | None:
    """A small JPEG of a photo (THUMB_WIDTH wide), a few KB."""
    try:
        with image.open_file() as source:
            picture = PILImage.open(source)
            picture.load()
    except (OSError, ValueError):  # a missing or broken file leaves the story a text link
        return None
    picture = picture.convert("RGB")
    if picture.width > THUMB_WIDTH:
        height = max(1, round(picture.height * THUMB_WIDTH / picture.width))
        picture = picture.resize((THUMB_WIDTH, height), PILImage.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=THUMB_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _stylesheet() -> bytes:
    found = finders.find(STYLESHEET)
    if found:
        return Path(found).read_bytes()
    with staticfiles_storage.open(STYLESHEET) as css:
        return css.read()


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _rewrite(page_html: str, *, here: str, root_url: str, files: dict[str, str]) -> str:
    """Links of a page in the pack: to a story in the pack -> a file link (from
    `here`, "" for the top or "../" for articles/); the stylesheet -> lite.css;
    other links on the site -> absolute URLs on the public site."""
    origin = urlsplit(root_url)
    static_css = staticfiles_storage.url(STYLESHEET)

    def link(match) -> str:
        url = html.unescape(match["url"])
        parts = urlsplit(url)
        if url.startswith("#") or url.startswith(("../", "thumbs/", "articles/")):
            return match[0]
        if url == static_css or parts.path == urlsplit(static_css).path:
            return f'{match["attr"]}="{here}lite.css"'  # also when static files have their own host
        if parts.scheme or parts.netloc:
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
                return match[0]  # another site, or mailto:
        elif not url.startswith("/"):
            return match[0]
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if parts.path in files and not parts.query:
            target = f"{here}{files[parts.path]}{fragment}"
        else:
            target = root_url + urlunsplit(("", "", parts.path, parts.query, parts.fragment))
        return f'{match["attr"]}="{html.escape(target)}"'

    return _HREF.sub(link, page_html)


def _stories(language: str, hours: int, now: datetime) -> tuple[object, object, list[Story]]:
    site, home = _edition(language)
    articles = (
        readable(ArticlePage.objects.descendant_of(home))
        .filter(first_published_at__gte=now - timedelta(hours=hours))
        .select_related("lead_image")
        .order_by("-first_published_at", "-pk")
    )
    client = _client(site)
    taken: set[str] = set()
    stories = []
    for article in articles:
        _site_id, _root, path = article.get_url_parts()
        lite_path = urls.twin(path)
        page = _get(client, lite_path)
        if "<script" in page.lower():
            raise PackError(f"{lite_path}: a text-only page with a script.")
        stories.append(
            Story(
                title=article.title,
                published=article.first_published_at,
                filename=f"articles/{_unique(article.slug, taken)}.html",
                lite_path=lite_path,
                html=page,
                thumb=_thumbnail(article.lead_image) if article.lead_image else None,
                photo_id=article.lead_image_id,
            )
        )
    return site, home, stories


def _index(*, site, home, language, now, stories, more, key) -> str:
    with translation.override(language):
        return render_to_string(
            "lite/pack/index.html",
            {
                "site_name": site.site_name or "Dateline",
                "edition_name": language_name(language),
                "language": language,
                "bidi": translation.get_language_bidi(),
                "created": date_format(timezone.localtime(now), "DATETIME_FORMAT"),
                "created_iso": now.isoformat(timespec="seconds"),
                "stories": [
                    (
                        story.title,
                        story.filename,
                        date_format(timezone.localtime(story.published), "DATETIME_FORMAT"),
                        story.published.isoformat(timespec="seconds"),
                    )
                    for story in stories
                ],
                "more": more,
                "site_url": site.root_url + urls.twin(home.url),
                "key_url": site.root_url + KEY_URL,
                "fingerprint": fingerprint(key.public_key()),
            },
        )


def _assemble(*, site, home, language, now, stories, more, key) -> Pack:
    files: list[tuple[str, bytes]] = []
    in_pack = {story.lite_path: story.filename for story in stories}
    # Relative file names as the index sees them; an article's links go "../".
    root_url = site.root_url
    index = _index(
        site=site, home=home, language=language, now=now, stories=stories, more=more, key=key
    )
    files.append(
        ("index.html", _rewrite(index, here="", root_url=root_url, files=in_pack).encode())
    )
    files.append(("lite.css", _stylesheet()))
    thumbs: dict[int, tuple[str, bytes]] = {}  # one per photo, however many stories use it
    for story in stories:
        page = story.html
        if story.thumb is not None:
            if story.photo_id not in thumbs:
                thumbs[story.photo_id] = (f"thumbs/{len(thumbs) + 1}.jpg", story.thumb)
            name = thumbs[story.photo_id][0]
            page = _PHOTO.sub(lambda m, name=name: f"{m[1]}../{name}{m[2]}", page, count=1)
        page = _rewrite(page, here="../", root_url=root_url, files=in_pack)
        files.append((story.filename, page.encode()))
    files += thumbs.values()
    manifest = {
        "format": FORMAT,
        "edition": f"{site.site_name or 'Dateline'} ({language_name(language)})",
        "language": language,
        "created": now.isoformat(timespec="seconds"),
        "site": root_url,
        "key": {"algorithm": "Ed25519", "fingerprint": fingerprint(key.public_key())},
        "key_url": root_url + KEY_URL,
        "files": [
            {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in files
        ],
    }
    manifest_bytes = json.dumps(manifest, indent=1, ensure_ascii=False).encode() + b"\n"
    stamp = timezone.localtime(now).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in [
            *files,
            (MANIFEST, manifest_bytes),
            (SIGNATURE, key.sign(manifest_bytes)),
        ]:
            info = zipfile.ZipInfo(name, date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.external_attr = 0o644 << 16
            stored = name.endswith((".jpg", ".sig"))
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=None if stored else 9)
    return Pack(data=out.getvalue(), stories=stories, more=more, manifest=manifest)


def build(language: str, *, hours: int = HOURS, max_bytes: int = MAX_BYTES, now=None) -> Pack:
    """The pack of an edition's last `hours`: as many of the newest stories as
    fit in `max_bytes`, the index saying how many more the site has."""
    now = now or timezone.now()
    key = signing_key()
    site, home, stories = _stories(language, hours, now)

    def attempt(count: int) -> Pack:
        return _assemble(
            site=site,
            home=home,
            language=language,
            now=now,
            stories=stories[:count],
            more=len(stories) - count,
            key=key,
        )

    pack = attempt(len(stories))
    if len(pack.data) <= max_bytes:
        return pack
    # The size grows with each story kept: the largest count that fits.
    low, high, best = 0, len(stories) - 1, None
    while low <= high:
        middle = (low + high) // 2
        candidate = attempt(middle)
        if len(candidate.data) <= max_bytes:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    if best is None:
        raise PackError(f"Not even an empty pack fits in {max_bytes} bytes.")
    return best


# --- Checking a pack ----------------------------------------------------------


def _safe_name(name: str) -> bool:
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and ".." not in parts and "\\" not in name


def verify(data: bytes, public_key: Ed25519PublicKey, *, name: str = "pack") -> list[str]:
    """Check a pack offline. Returns what was checked, line by line; raises
    PackInvalid naming the first file that failed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise PackInvalid(f"{name}: not a zip file.") from error
    with archive:
        names = archive.namelist()
        for entry in names:
            if not _safe_name(entry):
                raise PackInvalid(f"{entry}: a name that points outside the pack.")
            if names.count(entry) > 1:
                raise PackInvalid(f"{entry}: in the pack twice.")
        for required in (MANIFEST, SIGNATURE):
            if required not in names:
                raise PackInvalid(f"{required}: missing.")
        manifest_bytes = archive.read(MANIFEST)
        signature = archive.read(SIGNATURE)
        key_print = fingerprint(public_key)
        try:
            public_key.verify(signature, manifest_bytes)
        except InvalidSignature as error:
            raise PackInvalid(
                f"{MANIFEST}: the signature in {SIGNATURE} does not match the key {key_print}."
            ) from error
        checked = [f"{MANIFEST}: signed by the key {key_print}"]
        try:
            manifest = json.loads(manifest_bytes)
            listed = {entry["name"]: entry for entry in manifest["files"]}
        except (ValueError, KeyError, TypeError) as error:
            raise PackInvalid(f"{MANIFEST}: not a pack manifest.") from error
        checked.append(
            f"{manifest.get('edition')}, {manifest.get('language')}, made "
            f"{manifest.get('created')} by {manifest.get('site')}"
        )
        for entry_name, entry in listed.items():
            if entry_name not in names:
                raise PackInvalid(f"{entry_name}: listed in {MANIFEST} but missing.")
            content = archive.read(entry_name)
            if len(content) != entry.get("size"):
                raise PackInvalid(
                    f"{entry_name}: {len(content)} bytes, the manifest says {entry.get('size')}."
                )
            if hashlib.sha256(content).hexdigest() != entry.get("sha256"):
                raise PackInvalid(f"{entry_name}: its SHA-256 differs from the manifest's.")
            checked.append(f"{entry_name}: {len(content)} bytes, SHA-256 matches")
        for entry_name in names:
            if entry_name not in listed and entry_name not in (MANIFEST, SIGNATURE):
                raise PackInvalid(f"{entry_name}: not listed in {MANIFEST}.")
        checked.append(f"no file outside the manifest ({len(listed)} files)")
    return checked
