"""Admin panels for developing stories: the live blog's entries at a glance.
(The embargo field's panel is the content core's: dateline.newsroom.panels.)"""

from django.urls import reverse
from wagtail.admin.panels import Panel


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
                context["composer_url"] = reverse("stories_composer", args=[page.pk])
                context["add_url"] = (
                    reverse("wagtailsnippets_stories_liveblogentry:add") + f"?live_blog={page.pk}"
                )
                context["list_url"] = (
                    reverse("wagtailsnippets_stories_liveblogentry:list") + f"?live_blog={page.pk}"
                )
            return context
