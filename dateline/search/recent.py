"""Search over a large archive on PostgreSQL: the newest matches, ranked.

Wagtail's PostgreSQL backend filters on ``(title || body) @@ query``: a vector
built per row, which no index can answer, so every search reads and ranks
every article in the edition (165 ms at 10,000 articles here, seconds at a
million). This asks the same question as ``title @@ q OR body @@ q`` and takes
the ``CANDIDATES`` newest matching articles, then ranks only those with
Wagtail's own weights (the title's rank times its norm, plus the body's rank)
so `query.rerank` can mix relevance and recency as before.

Finding the newest matches takes one of three ways; each gives exactly the
newest ``CANDIDATES`` (ties broken by the higher id), in the same order:

- A common word: walk the publication-time index from the newest article,
  probing each article's index entry (and ranking the matches in the same
  query), and stop at the ``CANDIDATES + 1``-th match. A probe costs 10-20 µs,
  so a word in one article in eleven ("road" in the benchmark's data) costs
  about 2,200 probes (25-30 ms at a million). The walk is bounded to the
  newest ``WINDOW`` articles, as a subquery with a LIMIT, which also keeps
  the probes out of parallel workers: two workers and a merge probed ten
  times as many articles and took three times as long on a two-core host.
- A rare word (at most ``CANDIDATES`` matches in that window, e.g. a typo),
  when more than ``WINDOW`` articles are searched: ask the GIN indexes on
  ``title`` and ``body`` for every matching entry, up to ``RARE``, and order
  those. A word found nowhere costs about 100 ms in all this way (the window's
  walk, most of it); the walk alone probed every article of the archive (7 to
  12 s at a million). The planner is kept to the GIN indexes there: given a
  LIMIT it may read the whole table instead, when it guesses too many rows
  match.
- A word common in the archive (more than ``RARE`` entries) but rare among
  its newest articles: the walk, unbounded. Asking the GIN indexes first cost
  100-200 ms at a million (they list every entry of a common word before the
  first row comes back); that, plus the window, is what such a word pays over
  the old single walk.

No index of our own is needed: Wagtail's GIN indexes answer the rare words,
the publication-time and (content type, object id) indexes the walk.

What it does for relevance: within the newest ``CANDIDATES`` matches the order
is the same as Wagtail's; an older match beyond them is not shown, however
relevant, until the reader narrows the search (a section, a date range, more
words). For news, where readers look for the recent story, that is the trade a
large archive asks for; the page says so when it happens. Matches are counted
only up to ``CANDIDATES`` ("more than 200 results"), so a common word does not
count a million rows.

The tsquery is built by Wagtail's own query compiler, so words and the last
word's prefix match are exactly what Wagtail's search does; its stemming is
the edition language's (`languages.pg_config`).
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchRank
from django.db import connections, transaction
from django.db.models import BooleanField, F, Q
from django.db.models.expressions import RawSQL
from modelsearch.backends.database.postgres.weights import get_sql_weights
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.search.query import PlainText

#: How many of the newest matches are ranked (and counted: "more than 200 results").
CANDIDATES = 200
#: How many of the newest articles the first walk probes before asking the GIN indexes.
WINDOW = 20 * CANDIDATES
#: A word with at most this many index entries is ordered from the GIN indexes' answer.
RARE = 5000
#: The walk's LIMIT when it may go through every article.
UNBOUNDED = 2**31 - 1


class Hit:
    """What `query.rerank` needs of a match."""

    __slots__ = ("pk", "first_published_at", "updated_at", "_score")

    def __init__(self, pk, first_published_at, updated_at, score):
        self.pk = pk
        self.first_published_at = first_published_at
        self.updated_at = updated_at
        self._score = score


def available(articles) -> bool:
    """True when the articles live in PostgreSQL and Wagtail's database backend indexes them."""
    backend = get_search_backend()
    return connections[articles.db].vendor == "postgresql" and hasattr(
        backend, "query_compiler_class"
    )


def _tsquery(articles, search_string: str, operator: str, config: str | None):
    backend = get_search_backend()
    compiler = backend.query_compiler_class(articles, PlainText(search_string, operator=operator))
    return compiler.build_tsquery(compiler.query, config=config or compiler.get_config(backend))


def _newest_first(articles):
    return articles.order_by("-first_published_at", "-pk").values_list(
        "pk", "first_published_at", "updated_at"
    )


def _walk(articles, matching, score, window):
    """The CANDIDATES + 1 newest articles whose index entry is in `matching`, each
    with its `score`, among the newest `window` articles (all if None)."""
    connection = connections[articles.db]
    # Always a LIMIT: it keeps the walk a subquery of its own, planned to
    # return its first rows soon (walking the publication-time index); without
    # one, PostgreSQL sorted every article of the edition first (1 s at a million).
    newest = _newest_first(articles)[: window or UNBOUNDED]
    newest_sql, newest_params = newest.query.sql_with_params()
    compiler = matching.query.get_compiler(using=articles.db)
    match_sql, match_params = matching.query.where.as_sql(compiler, connection)
    score_sql, score_params = compiler.compile(score.resolve_expression(matching.query))
    qn = connection.ops.quote_name
    entry = qn(IndexEntry._meta.db_table)
    # object_id is a varchar: comparing it with the page id as text keeps the
    # (content_type_id, object_id) index usable. The score is computed only for
    # the rows returned.
    its_entry = f"FROM {entry} WHERE {entry}.{qn('object_id')} = n.pk::varchar AND {match_sql}"
    sql = (
        f"SELECT n.pk, n.first_published_at, n.updated_at, (SELECT {score_sql} {its_entry}) "
        f"FROM ({newest_sql}) n WHERE EXISTS (SELECT 1 {its_entry}) "
        "ORDER BY n.first_published_at DESC, n.pk DESC LIMIT %s"
    )
    params = (*score_params, *match_params, *newest_params, *match_params, CANDIDATES + 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Hit(*row) for row in cursor.fetchall()]


def _rare_ids(articles, matching):
    """The page ids of every matching index entry, if there are at most RARE; else None."""
    with transaction.atomic(using=articles.db):
        # Only from the GIN indexes: with a LIMIT, the planner may prefer
        # reading the table until enough rows match, which takes seconds
        # when its guess of how many match is too high.
        with connections[articles.db].cursor() as cursor:
            cursor.execute(
                "SELECT set_config('enable_seqscan', 'off', true), "
                "set_config('enable_indexscan', 'off', true)"
            )
        ids = list(matching.values_list("object_id", flat=True)[: RARE + 1])
        # Rolled back, transaction or savepoint, so the settings end here too.
        transaction.set_rollback(True, using=articles.db)
    if len(ids) > RARE:
        return None
    return [int(i) for i in ids if i.isdigit()]


def _newest_matches(articles, matching, score):
    """The CANDIDATES + 1 newest matching articles (see the module's docstring)."""
    found = _walk(articles, matching, score, WINDOW)
    if (
        len(found) > CANDIDATES
        or not _newest_first(articles).values_list("pk")[WINDOW : WINDOW + 1]
    ):
        return found  # enough, or the window held every article
    ids = _rare_ids(articles, matching)
    if ids is None:
        return _walk(articles, matching, score, None)
    if not ids:
        return []
    # One array parameter: an IN list of thousands costs Django milliseconds to build.
    pk = connections[articles.db].ops.quote_name(articles.model._meta.pk.column)
    table = connections[articles.db].ops.quote_name(articles.model._meta.db_table)
    among = RawSQL(f"{table}.{pk} = ANY(%s)", (ids,), output_field=BooleanField())
    return _walk(articles.filter(among), matching, score, RARE)


def search(articles, search_string: str, operator: str, limit: int, config: str | None = None):
    """The best `limit` of the CANDIDATES newest matches, each with `_score`,
    `first_published_at` and `updated_at`; the number of matches (at most
    CANDIDATES) and whether there are more. `config` is the text-search
    configuration of the edition's language, the one its articles were indexed
    with (see `backend`)."""
    tsquery = _tsquery(articles, search_string, operator, config)
    content_type = ContentType.objects.get_for_model(articles.model)
    matching = IndexEntry.objects.filter(content_type=content_type).filter(
        Q(title=tsquery) | Q(body=tsquery)
    )
    weights = get_sql_weights()
    # Wagtail's own ranking: the title's rank times its norm, plus the body's.
    score = SearchRank(F("title"), tsquery, weights=weights) * F("title_norm") + SearchRank(
        F("body"), tsquery, weights=weights
    )
    candidates = _newest_matches(articles, matching, score)
    more = len(candidates) > CANDIDATES
    candidates = candidates[:CANDIDATES]
    candidates.sort(key=lambda a: a._score, reverse=True)
    return candidates[:limit], len(candidates), more
