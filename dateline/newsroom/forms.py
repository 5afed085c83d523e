"""The editor's form for a page follows the direction of the page's edition: an
Arabic article is typed right to left even when the editor's admin is in
English. Wagtail's own right-to-left layout follows only the admin language.

It also refuses a section slug at the top of an edition that the site already
answers there (/en/live/, /en/lite/...), which readers could never reach."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from . import extensions


def is_bidi(language_code: str) -> bool:
    return language_code.split("-")[0] in settings.LANGUAGES_BIDI


class EditionPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        locale = page.locale if page.locale_id else getattr(self.parent_page, "locale", None)
        if locale is None or not is_bidi(locale.language_code):
            return
        for name, field in self.fields.items():
            if isinstance(field.widget, (forms.TextInput, forms.Textarea)) and name != "slug":
                field.widget.attrs["dir"] = "rtl"
        # edition_direction.js turns the whole content area (StreamField blocks,
        # rich text) right to left when it finds this mark.
        if "title" in self.fields:
            self.fields["title"].widget.attrs["data-edition-dir"] = "rtl"

    def clean(self):
        cleaned = super().clean()
        slug = cleaned.get("slug")
        parent = getattr(self.parent_page, "specific_class", None)
        on_front_page = parent is not None and parent._meta.label == "newsroom.HomePage"
        if slug and on_front_page and slug in extensions.top_level_slugs:
            message = _("The site already uses /%(slug)s/ in every edition; choose another slug.")
            self.add_error("slug", message % {"slug": slug})
        return cleaned
