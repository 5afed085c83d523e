"""A reader in Chromium: the demo article shows every part, and pages pass the
Nu HTML checker and axe-core. Runs against the real server `make demo` starts."""

import urllib.request

import pytest

SECTION = "/en/news/afghanistan/"


@pytest.fixture(scope="module")
def article_url(demo_server, browser):
    page = browser.new_page()
    page.goto(demo_server + SECTION)
    href = page.locator("main .card h3 a").first.get_attribute("href")
    page.close()
    return demo_server + href


def test_demo_article_shows_every_part_and_copy_link_works(demo_server, browser, article_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(article_url)

    article = page.locator("main article")
    assert page.get_by_role("link", name="Live", exact=True).is_visible()
    assert page.get_by_role("link", name="Audio Only").is_visible()
    crumbs = page.locator("nav.breadcrumb ol li")
    assert crumbs.all_inner_texts()[:2] == ["News", "Afghanistan"]
    assert article.locator("h1").inner_text().strip()
    assert article.locator("ul.summary li").first.is_visible()
    lead = article.locator("figure.lead")
    assert lead.locator("picture img").is_visible()
    assert lead.locator("img").get_attribute("alt")
    assert lead.locator("img").get_attribute("width") and lead.locator("img").get_attribute(
        "height"
    )
    assert lead.locator("source[type='image/avif']").count() == 1
    assert lead.locator("figcaption .caption").inner_text().strip()
    assert lead.locator("figcaption .credit").inner_text().startswith("Photo:")
    assert article.locator("p.dates time[datetime]").first.is_visible()
    body = article.locator(".body")
    assert body.locator("h2.subheading").first.is_visible()
    assert body.locator("p a").first.is_visible()
    assert body.locator("figure.quote blockquote").is_visible()
    assert body.locator("figure.inline-image img").is_visible()
    assert body.locator("p.related-inline a").is_visible()
    assert body.locator("audio").count() == 1
    assert body.locator("aside.embed a").is_visible()
    assert article.locator("ul.tags a[rel=tag]").count() >= 3
    share = article.locator("nav.share")
    for network in ["Facebook", "X", "WhatsApp", "Telegram", "LinkedIn", "Email"]:
        assert share.get_by_role("link", name=network).is_visible(), network
    assert page.locator("#comments").get_by_text("No comments yet.").is_visible()

    copy = share.get_by_role("button", name="Copy link")
    assert copy.is_visible()
    copy.click()
    assert page.evaluate("navigator.clipboard.readText()") == article_url
    assert not errors
    assert all(url.startswith(demo_server) for url in requests), "no third-party requests"
    context.close()


def test_article_reads_without_javascript(browser, article_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(article_url)
    assert page.locator("main article h1").is_visible()
    assert page.locator("main article .body p").first.is_visible()
    assert page.locator("figure.lead img").is_visible()
    # The copy button needs a script, so without one it stays out of the way.
    assert not page.get_by_role("button", name="Copy link").is_visible()
    context.close()


def pages_to_check(demo_server, article_url):
    return {"home": demo_server + "/en/", "section": demo_server + SECTION, "article": article_url}


def test_pages_pass_axe_core_with_no_violations(demo_server, browser, article_url, axe_violations):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    for name, url in pages_to_check(demo_server, article_url).items():
        page.goto(url)
        assert axe_violations(page) == [], name
    context.close()


def test_pages_pass_the_nu_html_checker(demo_server, article_url, html_problems):
    assert html_problems(pages_to_check(demo_server, article_url)) == []


def test_demo_article_metadata_reads_back_as_aggregators_see_it(article_url):
    import extruct

    with urllib.request.urlopen(article_url, timeout=10) as response:
        html = response.read().decode()
    data = extruct.extract(html, base_url=article_url, syntaxes=["json-ld", "opengraph"])
    news = next(d for d in data["json-ld"] if d["@type"] == "NewsArticle")
    for field in [
        "headline",
        "description",
        "datePublished",
        "dateModified",
        "articleSection",
        "keywords",
        "mainEntityOfPage",
    ]:
        assert news[field], field
    assert len(news["image"]) == 3
    assert news["author"] and all(a["@type"] == "Person" and a["url"] for a in news["author"])
    assert news["publisher"]["logo"]["url"].startswith("http")
    assert news["mainEntityOfPage"]["@id"] == article_url
    breadcrumb = next(d for d in data["json-ld"] if d["@type"] == "BreadcrumbList")
    assert [i["name"] for i in breadcrumb["itemListElement"]][:2] == ["News", "Afghanistan"]
    og = dict(data["opengraph"][0]["properties"])
    assert og["og:type"] == "article" and og["og:url"] == article_url
    for key in ["og:image", "article:published_time", "article:modified_time", "article:section"]:
        assert og[key], key
