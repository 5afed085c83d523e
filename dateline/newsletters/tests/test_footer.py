"""The signup form on every page keeps the page shareable: a GET form to the
edition's newsletter page, which shows the real POST form."""

import pytest


@pytest.mark.django_db
def test_every_page_has_a_get_form_to_the_newsletter_page_and_stays_cacheable(
    client, home, news, make_article
):
    article = make_article(news)
    for url in (home.url, news.url, article.url):
        response = client.get(url)
        assert response.status_code == 200
        control = response["Cache-Control"]
        assert "public" in control and "private" not in control, url
        assert not response.cookies
        html = response.content.decode()
        form = html[html.index('<form class="signup"') :]
        form = form[: form.index("</form>")]
        assert 'method="get" action="/en/newsletters/"' in form
        assert '<label for="signup-email">' in form
        assert 'type="email" id="signup-email" name="email" autocomplete="email"' in form
        assert "csrfmiddlewaretoken" not in form


@pytest.mark.django_db
def test_the_text_only_edition_links_to_the_newsletter_page(client, home):
    html = client.get("/en/lite/").content.decode()
    assert '<a href="/en/newsletters/">Newsletters</a>' in html
    assert "<form" not in html.split("<footer>", 1)[1]
