from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    """The story budget: the desk's plan of stories, who writes them and when."""

    name = "dateline.budget"
    label = "budget"
    verbose_name = _("Budget")

    def ready(self):
        from wagtail.signals import page_published

        from dateline.newsroom.models import ArticlePage
        from dateline.newsroom.setup import newsroom_set_up

        from . import signals

        # The desks get the budget's permissions whenever the newsroom is set up.
        newsroom_set_up.connect(signals.on_newsroom_set_up, dispatch_uid="budget-setup")
        # A line's draft published: the line says so (the core knows no budget).
        page_published.connect(
            signals.article_published, sender=ArticlePage, dispatch_uid="budget-published"
        )
