from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, Concat, NullIf
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, LiveStatusTagColumn
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

import dateline.newsroom.converters  # noqa: F401 (registers <id:...>)
from dateline.newsroom.desk import DeskPanel, DeskRow, is_editor, shaped
from dateline.newsroom.models import ArticlePage, EmbargoMixin, hold_until_embargo

from . import composer
from .models import BreakingNews, LiveBlogEntry, LiveBlogPage


class EntryCreateView(CreateView):
    def get_initial(self):
        # "Post an entry" on a live blog's edit page names the live blog.
        initial = super().get_initial()
        if (live_blog := self.request.GET.get("live_blog", "")).isdigit():
            initial["live_blog"] = int(live_blog)
        return initial


class LiveBlogEntryViewSet(SnippetViewSet):
    model = LiveBlogEntry
    add_view_class = EntryCreateView
    icon = "list-ul"
    menu_label = _("Live blog entries")
    list_display = [
        "__str__",
        Column("live_blog", label=_("Live blog")),
        LiveStatusTagColumn(),
        BooleanColumn("pinned", label=_("Pinned")),
        BooleanColumn("withdrawn", label=_("Withdrawn")),
        DateColumn("first_published_at", label=_("Published")),
        DateColumn("embargo_until", label=_("Embargoed until")),
    ]
    list_filter = ["live_blog", "pinned", "withdrawn", "live"]
    ordering = ["-first_published_at", "-pk"]
    list_per_page = 50


class BreakingNewsViewSet(SnippetViewSet):
    model = BreakingNews
    icon = "warning"
    menu_label = _("Breaking news")
    list_display = [
        "text",
        Column("locale", label=_("Edition")),
        BooleanColumn("is_showing", label=_("Showing")),
        DateColumn("created_at", label=_("Raised")),
        DateColumn("expires_at", label=_("Until")),
    ]
    ordering = ["-created_at"]


class DevelopingStoriesGroup(SnippetViewSetGroup):
    items = (LiveBlogEntryViewSet, BreakingNewsViewSet)
    menu_icon = "pick"
    menu_label = _("Developing stories")
    menu_name = "developing-stories"
    menu_order = 150


register_snippet(DevelopingStoriesGroup)


class EmbargoPanel(DeskPanel):
    """What waits for its embargo, soonest first: articles and live blog entries."""

    name = "desk-embargoes"
    heading = _("Under embargo")
    order = 21
    empty = _("Nothing is under embargo.")

    def members(self):
        now = timezone.now()
        entry_label = Concat(
            Coalesce(NullIf(F("headline"), Value("")), F("text"), output_field=CharField()),
            Value(" ("),
            F("live_blog__title"),
            Value(")"),
            output_field=CharField(),
        )
        return [
            shaped(
                ArticlePage.objects.filter(embargo_until__gt=now),
                label=F("draft_title"),
                at=F("embargo_until"),
                note=Value("article"),
                order=["embargo_until"],
            ),
            shaped(
                LiveBlogEntry.objects.filter(embargo_until__gt=now),
                label=entry_label,
                at=F("embargo_until"),
                note=Value("entry"),
                order=["embargo_until"],
            ),
        ]

    def row(self, ref, label, at, note):
        if note == "entry":
            url = reverse("wagtailsnippets_stories_liveblogentry:edit", args=[ref])
        else:
            url = reverse("wagtailadmin_pages:edit", args=[ref])
        return DeskRow(label[:120], url, at, _("embargoed until"))


@hooks.register("before_publish_page")
def hold_embargoed_page(request, page):
    """The page editor's Publish button runs Wagtail's publish action directly,
    on the revision it has just saved: hold that revision to the embargo too."""
    if isinstance(page, EmbargoMixin) and page.latest_revision is not None:
        hold_until_embargo(page.latest_revision)


# --- The newsroom dashboard -----------------------------------------------------


class OpenLiveBlogsPanel(DeskPanel):
    name = "desk-live-blogs"
    heading = _("Open live blogs")
    order = 25
    empty = _("No live blog is open.")

    def members(self):
        open_blogs = LiveBlogPage.objects.live().filter(open=True)
        return [
            shaped(
                open_blogs,
                label=F("title"),
                at=F("last_published_at"),
                order=["-last_published_at"],
            )
        ]

    def row(self, ref, label, at, note):
        return DeskRow(label, reverse("stories_composer", args=[ref]), at)


class BannerPanel(DeskPanel):
    """Whether a breaking banner is up in each edition, and until when."""

    name = "desk-breaking"
    heading = _("Breaking banner")
    order = 24
    empty = _("No banner is up.")

    def members(self):
        up = BreakingNews.objects.filter(expires_at__gt=timezone.now())
        return [
            shaped(
                up,
                label=F("text"),
                at=F("expires_at"),
                note=F("locale__language_code"),
                order=["-created_at"],
            )
        ]

    def row(self, ref, label, at, note):
        edition = Locale(language_code=note).get_display_name() if note else ""
        return DeskRow(
            label,
            reverse("wagtailsnippets_stories_breakingnews:edit", args=[ref]),
            at,
            _("%(edition)s, until") % {"edition": edition},
        )

    def all_url(self):
        return reverse("wagtailsnippets_stories_breakingnews:list")


@hooks.register("construct_homepage_panels")
def _desk_panels(request, panels):
    if is_editor(request.user):
        panels += [BannerPanel(request), OpenLiveBlogsPanel(request), EmbargoPanel(request)]


# --- The live-blog composer --------------------------------------------------------


@hooks.register("register_admin_urls")
def _composer_urls():
    return [
        path("live-blogs/<id:pk>/", composer.ComposerView.as_view(), name="stories_composer"),
        path("live-blogs/<id:pk>/changes/", composer.changes, name="stories_composer_changes"),
        path(
            "live-blogs/entries/<id:entry_id>/<slug:action>/",
            composer.act,
            name="stories_composer_act",
        ),
    ]
