"""Fill the database with N articles fast, for benchmarks at scale.

    python -m dateline bench-data --articles 1000000 [--section news/afghanistan]

Creating pages one by one through Wagtail (add_child, revisions, signals) costs
tens of milliseconds each: a million would take a day. This writes the rows
directly in batches instead (COPY on PostgreSQL, with page ids taken from the
table's sequence; multi-row INSERTs elsewhere), and keeps them exactly as
Wagtail would have:

- wagtailcore_page rows with treebeard paths (the next free steps under each
  section), depth, url_path, locale, translation_key, live and publication times,
  and the sections' numchild raised to match;
- newsroom_articlepage rows whose every column comes from the model's own
  field defaults and get_db_prep_save, so new fields are filled correctly;
- their tags and authors with their tag and author listing entries, and their
  search index entries, so search at scale searches them too. On PostgreSQL
  each copy gets its template's index entry (the same body vectors; the
  headline text is the copy's own, its vector the template's) in one INSERT ...
  SELECT per batch, instead of Wagtail's indexing, which manages about 200
  articles a second here. Elsewhere Wagtail's add_bulk is used.

The words come from the demo articles already there: each new article copies a
demo article's summary, body, lead photo, tags and authors under a numbered
headline, into the template's own section or into the one --section names (so
one section can hold a million children, as a busy wire section would).
Publication times run back from an hour ago, one every --every minutes. Safe to
run again: it adds more. On PostgreSQL, the table statistics are refreshed at
the end (ANALYZE) so the planner knows the tables' new sizes.
"""

import itertools
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from dateline.newsroom.models import ArticlePage, ListingEntry, SectionPage, TaggedArticle


class NoTemplates(Exception):
    pass


def base36(number: int, width: int) -> str:
    """A treebeard path step: `number` in the page alphabet, padded to `width`."""
    digits = ""
    while number:
        number, digit = divmod(number, len(Page.alphabet))
        digits = Page.alphabet[digit] + digits
    return digits.rjust(width, Page.alphabet[0])


def load_articles(
    count: int,
    *,
    batch: int = 5000,
    every_minutes: float = 15,
    section_path: str | None = None,
    search_index: bool = True,
    progress: Callable[[str], None] = lambda message: None,
) -> float:
    """Add `count` live articles copied from the demo articles; return the seconds taken."""
    # Demo articles have revisions, copies from an earlier run have none: copy
    # only the former. Articles in a developing story stay out of it.
    templates = list(
        ArticlePage.objects.live()
        .filter(story__isnull=True, live_revision__isnull=False)
        .select_related("locale")
        .prefetch_related("tagged_items", "authors")
        .order_by("pk")
    )
    if not templates:
        raise NoTemplates("No demo articles to copy: run `load-demo` (or `stack up --demo 12`).")
    if section_path:
        target = (
            SectionPage.objects.filter(url_path__endswith=f"/{section_path.strip('/')}/")
            .order_by("depth")
            .first()
        )
        if target is None:
            raise NoTemplates(f"No section at {section_path!r}.")
        target = target.page_ptr
        templates = [t for t in templates if t.locale_id == target.locale_id] or templates
        sections = {a.pk: target for a in templates}
    else:
        sections = {a.pk: a.get_parent() for a in templates}
    # The next free treebeard step under each section, whatever is there already.
    next_step = {}
    for section in {s.pk: s for s in sections.values()}.values():
        last = Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
        last_path = last.order_by("-path").values_list("path", flat=True).first()
        next_step[section.pk] = int(last_path[-Page.steplen :], 36) + 1 if last_path else 1

    article_fields = [f for f in ArticlePage._meta.local_concrete_fields if f.name != "page_ptr"]
    # What each template lends its copies, prepared for the database once.
    copied = ("summary", "body", "lead_image", "lead_image_alt", "lead_image_caption")
    copied += ("lead_image_credit", "social_headline")
    prepared = {}
    for template in templates:
        values = {}
        for f in article_fields:
            if f.name in copied:
                values[f.name] = f.get_db_prep_save(f.pre_save(template, True), connection)
        prepared[template.pk] = values
    # Columns every copy has alike (defaults), prepared once too.
    blank = ArticlePage()
    defaults = {
        f.name: f.get_db_prep_save(f.pre_save(blank, True), connection)
        for f in article_fields
        if f.name not in copied
    }

    content_type = ContentType.objects.get_for_model(ArticlePage)
    search = get_search_backend() if search_index else None
    copy_index = search is not None and connection.vendor == "postgresql"
    index_table = IndexEntry._meta.db_table
    # One statement per batch: the copies' ids, headlines and templates as arrays.
    copy_entries = (
        f"INSERT INTO {index_table} (content_type_id, object_id, title_norm, autocomplete, "
        "title, body, title_text, body_text) "
        "SELECT e.content_type_id, n.id, e.title_norm, e.autocomplete, e.title, e.body, "
        "n.title, e.body_text "
        "FROM unnest(%s::text[], %s::text[], %s::text[]) AS n(id, title, template) "
        f"JOIN {index_table} e ON e.content_type_id = %s AND e.object_id = n.template"
    )
    # Page rows as column lists: every column starts from the model's default,
    # prepared once, and only what differs per article is set.
    page_fields = Page._meta.local_concrete_fields
    blank_page = Page()
    page_defaults = [
        f.get_db_prep_save(f.pre_save(blank_page, True), connection) for f in page_fields
    ]
    page_column = {f.name: n for n, f in enumerate(page_fields)}
    page_field = {f.name: f for f in page_fields}

    def prep(name: str, value):
        """A value as the database takes it (UUIDs and times differ by backend)."""
        return page_field[name].get_db_prep_save(value, connection)

    article_columns = [f.column for f in ArticlePage._meta.local_concrete_fields]
    authors_through = ArticlePage.authors.through
    tag_columns = ["tag_id", "content_object_id"]
    author_columns = ["articlepage_id", "author_id"]
    listing_columns = ["tag_id", "author_id", "article_id", "locale_id", "published_at"]
    tags_of = {t.pk: [item.tag_id for item in t.tagged_items.all()] for t in templates}
    authors_of = {t.pk: [a.pk for a in t.authors.all()] for t in templates}
    postgres = connection.vendor == "postgresql"

    def write(table: str, columns: list[str], rows: list) -> None:
        """COPY on PostgreSQL (the fastest way in); multi-row INSERTs elsewhere."""
        if not rows:
            return
        names = ", ".join(f'"{c}"' for c in columns)
        with connection.cursor() as cursor:
            if postgres:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)

    def new_ids(count: int) -> list[int]:
        """Primary keys for `count` new pages, taken from the table's own sequence."""
        with connection.cursor() as cursor:
            if postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence('wagtailcore_page', 'id')) "
                    "FROM generate_series(1, %s)",
                    [count],
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT COALESCE(MAX(id), 0) FROM wagtailcore_page")
            first = cursor.fetchone()[0] + 1
            return list(range(first, first + count))

    newest = timezone.now() - timedelta(hours=1)
    started = time.monotonic()
    cycle = itertools.cycle(templates)
    done = 0
    while done < count:
        size = min(batch, count - done)
        with transaction.atomic():
            ids = new_ids(size)
            pages, articles, tags, authors, entries, listing = [], [], [], [], [], []
            added = {}
            for n, page_id in zip(range(done, done + size), ids, strict=True):
                template = next(cycle)
                section = sections[template.pk]
                step = next_step[section.pk]
                next_step[section.pk] += 1
                added[section.pk] = added.get(section.pk, 0) + 1
                title = f"{template.title}: report {n + 1:,}"
                # An Arabic headline slugifies to nothing: the template's ASCII slug then.
                stem = slugify(template.title)[:70] or template.slug[:70]
                slug = f"{stem}-{base36(step, Page.steplen).lower()}"
                when = newest - timedelta(minutes=every_minutes * n)
                row = list(page_defaults)
                for name, value in (
                    ("id", page_id),
                    ("path", section.path + base36(step, Page.steplen)),
                    ("depth", section.depth + 1),
                    ("numchild", 0),
                    ("translation_key", prep("translation_key", uuid.uuid4())),
                    ("locale", template.locale_id),
                    ("live", True),
                    ("has_unpublished_changes", False),
                    ("first_published_at", prep("first_published_at", when)),
                    ("last_published_at", prep("last_published_at", when)),
                    ("title", title),
                    ("draft_title", title),
                    ("slug", slug),
                    ("content_type", content_type.pk),
                    ("url_path", f"{section.url_path}{slug}/"),
                    ("show_in_menus", False),
                ):
                    row[page_column[name]] = value
                pages.append(row)
                values = prepared[template.pk]
                articles.append(
                    [page_id]
                    + [
                        values[f.name] if f.name in values else defaults[f.name]
                        for f in article_fields
                    ]
                )
                tags += [(tag_id, page_id) for tag_id in tags_of[template.pk]]
                authors += [(page_id, author_id) for author_id in authors_of[template.pk]]
                published = row[page_column["first_published_at"]]
                listing += [
                    (tag_id, None, page_id, template.locale_id, published)
                    for tag_id in tags_of[template.pk]
                ] + [
                    (None, author_id, page_id, template.locale_id, published)
                    for author_id in authors_of[template.pk]
                ]
                entries.append((str(page_id), title, str(template.pk)))
            write(Page._meta.db_table, [f.column for f in page_fields], pages)
            write(ArticlePage._meta.db_table, article_columns, articles)
            write(TaggedArticle._meta.db_table, tag_columns, tags)
            write(authors_through._meta.db_table, author_columns, authors)
            write(ListingEntry._meta.db_table, listing_columns, listing)
            for section_pk, number in added.items():
                Page.objects.filter(pk=section_pk).update(numchild=F("numchild") + number)
            if copy_index:
                with connection.cursor() as cursor:
                    cursor.execute(
                        copy_entries,
                        [[e[0] for e in entries], [e[1] for e in entries], [e[2] for e in entries]]
                        + [content_type.pk],
                    )
            elif search is not None:
                new = ArticlePage.objects.filter(pk__in=ids)
                search.add_bulk(ArticlePage, list(new.prefetch_related("tags", "authors")))
        done += size
        rate = done / (time.monotonic() - started)
        progress(f"{done:,} articles ({rate:,.0f}/s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # Section lists and other shared caches were filled before these existed.
    cache.clear()
    return time.monotonic() - started
