from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "dateline.stories"
    label = "stories"
    verbose_name = _("Developing stories")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, published, unpublished

        from dateline.newsroom.setup import newsroom_set_up
        from dateline.syndication.feeds import FEED_LINK_PROVIDERS

        from . import signals
        from .feeds import story_feed_links
        from .models import BreakingNews, LiveBlogEntry
        from .setup import on_newsroom_set_up

        # The desks get the stories permissions whenever the newsroom is set up.
        newsroom_set_up.connect(on_newsroom_set_up, dispatch_uid="stories-setup")

        post_save.connect(signals.banner_changed, sender=BreakingNews, dispatch_uid="stories-b1")
        post_save.connect(signals.banner_saved, sender=BreakingNews, dispatch_uid="stories-b3")
        post_delete.connect(signals.banner_changed, sender=BreakingNews, dispatch_uid="stories-b2")
        for signal in (published, unpublished):
            signal.connect(
                signals.entry_changed, sender=LiveBlogEntry, dispatch_uid=f"stories-e-{id(signal)}"
            )
        post_delete.connect(signals.entry_changed, sender=LiveBlogEntry, dispatch_uid="stories-e")
        from dateline.newsroom import extensions
        from dateline.newsroom.visibility import page_visibility_changed

        from .models import open_live_blogs

        # Open live blogs lead each edition's front page.
        extensions.register_front_page_extra("live_blogs", open_live_blogs)
        # Sections hold story timelines and live blogs.
        extensions.register_section_page_type("stories.StoryPage")
        extensions.register_section_page_type("stories.LiveBlogPage")

        for signal in (page_published, page_unpublished, page_visibility_changed):
            signal.connect(signals.page_changed, dispatch_uid=f"stories-p-{id(signal)}")
        if story_feed_links not in FEED_LINK_PROVIDERS:
            FEED_LINK_PROVIDERS.append(story_feed_links)
