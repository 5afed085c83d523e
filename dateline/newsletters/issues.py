"""What goes into a list's next issue, made when the issue is made: editors may
reorder or add articles before it is sent."""

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from dateline.newsroom.models import ArticlePage, HomePage
from dateline.newsroom.visibility import readable

from .models import BREAKING, BRIEFING, Issue, IssueArticle, NewsletterList


def site_root() -> str:
    """The site's public address: every link in a message points at it."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return site.root_url if site else ""


def absolute(url: str) -> str:
    return url if "://" in url else site_root() + url


def edition_home(newsletter: NewsletterList):
    return HomePage.objects.live().filter(locale_id=newsletter.locale_id).first()


def briefing_articles(newsletter: NewsletterList) -> list[ArticlePage]:
    """The edition's top stories in the front page's order, then its latest."""
    home = edition_home(newsletter)
    if home is None:
        return []
    size = settings.DATELINE_NEWSLETTER_ARTICLES
    public = readable(ArticlePage.objects.live()).descendant_of(home)
    top_ids = list(home.top_stories.values_list("article_id", flat=True))
    by_pk = {article.pk: article for article in public.filter(pk__in=top_ids)}
    articles = [by_pk[pk] for pk in top_ids if pk in by_pk][:size]
    if len(articles) < size:
        latest = public.exclude(pk__in=top_ids).order_by("-first_published_at", "-pk")
        articles += list(latest[: size - len(articles)])
    return articles


def digest_articles(newsletter: NewsletterList) -> list[ArticlePage]:
    """The latest articles of the digest's section or tag since its last issue."""
    articles = readable(ArticlePage.objects.live()).filter(locale_id=newsletter.locale_id)
    if newsletter.section_id:
        articles = articles.descendant_of(newsletter.section)
    elif newsletter.tag_id:
        articles = articles.filter(tagged_items__tag_id=newsletter.tag_id)
    else:
        return []
    last = newsletter.issues.exclude(status=Issue.Status.DRAFT).order_by("-created_at").first()
    if last is not None:
        articles = articles.filter(first_published_at__gt=last.created_at)
    size = settings.DATELINE_NEWSLETTER_ARTICLES
    return list(articles.order_by("-first_published_at", "-pk")[:size])


@transaction.atomic
def make_issue(newsletter: NewsletterList, *, subject: str = "", intro: str = "", link: str = ""):
    """A draft issue of `newsletter` with its articles, or None when there is
    nothing to send (a briefing or digest with no articles)."""
    with translation.override(newsletter.locale.language_code):
        if newsletter.kind == BREAKING:
            articles = []
        elif newsletter.kind == BRIEFING:
            articles = briefing_articles(newsletter)
        else:
            articles = digest_articles(newsletter)
        if newsletter.kind != BREAKING and not articles:
            return None
        day = formats.date_format(timezone.localdate(), "DATE_FORMAT")
        issue = Issue.objects.create(
            newsletter=newsletter,
            subject=subject or f"{newsletter.name}: {day}",
            intro=intro,
            link=link,
        )
    IssueArticle.objects.bulk_create(
        IssueArticle(issue=issue, article=article, sort_order=i)
        for i, article in enumerate(articles)
    )
    return issue


def make_breaking_issue(banner) -> Issue | None:
    """The breaking list's alert for a banner: its text, its link."""
    newsletter = NewsletterList.objects.filter(
        locale_id=banner.locale_id, kind=BREAKING, active=True
    ).first()
    if newsletter is None:
        return None
    with translation.override(newsletter.locale.language_code):
        subject = _("Breaking: %(text)s") % {"text": banner.text}
    link = absolute(banner.link) if banner.link else ""
    return make_issue(newsletter, subject=subject, intro=banner.text, link=link)
