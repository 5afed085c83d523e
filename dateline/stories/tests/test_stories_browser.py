"""In Chromium against the demo site: an editor posts to the live blog and raises a
breaking-news banner in the admin; readers' open pages follow without reloading."""

import re
from datetime import UTC, datetime

from playwright.sync_api import expect

SECONDS = 1000  # Playwright counts milliseconds


def sign_in(browser, base, password, username="editor", **context_options):
    context = browser.new_context(**context_options)
    admin = context.new_page()
    admin.goto(base + "/admin/login/")
    admin.get_by_label("Username").fill(username)
    admin.get_by_label("Password").fill(password)
    admin.get_by_role("button", name="Sign in").click()
    admin.wait_for_url(re.compile(r"/admin/$"))
    return context, admin


def publish(admin):
    """The footer's Publish action, under the "Save draft" button's menu."""
    admin.locator("footer .w-dropdown__toggle").click()
    admin.locator("button[name=action-publish]").click()
    admin.wait_for_url(re.compile(r"/admin/snippets/stories/liveblogentry/"))


def live_blog_url(base, page) -> str:
    page.goto(base + "/en/")
    return page.locator(".live-now a").first.get_attribute("href")


def test_editor_posts_and_readers_see_it_without_reloading(demo_server, demo_password, browser):
    readers = [browser.new_context() for _ in range(2)]
    tabs = [reader.new_page() for reader in readers]
    url = demo_server + live_blog_url(demo_server, tabs[0])
    for tab in tabs:
        tab.goto(url)
        expect(tab.get_by_role("button", name="Pause updates")).to_be_visible()
    entries = [tab.locator("#entries > article.entry") for tab in tabs]
    pinned = entries[0].first.get_attribute("id")
    expect(entries[0].first.locator(".entry-pinned")).to_have_text("Pinned")
    blog_id = re.search(r"/liveblog/(\d+)/", tabs[0].locator("#entries").get_attribute("data-src"))

    editors, admin = sign_in(browser, demo_server, demo_password)
    admin.goto(f"{demo_server}/admin/snippets/stories/liveblogentry/add/?live_blog={blog_id[1]}")
    admin.get_by_role("textbox", name="Headline").fill("Engineers inspect the dam")
    admin.get_by_title("Insert a block").click()
    admin.get_by_role("option", name="Paragraph").click()
    admin.locator(".Draftail-Editor [contenteditable=true]").first.press_sequentially(
        "Engineers are checking the dam above the valley this afternoon."
    )
    # Draftail copies what was typed into the form a moment later.
    expect(admin.locator("input[name='body-0-value']")).to_have_value(re.compile("Engineers are"))
    publish(admin)

    for tab, shown in zip(tabs, entries, strict=True):
        new = tab.locator("article.entry", has_text="Engineers inspect the dam")
        expect(new).to_be_visible(timeout=10 * SECONDS)
        # The pinned entry stays on top; the new one comes straight after it.
        expect(shown.first).to_have_id(pinned)
        expect(shown.nth(1)).to_contain_text("Engineers inspect the dam")
        expect(tab.get_by_role("status")).to_contain_text("1 new update")
    assert all(tab.url == url for tab in tabs)  # nobody reloaded
    entry_id = entries[0].nth(1).get_attribute("id").removeprefix("entry-")

    # A reader pauses: nothing changes until they resume.
    tabs[1].get_by_role("button", name="Pause updates").click()
    expect(tabs[1].get_by_role("button", name="Resume updates")).to_have_attribute(
        "aria-pressed", "true"
    )

    # Pinned, it moves to the top of the page.
    admin.goto(f"{demo_server}/admin/snippets/stories/liveblogentry/edit/{entry_id}/")
    admin.get_by_role("checkbox", name="Pinned").check()
    publish(admin)
    expect(entries[0].first).to_have_id(f"entry-{entry_id}", timeout=10 * SECONDS)
    expect(entries[0].first.locator(".entry-pinned")).to_have_text("Pinned")
    tabs[0].wait_for_timeout(6 * SECONDS)
    expect(entries[1].first).to_have_id(pinned)  # still paused
    tabs[1].get_by_role("button", name="Resume updates").click()
    expect(entries[1].first).to_have_id(f"entry-{entry_id}", timeout=10 * SECONDS)

    # Withdrawn, it disappears from both readers' pages.
    admin.goto(f"{demo_server}/admin/snippets/stories/liveblogentry/edit/{entry_id}/")
    admin.get_by_role("checkbox", name="Withdrawn").check()
    publish(admin)
    for tab, shown in zip(tabs, entries, strict=True):
        expect(tab.locator(f"#entry-{entry_id}")).to_have_count(0, timeout=10 * SECONDS)
        expect(shown.first).to_have_id(pinned)
    for context in (*readers, editors):
        context.close()


def test_breaking_banner_reaches_open_pages_and_goes_at_expiry(demo_server, demo_password, browser):
    reader = browser.new_context()
    tabs = [reader.new_page() for _ in range(3)]
    blog = live_blog_url(demo_server, tabs[0])
    tabs[0].goto(demo_server + blog)
    article = tabs[0].locator(".related-inline a").first.get_attribute("href")
    pages = ["/en/", article, "/en/live/audio/"]
    for tab, path in zip(tabs, pages, strict=True):
        tab.goto(demo_server + path)
        expect(tab.locator("#breaking")).to_be_hidden()

    editors, admin = sign_in(browser, demo_server, demo_password)
    admin.goto(demo_server + "/admin/snippets/stories/breakingnews/add/")
    admin.get_by_role("textbox", name="Text").fill("Evacuation ordered below the Pul-e Sorkh dam")
    admin.get_by_role("textbox", name="Or another address").fill("https://example.org/evacuation")
    admin.get_by_role("button", name="Save").click()
    admin.wait_for_url(re.compile(r"/admin/snippets/stories/breakingnews/$"))

    # Open pages pick it up without reloading (they ask every 15 s)…
    for tab in tabs:
        banner = tab.locator("#breaking")
        expect(banner).to_be_visible(timeout=25 * SECONDS)
        expect(banner.get_by_role("link")).to_have_text(
            "Evacuation ordered below the Pul-e Sorkh dam"
        )
    # …and so do pages loaded now, even from the shared cache.
    fresh = reader.new_page()
    for path in pages:
        fresh.goto(demo_server + path)
        expect(fresh.locator("#breaking")).to_be_visible(timeout=10 * SECONDS)

    # At its expiry it goes, even where the page and the answer are cached: the
    # reader's clock is wound on past the hour the banner was raised for.
    clock = reader.new_page()
    clock.clock.install()
    clock.goto(demo_server + "/en/")
    expect(clock.locator("#breaking")).to_be_visible(timeout=10 * SECONDS)
    clock.clock.fast_forward("01:01:00")
    expect(clock.locator("#breaking")).to_be_hidden(timeout=5 * SECONDS)

    # The editor lowers it early (its expiry set to now): every open page drops it.
    admin.get_by_role("link", name=re.compile("Evacuation ordered")).first.click()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    admin.get_by_role("textbox", name="Show until").fill(now)
    admin.get_by_role("button", name="Save").click()
    admin.wait_for_url(re.compile(r"/admin/snippets/stories/breakingnews/$"))
    for tab in tabs:
        expect(tab.locator("#breaking")).to_be_hidden(timeout=25 * SECONDS)
    reader.close()
    editors.close()


def story_pages(base, browser) -> dict[str, str]:
    page = browser.new_page()
    page.goto(base + "/en/")
    blog = page.locator(".live-now a").first.get_attribute("href")
    page.goto(base + blog)
    story = page.locator("header .story-links a").first.get_attribute("href")
    article = page.locator(".related-inline a").first.get_attribute("href")
    page.close()
    paths = {
        "live blog": blog,
        "story": story,
        "article": article,
        "corrections": "/en/corrections/",
    }
    return {name: base + path for name, path in paths.items()}


def test_live_blog_reads_and_pages_without_javascript(demo_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(story_pages(demo_server, browser)["live blog"])
    entries = page.locator("#entries > article.entry")
    assert entries.count() >= 10
    expect(entries.first.locator(".entry-pinned")).to_be_visible()
    expect(page.locator(".key-points li").first).to_be_visible()
    # The pause button needs the script, so without it it stays out of the way.
    expect(page.get_by_role("button", name="Pause updates")).to_be_hidden()
    context.close()


def test_story_pages_pass_axe_core(demo_server, browser, axe_violations):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    for name, url in story_pages(demo_server, browser).items():
        page.goto(url)
        assert axe_violations(page) == [], name
    context.close()


def test_story_pages_pass_the_nu_html_checker(demo_server, browser, html_problems):
    assert html_problems(story_pages(demo_server, browser), check_css=False) == []
