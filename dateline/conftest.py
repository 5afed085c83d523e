"""Fixtures shared by every app's tests: a real newsroom in a real SQLite database."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage

from dateline.newsroom.models import ArticlePage, Photo, SectionPage
from dateline.newsroom.setup import setup_newsroom


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests read static files from the source tree, not a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def home(db):
    return setup_newsroom()


@pytest.fixture
def news(home):
    return _section(home, "News", "news")


@pytest.fixture
def asia(news):
    return _section(news, "Asia", "asia")


def _section(parent, title, slug):
    section = parent.add_child(instance=SectionPage(title=title, slug=slug, show_in_menus=True))
    section.save_revision().publish()
    return section


@pytest.fixture
def make_section():
    return _section


def png_bytes(width=1200, height=800, colour=(30, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def make_photo(db):
    def make(title="Harbour at dawn", credit="Dateline/Staff", caption="", **kwargs):
        photo = Photo(title=title, credit=credit, caption=caption, **kwargs)
        photo.file = ImageFile(io.BytesIO(png_bytes()), name=f"{title[:20]}.png")
        photo.save()
        return photo

    return make


@pytest.fixture
def make_article(db):
    def make(section, title="Bridge reopens after repairs", publish=True, **fields):
        fields.setdefault("summary", [("point", "Traffic returns to the old bridge.")])
        article = section.add_child(instance=ArticlePage(title=title, **fields))
        revision = article.save_revision()
        if publish:
            revision.publish()
            article.refresh_from_db()
        return article

    return make
