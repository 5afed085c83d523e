"""An Arabic edition's pages are edited right to left, whatever the editor's
admin language; other editions' pages stay left to right."""

import re

import pytest


def title_input(html: str) -> str:
    return re.search(r'<input[^>]*name="title"[^>]*>', html).group(0)


@pytest.mark.django_db
def test_an_arabic_article_is_edited_right_to_left(
    client, admin_user, make_edition, news, make_article
):
    english = make_article(news, title="Bridge reopens after repairs")
    arabic_home = make_edition("ar")
    arabic_news = news.copy_for_translation(arabic_home.locale)
    arabic_news.save_revision().publish()
    arabic = make_article(arabic_news, title="إعادة فتح الجسر بعد الإصلاحات", slug="bridge-reopens")
    client.force_login(admin_user)

    html = client.get(f"/admin/pages/{arabic.pk}/edit/").content.decode()
    assert 'dir="rtl"' in title_input(html)
    assert re.search(r'<textarea[^>]*name="search_description"[^>]*dir="rtl"', html)
    assert "newsroom/edition_direction.js" in html
    assert 'name="slug"' in html and not re.search(r'<input[^>]*name="slug"[^>]*dir="rtl"', html)

    # A new page under an Arabic section is typed right to left from the start.
    html = client.get(f"/admin/pages/add/newsroom/articlepage/{arabic_news.pk}/").content.decode()
    assert 'dir="rtl"' in title_input(html)

    html = client.get(f"/admin/pages/{english.pk}/edit/").content.decode()
    assert "dir=" not in title_input(html)
