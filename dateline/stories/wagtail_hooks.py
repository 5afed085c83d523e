from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

import dateline.newsroom.converters  # noqa: F401 (registers <id:...>)
from dateline.newsroom.desk import SHOWN, DeskPanel, DeskRow, is_editor, newest
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


class EmbargoPanel(Component):
    """On the dashboard: what is waiting for its embargo, soonest first."""

    name = "embargoes"
    template_name = "stories/admin/embargoes_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        now = timezone.now()
        context["articles"] = list(
            ArticlePage.objects.filter(embargo_until__gt=now).order_by("embargo_until")[:20]
        )
        context["entries"] = list(
            LiveBlogEntry.objects.filter(embargo_until__gt=now)
            .select_related("live_blog")
            .order_by("embargo_until")[:20]
        )
        return context


@hooks.register("construct_homepage_panels")
def add_embargo_panel(request, panels):
    panels.append(EmbargoPanel())


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

    def rows(self):
        open_blogs = LiveBlogPage.objects.live().filter(open=True)
        count, found = newest(
            open_blogs,
            open_blogs.only("pk", "title", "last_published_at").order_by("-last_published_at"),
        )
        return count, [DeskRow(blog.title, composer.composer_url(blog), None) for blog in found]


class BannerPanel(DeskPanel):
    """Whether a breaking banner is up in each edition, and until when."""

    name = "desk-breaking"
    heading = _("Breaking banner")
    order = 24
    empty = _("No banner is up.")

    def rows(self):
        up = list(
            BreakingNews.objects.filter(expires_at__gt=timezone.now())
            .select_related("locale")
            .order_by("-created_at")[:SHOWN]
        )
        return len(up), [
            DeskRow(
                banner.text,
                reverse("wagtailsnippets_stories_breakingnews:edit", args=[banner.pk]),
                banner.expires_at,
                _("%(edition)s, until") % {"edition": banner.locale.get_display_name()},
            )
            for banner in up
        ]

    def all_url(self):
        return reverse("wagtailsnippets_stories_breakingnews:list")


@hooks.register("construct_homepage_panels")
def _desk_panels(request, panels):
    if is_editor(request.user):
        panels += [BannerPanel(request), OpenLiveBlogsPanel(request)]


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
