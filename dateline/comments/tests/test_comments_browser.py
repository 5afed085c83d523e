"""A reader comments in Chromium, an editor approves it in the admin, the reader sees it."""

import re

SECTION = "/en/business/"


def test_reader_comment_is_approved_by_editor_and_appears(demo_server, demo_password, browser):
    reader = browser.new_context()
    page = reader.new_page()
    page.goto(demo_server + SECTION)
    card = page.locator("main .card").first
    title = card.locator("h3").inner_text()
    assert not re.search(r"\d+ comments?", card.inner_text())
    card.locator("h3 a").click()
    article_url = page.url

    page.get_by_role("link", name="Write a comment").click()
    page.get_by_label("Display name").fill("Reader in Herat")
    page.get_by_label("Comment").fill("Useful explainer, thank you.\nMore like this please.")
    page.get_by_role("button", name="Post comment").click()
    assert (
        page.get_by_role("status")
        .inner_text()
        .startswith("Thank you. Your comment is awaiting moderation")
    )
    page.goto(article_url)
    assert "Useful explainer" not in page.locator("#comments").inner_text()

    editor = browser.new_context()
    admin = editor.new_page()
    admin.goto(demo_server + "/admin/login/")
    admin.get_by_label("Username").fill("editor")
    admin.get_by_label("Password").fill(demo_password)
    admin.get_by_role("button", name="Sign in").click()
    admin.goto(demo_server + "/admin/snippets/comments/comment/?status=pending")
    admin.get_by_role("link", name=re.compile("Useful explainer")).first.click()
    admin.get_by_role("combobox", name="Status").select_option("approved")
    admin.get_by_role("button", name="Save").click()
    admin.wait_for_url(re.compile(r"/admin/snippets/comments/comment/"))

    page.reload()
    comments = page.locator("#comments")
    assert "Useful explainer, thank you." in comments.inner_text()
    assert "(1)" in comments.locator("h2").inner_text()
    page.goto(demo_server + SECTION)
    page.reload()  # the browser may keep the front for a minute (max-age); look past it
    card = page.locator("main .card", has_text=title)
    assert "1 comment" in card.inner_text()
    reader.close()
    editor.close()
