"""The lead picture an item brings: found among its associations, read from a
file or downloaded, and checked to be an image Wagtail can use."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from urllib.error import URLError
from urllib.parse import unquote, urlsplit
from urllib.request import Request, url2pathname, urlopen

from django.conf import settings
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.utils.file import hash_filelike

from .fields import NinjsError, by_role, clean_text, main_or_first, role_texts, squash, truncate

MAX_IMAGE_BYTES = 20 * 1024 * 1024
DOWNLOAD_TIMEOUT_SECONDS = 15
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}


@dataclass(frozen=True)
class PicturePlan:
    data: bytes
    digest: str  # SHA-1, as Wagtail stores in Image.file_hash
    filename: str
    width: int
    height: int
    title: str
    caption: str
    credit: str
    alt: str


def _associations(item: dict) -> list[dict]:
    value = item.get("associations") or []
    # ninjs 2.0: {name: item}; ninjs 2.1: [{name, ...}]
    return list(value.values()) if isinstance(value, dict) else value


def _rendition_href(picture: dict) -> str:
    renditions = picture.get("renditions") or []
    if isinstance(renditions, dict):
        named = list(renditions.items())
    else:
        named = [(r.get("name"), r) for r in renditions]
    usable = [(name, r) for name, r in named if r.get("href", "").strip()]
    for name, rendition in usable:
        if name == "original":
            return rendition["href"].strip()

    def area(rendition: dict) -> float:
        return rendition.get("width", 0) * rendition.get("height", 0)

    best = max(usable, key=lambda pair: area(pair[1]), default=None)
    return best[1]["href"].strip() if best else ""


def picture_plan(
    item: dict, base_dir: Path | None, title: str, warnings: list[str]
) -> PicturePlan | None:
    picture = next((a for a in _associations(item) if a.get("type") == "picture"), None)
    if picture is None:
        return None
    href = _rendition_href(picture)
    if not href:
        warnings.append("the picture has no rendition with an href; imported without it")
        return None
    headlines = [h for h in role_texts(picture, "headlines") if h[1]]
    descriptions = [d for d in role_texts(picture, "descriptions") if d[1]]
    headline = squash(main_or_first(headlines, "main")[1]) if headlines else ""
    caption_entry = by_role(descriptions, "caption") or next(
        (d for d in descriptions if d[0] != "alt"), None
    )
    caption = squash(caption_entry[1]) if caption_entry else headline
    alt_entry = by_role(descriptions, "alt")
    alt = squash(alt_entry[1]) if alt_entry else headline or caption
    credit = ""
    for key in ("creditline", "copyrightholder", "by"):
        if credit := squash(clean_text(picture.get(key))):
            break
    if not alt:
        # A lead photo must be described for readers who cannot see it.
        warnings.append("the picture has no alt text, headline or caption; imported without it")
        return None
    data = _read_href(href, base_dir)
    extension, width, height = _check_image(data)
    stem = slugify(Path(unquote(urlsplit(href).path)).stem)[:60] or "ninjs-picture"
    return PicturePlan(
        data=data,
        digest=hash_filelike(io.BytesIO(data)),
        filename=f"{stem}.{extension}",
        width=width,
        height=height,
        title=truncate(headline or caption or title, 255),
        caption=truncate(caption, 500),
        credit=truncate(credit, 255),
        alt=truncate(alt, 255),  # Wagtail's Image.description; the article allows 400
    )


def _read_href(href: str, base_dir: Path | None) -> bytes:
    parts = urlsplit(href)
    scheme = parts.scheme.casefold()
    try:
        if scheme in ("http", "https"):
            return _download(href)
        if scheme == "file":
            if parts.netloc not in ("", "localhost"):
                raise NinjsError("associations", f"file:// URL on another host: {href[:100]}")
            path = Path(url2pathname(parts.path))
        elif scheme and len(scheme) > 1:  # one letter is a Windows drive, not a scheme
            raise NinjsError("associations", f"unsupported picture URL scheme {scheme!r}")
        else:
            path = (base_dir or Path.cwd()) / href
        with path.open("rb") as handle:
            data = handle.read(MAX_IMAGE_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise NinjsError("associations", f"cannot read picture {href[:100]!r}: {exc}") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise NinjsError("associations", "the picture is larger than 20 MB")
    return data


def _download(url: str) -> bytes:
    request = Request(url, headers={"User-Agent": "Dateline ninjs importer"})
    try:
        with urlopen(request, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_IMAGE_BYTES:
                raise NinjsError("associations", "the picture is larger than 20 MB")
            data = response.read(MAX_IMAGE_BYTES + 1)
    except (URLError, OSError, ValueError) as exc:
        raise NinjsError("associations", f"cannot download picture {url[:100]!r}: {exc}") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise NinjsError("associations", "the picture is larger than 20 MB")
    return data


def _check_image(data: bytes) -> tuple[str, int, int]:
    """Extension, width and height of a picture Wagtail can use, or a NinjsError."""
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    # Pillow reports damaged files with many exception types; all mean "not a picture".
    except Exception as exc:
        raise NinjsError("associations", f"the picture is not a readable image: {exc}") from None
    if image_format not in IMAGE_FORMATS:
        raise NinjsError("associations", f"unsupported picture format {image_format}")
    if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        raise NinjsError("associations", "the picture has too many pixels")
    return IMAGE_FORMATS[image_format], width, height
