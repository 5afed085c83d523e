"""Script injection through everything a stranger or an agency can put on a
page: reader comments, ninjs bodies and picture captions, search queries, and
author and tag names. Each payload is pushed in through the normal way in,
then Chromium loads the pages with the Content-Security-Policy switched off
(escaping alone must hold) and watches for dialogs, script errors, requests a
live payload would make, and any markup that could run."""

import os
import urllib.parse
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from dateline.comments.models import Comment, CommentSettings
from dateline.ingest.html import check_closed, sanitise_html
from dateline.ingest.ninjs import NinjsError, import_item
from dateline.newsroom.models import ArticlePage, Author, NewsTag

PAYLOADS = [
    line
    for line in (Path(__file__).parents[1] / "xss-payloads.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
PICTURE = Path(__file__).resolve().parents[3] / "examples" / "ninjs" / "wind-farm.jpg"

# Runs in the page: anything that could execute, whatever the payload was.
LIVE_MARKUP = """() => {
  const found = [];
  const urlAttrs = ["href", "src", "action", "formaction", "data", "xlink:href", "background"];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on") || name === "srcdoc") found.push(tag + "[" + name + "]");
      if (urlAttrs.includes(name) && /^\\s*(javascript|vbscript|data):/i.test(attr.value)
          && !(tag === "img" && /^data:image\\//.test(attr.value))) {
        found.push(tag + "[" + name + "=" + attr.value.slice(0, 40) + "]");
      }
    }
    if (["iframe", "frame", "object", "embed", "base", "template", "marquee",
         "isindex", "math", "details"].includes(tag)) found.push(tag);
    if (tag === "svg" && !el.closest("[aria-hidden=true]")) found.push("svg");
    if (tag === "script" && !el.src && el.type !== "application/ld+json") found.push("script");
    if (tag === "meta" && (el.httpEquiv || "").toLowerCase() === "refresh") found.push("meta");
    if (tag === "style" && el.textContent.includes("javascript")) found.push("style");
  }
  return found;
}"""


class Watcher:
    """One browser tab with the CSP off, remembering what happened on each page."""

    def __init__(self, browser, base: str, cookies=()):
        self.context = browser.new_context(bypass_csp=True)
        self.context.add_cookies(list(cookies))
        self.page = self.context.new_page()
        self.base = base
        self.events: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.events.append(f"script error: {error}"))
        self.page.on(
            "console",
            lambda m: (
                m.type == "error"
                and not m.text.startswith("Failed to load resource")
                and self.events.append(f"console error: {m.text}")
            ),
        )
        self.page.on("request", self._request)

    def _dialog(self, dialog):
        self.events.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def _request(self, request):
        # A live <img src=x>, <script src=data:...> or frame would fetch these.
        path = urllib.parse.urlsplit(request.url).path
        if not request.url.startswith(self.base) or path.rstrip("/").endswith(("/x", "alert")):
            self.events.append(f"request: {request.url[:80]}")

    def visit(self, path: str) -> list[str]:
        self.events = []
        response = self.page.goto(self.base + path, wait_until="load")
        assert response.status in (200, 404), (path, response.status)
        self.page.mouse.move(200, 300)  # hover handlers, if any were live
        self.page.keyboard.press("Tab")  # focus and blur handlers
        self.page.wait_for_timeout(50)
        live = self.page.evaluate(LIVE_MARKUP)
        return self.events + [f"live markup: {item}" for item in live]

    def close(self):
        # The live server shares the test's database connection: let every
        # request finish before the test's teardown uses it.
        self.page.goto("about:blank")
        self.page.wait_for_load_state("networkidle")
        self.context.close()


@pytest.fixture(scope="module", autouse=True)
def _orm_beside_playwright():
    # The ORM runs in this thread while Playwright's sync API holds an event
    # loop in it. Left set: the test database is flushed and dropped after the
    # browser (a session fixture) has started, up to the end of the session.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture
def site(migrated_data, live_server, home, news):
    return live_server.url


def no_live_markup_stored(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = [tag.name for tag in soup.find_all(["script", "iframe", "object", "embed", "svg"])]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.startswith("on") or "javascript:" in str(value).replace(" ", "").lower():
                found.append(f"{tag.name}[{name}]")
    return found


def test_there_are_at_least_fifty_payloads():
    assert len(PAYLOADS) >= 50 and len(set(PAYLOADS)) == len(PAYLOADS)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_comment_payloads_are_shown_as_text(site, browser, make_article, news, home):
    article = make_article(news, title="Readers react")
    comment_settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    comment_settings.auto_approve = True
    comment_settings.save()
    reader = Client()
    for number, payload in enumerate(PAYLOADS):
        response = reader.post(
            reverse("comments:form", args=[article.pk]),
            {"name": payload[:80], "body": payload},
            REMOTE_ADDR=f"198.51.100.{number}",  # a reader each: under the rate limit
        )
        assert response.status_code == 302, (payload, response.content[:300])
    assert Comment.objects.filter(status="approved").count() == len(PAYLOADS)

    watcher = Watcher(browser, site)
    problems = watcher.visit(article.url)
    shown = watcher.page.locator("#comments").inner_text()
    watcher.close()
    assert problems == []
    for payload in PAYLOADS:
        assert payload.strip() in shown, payload  # shown as typed, not run


def _accepted(html: str) -> bool:
    try:
        check_closed(html, "bodies", sanitise_html)
    except NinjsError:
        return False
    return True


@pytest.mark.django_db
def test_ninjs_body_payloads_lose_nothing_or_are_refused(news):
    # Whatever a payload does to the parser, the paragraph after it survives,
    # or the import is refused naming the body and nothing is stored.
    refused = 0
    for number, payload in enumerate(PAYLOADS):
        body = f"<p>before</p><p>{payload}</p><p>after the payload</p>"
        try:
            result = import_item(_ninjs_item(number, body, []), section_path="news")
        except NinjsError as error:
            assert error.field == "bodies", payload
            refused += 1
            continue
        page = result.page.get_latest_revision_as_object()
        stored = "".join(str(block.value.source) for block in page.body)
        assert "after the payload" in stored, payload
    assert ArticlePage.objects.count() == len(PAYLOADS) - refused
    assert refused >= 1  # the file holds payloads that leave an element open


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("chief", "chief@example.org", "x" * 16)


def _ninjs_item(number: int, body: str, picture_texts: list[str]) -> dict:
    caption, alt, credit, headline = (picture_texts + ["", "", "", ""])[:4]
    return {
        "uri": f"urn:test:xss:{number}",
        "language": "en",
        "headlines": [{"role": "main", "value": f"Agency story {number}"}],
        "descriptions": [{"role": "summary", "value": "Agency summary."}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": body}],
        "associations": {
            "featureimage": {
                "type": "picture",
                "headlines": [{"role": "main", "value": headline or "Picture"}],
                "descriptions": [
                    {"role": "caption", "value": caption or "Caption"},
                    {"role": "alt", "value": alt or "Alt text"},
                ],
                "creditline": credit,
                "renditions": {"original": {"href": str(PICTURE)}},
            }
        },
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ninjs_body_and_caption_payloads_neither_run_nor_are_stored(site, browser, news):
    # Each item carries four payloads in its body and four in its picture:
    # caption, alt text, credit and headline. (An unclosed <textarea> or
    # <template> drops the rest of its body, so payloads are spread out.)
    groups = [PAYLOADS[i : i + 4] for i in range(0, len(PAYLOADS), 4)]
    articles = []
    for number, texts in enumerate(groups):
        # Payloads that leave an element open are refused (the test above); the
        # rest of the group's body still goes in, and the picture takes all four.
        body = "".join(f"<p>{payload}</p>" for payload in texts if _accepted(f"<p>{payload}</p>"))
        result = import_item(_ninjs_item(number, body, texts), section_path="news", publish=True)
        articles.append(ArticlePage.objects.get(pk=result.page.pk))

    stored = "".join(
        str(block.value.source)
        for article in articles
        for block in article.body
        if block.block_type == "paragraph"
    )
    assert no_live_markup_stored(stored) == []
    assert "read more" in stored  # link text kept; its javascript: href is not (above)
    captions = [article.lead_image_caption for article in articles]
    assert "<script>alert(1)</script>" in captions  # kept as text, escaped when shown

    watcher = Watcher(browser, site)
    problems = {article.url: watcher.visit(article.url) for article in articles}
    problems["search"] = watcher.visit("/en/search/?q=alert")  # highlighted matches
    watcher.close()
    assert {url: found for url, found in problems.items() if found} == {}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_query_payloads_are_echoed_as_text(site, browser, make_article, news):
    make_article(news, title="Script and alert in the headline")
    watcher = Watcher(browser, site)
    problems = {}
    for payload in PAYLOADS:
        found = watcher.visit("/en/search/?" + urllib.parse.urlencode({"q": payload}))
        if found:
            problems[payload] = found
    watcher.close()
    assert problems == {}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_author_and_tag_name_payloads_are_shown_as_text(site, browser, make_article, news):
    article = make_article(news, title="Names that bite")
    authors = [
        Author.objects.create(name=payload[:200], slug=f"author-{n}")
        for n, payload in enumerate(PAYLOADS)
    ]
    tags = [
        NewsTag.objects.create(name=payload[:100], slug=f"tag-{n}")
        for n, payload in enumerate(PAYLOADS)
    ]
    draft = article.get_latest_revision_as_object()
    draft.authors.set(authors)
    draft.tags.set(tags)
    draft.save_revision().publish()
    article.refresh_from_db()

    home = article.get_parent().get_parent().specific
    watcher = Watcher(browser, site)
    paths = [article.url, news.url, "/en/", "/en/feeds/rss/"]
    paths += [authors[n].get_url_in(home) for n in range(0, len(authors), 9)]
    paths += [home.url + home.reverse_subpage("tag", args=[tags[n].slug]) for n in (0, 10, 20)]
    paths += ["/en/search/?q=alert"]
    problems = {path: watcher.visit(path) for path in paths}
    byline = watcher.page.goto(site + article.url) and watcher.page.locator("main").inner_text()
    watcher.close()
    assert {path: found for path, found in problems.items() if found} == {}
    assert "<script>alert(1)</script>" in byline
