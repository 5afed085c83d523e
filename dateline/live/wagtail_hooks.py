from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Channel


class ChannelViewSet(SnippetViewSet):
    model = Channel
    icon = "media"
    menu_label = _("Live channels")
    add_to_admin_menu = True
    menu_order = 220
    list_display = ["name", "slug", "language", "enabled", "is_default"]
    search_fields = ["name"]


register_snippet(ChannelViewSet)
