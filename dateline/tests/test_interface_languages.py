"""Each edition's pages speak its language, dates included, and editors get the
admin, Dateline's own screens with it, in the language they chose."""

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.utils import formats, timezone, translation
from wagtail.users.models import UserProfile

from dateline.newsroom.models import ArticlePage

SEPT_6 = datetime(2021, 9, 6, 14, 30, tzinfo=UTC)


def published_on(article, when):
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=when)
    article.refresh_from_db()
    return article


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.fixture
def edition_article(make_edition, make_section, make_article):
    def make(language, section_title, slug, title):
        front = make_edition(language)
        section = make_section(front, section_title, slug)
        article = make_article(section, title=title, slug=f"{slug}-story")
        return published_on(article, SEPT_6)

    return make


@pytest.mark.django_db
def test_a_spanish_article_reads_in_spanish_with_a_spanish_date(client, edition_article):
    article = edition_article("es", "Noticias", "noticias", "Reabre el puente")
    assert article.url.startswith("/es/")
    response = client.get(article.url)
    assert response.status_code == 200
    page = text(response)
    assert "Publicado 6 de septiembre de 2021, 14:30 UTC" in page
    assert "Saltar al contenido" in page  # the interface, not only the date
    assert "Published" not in page and "September" not in page


@pytest.mark.django_db
def test_an_arabic_article_reads_in_arabic_with_arabic_month_names(client, edition_article):
    article = edition_article("ar", "أخبار", "akhbar", "إعادة افتتاح الجسر")
    response = client.get(article.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "ar" and soup.html["dir"] == "rtl"
    page = text(response)
    assert "نُشر 6 سبتمبر 2021، 14:30 UTC" in page
    assert "انتقل إلى المحتوى" in page
    assert "Published" not in page and "September" not in page


@pytest.mark.django_db
def test_english_dates_keep_their_day_month_year_order(client, asia, make_article):
    article = published_on(make_article(asia), SEPT_6)
    assert "Published 6 September 2021, 14:30 UTC" in text(client.get(article.url))


@pytest.fixture
def arabic_editor(client, home):
    user = get_user_model().objects.create_superuser("rania", "rania@example.org", "x" * 14)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ar"
    profile.save()
    client.force_login(user)
    return client


def is_arabic(response) -> bool:
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.html.get("lang") == "ar" and soup.html.get("dir") == "rtl"


@pytest.mark.django_db
def test_an_editor_who_chose_arabic_gets_the_admin_in_arabic(arabic_editor, asia, make_article):
    embargoed = make_article(asia, title="Budget leak", publish=False)
    until = timezone.now() + timedelta(days=2)
    ArticlePage.objects.filter(pk=embargoed.pk).update(embargo_until=until)
    dashboard = arabic_editor.get("/admin/")
    assert dashboard.status_code == 200
    assert is_arabic(dashboard)
    page = text(dashboard)
    assert "لوحة التحكم" in page or "الصفحات" in page  # Wagtail's own strings
    # Dateline's own panel on the dashboard, its date with Arabic month names.
    assert "محظورة النشر" in page and "Under embargo" not in page
    with translation.override("ar"):
        arabic_date = formats.date_format(timezone.localtime(until), "DATETIME_FORMAT")
    assert arabic_date in page and "،" in arabic_date
    assert until.strftime("%B") not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "arabic", "english"),
    [
        ("/admin/locked-accounts/", "الحسابات المقفلة", "Locked accounts"),
        ("/admin/reader-data/", "طلبات بيانات القراء", "Reader data requests"),
        ("/admin/two-factor/", "تسجيل الدخول بخطوتين", "Two-factor sign-in"),
        ("/admin/snippets/live/channel/", "القنوات", "Channels"),
        ("/admin/snippets/comments/comment/", "التعليقات", "Comments"),
    ],
)
def test_datelines_own_admin_screens_follow_the_editors_language(
    arabic_editor, url, arabic, english
):
    response = arabic_editor.get(url)
    assert response.status_code == 200
    assert is_arabic(response)
    page = text(response)
    assert arabic in page and english not in page


@pytest.mark.django_db
def test_the_admin_offers_english_spanish_and_arabic(client, home):
    user = get_user_model().objects.create_superuser("pablo", "pablo@example.org", "x" * 14)
    client.force_login(user)
    response = client.get("/admin/account/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    choices = {o["value"] for o in soup.select("select[name$='preferred_language'] option")}
    assert {"en", "es", "ar"} <= choices
