"""The public search page: /<lang>/search/?q=…&section=…&from=…&to=…&page=…

Full-text search over the live articles of the reader's edition, with Wagtail
search (SQLite FTS5 embedded, PostgreSQL full text in production), in the
edition's language (see `languages` and `backend`). The backend
ranks by relevance; the best MAX_HITS are re-ranked here with a recency boost
(see `query.recency_score`), paginated, and only the page shown is loaded in
full. Nothing depends on the reader's session or cookies, so every response is
shared-cacheable per URL.
"""

import datetime

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from dateline.newsroom.models import ArticlePage, article_cards, paginate
from dateline.newsroom.navigation import edition_home, edition_sections
from dateline.newsroom.visibility import readable

from . import recent
from .forms import SearchForm
from .languages import pg_config
from .query import MAX_HITS, MAX_QUERY_LENGTH, clean_query, highlight, rerank


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _filtered_articles(home, section, start, end):
    """The edition's readable articles, narrowed by the valid filters: a private
    article is neither shown nor counted. Every field used here is an
    index.FilterField of ArticlePage (path, live, locale, first_published_at),
    as Wagtail search requires."""
    articles = readable(ArticlePage.objects).filter(
        locale_id=home.locale_id, path__startswith=(section or home).path
    )
    if start is not None:
        articles = articles.filter(first_published_at__gte=_start_of(start))
    if end is not None:
        articles = articles.filter(
            first_published_at__lt=_start_of(end + datetime.timedelta(days=1))
        )
    return articles


def _search(articles, query, operator):
    """The best MAX_HITS hits by relevance (only what re-ranking needs is loaded),
    the number of hits in all, and whether that number was cut short.

    On PostgreSQL, the best of the newest matches (see `recent`): Wagtail's own
    query reads every article and is too slow for a large archive. Words are
    stemmed in the edition's language, the active one (`edition_home` is the
    front page in it)."""
    if recent.available(articles):
        config = pg_config(get_language())
        search_string = query.search_string_for(config)
        return recent.search(articles, search_string, operator, MAX_HITS, config)
    results = (
        articles.only("first_published_at", "updated_at")
        .search(query.search_string_for(None), operator=operator)
        .annotate_score("_score")
    )
    hits = list(results[:MAX_HITS])
    total = results.count() if len(hits) == MAX_HITS else len(hits)
    return hits, total, False


def _section_of(article, sections):
    """The deepest section the article sits in (sections come ordered by path)."""
    found = None
    for section in sections:
        if article.path.startswith(section.path):
            found = section
    return found


def _page_url(params, number):
    return "?" + urlencode({**params, "page": number})


@require_safe
def search(request):
    home = edition_home(request)
    sections = edition_sections(home) if home is not None else []
    form = SearchForm(
        request.GET or None,
        sections=sections,
        home_depth=home.depth if home is not None else 0,
    )
    form.is_valid()
    query = clean_query(request.GET.get("q"))
    section_pk = form.valid_value("section")
    section = next((s for s in sections if s.pk == section_pk), None)
    start, end = form.valid_value("from"), form.valid_value("to")

    context = {
        "form": form,
        "query": query,
        "search_query": query.text,
        "sections": sections,
        "selected_section": section,
        "max_query_length": MAX_QUERY_LENGTH,
        "max_hits": MAX_HITS,
        "searched": bool(query.text),
        "results": [],
        "total": 0,
    }
    if query and home is not None:
        articles = _filtered_articles(home, section, start, end)
        hits, total, more = _search(articles, query, "and")
        if not hits and len(query.terms) > 1:
            hits, total, more = _search(articles, query, "or")
            context["any_word"] = bool(hits)
        ranked = rerank(hits, timezone.now())
        page = paginate(request, ranked)
        shown = [pk for pk, _score in page.object_list]
        # A card shows the summary, never the body: not loaded (or parsed).
        cards = {
            a.pk: a for a in article_cards(ArticlePage.objects.filter(pk__in=shown).defer("body"))
        }
        results = []
        for pk in shown:
            article = cards.get(pk)
            if article is None:  # unpublished since the search ran
                continue
            points = article.summary_points
            results.append(
                {
                    "article": article,
                    "snippet": highlight(points[0] if points else "", query),
                    "section": _section_of(article, sections),
                }
            )
        params = {"q": query.text}
        if section is not None:
            params["section"] = section.pk
        if start is not None:
            params["from"] = start.isoformat()
        if end is not None:
            params["to"] = end.isoformat()
        context.update(
            results=results,
            total=total,
            total_is_more=more,
            shown_count=len(ranked),
            page=page,
            prev_url=_page_url(params, page.previous_page_number())
            if page.has_previous()
            else None,
            next_url=_page_url(params, page.next_page_number()) if page.has_next() else None,
        )
    return TemplateResponse(request, "search/search.html", context)
