"""Each edition's search in its own language.

Two things depend on the language of the text:

- On PostgreSQL, the text-search configuration that turns words into lexemes
  (`pg_config`): Spanish stemming makes "elecciones" and "elección" one
  lexeme, Arabic stemming strips prefixes and suffixes. A language PostgreSQL
  has no configuration for uses `simple` (lower case, no stemming). The
  indexed text and the query of an edition use the same configuration.
- Arabic spelling varies in ways readers do not see as different words:
  hamza on or under the alef or none (أ إ آ ٱ ا), taa marbuta written as haa
  (ة ه), alef maqsura written as yaa (ى ي), short-vowel marks (tashkeel) and
  the tatweel that stretches a word. `normalise` writes all of these one way;
  it is applied to every indexed text and every query, on both databases, so
  a story is found whichever form it or the reader used. Beyond composing
  text (NFC) it changes only Arabic-script characters, so it runs on every
  edition's text.
  (PostgreSQL's own Arabic stemmer folds most of these, but it changes alef
  maqsura only after stemming, so "مستشفى" and "مستشفي" stayed apart; it
  handles taa marbuta itself, so that is folded only where it is not used.)
"""

import unicodedata

#: Text-search configurations PostgreSQL 15 ships, by language code.
PG_CONFIGS = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hu": "hungarian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
}
#: Words as written, lower-cased, for languages without a configuration (Dari, Pashto…).
FALLBACK_CONFIG = "simple"


def pg_config(language_code: str | None) -> str:
    """The PostgreSQL text-search configuration for a language code ("es", "pt-br")."""
    base = (language_code or "").lower().replace("_", "-").split("-")[0]
    return PG_CONFIGS.get(base, FALLBACK_CONFIG)


_ALEF = "\u0627"
_FOLD = {
    "\u0622": _ALEF,  # آ alef with madda
    "\u0623": _ALEF,  # أ alef with hamza above
    "\u0625": _ALEF,  # إ alef with hamza below
    "\u0671": _ALEF,  # ٱ alef wasla
    "\u0649": "\u064a",  # ى alef maqsura -> ي yaa
    "\u0640": None,  # ـ tatweel
}
# Tashkeel and Quranic marks: harakat, tanween, shadda, sukun, the combining
# hamzas of a decomposed alef, superscript alef.
_MARKS = [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)]
_STEMMED = str.maketrans({**_FOLD, **{chr(c): None for c in _MARKS}})
_UNSTEMMED = str.maketrans({**_FOLD, **{chr(c): None for c in _MARKS}, "\u0629": "\u0647"})


def normalise(text: str, config: str | None = None) -> str:
    """`text` with Arabic letters written one way and without tashkeel or tatweel,
    for the text-search configuration `config` (None: SQLite's FTS5, or a
    highlight).

    Taa marbuta is written as haa (ة ه) except for PostgreSQL's Arabic
    stemmer, which strips a final ة itself and reads a final ه as a pronoun:
    "المدرسة" stems to "مدرس" but "المدرسه" stays whole, so folding first
    would keep "مدرسة" from finding "المدرسة"."""
    if not text or text.isascii():
        return text
    # Composed first, so a decomposed أ (alef + combining hamza) folds like the
    # composed one and ؤ ئ keep their hamza.
    table = _STEMMED if config == "arabic" else _UNSTEMMED
    return unicodedata.normalize("NFC", text).translate(table)


def normalise_value(value, config: str | None = None):
    """A search field's value (text, or lists and dicts of text) normalised."""
    if isinstance(value, str):
        return normalise(value, config)
    if isinstance(value, (list, tuple)):
        return [normalise_value(item, config) for item in value]
    if isinstance(value, dict):
        return {key: normalise_value(item, config) for key, item in value.items()}
    return value
