"""Dateline's own admin screens pass axe-core (WCAG 2.2 AA) in Chromium: the
dashboard, the moderation queue, the wire, the reports, newsletters, the
translations desk, two-factor sign-in, every snippet Dateline registers (list
and form), and the page editor of an article and of a live blog, whose
StreamFields are where Wagtail's own widgets needed labels."""

import json
import re
import subprocess
import sys
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from dateline.conftest import own_site_env, running_site

# What the demo leaves out, made once: a comment and a ban, a newsletter with an
# issue, a subscriber and a suppressed address, an agency and a wire item, and a
# translation out of date.
SEED = """
import json
from datetime import timedelta
from django.utils import timezone
from wagtail.models import Locale
from dateline.comments.models import Comment, CommenterBan
from dateline.live.models import Channel
from dateline.newsletters.models import (
    Issue, IssueArticle, NewsletterList, Subscriber, Subscription, Suppression,
)
from dateline.newsroom.models import ArticlePage, Author, NewsTag
from dateline.stories.models import BreakingNews, LiveBlogEntry, LiveBlogPage
from dateline.wire.models import Agency
from dateline.translations.desk import translation_of
from dateline.translations.models import OutOfDate
from dateline.wire.receive import receive

article = ArticlePage.objects.filter(locale__language_code="en").live().first()
comment = Comment.objects.create(
    article=article, name="Reader", email="reader@example.org", body="Is the road open yet?"
)
ban = CommenterBan.objects.create(
    kind="email", key="0" * 64, until=timezone.now() + timedelta(days=7), reason="Spam links"
)
newsletter = NewsletterList.objects.create(
    locale=Locale.objects.get(language_code="en"), slug="morning", name="Morning briefing"
)
issue = Issue.objects.create(newsletter=newsletter, subject="Tuesday's briefing")
IssueArticle.objects.create(issue=issue, article=article)
subscriber = Subscriber.objects.create(email="subscriber@example.org")
Subscription.objects.create(
    subscriber=subscriber, newsletter=newsletter, status="confirmed", consent_source="test"
)
suppression = Suppression.objects.create(email="gone@example.org", reason="bounce")
agency = Agency.objects.create(name="Kestrel", slug="kestrel")
item = receive(
    {
        "uri": "urn:kestrel:2026:salang-snow",
        "type": "text",
        "version": "1",
        "language": "en",
        "headlines": [{"role": "main", "value": "Snow closes the high pass"}],
        "bodies": [{"role": "main", "contenttype": "text/plain", "value": "Ploughs worked."}],
        "by": "Noor Rahimi",
    },
    agency=agency,
).item
# A translation the desk made (the demo's editions adopt theirs), marked out of
# date as a correction of its source would mark it.
translated = {}
for language in ("es", "ar"):
    pages = ArticlePage.objects.filter(locale__language_code=language)
    page, translation = next((p, t) for p in pages if (t := translation_of(p)))
    translated[language] = page.pk
    if language == "es":
        OutOfDate.objects.create(
            translation=translation,
            page=page,
            source_page=ArticlePage.objects.get(
                translation_key=page.translation_key, locale=translation.source.locale
            ),
            reason="correction",
            note="The death toll was corrected.",
        )
print(json.dumps({
    "translated_es": translated["es"],
    "translated_ar": translated["ar"],
    "article": article.pk,
    "live_blog": LiveBlogPage.objects.first().pk,
    "entry": LiveBlogEntry.objects.first().pk,
    "breaking": BreakingNews.objects.first().pk,
    "author": Author.objects.first().pk,
    "tag": NewsTag.objects.first().pk,
    "channel": Channel.objects.first().pk,
    "comment": comment.pk,
    "ban": ban.pk,
    "newsletter": newsletter.pk,
    "issue": issue.pk,
    "subscriber": subscriber.pk,
    "suppression": suppression.pk,
    "agency": agency.pk,
    "wire_item": item.pk,
}))
"""


SITE_ENV: dict = {}


@pytest.fixture(scope="module")
def admin_site(tmp_path_factory):
    data = tmp_path_factory.mktemp("axe-site")
    env = own_site_env(data)
    SITE_ENV["env"] = env
    with running_site(data, env, [["load-demo", "--articles", "4"]]) as base:
        seeded = subprocess.run(
            [sys.executable, "-m", "dateline", "shell", "-c", SEED],
            env=env,
            capture_output=True,
            text=True,
        )
        assert seeded.returncode == 0, seeded.stderr
        ids = json.loads(seeded.stdout.strip().splitlines()[-1])
        password = (data / "admin-password.txt").read_text().strip()
        yield base, password, ids


def _sign_in(browser, base, username, password):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(base + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


@pytest.fixture(scope="module")
def signed_in(admin_site, browser):
    """A tab per user, signed in once for the whole module."""
    base, password, _ = admin_site
    tabs = {}

    def tab(username):
        if username not in tabs:
            tabs[username] = _sign_in(browser, base, username, password)
        return tabs[username]

    yield tab
    for page in tabs.values():
        page.context.close()


# (name, user, path with {id} placeholders). The editor sees everything the
# newsroom works in; the settings only Administrators reach are seen by admin.
SCREENS = [
    ("dashboard", "editor", "/admin/"),
    ("moderation queue", "editor", "/admin/comments/queue/"),
    ("wire", "editor", "/admin/wire/"),
    ("wire item", "editor", "/admin/wire/{wire_item}/"),
    ("readership report", "editor", "/admin/reports/readership/"),
    ("article readership", "editor", "/admin/reports/readership/pages/{article}/"),
    ("out-of-date translations", "editor", "/admin/translations/out-of-date/"),
    ("newsletter send", "editor", "/admin/newsletters/issue/{issue}/send/"),
    ("reader data requests", "admin", "/admin/reader-data/"),
    ("locked accounts", "admin", "/admin/locked-accounts/"),
    ("comment settings", "admin", "/admin/settings/comments/commentsettings/"),
    ("article editor", "editor", "/admin/pages/{article}/edit/"),
    # wagtail-localize's translation editor, with the desk's panel (translations).
    ("translation editor", "editor", "/admin/pages/{translated_es}/edit/"),
    ("translation editor, right to left", "editor", "/admin/pages/{translated_ar}/edit/"),
    ("live blog editor", "editor", "/admin/pages/{live_blog}/edit/"),
    ("live blog composer", "editor", "/admin/live-blogs/{live_blog}/"),
    ("budget", "editor", "/admin/budget/"),
    ("budget: add", "editor", "/admin/budget/new/"),
]
# (name, model, ids key, who may open it, its object views, whether it has "add").
# Comments come from readers and bans from the moderation queue: no "add".
SNIPPETS = [
    ("comments", "comments.comment", "comment", "editor", ["edit", "inspect"], False),
    ("commenter bans", "comments.commenterban", "ban", "editor", ["edit"], False),
    ("live blog entries", "stories.liveblogentry", "entry", "editor", ["edit"], True),
    ("breaking news", "stories.breakingnews", "breaking", "editor", ["edit"], True),
    ("authors", "newsroom.author", "author", "editor", ["edit"], True),
    ("tags", "newsroom.newstag", "tag", "editor", ["edit"], True),
    ("live channels", "live.channel", "channel", "editor", ["edit"], True),
    ("agencies", "wire.agency", "agency", "admin", ["edit"], True),
    ("newsletter lists", "newsletters.newsletterlist", "newsletter", "admin", ["edit"], True),
    ("newsletter issues", "newsletters.issue", "issue", "editor", ["edit"], True),
    ("subscribers", "newsletters.subscriber", "subscriber", "editor", ["inspect"], False),
    ("suppressed addresses", "newsletters.suppression", "suppression", "admin", ["edit"], True),
]
for name, model, key, user, views, can_add in SNIPPETS:
    prefix = "/admin/snippets/" + model.replace(".", "/") + "/"
    SCREENS.append((name, user, prefix))
    if can_add:
        SCREENS.append((f"{name}: add", user, prefix + "add/"))
    SCREENS += [(f"{name}: {view}", user, f"{prefix}{view}/{{{key}}}/") for view in views]


def _explain(name: str, url: str, violations: list) -> str:
    lines = [f"{name} ({url}): {len(violations)} axe-core violation(s)"]
    lines += [f"  {rule}: {targets}" for rule, targets in violations]
    return "\n".join(lines)


@pytest.mark.parametrize(("name", "user", "path"), SCREENS, ids=[s[0] for s in SCREENS])
def test_admin_screen_passes_axe(name, user, path, admin_site, signed_in, axe_violations):
    base, _, ids = admin_site
    page = signed_in(user)
    url = base + path.format(**ids)
    response = page.goto(url)
    assert response.status == 200, f"{name}: {url} answered {response.status}"
    # Settings go on to the default site's (/commentsettings/2/); nothing else moves.
    assert page.url.startswith(url), f"{name}: {url} went on to {page.url}"
    # Wagtail draws StreamFields, choosers and tabs with JavaScript after load.
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    assert violations == [], _explain(name, url, violations)
    # A tabbed form (the page editor's Promote and Settings) is checked tab by
    # tab: axe-core leaves hidden panels out.
    tabs = page.locator('[role="tablist"] [role="tab"]')
    for index in range(tabs.count()):
        tab = tabs.nth(index)
        if tab.get_attribute("aria-selected") == "true" or not tab.is_visible():
            continue
        tab.click()
        shown = f"{name}, tab {tab.inner_text().strip()!r}"
        violations = axe_violations(page)
        assert violations == [], _explain(shown, url, violations)


def test_two_factor_screens_pass_axe(admin_site, browser, axe_violations):
    """Setting up an authenticator, the recovery codes, the setting once on,
    and the code asked for at the next sign-in (as the reporter, whose second
    factor no other screen here depends on)."""
    base, password, _ = admin_site
    page = _sign_in(browser, base, "reporter", password)
    seen = {}

    page.goto(base + "/admin/two-factor/")
    seen["two-factor setup"] = axe_violations(page)
    key = b32decode(re.sub(r"\s", "", page.locator("[data-totp-secret]").inner_text()))
    page.locator('input[name="token"]').fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.wait_for_load_state()
    seen["recovery codes"] = axe_violations(page)
    page.goto(base + "/admin/two-factor/")
    seen["two-factor on"] = axe_violations(page)
    page.context.close()

    again = browser.new_context(bypass_csp=True).new_page()
    again.goto(base + "/admin/login/")
    again.get_by_label("Username").fill("reporter")
    again.get_by_label("Password").fill(password)
    again.get_by_role("button", name="Sign in").click()
    again.wait_for_url(re.compile(r"/two-factor/verify/"))
    seen["two-factor verify"] = axe_violations(again)
    # Sign-out answers only a POST, which its button on these steps sends.
    again.get_by_role("button", name="Sign out").click()
    again.wait_for_url(re.compile(r"/admin/login/"))
    again.context.close()

    failed = {name: found for name, found in seen.items() if found}
    assert failed == {}, "\n".join(_explain(n, "two-factor", v) for n, v in failed.items())


def test_blocks_added_in_the_editor_are_named_by_their_block(admin_site, signed_in):
    """A summary point added in the article editor gets the block's label as
    its name, as the ones already there do."""
    base, _, ids = admin_site
    page = signed_in("editor")
    page.goto(base + f"/admin/pages/{ids['article']}/edit/")
    page.wait_for_load_state("networkidle")
    points = page.get_by_role("textbox", name="Summary point", exact=True)
    before = points.count()
    assert before >= 1
    page.locator("#summary-root").get_by_role("button", name="Insert a block").last.click()
    expect(points).to_have_count(before + 1)


# A desk's day on top of the demo: a new reporter's draft and one sent for review,
# a story scheduled and one under embargo, a budget line due, a banner up.
DESK_SEED = """
from datetime import timedelta
from django.contrib.auth.models import Group, User
from django.utils import timezone
from wagtail.models import Locale
from dateline.budget.models import PlannedStory
from dateline.newsroom.models import ArticlePage, SectionPage
from dateline.stories.models import BreakingNews

# A reporter of their own: the demo's signs in with a second factor by now.
reporter = User.objects.create_user("rashid", password="a desk of our own", first_name="Rashid")
reporter.groups.add(Group.objects.get(name="Reporters"))
section = SectionPage.objects.filter(locale__language_code="en", slug="afghanistan").first()
def draft(title, **fields):
    page = section.add_child(instance=ArticlePage(
        title=title, summary=[("point", "Draft.")], live=False, owner=reporter, **fields
    ))
    return page, page.save_revision(user=reporter)
draft("Draft: bridge repairs")
page, _ = draft("In review: school reopens")
page.get_workflow().start(page, reporter)
_, revision = draft("Scheduled: election results")
revision.approved_go_live_at = timezone.now() + timedelta(hours=6)
revision.save()
draft("Embargoed: budget speech", embargo_until=timezone.now() + timedelta(hours=20))
PlannedStory.objects.create(
    slug="salang-tunnel", title="Salang tunnel reopens", section=section, assignee=reporter,
    planned_at=timezone.now() + timedelta(hours=3),
)
BreakingNews.objects.create(
    text="Polls close in one hour", locale=Locale.objects.get(language_code="en"),
    expires_at=timezone.now() + timedelta(hours=1),
)
"""

EDITOR_PANELS = {
    "desk-awaiting-review": "In review: school reopens",
    "desk-coming-up": "Scheduled: election results",
    "desk-embargoes": "Embargoed: budget speech",
    "desk-budget-due": "salang-tunnel: Salang tunnel reopens",
    "desk-breaking": "Polls close in one hour",
    "desk-live-blogs": "",
    "desk-pending-comments": "Reader: ",
    "desk-wire": "Snow closes the high pass",
    "out-of-date-translations": "",
}
REPORTER_PANELS = {
    "desk-my-drafts": "Draft: bridge repairs",
    "desk-back-from-review": "In review: school reopens",
    "desk-budget-due": "salang-tunnel: Salang tunnel reopens",
}


def test_the_dashboard_shows_each_panels_items_for_each_role(admin_site, browser):
    """Run last in this module: it adds a desk's day to the site."""
    base, password, _ = admin_site
    seeded = subprocess.run(
        [sys.executable, "-m", "dateline", "shell", "-c", DESK_SEED],
        env=SITE_ENV["env"],
        capture_output=True,
        text=True,
    )
    assert seeded.returncode == 0, seeded.stderr
    for user, secret, panels, absent in (
        ("editor", password, EDITOR_PANELS, ()),
        (
            "rashid",
            "a desk of our own",
            REPORTER_PANELS,
            ("desk-wire", "desk-awaiting-review", "desk-breaking"),
        ),
    ):
        page = _sign_in(browser, base, user, secret)
        for name, item in panels.items():
            panel = page.locator(f"#{name}-section")
            expect(panel).to_be_visible()
            # Every panel with items links to them, one click each.
            expect(panel.locator("td a", has_text=item).first).to_be_visible()
            expect(panel.locator(".desk-count")).to_contain_text("item")
        for name in absent:
            expect(page.locator(f"#{name}-section")).to_have_count(0)
        if user == "editor":
            # An open live blog's row opens its composer.
            page.locator("#desk-live-blogs-section td a").first.click()
            expect(page.get_by_role("heading", name="New entry")).to_be_visible()
        page.context.close()
