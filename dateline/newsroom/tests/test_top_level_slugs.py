"""A section at the top of an edition cannot take an address the site already
answers there (/en/lite/, /en/live/, /en/tags/...): readers would never reach it."""

import pytest
from wagtail.models import Page

from dateline.newsroom.models import SectionPage


def add_section(client, parent, slug):
    return client.post(
        f"/admin/pages/add/newsroom/sectionpage/{parent.pk}/",
        {"title": f"Section {slug}", "slug": slug, "intro": "", "ninjs_subjects": ""},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["lite", "live", "search", "tags", "corrections"])
def test_a_section_at_the_top_cannot_shadow_the_site(client, admin_user, home, slug):
    client.force_login(admin_user)
    response = add_section(client, home, slug)
    assert response.status_code == 200  # the form again, with the error
    assert f"The site already uses /{slug}/ in every edition" in response.content.decode()
    assert not SectionPage.objects.filter(slug=slug).exists()


@pytest.mark.django_db
def test_the_same_slug_is_fine_deeper_down(client, admin_user, home, news):
    client.force_login(admin_user)
    response = add_section(client, news, "live")
    assert response.status_code == 302
    assert Page.objects.get(slug="live").get_parent().specific == news
    assert add_section(client, home, "world").status_code == 302
