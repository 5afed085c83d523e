"""The demo content loader: `python -m dateline load-demo`."""

import io
import random
import re
import wave
from collections import Counter
from datetime import UTC, datetime, timedelta
from html import escape

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.models import Page

from dateline.demo import loader, pictures
from dateline.demo.content import ar_articles, es_articles
from dateline.demo.plan import MAX_ARTICLES, plan_articles
from dateline.newsroom.models import (
    ArticlePage,
    Author,
    HomePage,
    NewsTag,
    Photo,
    SectionPage,
    TopStory,
)

SHORT = 12  # enough articles for every section, where the count does not matter


@pytest.fixture(autouse=True)
def _demo_settings(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    # The demo users' passwords are hashed on every run; keep the tests quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load(**options) -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def english_home() -> HomePage:
    return HomePage.objects.get(locale__language_code="en")


def snapshot() -> dict:
    return {
        "pages": Page.objects.count(),
        "articles": ArticlePage.objects.count(),
        "authors": Author.objects.count(),
        "tags": NewsTag.objects.count(),
        "photos": Photo.objects.count(),
        "documents": get_document_model().objects.count(),
        "top_stories": TopStory.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_default_demo_fills_a_newsroom(db):
    output = load()
    assert "Loaded demo content" in output

    home = english_home()
    sections = SectionPage.objects.descendant_of(home).live().specific()
    assert sections.count() >= 6
    top = [s for s in sections if s.depth == home.depth + 1]
    subs = [s for s in sections if s.depth == home.depth + 2]
    assert len(top) >= 6 and len(subs) >= 4
    assert all(s.show_in_menus and s.intro and s.ninjs_subjects for s in top)
    assert all(s.intro and s.ninjs_subjects for s in subs)
    business = next(s for s in top if s.slug == "business")
    assert business.ninjs_subjects == "economy, business, markets"
    afghanistan = SectionPage.objects.get(slug="afghanistan", locale=home.locale)
    assert afghanistan.get_parent().slug == "news"

    now = timezone.now()
    articles = list(ArticlePage.objects.descendant_of(home).live().specific())
    assert len(articles) == 40
    assert len({a.title for a in articles}) == 40
    for article in articles:
        assert article.lead_image_id and article.lead_image_alt, article.title
        assert article.lead_image_caption and article.lead_image_credit.startswith("Dateline/")
        assert 1 <= article.authors.count() <= 2, article.title
        assert 2 <= article.tags.count() <= 6, article.title
        assert 1 <= len(article.summary) <= 3, article.title
        assert 4 <= len(article.body) <= 10, article.title
        assert 0 <= len(article.related_articles) <= 3
        assert now - timedelta(days=28) < article.first_published_at < now
        assert article.last_published_at >= article.first_published_at
        assert article.updated_at is None or article.updated_at > article.first_published_at
        assert all(
            r.first_published_at < article.first_published_at for r in article.related_articles
        ), article.title
    published = sorted(a.first_published_at for a in articles)
    assert published[-1] - published[0] > timedelta(days=21)
    assert sum(a.is_updated for a in articles) >= 3
    assert sum(bool(a.social_headline) for a in articles) >= 5
    assert ArticlePage.objects.child_of(afghanistan).live().count() >= 3
    for leaf in [s for s in sections if not s.get_children().exists()]:
        assert ArticlePage.objects.child_of(leaf).exists(), leaf.title

    authors = Author.objects.all()
    assert authors.count() >= 5
    assert all(a.photo_id and a.role and a.bio.startswith("<p>") for a in authors)
    tags = {t for a in articles for t in a.tags.all()}  # the English edition's
    assert 24 <= len(tags) <= 80
    assert {t.kind for t in tags} == set(NewsTag.Kind.values)
    uses = Counter(t.pk for a in articles for t in a.tags.all())
    assert sum(n > 1 for n in uses.values()) >= len(tags) // 2  # tags are reused

    lead = articles[0].lead_image
    assert (lead.width, lead.height) == (1600, 900)
    assert lead.file.name.endswith(".jpg") and lead.description and lead.credit
    # and the showcase's inline photo, and the other editions' own stories' photos
    editions = len(es_articles.ARTICLES) + len(ar_articles.ARTICLES)
    assert Photo.objects.count() == 40 + authors.count() + 1 + editions


def test_one_article_uses_every_body_block(db, client):
    load(articles=SHORT)

    english = ArticlePage.objects.live().filter(locale__language_code="en")
    newest = english.order_by("-first_published_at").first()
    assert newest.get_parent().slug == "afghanistan"
    every_block = set(ArticlePage.body.field.stream_block.child_blocks)
    assert {block.block_type for block in newest.body} == every_block
    assert newest.tags.count() >= 3
    assert newest.authors.count() == 2
    assert newest.related_articles
    assert newest.is_updated

    blocks = {block.block_type: block.value for block in newest.body}
    linked_ids = [
        int(pk)
        for block in newest.body
        if block.block_type == "paragraph"
        for pk in re.findall(r'linktype="page" id="(\d+)"', block.value.source)
    ]
    assert linked_ids
    linked = ArticlePage.objects.live().get(pk=linked_ids[0])
    assert linked.pk != newest.pk
    assert isinstance(blocks["image"]["image"], Photo) and blocks["image"]["alt"]
    related = blocks["related_article"]["article"]
    assert related.live and related.pk != newest.pk
    assert blocks["embed"]["url"].startswith("https://example.org/")
    audio = blocks["audio"]["audio"]
    assert audio.file.name.endswith(".wav") and blocks["audio"]["title"]
    with audio.file.open("rb") as f, wave.open(f) as clip:
        assert clip.getnchannels() == 1 and clip.getframerate() == 8000
        assert clip.getnframes() == 3 * 8000

    response = client.get(newest.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{linked.url}"' in html
    assert f'href="{related.url}"' in html
    assert "<audio controls" in html and '<aside class="embed">' in html
    assert "<blockquote>" in html and 'class="inline-image"' in html
    assert '<span class="updated">' in html

    # The editor opens it too: the stored blocks fit the admin's forms.
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.get(f"/admin/pages/{newest.pk}/edit/")
    assert response.status_code == 200
    assert "Sound from the pass" in response.content.decode()


def test_loading_twice_adds_nothing(db):
    load(articles=SHORT)
    before = snapshot()
    editions = len(es_articles.ARTICLES) + len(ar_articles.ARTICLES)  # and their translations
    translations = len(es_articles.TRANSLATIONS) + len(ar_articles.TRANSLATIONS)
    assert before["articles"] == SHORT + editions + translations

    output = load(articles=SHORT)
    assert "Demo content already loaded" in output
    assert "Loaded demo content" not in output
    assert snapshot() == before

    load()  # a different count does not top it up either
    assert snapshot() == before


def test_existing_articles_mean_no_demo(db, asia, make_article):
    make_article(asia, title="A real story")

    output = load(articles=SHORT)

    assert "Demo content already loaded" in output
    assert ArticlePage.objects.count() == 1
    assert not SectionPage.objects.filter(slug="afghanistan").exists()
    assert "Admin login:" in output  # the users are still made ready


def test_front_page_and_section_fronts_show_the_demo(db, client):
    load(articles=SHORT)
    home = english_home()
    top_stories = [t.article for t in home.top_stories.all()]
    assert 4 <= len(top_stories) <= 6
    assert home.live_revision.as_object().top_stories.count() == len(top_stories)

    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Top stories" in html
    for article in top_stories:
        assert escape(article.title, quote=False) in html

    for slug in ("afghanistan", "business", "opinion"):
        section = SectionPage.objects.get(slug=slug, locale=home.locale)
        articles = ArticlePage.objects.child_of(section).live()
        assert articles.exists()
        response = client.get(section.url)
        assert response.status_code == 200
        html = response.content.decode()
        for article in articles:
            assert f'href="{article.url}"' in html


def test_admin_password_is_generated_once_and_reused(db, settings):
    output = load(articles=SHORT)
    path = settings.DATA_DIR / "admin-password.txt"
    password = path.read_text().strip()
    assert len(password) >= 16
    assert path.stat().st_mode & 0o777 == 0o600
    for username in ("admin", "reporter", "editor"):
        assert f"user: {username}  password: {password}" in output
    assert f"Admin login: http://127.0.0.1:8000/admin/  user: admin  password: {password}" in output
    admin = authenticate(username="admin", password=password)
    assert admin and admin.is_superuser and admin.is_staff
    reporter = authenticate(username="reporter", password=password)
    assert reporter and not reporter.is_superuser
    assert list(reporter.groups.values_list("name", flat=True)) == ["Reporters"]
    editor = authenticate(username="editor", password=password)
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]

    # Someone changes the admin password and deletes the reporter: the next run
    # puts both back, with the password from the file.
    admin.set_password("something-else-entirely")
    admin.save()
    reporter.delete()
    output = load(articles=SHORT)
    assert path.read_text().strip() == password
    assert f"user: admin  password: {password}" in output
    assert authenticate(username="admin", password=password)
    assert authenticate(username="reporter", password=password)


def test_printed_links_follow_the_port_served_on(db, settings):
    # `make demo PORT=8765` sets the base URL; the lines a newcomer clicks follow it.
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8765"
    output = load(articles=SHORT)
    assert "Front page: http://127.0.0.1:8765/en/\n" in output
    assert "Admin login: http://127.0.0.1:8765/admin/  user: admin" in output
    assert ":8000" not in output


def test_password_file_is_reused_from_a_previous_install(db, settings):
    (settings.DATA_DIR / "admin-password.txt").write_text("kept-from-before-123\n")

    assert loader.ensure_demo_users() == "kept-from-before-123"
    assert authenticate(username="admin", password="kept-from-before-123")


def test_article_count_is_checked(db):
    with pytest.raises(CommandError):
        load(articles=1)
    assert not ArticlePage.objects.exists()


def test_plan_is_deterministic_and_headlines_unique():
    now = datetime(2030, 5, 17, 12, tzinfo=UTC)
    first = plan_articles(40, seed=7, now=now)
    again = plan_articles(40, seed=7, now=now)
    other = plan_articles(40, seed=8, now=now)
    assert [(p.title, p.body, p.tags) for p in first] == [(p.title, p.body, p.tags) for p in again]
    assert [p.title for p in first] != [p.title for p in other]
    many = plan_articles(MAX_ARTICLES, seed=3, now=now)
    assert len({p.title for p in many}) == MAX_ARTICLES
    assert len({p.slug for p in many}) == MAX_ARTICLES
    for plan in first:
        assert "{" not in plan.title and "}" not in plan.title
        values = [
            v
            for _, block in plan.body
            for v in (block.values() if isinstance(block, dict) else [block])
        ]
        text = " ".join(values + plan.summary + [plan.caption, plan.social_headline])
        assert "{" not in text and "}" not in text, plan.title


def test_publication_dates_stay_within_four_weeks_whatever_the_hour():
    # A load at 09:50 UTC once dated an article 28 days and 45 minutes ago: a
    # night-time moment moved into the morning fell outside the four weeks.
    day = datetime(2026, 11, 28, tzinfo=UTC)
    for minutes in range(0, 24 * 60, 10):
        now = day + timedelta(minutes=minutes)
        dates = [p.first_published_at for p in plan_articles(40, now=now)]
        assert all(now - timedelta(days=28) < d < now for d in dates), now
        assert max(dates) - min(dates) > timedelta(days=21)


def test_pictures_are_drawn_deterministically():
    data, alt = pictures.paint_scene(random.Random(1), "mountains")
    assert pictures.paint_scene(random.Random(1), "mountains") == (data, alt)
    assert pictures.paint_scene(random.Random(2), "mountains")[0] != data
    image = PILImage.open(io.BytesIO(data))
    assert image.format == "JPEG" and image.size == (1600, 900)
    assert alt.startswith("Illustration:")
