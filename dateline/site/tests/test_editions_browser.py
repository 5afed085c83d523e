"""The Spanish and Arabic editions of the demo in Chromium: each page in its
language, the Arabic one mirrored (screenshots on desktop and phone), and the
home, section, article and Live pages of both pass axe-core, the Nu HTML
checker and Lighthouse (accessibility, best practices and SEO 100)."""

import os
from pathlib import Path

import pytest

from bench import lighthouse

pytestmark = pytest.mark.once

EDITIONS = {"es": "ltr", "ar": "rtl"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# Where the screenshots go: CI keeps them with its logs when it sets the folder.
SHOTS = Path(os.environ.get("DATELINE_SCREENSHOTS", "/tmp/dateline-screenshots"))


@pytest.fixture(scope="module")
def edition_pages(demo_server, browser) -> dict[str, dict[str, str]]:
    """Each edition's home, first section, newest article and Live page, found
    the way a reader finds them: from the front page."""
    found = {}
    page = browser.new_page()
    for language in EDITIONS:
        page.goto(f"{demo_server}/{language}/")
        section = page.locator("nav.sections-nav a").first.get_attribute("href")
        article = page.locator("main .card h3 a").first.get_attribute("href")
        live = page.locator("nav.live-nav a").first.get_attribute("href")
        found[language] = {
            "home": f"/{language}/",
            "section": section,
            "article": article,
            "live": live,
        }
    page.close()
    for language, paths in found.items():
        for name, path in paths.items():
            assert path and path.startswith(f"/{language}/"), (language, name, path)
    return found


@pytest.mark.parametrize("language", list(EDITIONS))
def test_every_page_of_an_edition_is_in_its_language(demo_server, browser, edition_pages, language):
    page = browser.new_page()
    for name, path in edition_pages[language].items():
        page.goto(demo_server + path)
        html = page.locator("html")
        assert html.get_attribute("lang") == language, (name, path)
        assert html.get_attribute("dir") == EDITIONS[language], (name, path)
        # The masthead's own words are the interface's, in the edition's language.
        search = page.locator("form.site-search button").inner_text().strip()
        assert search != "Search", (name, path, search)
    page.close()


def test_arabic_pages_are_mirrored_on_desktop_and_phone(demo_server, browser, edition_pages):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for device, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for name in ("home", "article"):
            for language in ("en", "ar"):
                path = edition_pages["ar"][name] if language == "ar" else None
                if language == "en":
                    page.goto(demo_server + "/en/")
                    if name == "article":
                        page.goto(
                            demo_server
                            + page.locator("main .card h3 a").first.get_attribute("href")
                        )
                else:
                    page.goto(demo_server + path)
                brand = page.locator("header .brand").bounding_box()
                links = page.locator("nav.sections-nav a")
                first, second = links.nth(0).bounding_box(), links.nth(1).bounding_box()
                middle = viewport["width"] / 2
                if language == "ar":
                    page.screenshot(path=str(SHOTS / f"ar-{name}-{device}.png"), full_page=False)
                    # Mirrored: the masthead starts on the right and rows run leftwards.
                    assert brand["x"] + brand["width"] / 2 > middle, (device, name, brand)
                    if first["y"] == second["y"]:
                        assert first["x"] > second["x"], (device, name)
                else:
                    assert brand["x"] + brand["width"] / 2 < middle, (device, name, brand)
                    if first["y"] == second["y"]:
                        assert first["x"] < second["x"], (device, name)
        context.close()
    assert sorted(p.name for p in SHOTS.glob("ar-*.png")) == sorted(
        f"ar-{n}-{d}.png" for n in ("home", "article") for d in VIEWPORTS
    )


def test_edition_pages_pass_axe_core(demo_server, browser, edition_pages, axe_violations):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    for language, paths in edition_pages.items():
        for name, path in paths.items():
            page.goto(demo_server + path)
            assert axe_violations(page) == [], (language, name)
    context.close()


def test_edition_pages_pass_the_nu_html_checker(demo_server, edition_pages, html_problems):
    urls = {
        f"{language} {name}": demo_server + path
        for language, paths in edition_pages.items()
        for name, path in paths.items()
    }
    assert html_problems(urls) == []


@pytest.mark.parametrize("language", list(EDITIONS))
@pytest.mark.parametrize("name", ["home", "section", "article", "live"])
def test_edition_pages_score_100_on_lighthouse(demo_server, edition_pages, language, name):
    if reason := lighthouse.missing():
        pytest.skip(f"Lighthouse cannot run: {reason}")
    result = lighthouse.run(demo_server + edition_pages[language][name])
    below = {
        c: result["scores"][c]
        for c in ("accessibility", "best-practices", "seo")
        if result["scores"][c] < 100
    }
    assert not below, (language, name, below, result["failing"])
