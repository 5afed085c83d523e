from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "dateline.newsroom"
    label = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from django.core.management import call_command

        from .scheduler import register_job

        # Scheduled publishing, on every pass of the scheduler.
        register_job(
            "publish-scheduled", lambda: call_command("publish_scheduled", verbosity=0), every=0
        )

        from django.db.models.signals import post_delete
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .models import reindex_after_publish, stamp_significant_update

        page_published.connect(stamp_significant_update, dispatch_uid="newsroom-significant-update")
        page_published.connect(reindex_after_publish, dispatch_uid="newsroom-reindex-on-publish")

        # Tag and author listings read an index of their own (models/listings.py).
        from django.db.models.signals import post_save

        from .models import ArticlePage, follow_date, relist

        page_published.connect(relist, sender=ArticlePage, dispatch_uid="newsroom-relist")
        post_save.connect(follow_date, sender=ArticlePage, dispatch_uid="newsroom-follow-date")

        # Photos are resized while publishing, before the purge lets readers in.
        from .models import ArticlePage
        from .renditions import warm_on_publish

        page_published.connect(
            warm_on_publish, sender=ArticlePage, dispatch_uid="newsroom-warm-renditions"
        )

        # Articles keep rendered parts per content version (base.invalidation):
        # anything they show from other pages, photos, authors or tags moves it.
        from django.db.models.signals import post_save
        from wagtail.models import Locale, PageViewRestriction, Site

        from dateline.base.invalidation import content_changed, structure_changed

        from .models import Author, NewsTag, Photo
        from .routing import front_page_changed

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(content_changed, dispatch_uid=f"newsroom-content-{id(signal)}")
            # An edition opened, closed or its front page changed: the
            # structure version too (routing).
            signal.connect(front_page_changed, dispatch_uid=f"newsroom-structure-{id(signal)}")
        post_delete.connect(content_changed, sender=Page, dispatch_uid="newsroom-content-delete")
        post_delete.connect(
            front_page_changed, sender=Page, dispatch_uid="newsroom-structure-delete"
        )
        for model in (Photo, Author, NewsTag, PageViewRestriction):
            for signal in (post_save, post_delete):
                signal.connect(
                    content_changed,
                    sender=model,
                    dispatch_uid=f"newsroom-content-{model.__name__}-{id(signal)}",
                )
        # Sites and locales: each process remembers them per structure version
        # (routing), which moves the content version too.
        for model in (Site, Locale):
            for signal in (post_save, post_delete):
                signal.connect(
                    structure_changed,
                    sender=model,
                    dispatch_uid=f"newsroom-structure-{model.__name__}-{id(signal)}",
                )

        # A new edition's front page gets the desks' permissions and the review workflow.
        from .models import HomePage
        from .setup import open_new_edition

        post_save.connect(open_new_edition, sender=HomePage, dispatch_uid="newsroom-new-edition")

        # A restriction added, changed or removed: features purge what it covers.
        from .visibility import restriction_changed

        for signal in (post_save, post_delete):
            signal.connect(
                restriction_changed,
                sender=PageViewRestriction,
                dispatch_uid=f"newsroom-visibility-{id(signal)}",
            )
