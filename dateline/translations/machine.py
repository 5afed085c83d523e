"""A machine-translation first pass that never leaves this machine.

wagtail-localize calls the class named in WAGTAILLOCALIZE_MACHINE_TRANSLATOR
(off unless set; see settings.py). This one swaps words from a glossary and
leaves every other word as written, so a translator starts from the source
with the desk's fixed terms already in place. It shows the plumbing works
without any outside service; a real engine that runs locally can take its
place behind the same setting.

OPTIONS: {"GLOSSARY": {"en": {"es": {"bridge": "puente", ...}}}}, by source
language, then target language; words are matched whole, ignoring case.
"""

import re

from django.utils.translation import gettext_lazy as _
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue

# Tags and character references are kept as they are; only words are looked up.
_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|\w+", re.UNICODE)

# A few desk terms, so the first pass shows something with no configuration.
DESK_GLOSSARY = {
    "en": {
        "es": {
            "bridge": "puente",
            "city": "ciudad",
            "council": "ayuntamiento",
            "government": "gobierno",
            "minister": "ministro",
            "news": "noticias",
            "police": "policía",
            "president": "presidente",
            "reopens": "reabre",
            "repairs": "reparaciones",
            "river": "río",
            "the": "el",
            "after": "después de",
            "traffic": "tráfico",
        },
        "ar": {
            "bridge": "جسر",
            "city": "مدينة",
            "government": "حكومة",
            "minister": "وزير",
            "news": "أخبار",
            "police": "شرطة",
            "president": "رئيس",
            "river": "نهر",
        },
    }
}


def _base(language_code: str) -> str:
    return language_code.split("-")[0].lower()


class GlossaryTranslator(BaseMachineTranslator):
    display_name = _("Desk glossary")

    def _glossary(self, source_locale, target_locale) -> dict[str, str]:
        glossary = self.options.get("GLOSSARY", DESK_GLOSSARY)
        words = glossary.get(_base(source_locale.language_code), {})
        return {k.lower(): v for k, v in words.get(_base(target_locale.language_code), {}).items()}

    def can_translate(self, source_locale, target_locale):
        return bool(self._glossary(source_locale, target_locale))

    def translate(self, source_locale, target_locale, strings):
        words = self._glossary(source_locale, target_locale)

        def swap(match):
            token = match.group(0)
            if token.startswith(("<", "&")):
                return token
            found = words.get(token.lower())
            if found is None:
                return token
            return found[:1].upper() + found[1:] if token[:1].isupper() else found

        return {string: StringValue(_TOKEN.sub(swap, string.data)) for string in strings}
