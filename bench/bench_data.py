"""Fill a Dateline database with N articles fast, for benchmarks at scale.

    set -a; . STACK/env; set +a          # a `stack up --demo 12` stack
    .venv/bin/python bench/bench_data.py --articles 10000

Creating pages one by one through Wagtail (add_child, revisions, signals) costs
tens of milliseconds each: a million would take a day. This writes the rows
directly in batches instead, and keeps them exactly as Wagtail would have:

- wagtailcore_page rows with treebeard paths (the next free steps under each
  section), depth, url_path, locale, translation_key, live and publication times,
  and the sections' numchild raised to match;
- newsroom_articlepage rows whose every column comes from the model's own
  field defaults and get_db_prep_save, so new fields are filled correctly;
- their tags and authors, and their search index entries, so search at scale
  searches them too. On PostgreSQL each copy gets its template's index entry
  (the same body vectors; the headline text is the copy's own, its vector the
  template's): one INSERT ... SELECT per batch instead of Wagtail's add_bulk,
  which manages about 200 articles a second here. Elsewhere add_bulk is used.

The words come from the demo articles already there: each new article copies a
demo article's summary, body, lead photo, tags and authors into the same
section under a numbered headline, so listings, photos and tag pages look as
they do in the demo, only longer. Publication times run back from an hour ago,
one every --every minutes. Safe to run again: it adds more.
"""

import argparse
import itertools
import os
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")


def base36(number: int, width: int) -> str:
    from wagtail.models import Page

    digits = ""
    while number:
        number, digit = divmod(number, len(Page.alphabet))
        digits = Page.alphabet[digit] + digits
    return digits.rjust(width, Page.alphabet[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--every", type=float, default=15, help="Minutes between articles.")
    parser.add_argument(
        "--skip-search-index", action="store_true", help="Faster; search won't find them."
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.db.models import F
    from django.utils import timezone
    from django.utils.text import slugify
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from dateline.newsroom.models import ArticlePage, TaggedArticle

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
        raise SystemExit("No demo articles to copy: run `load-demo` (or `stack up --demo 12`).")
    sections = {a.pk: a.get_parent() for a in templates}
    # The next free treebeard step under each section, whatever is there already.
    next_step = {}
    for section in {s.pk: s for s in sections.values()}.values():
        last = Page.objects.filter(path__startswith=section.path, depth=section.depth + 1)
        last_path = last.order_by("-path").values_list("path", flat=True).first()
        next_step[section.pk] = int(last_path[-Page.steplen :], 36) + 1 if last_path else 1

    article_fields = [f for f in ArticlePage._meta.local_concrete_fields if f.name != "page_ptr"]
    columns = ", ".join(f'"{f.column}"' for f in ArticlePage._meta.local_concrete_fields)
    placeholders = ", ".join(["%s"] * len(ArticlePage._meta.local_concrete_fields))
    insert_article = f"INSERT INTO {ArticlePage._meta.db_table} ({columns}) VALUES ({placeholders})"
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

    content_type = ContentType.objects.get_for_model(ArticlePage)
    search = None if args.skip_search_index else get_search_backend()
    copy_index = search is not None and connection.vendor == "postgresql"
    index_table = IndexEntry._meta.db_table
    copy_entry = (
        f"INSERT INTO {index_table} (content_type_id, object_id, title_norm, autocomplete, "
        "title, body, title_text, body_text) "
        "SELECT content_type_id, %s, title_norm, autocomplete, title, body, %s, body_text "
        f"FROM {index_table} WHERE content_type_id = %s AND object_id = %s"
    )
    newest = timezone.now() - timedelta(hours=1)
    started = time.monotonic()
    cycle = itertools.cycle(templates)
    done = 0
    while done < args.articles:
        count = min(args.batch, args.articles - done)
        with transaction.atomic():
            plan = []
            for n in range(done, done + count):
                template = next(cycle)
                section = sections[template.pk]
                step = next_step[section.pk]
                next_step[section.pk] += 1
                suffix = base36(step, Page.steplen).lower()
                title = f"{template.title}: report {n + 1:,}"
                slug = f"{slugify(template.title)[:70]}-{suffix}"
                when = newest - timedelta(minutes=args.every * n)
                page = Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=section.path + base36(step, Page.steplen),
                    depth=section.depth + 1,
                    numchild=0,
                    url_path=f"{section.url_path}{slug}/",
                    content_type=content_type,
                    locale_id=template.locale_id,
                    translation_key=uuid.uuid4(),
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=when,
                    last_published_at=when,
                    show_in_menus=False,
                )
                plan.append((page, template, section))
            Page.objects.bulk_create([page for page, _, _ in plan])
            rows, tags, authors = [], [], []
            authors_through = ArticlePage.authors.through
            for page, template, _section in plan:
                article = ArticlePage(page_ptr_id=page.pk)
                values = prepared[template.pk]
                row = [page.pk]
                for f in article_fields:
                    if f.name in values:
                        row.append(values[f.name])
                    else:
                        row.append(f.get_db_prep_save(f.pre_save(article, True), connection))
                rows.append(row)
                tags += [
                    TaggedArticle(content_object_id=page.pk, tag_id=item.tag_id)
                    for item in template.tagged_items.all()
                ]
                authors += [
                    authors_through(articlepage_id=page.pk, author_id=author.pk)
                    for author in template.authors.all()
                ]
            with connection.cursor() as cursor:
                cursor.executemany(insert_article, rows)
            TaggedArticle.objects.bulk_create(tags)
            authors_through.objects.bulk_create(authors)
            added = {}
            for _, _, section in plan:
                added[section.pk] = added.get(section.pk, 0) + 1
            for section_pk, number in added.items():
                Page.objects.filter(pk=section_pk).update(numchild=F("numchild") + number)
            if copy_index:
                entries = [
                    (str(page.pk), page.title, content_type.pk, str(template.pk))
                    for page, template, _ in plan
                ]
                with connection.cursor() as cursor:
                    cursor.executemany(copy_entry, entries)
            elif search is not None:
                batch = ArticlePage.objects.filter(pk__in=[p.pk for p, _, _ in plan])
                search.add_bulk(ArticlePage, list(batch.prefetch_related("tags", "authors")))
        done += count
        rate = done / (time.monotonic() - started)
        print(f"{done:,} articles ({rate:,.0f}/s)", flush=True)
    # Section lists and other shared caches were filled before these existed.
    cache.clear()
    print(f"Added {done:,} articles in {time.monotonic() - started:.1f} s.")


if __name__ == "__main__":
    main()
