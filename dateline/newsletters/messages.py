"""The messages: plain text and HTML, links straight to the site.

An issue is rendered once per send; each subscriber's copy only swaps in their
own unsubscribe and preferences links. No pixels, no redirected links: what a
message counts is sends, bounces and unsubscribes (decision 0013).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .issues import absolute
from .models import Issue, Subscriber
from .tokens import CONFIRM, PREFERENCES, UNSUBSCRIBE, make_token

UNSUBSCRIBE_MARK = "__dateline_unsubscribe_url__"
PREFERENCES_MARK = "__dateline_preferences_url__"
LEAD_RENDITION = "fill-600x338"


def link(name: str, subscriber: Subscriber, purpose: str, language_code: str, issue_id=None):
    with translation.override(language_code):
        path = reverse(f"newsletters:{name}", args=[make_token(subscriber, purpose, issue_id)])
    return absolute(path)


def _story(article, lead: bool) -> dict:
    points = [str(block.value) for block in article.summary if block.block_type == "point"]
    story = {"title": article.title, "url": article.get_full_url(), "summary": points[:1]}
    if lead and article.lead_image_id:
        rendition = article.lead_image.get_rendition(LEAD_RENDITION)
        story["image"] = {
            "url": absolute(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": article.lead_image_alt or article.lead_image.description or article.title,
        }
    return story


@dataclass(frozen=True)
class RenderedIssue:
    issue_id: int
    language_code: str
    subject: str
    list_id: str
    text: str
    html: str


def render_issue(issue: Issue) -> RenderedIssue:
    newsletter = issue.newsletter
    language_code = newsletter.locale.language_code
    articles = [item.article for item in issue.articles.select_related("article__lead_image")]
    with translation.override(language_code):
        context = {
            "issue": issue,
            "newsletter": newsletter,
            "stories": [_story(a, i == 0) for i, a in enumerate(articles)],
            "link": issue.link,
            "site": absolute("/"),
            "language_code": language_code,
            "rtl": translation.get_language_bidi(),
            "unsubscribe_url": UNSUBSCRIBE_MARK,
            "preferences_url": PREFERENCES_MARK,
        }
        text = render_to_string("newsletters/email/issue.txt", context)
        html = render_to_string("newsletters/email/issue.html", context)
    host = absolute("/").split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return RenderedIssue(
        issue.pk,
        language_code,
        issue.subject,
        f"{newsletter.slug}.{language_code}.{host}",
        text,
        html,
    )


def issue_message(rendered: RenderedIssue, subscriber: Subscriber, connection=None):
    """One subscriber's copy, with the RFC 8058 one-click unsubscribe headers."""
    lang = rendered.language_code
    unsubscribe = link("unsubscribe", subscriber, UNSUBSCRIBE, lang, rendered.issue_id)
    preferences = link("preferences", subscriber, PREFERENCES, lang)

    def personal(body: str) -> str:
        return body.replace(UNSUBSCRIBE_MARK, unsubscribe).replace(PREFERENCES_MARK, preferences)

    message = EmailMultiAlternatives(
        rendered.subject,
        personal(rendered.text),
        settings.DEFAULT_FROM_EMAIL,
        [subscriber.email],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<{rendered.list_id}>",
        },
    )
    message.attach_alternative(personal(rendered.html), "text/html")
    # Read by an email service's backend (anymail), ignored by SMTP: the issue
    # its bounces count against, and its open and click tracking turned off
    # whatever the account's default (no pixels, no redirected links).
    message.metadata = {"issue": str(rendered.issue_id)}
    message.track_opens = message.track_clicks = False
    return message


def confirmation_message(subscriber: Subscriber, newsletters, language_code: str):
    """The double opt-in: a link to a page with one button."""
    confirm = link("confirm", subscriber, CONFIRM, language_code)
    with translation.override(language_code):
        context = {
            "confirm_url": confirm,
            "newsletters": newsletters,
            "site": absolute("/"),
            "language_code": language_code,
            "rtl": translation.get_language_bidi(),
        }
        subject = _("Confirm your newsletter subscription")
        text = render_to_string("newsletters/email/confirm.txt", context)
        html = render_to_string("newsletters/email/confirm.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [subscriber.email])
    message.attach_alternative(html, "text/html")
    return message
