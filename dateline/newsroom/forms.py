"""The editor's form for a page follows the direction of the page's edition: an
Arabic article is typed right to left even when the editor's admin is in
English. Wagtail's own right-to-left layout follows only the admin language."""

from django import forms
from django.conf import settings
from wagtail.admin.forms import WagtailAdminPageForm


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
