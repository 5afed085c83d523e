from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author, NewsTag


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    add_to_admin_menu = True
    menu_order = 200
    list_display = ["name", "role"]
    search_fields = ["name"]


class TagViewSet(SnippetViewSet):
    model = NewsTag
    icon = "tag"
    menu_label = _("Tags")
    add_to_admin_menu = True
    menu_order = 210
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name"]


register_snippet(AuthorViewSet)
register_snippet(TagViewSet)


# --- The explorer's listing of a section, fast with a million children (scale) ---
from wagtail import hooks  # noqa: E402

from .explorer import SectionPageViewSet  # noqa: E402


@hooks.register("register_admin_viewset")
def register_section_listing():
    return SectionPageViewSet("section_pages")


# --- Pages of a right-to-left edition are edited right to left (forms.py) ---
from django.templatetags.static import static  # noqa: E402
from django.utils.html import format_html  # noqa: E402


@hooks.register("insert_editor_js")
def edition_direction_js():
    return format_html('<script src="{}"></script>', static("newsroom/edition_direction.js"))


# --- Names for the controls Wagtail's widgets leave unnamed (admin_labels.js) ---
@hooks.register("insert_global_admin_js")
def admin_labels_js():
    return format_html(
        '<script src="{}" data-search-label="{}"></script>',
        static("newsroom/admin_labels.js"),
        _("Search pages"),
    )


# The newsroom dashboard (desk.py): the core's panels; features add theirs.
from .desk import add_core_panels, gather, no_site_summary  # noqa: E402

hooks.register("construct_homepage_panels", add_core_panels)
# Last, after Wagtail's own apps have added their counts.
hooks.register("construct_homepage_summary_items", no_site_summary, order=1000)
hooks.register("construct_homepage_panels", gather, order=1000)
