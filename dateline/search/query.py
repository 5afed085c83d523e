"""What the reader typed, made safe to search for, and the results ranked and marked up.

Readers type anything: quotes, boolean operators, emoji, a pasted article. The
search backend receives only words (runs of letters, digits and combining
marks), so no character can break the full-text syntax of SQLite FTS5 or
PostgreSQL, and every search is an AND of at most ``MAX_TERMS`` words.
"""

import functools
import html
import itertools
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.safestring import mark_safe

from .languages import normalise

#: Longer queries are cut to this many characters (and the reader is told).
MAX_QUERY_LENGTH = 200
#: At most this many distinct words are searched for.
MAX_TERMS = 32
#: Only this many of the best full-text matches are re-ranked and shown.
MAX_HITS = 200
#: Age, in days, at which a story's relevance counts half (see `recency_score`).
RECENCY_HALF_LIFE_DAYS = 7

# Words that are operators in search syntaxes; typed in capitals they are
# dropped rather than required as words, unless they are all there is.
OPERATOR_WORDS = frozenset({"AND", "OR", "NOT", "NEAR"})

# Invisible characters that reorder text; nothing legitimate needs them in a query.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


@dataclass(frozen=True)
class CleanQuery:
    text: str = ""  # what is shown back to the reader
    terms: tuple[str, ...] = ()  # the words searched for
    truncated: bool = False
    folded: frozenset[str] = field(default=frozenset(), repr=False)

    @property
    def search_string(self) -> str:
        return " ".join(self.terms)

    def search_string_for(self, config: str | None) -> str:
        """The words, written as the text indexed with `config` is (see `languages`)."""
        return normalise(self.search_string, config)

    def __bool__(self) -> bool:
        return bool(self.terms)


@functools.lru_cache(maxsize=4096)
def _is_word_char(char: str) -> bool:
    """Letters, digits, combining marks and private-use characters: what SQLite's
    unicode61 tokenizer (plus marks, which keep Indic and Arabic words whole) and
    PostgreSQL's parser treat as parts of words."""
    category = unicodedata.category(char)
    return category[0] in "LNM" or category == "Co"


def _runs(text: str):
    """Split text into (segment, is_word) pairs that join back into it."""
    for is_word, chars in itertools.groupby(text, _is_word_char):
        yield "".join(chars), is_word


def fold(word: str) -> str:
    """Compare words ignoring case and accents: "Café" and "cafe" are the same word,
    as are "أحمد" and "احمد" (see `languages.normalise`)."""
    decomposed = unicodedata.normalize("NFD", normalise(word.casefold()))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def _strip_controls(text: str) -> str:
    out = []
    for char in text:
        category = unicodedata.category(char)
        if char.isspace() or category in ("Zl", "Zp", "Zs"):
            out.append(" ")
        elif category in ("Cc", "Cs", "Cn") or char in _BIDI_CONTROLS:
            continue
        else:
            out.append(char)
    return "".join(out)


def clean_query(raw: str | None) -> CleanQuery:
    """The reader's query without control characters, whitespace runs or search
    syntax, cut to MAX_QUERY_LENGTH characters and MAX_TERMS words."""
    raw = raw or ""
    # Bound the work before looking at every character of a huge query.
    truncated = len(raw) > MAX_QUERY_LENGTH * 4
    text = unicodedata.normalize("NFC", raw[: MAX_QUERY_LENGTH * 4])
    text = " ".join(_strip_controls(text).split())
    if len(text) > MAX_QUERY_LENGTH:
        truncated = True
        cut = text[:MAX_QUERY_LENGTH]
        # Do not search for half a word.
        if _is_word_char(text[MAX_QUERY_LENGTH]) and " " in cut:
            cut = cut.rsplit(" ", 1)[0]
        text = cut.strip()

    words = [segment for segment, is_word in _runs(text) if is_word]
    if any(w not in OPERATOR_WORDS for w in words):
        words = [w for w in words if w not in OPERATOR_WORDS]
    terms, seen = [], set()
    for word in words:
        key = fold(word)
        # A word of tashkeel or tatweel alone is no word to search for.
        if key and key not in seen:
            seen.add(key)
            terms.append(word)
    terms = terms[:MAX_TERMS]
    return CleanQuery(
        text=text, terms=tuple(terms), truncated=truncated, folded=frozenset(map(fold, terms))
    )


def highlight(text: str, query: CleanQuery):
    """`text`, HTML-escaped, with each whole word the reader searched for in <mark>.

    Matching ignores case and accents. Every piece of `text` goes through
    `html.escape` (what Django's `escape` does), so markup in it is shown,
    never run. Built as one string: a result page highlights twenty snippets.
    """
    pieces = []
    for segment, is_word in _runs(text or ""):
        if is_word and fold(segment) in query.folded:
            pieces.append(f"<mark>{html.escape(segment)}</mark>")
        else:
            pieces.append(html.escape(segment))
    return mark_safe("".join(pieces))


def recency_score(relevance: float, published: datetime | None, now: datetime) -> float:
    """How high a hit ranks: its full-text relevance, discounted by its age.

        score = relevance / (1 + age_days / RECENCY_HALF_LIFE_DAYS)

    `relevance` is the magnitude of the backend's rank (SQLite FTS5's bm25(),
    negative with more negative better, or PostgreSQL's ts_rank, positive).
    `age_days` counts from the story's latest significant update, or its first
    publication; stories from the future count as new and stories without a date
    as ten years old. So of two equally relevant stories the newer ranks first,
    a week-old story needs twice the relevance of today's to rank beside it, and
    a month-old one about five times as much.
    """
    if published is None:
        age_days = 3650.0
    else:
        age_days = max(0.0, (now - published).total_seconds() / 86400)
    return abs(relevance or 0.0) / (1 + age_days / RECENCY_HALF_LIFE_DAYS)


def rerank(hits, now: datetime) -> list[tuple[int, float]]:
    """(pk, score) for each hit, best first; ties go to the newer story, then the
    higher pk. Hits carry `_score`, `first_published_at` and `updated_at`."""
    ranked = []
    for hit in hits:
        published = max(
            (d for d in (hit.first_published_at, hit.updated_at) if d is not None),
            default=None,
        )
        ranked.append((recency_score(hit._score, published, now), published, hit.pk))
    ranked.sort(key=lambda r: (r[0], r[1].timestamp() if r[1] else float("-inf"), r[2]))
    ranked.reverse()
    return [(pk, score) for score, _published, pk in ranked]
