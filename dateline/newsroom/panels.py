"""Admin panels of the content core."""

from django.utils import timezone
from wagtail.admin.panels import FieldPanel


class EmbargoPanel(FieldPanel):
    """The embargo field, with a warning above it while the embargo holds.

    The editor sees the same thing the publish path enforces: before the embargo,
    Publish schedules the item for the embargo time instead of making it live.
    """

    class BoundPanel(FieldPanel.BoundPanel):
        template_name = "newsroom/admin/embargo_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            embargo = getattr(self.instance, "embargo_until", None)
            context["embargo_active"] = bool(embargo and embargo > timezone.now())
            context["embargo"] = embargo
            return context
