"""Developing stories: story timelines, live blogs and their entries, breaking news.

A live blog's entries are rows of their own (``LiveBlogEntry``), not a StreamField
on the page: each editor posts, edits, pins or withdraws an entry on its own
screen, so several editors can post at once without overwriting each other, and
readers' pages can ask for just what changed since they last looked.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.fields import GenericRelation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Locale, Page, RevisionMixin
from wagtail.search import index

from dateline.base import headers
from dateline.base.invalidation import cache_key, forget, register_prefix
from dateline.newsroom.blocks import EmbedBlock, ImageBlock, QuoteBlock, RelatedArticleBlock
from dateline.newsroom.forms import EditionPageForm
from dateline.newsroom.models import (
    READ_ONLY_METHODS,
    ArticlePage,
    Author,
    EmbargoMixin,
    ViewRestrictionsInOneQuery,
    paginate,
)
from dateline.newsroom.navigation import breadcrumb_for, edition_home
from dateline.newsroom.panels import EmbargoPanel
from dateline.newsroom.visibility import readable
from dateline.syndication.feeds import FullAtomFeed, JsonFeed

from .panels import LiveBlogEntriesPanel

# How often readers' pages ask for new entries while a blog is busy, and how
# long shared caches may keep the answer: together they bound how late an entry
# reaches a reader following a busy blog (two seconds). After BUSY_POLLS polls
# with no news a page asks less and less often, down to every IDLE_POLL_SECONDS.
POLL_SECONDS = 1
ENTRIES_CACHE_SECONDS = 1
BUSY_POLLS = 20
IDLE_POLL_SECONDS = 60
# Entries saved this long before a change can still be committing after it
# (their change time is taken before the commit): readers are sent them again.
OVERLAP = timedelta(seconds=30)
ENTRIES_PER_PAGE = 20
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def micros(when: datetime | None) -> int:
    """A time as whole microseconds since 1970: exact (no float rounding), so it
    can be handed to readers and back as a cursor."""
    return (when - EPOCH) // timedelta(microseconds=1) if when else 0


def from_micros(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)


def reader_cursor(changed: datetime | None, now: datetime) -> int:
    """The cursor a reader is given with entries read at `now`, whose newest change
    is `changed`: entries changed after `cursor - OVERLAP` are sent on its next poll.

    While that change is recent, an entry saved a little earlier may still be
    committing, so the cursor is the change itself and the next poll sends the
    last OVERLAP again. Once it is older than OVERLAP, nothing earlier can still
    be committing: the cursor moves on by OVERLAP and the next poll sends only
    what is new (on a quiet blog, nothing).
    """
    if changed is None:
        return 0
    return micros(changed + OVERLAP if changed + OVERLAP <= now else changed)


# --- Blocks -----------------------------------------------------------------


class KeyPointsBlock(blocks.StreamBlock):
    point = blocks.TextBlock(label=_("Key point"), max_length=400)

    class Meta:
        max_num = 8


class EntryBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"],
        template="newsroom/blocks/paragraph.html",
    )
    image = ImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock()
    article = RelatedArticleBlock(label=_("Link to an article"))


# --- Story timeline -----------------------------------------------------------


class StoryPage(ViewRestrictionsInOneQuery, RoutablePageMixin, Page):
    """A developing story: its articles and live blogs as a timeline, newest first.

    Articles and live blogs join a story from their own edit screens ("Part of
    story"), so a reporter files into the story without touching this page.
    """

    base_form_class = EditionPageForm

    allowed_http_methods = READ_ONLY_METHODS

    intro = models.TextField(
        blank=True,
        help_text=_("What the story is about, in a sentence or two."),
        verbose_name=_("introduction"),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["newsroom.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("story timeline")

    def timeline(self) -> list[Page]:
        """Live articles and live blogs in this story, newest first."""
        articles = list(
            readable(ArticlePage.objects).filter(story=self).select_related("lead_image")
        )
        live_blogs = list(readable(LiveBlogPage.objects).filter(story=self))
        for item in articles + live_blogs:
            item.is_live_blog = isinstance(item, LiveBlogPage)
        items = articles + live_blogs
        items.sort(key=lambda p: (p.first_published_at or EPOCH, p.pk), reverse=True)
        return items

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = paginate(request, self.timeline())
        return context

    @path("rss/", name="rss")
    def rss(self, request):
        from .feeds import StoryFeed

        return StoryFeed()(request, story=self)

    @path("atom/", name="atom")
    def atom(self, request):
        from .feeds import StoryFeed

        return StoryFeed(FullAtomFeed)(request, story=self)

    @path("json/", name="json")
    def json_feed(self, request):
        from .feeds import StoryFeed

        return StoryFeed(JsonFeed)(request, story=self)


# --- Live blogs ---------------------------------------------------------------


class LiveBlogPage(ViewRestrictionsInOneQuery, Page):
    """Timestamped entries on a developing story, newest first, pinned ones on top."""

    base_form_class = EditionPageForm

    allowed_http_methods = READ_ONLY_METHODS

    key_points = StreamField(
        KeyPointsBlock(),
        blank=True,
        help_text=_("What a reader arriving now needs to know. Keep it current."),
        verbose_name=_("key points"),
    )
    open = models.BooleanField(
        _("live"),
        default=True,
        help_text=_(
            "Untick when the story ends: the page says so and readers' pages stop "
            "asking for new entries."
        ),
    )
    story = models.ForeignKey(
        StoryPage,
        verbose_name=_("part of story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_blogs",
    )

    content_panels = Page.content_panels + [
        FieldPanel("open"),
        MultiFieldPanel([LiveBlogEntriesPanel()], heading=_("Entries")),
        FieldPanel("key_points"),
        PageChooserPanel("story"),
    ]
    search_fields = Page.search_fields + [index.SearchField("key_points")]
    parent_page_types = ["newsroom.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("live blog")

    @property
    def key_point_texts(self) -> list[str]:
        return [str(block.value) for block in self.key_points]

    def visible_entries(self):
        return (
            LiveBlogEntry.objects.visible()
            .filter(live_blog=self)
            .select_related("author")
            .order_by("-pinned", "-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home = edition_home(request)
        context["breadcrumb"] = breadcrumb_for(home, self) if home else []
        entries = paginate(request, self.visible_entries(), ENTRIES_PER_PAGE)
        context["entries"] = entries
        # Where readers' pages start asking for changes: the newest change to
        # any entry, so every reader of this render asks the same cacheable URL.
        changed = LiveBlogEntry.objects.filter(live_blog=self).aggregate(at=Max("updated_at"))
        context["cursor"] = reader_cursor(changed["at"], timezone.now())
        context["page_version"] = micros(self.last_published_at)
        context["poll"] = {"seconds": POLL_SECONDS, "busy": BUSY_POLLS, "idle": IDLE_POLL_SECONDS}
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        session = getattr(request, "session", None)
        personal = response.cookies or (session is not None and session.accessed)
        if self.open and not personal and not getattr(request, "is_preview", False):
            # Readers without JavaScript reload to follow the story: keep shared
            # copies short-lived while it is live (publishing an entry also purges).
            headers.following(response)
        return response


def open_live_blogs(home) -> list[LiveBlogPage]:
    """The open live blogs that lead an edition's front page while their
    stories develop (registered with the core as the page's ``live_blogs``)."""
    return list(
        readable(LiveBlogPage.objects)
        .descendant_of(home)
        .filter(open=True)
        .order_by("-first_published_at")[:3]
    )


class EntryQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(live=True, withdrawn=False)


class LiveBlogEntry(EmbargoMixin, DraftStateMixin, RevisionMixin, models.Model):
    """One timestamped post on a live blog.

    Editors post and publish entries one by one; "Save draft" keeps an entry
    back for review. Pinned entries stay on top; an entry edited after it was
    first published says so; a withdrawn one disappears from readers' pages.
    The body is rendered to HTML when it is saved, so a page of entries (and the
    endpoint readers poll) costs one query however many images they hold.
    """

    live_blog = models.ForeignKey(
        LiveBlogPage,
        verbose_name=_("live blog"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    body = StreamField(EntryBodyBlock(), blank=True, verbose_name=_("body"))
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Keep this entry at the top of the live blog.")
    )
    withdrawn = models.BooleanField(
        _("withdrawn"),
        default=False,
        help_text=_("Take this entry off readers' pages (it stays here, with its history)."),
    )
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True, db_index=True)
    html = models.TextField(editable=False, default="")
    text = models.TextField(editable=False, default="")

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="live_blog_entry")

    objects = EntryQuerySet.as_manager()

    panels = [
        PageChooserPanel("live_blog", page_type="stories.LiveBlogPage"),
        FieldPanel("headline"),
        FieldPanel("body"),
        FieldPanel("author"),
        FieldRowPanel([FieldPanel("pinned"), FieldPanel("withdrawn")]),
        EmbargoPanel("embargo_until"),
    ]
    search_fields = []

    class Meta:
        verbose_name = _("live blog entry")
        verbose_name_plural = _("live blog entries")
        indexes = [
            models.Index(fields=["live_blog", "updated_at"], name="stories_entry_changes"),
            models.Index(
                fields=["live_blog", "live", "withdrawn", "pinned", "first_published_at"],
                name="stories_entry_listing",
            ),
        ]

    def __str__(self) -> str:
        if self.headline:
            return self.headline
        words = self.text or strip_tags(self.html)
        return (words[:80] + "…") if len(words) > 80 else (words or f"Entry {self.pk or ''}")

    def save(self, *args, **kwargs):
        self.render()
        if self.pk and self.live:
            before = (
                type(self)
                .objects.filter(pk=self.pk)
                .values("live", "html", "headline", "edited_at")
                .first()
            )
            if before and before["live"]:
                changed = before["html"] != self.html or before["headline"] != self.headline
                # Pinning or withdrawing is not an edit of what the entry says.
                self.edited_at = timezone.now() if changed else before["edited_at"]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            # Readers' pages find changes by this time, whatever else is saved.
            kwargs["update_fields"] = {*update_fields, "updated_at", "html", "text", "edited_at"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.headline.strip() and not len(self.body):
            raise ValidationError(_("Write a headline or a body."))

    @property
    def revisions(self):
        return self._revisions

    @property
    def version(self) -> int:
        """Which version of the entry a reader's page shows: its change time."""
        return micros(self.updated_at)

    def render(self) -> None:
        """The body as readers see it, in the live blog's language."""
        language = self.live_blog.locale.language_code if self.live_blog_id else None
        with translation.override(language):
            self.html = render_to_string("stories/includes/entry_body.html", {"entry": self})
        self.text = re.sub(r"\s+", " ", html.unescape(strip_tags(self.html))).strip()


# --- Breaking news ------------------------------------------------------------

BANNER_CACHE_SECONDS = 60


def _default_locale():
    try:
        return Locale.get_default().pk
    except Locale.DoesNotExist:
        return None


def _in_an_hour():
    return timezone.now() + timedelta(hours=1)


class BreakingNews(models.Model):
    """A one-line banner on every page of an edition until it expires.

    The newest banner that has not expired is shown. To take one down early,
    set its expiry to now (or delete it).
    """

    text = models.CharField(_("text"), max_length=160)
    page = models.ForeignKey(
        Page,
        verbose_name=_("link to a page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("E.g. the live blog or the article."),
    )
    url = models.URLField(_("or another address"), blank=True)
    locale = models.ForeignKey(
        Locale,
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="+",
        default=_default_locale,
    )
    expires_at = models.DateTimeField(_("show until"), default=_in_an_hour)
    alert_subscribers = models.BooleanField(
        _("Alert subscribers"),
        default=False,
        help_text=_(
            "Send this banner to the edition's breaking-news subscribers when it is raised."
        ),
    )
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("text"),
        PageChooserPanel("page"),
        FieldPanel("url"),
        FieldRowPanel([FieldPanel("locale"), FieldPanel("expires_at")]),
        FieldPanel("alert_subscribers"),
    ]

    class Meta:
        verbose_name = _("breaking news banner")
        verbose_name_plural = _("breaking news banners")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text

    def clean(self):
        super().clean()
        if self.page_id and self.url:
            raise ValidationError({"url": _("Link to a page or to an address, not both.")})

    @property
    def is_showing(self) -> bool:
        return self.expires_at > timezone.now()

    @property
    def link(self) -> str:
        if self.page_id and self.page and self.page.live:
            return self.page.url or ""
        return self.url

    def as_data(self) -> dict:
        return {
            "id": self.pk,
            "text": self.text,
            "url": self.link,
            "expires": int(self.expires_at.timestamp() * 1000),
        }


BANNER = register_prefix("breaking", "an edition's breaking-news banner")


def _banner_key(language_code: str) -> str:
    return cache_key(BANNER, language_code)


def current_banner(language_code: str) -> dict | None:
    """The edition's banner as the page and the endpoint show it, or None.

    Kept in the shared cache (forgotten whenever a banner is saved or deleted),
    so showing it on every page costs no query; the expiry is checked on every
    read, so a cached banner never outlives it.
    """
    key = _banner_key(language_code)
    data = cache.get(key)
    now_ms = timezone.now().timestamp() * 1000
    if data is None or (data and data["expires"] <= now_ms):
        # Nothing cached, or the cached banner just expired: an older one may
        # still be showing.
        banner = (
            BreakingNews.objects.filter(
                locale__language_code=language_code, expires_at__gt=timezone.now()
            )
            .select_related("page")
            .order_by("-created_at", "-pk")
            .first()
        )
        data = banner.as_data() if banner else {}
        cache.set(key, data, BANNER_CACHE_SECONDS)
    return data or None


def forget_banners(**kwargs) -> None:
    codes = Locale.objects.values_list("language_code", flat=True)
    forget(_banner_key(code) for code in codes)
