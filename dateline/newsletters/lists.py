"""Every edition has a daily briefing and breaking-news alerts from the start.

Made by the data migration for the locales that exist then, by `setup-newsroom`
(newsroom_set_up) and whenever a locale is created afterwards (an edition
opened with *Translate*, `load-demo`), so no edition is ever without them.
"""

from datetime import time

from django.utils import translation
from django.utils.translation import gettext as _

from .models import BREAKING, BRIEFING

BRIEFING_TIME = time(7, 0)


def built_in_lists(language_code: str) -> list[dict]:
    """The built-in lists' fields, named in the edition's language."""
    with translation.override(language_code):
        return [
            {
                "slug": BRIEFING,
                "kind": BRIEFING,
                "name": _("Morning briefing"),
                "description": _("The day's top stories, every morning."),
                "send_time": BRIEFING_TIME,
            },
            {
                "slug": BREAKING,
                "kind": BREAKING,
                "name": _("Breaking news"),
                "description": _("An email when a major story breaks."),
                "send_time": None,
            },
        ]


def ensure_built_in_lists(list_model, locales) -> None:
    """Add whichever built-in list each locale lacks (models passed in, so the
    data migration can use its historical ones)."""
    for locale in locales:
        for fields in built_in_lists(locale.language_code):
            slug = fields.pop("slug")
            list_model.objects.get_or_create(locale=locale, slug=slug, defaults=fields)
