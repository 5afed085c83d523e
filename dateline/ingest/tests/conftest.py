"""Agency items, pictures beside them, the real import command: shared by the
ninjs tests."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from dateline.conftest import png_bytes
from dateline.newsroom.models import ArticlePage, Author, NewsTag, Photo

PROJECT_ROOT = Path(__file__).resolve().parents[3]
FIRST = "2025-03-01T06:30:00+00:00"
VERSION = "2025-03-01T09:15:00+00:00"
BODY = (
    "<p>The first boat left at six, "
    "<a href='https://harbour.example/timetable' onclick='steal()'>on time</a>.</p>"
    "<script>alert('owned')</script><style>p { color: red }</style>"
    "<h2>Why it stopped</h2>"
    "<p>Storms damaged the <strong>pier</strong>.</p><ul><li>Repairs took three weeks.</li></ul>"
    "<blockquote><p>We are glad to be back.</p><p>— Lena Ortiz</p></blockquote>"
    "<p><a href='javascript:alert(1)'>Timetable</a> <img src=x onerror=alert(2)></p>"
)


def story(uri: str = "urn:agency:ferry:1", **fields) -> dict:
    item = {
        "uri": uri,
        "type": "text",
        "version": "1",
        "language": "en",
        "firstcreated": FIRST,
        "versioncreated": VERSION,
        "pubstatus": "usable",
        "headlines": [
            {"role": "main", "value": "Ferry service resumes across the strait"},
            {"role": "short", "value": "Ferries are back"},
        ],
        "descriptions": [
            {
                "role": "summary",
                "value": "Crossings restart after a three-week halt.\n\nFares stay the same.",
            }
        ],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": BODY}],
        "by": "Mina Sadeghi and Kai Nobody",
        "subjects": [{"name": "Transport", "code": "medtop:20000551"}],
        "keywords": ["ferries"],
        "places": [{"name": "Strait of Kerr"}],
        "people": [{"name": "Lena Ortiz"}],
        "organisations": [{"name": "Harbour Authority"}],
    }
    item.update(fields)
    return item


def picture(href: str = "ferry.png") -> dict:
    return {
        "type": "picture",
        "uri": "urn:agency:picture:1",
        "headlines": [{"value": "Ferry at dawn"}],
        "descriptions": [
            {"role": "caption", "value": "The first ferry leaves the harbour at dawn."},
            {"role": "alt", "value": "A white ferry beside a grey pier"},
        ],
        "creditline": "Harbour Press/Ana Lima",
        "renditions": {
            "thumbnail": {"href": "thumb.png", "width": 120, "height": 80},
            "original": {"href": href, "width": 1200, "height": 800},
        },
    }


@pytest.fixture
def feed(tmp_path):
    """A folder as an agency drops it: pictures beside the JSON."""
    (tmp_path / "ferry.png").write_bytes(png_bytes())
    (tmp_path / "thumb.png").write_bytes(png_bytes(120, 80))
    (tmp_path / "other.png").write_bytes(png_bytes(colour=(200, 40, 40)))
    return tmp_path


@pytest.fixture
def mina(db):
    return Author.objects.create(name="Mina Sadeghi")


def write(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def run_import(*args, stdin=None) -> tuple[str, str, int]:
    """The real command; the status is what `python -m dateline` would exit with."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_ninjs", *map(str, args), stdout=out, stderr=err, stdin=stdin)
        status = 0
    except CommandError as exc:
        status = exc.returncode
    return out.getvalue(), err.getvalue(), status


def media_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def blocks_of(page: ArticlePage) -> list[tuple[str, object]]:
    return [(b.block_type, b.block.get_prep_value(b.value)) for b in page.body]


def footprint() -> tuple[int, int, int, int]:
    return (
        ArticlePage.objects.count(),
        Revision.objects.count(),
        NewsTag.objects.count(),
        Photo.objects.count(),
    )
