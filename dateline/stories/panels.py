"""Admin panels for developing stories: the embargo field that says what it is
doing, and the live blog's entries at a glance."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, Panel


class EmbargoPanel(FieldPanel):
    """The embargo field, with a warning above it while the embargo holds.

    The editor sees the same thing the publish path enforces: before the embargo,
    Publish schedules the item for the embargo time instead of making it live.
    """

    class BoundPanel(FieldPanel.BoundPanel):
        template_name = "stories/admin/embargo_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            embargo = getattr(self.instance, "embargo_until", None)
            context["embargo_active"] = bool(embargo and embargo > timezone.now())
            context["embargo"] = embargo
            return context


class LiveBlogEntriesPanel(Panel):
    """On the live blog's edit page: how many entries it has and where to post one.

    Entries are edited on their own screens, not in this page's form, so that
    several editors can post at once without overwriting each other.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "stories/admin/live_blog_entries_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["live_blog"] = page
            if page.pk:
                entries = page.entries.all()
                context["entry_count"] = entries.filter(live=True, withdrawn=False).count()
                context["add_url"] = (
                    reverse("wagtailsnippets_stories_liveblogentry:add") + f"?live_blog={page.pk}"
                )
                context["list_url"] = (
                    reverse("wagtailsnippets_stories_liveblogentry:list") + f"?live_blog={page.pk}"
                )
            return context
