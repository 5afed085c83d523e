"""The demo's Spanish and Arabic editions, beside the English one.

Each edition is a locale and a translation of the English front page (an
edition is data: see newsroom.routing). Its sections are translations of the
English sections, so Wagtail's translation_key links them; its stories are
written in its language (``content.es_articles``, ``content.ar_articles``),
and two are translations of English demo articles: the showcase (in all three
editions) and the developing story's article (whose correction then shows on
each edition's corrections page). The translation desk tracks those two as it
tracks one started with Translate (``translations.desk.adopt_translation``), so
correcting the English marks them out of date. Each edition also gets a
breaking-news banner and a live channel of its own, which plays the English
channel's test stream.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import datetime, time, timedelta
from html import escape

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from wagtail.models import Locale

from dateline.live.demo import DEMO_SLUG
from dateline.live.models import MASTER_PLAYLIST, Channel, WeeklySlot
from dateline.newsroom.models import (
    ArticleNote,
    ArticlePage,
    Author,
    HomePage,
    NewsTag,
    SectionPage,
    TopStory,
)
from dateline.stories.models import BreakingNews
from dateline.translations.desk import adopt_translation

from .content import ar_articles, es_articles
from .pictures import paint_scene

EDITIONS = (es_articles, ar_articles)


def _blocks(items) -> list:
    """Plain-text paragraphs become rich text; other blocks pass through."""
    return [
        (kind, f"<p>{escape(value, quote=False)}</p>") if kind == "paragraph" else (kind, value)
        for kind, value in items
    ]


def _stream_like(items, source) -> list[dict]:
    """``items`` as stream data whose blocks take the ids of the source's blocks
    of the same kind, in order (our second paragraph is the source's second
    paragraph): wagtail-localize pairs a translated block with its source by id.
    A block the source has no counterpart for gets a new id."""
    ids = defaultdict(list)
    for child in source:
        ids[child.block_type].append(child.id)
    seen: Counter = Counter()
    stream = []
    for kind, value in items:
        block = {"type": kind, "value": value}
        if seen[kind] < len(ids[kind]):
            block["id"] = ids[kind][seen[kind]]
        seen[kind] += 1
        stream.append(block)
    return stream


class _EditionTags:
    """Tags named in the edition's language, with the slug the data gives (Arabic
    names would slugify to nothing); a slug already taken gets the language."""

    def __init__(self, language: str):
        self.language = language
        self.cache: dict[str, NewsTag] = {}

    def get(self, name: str, kind: str, slug: str) -> NewsTag:
        if name not in self.cache:
            tag = NewsTag.objects.filter(name__iexact=name).first()
            if tag is None:
                slug = slugify(slug) or slugify(f"tag-{len(self.cache)}")
                if NewsTag.objects.filter(slug=slug).exists():
                    slug = f"{slug}-{self.language}"
                tag = NewsTag.objects.create(name=name, slug=slug, kind=kind)
            self.cache[name] = tag
        return self.cache[name]


def load_editions(
    home: HomePage,
    sections: dict[str, SectionPage],
    authors: dict[str, Author],
    translatable: dict[str, ArticlePage],
    now: datetime,
    seed: int,
    publish,
    make_photo,
) -> tuple[int, int]:
    """Write every edition; returns (articles, photos) added.

    ``translatable`` maps the content modules' TRANSLATIONS keys to the English
    articles they translate. ``publish`` and ``make_photo`` are the loader's.
    """
    articles = photos = 0
    for content in EDITIONS:
        a, p = _edition(
            content, home, sections, authors, translatable, now, seed, publish, make_photo
        )
        articles += a
        photos += p
    return articles, photos


def _edition(content, home, sections, authors, translatable, now, seed, publish, make_photo):
    language = content.LANGUAGE
    locale, _ = Locale.objects.get_or_create(language_code=language)
    since = now - timedelta(days=30)
    front = home.copy_for_translation(locale)
    front.strapline = content.STRAPLINE
    front.top_stories = []  # the English ones until the edition's own are written
    publish(front, since)

    own: dict[str, SectionPage] = {}
    for key, section in sections.items():  # parents come first, as in SECTIONS
        title, slug, intro = content.SECTIONS[key]
        page = section.copy_for_translation(locale)
        page.title, page.slug, page.intro = title, slug, intro
        publish(page, since)
        # Publishing renamed it in the database, not in this object: children take
        # their URL path from the parent they are added to.
        page.refresh_from_db()
        own[key] = page

    tags = _EditionTags(language)
    written: list[ArticlePage] = []
    photos = 0
    for n, data in enumerate(content.ARTICLES):
        rng = random.Random(f"{seed}-{language}-photo-{n}")
        picture, _ = paint_scene(rng, data["scene"], data.get("palette"))
        photo = make_photo(
            data["title"][:200],
            picture,
            data["alt"],
            content.CREDIT,
            data["caption"],
            f"{language}-{data['slug'][:40]}.jpg",
        )
        photos += 1
        when = (now - timedelta(hours=data["hours"])).replace(second=0, microsecond=0)
        article = own[data["section"]].add_child(
            instance=ArticlePage(
                title=data["title"],
                slug=data["slug"],
                social_headline=data.get("social", ""),
                summary=[("point", point) for point in data["summary"]],
                lead_image=photo,
                lead_image_alt=data["alt"],
                lead_image_caption=data["caption"],
                lead_image_credit=content.CREDIT,
                body=_blocks(data["body"]),
                first_published_at=when,
            )
        )
        article.authors.set([authors[slug] for slug in data["authors"]])
        article.tags.add(*[tags.get(*tag) for tag in data["tags"]])
        publish(article, when)
        written.append(article)

    for key, data in content.TRANSLATIONS.items():
        written.append(_translate(translatable[key], locale, data, tags, now, publish))

    _top_stories(front, written)
    BreakingNews.objects.create(
        text=content.BREAKING,
        page=next(a for a in written if a.notes.exists()) if written else None,
        locale=locale,
        expires_at=now + timedelta(days=1),
    )
    _channel(content.CHANNEL, language)
    return len(written), photos


def _translate(english: ArticlePage, locale, data, tags, now, publish) -> ArticlePage:
    """The edition's copy of an English article: same translation_key, own words,
    tracked by the translation desk as a translation of the English one."""
    article = english.copy_for_translation(locale)
    article.title, article.slug = data["title"], data["slug"]
    article.social_headline = data.get("social", "")
    article.summary = _stream_like([("point", point) for point in data["summary"]], english.summary)
    article.body = _stream_like(_blocks(data["body"]), english.body)
    article.lead_image_alt, article.lead_image_caption = data["alt"], data["caption"]
    article.story = None  # the story timeline and live blog are English only
    article.set_related([])
    when = min(english.first_published_at + timedelta(minutes=40), now - timedelta(minutes=5))
    notes = data.get("notes", [])
    notes = [
        ArticleNote(kind=kind, noted_at=when + timedelta(minutes=minutes), text=text, sort_order=n)
        for n, (kind, minutes, text) in enumerate(notes)
    ]
    article.notes = notes
    article.first_published_at = when
    article.updated_at = notes[-1].noted_at if notes else None
    article.tags.clear()
    article.tags.add(*[tags.get(*tag) for tag in data["tags"]])
    publish(article, when, article.updated_at)
    adopt_translation(english, article)
    return article


def _top_stories(front: HomePage, written: list[ArticlePage]) -> None:
    """The newest story of each section, newest first: up to five."""
    picked, seen = [], set()
    for page in sorted(written, key=lambda a: a.first_published_at, reverse=True):
        parent = page.get_parent().pk
        if parent not in seen:
            seen.add(parent)
            picked.append(page)
    front.top_stories = [TopStory(article=page, sort_order=i) for i, page in enumerate(picked[:5])]
    front.save_revision().publish()


def _channel(data: dict, language: str) -> None:
    if Channel.objects.filter(slug=data["slug"]).exists():
        return
    with translation.override(language):  # the English channel's stream, shared
        stream = reverse("live:hls", args=[DEMO_SLUG, MASTER_PLAYLIST])
    channel = Channel.objects.create(
        name=data["name"],
        slug=data["slug"],
        description=data["description"],
        language=language,
        enabled=True,
        time_zone=settings.TIME_ZONE,
        stream_url=stream,
    )
    WeeklySlot.objects.bulk_create(
        WeeklySlot(
            channel=channel,
            days="0123456",
            start_time=time(start),
            end_time=time(end),
            title=title,
            description=description,
        )
        for title, start, end, description in data["schedule"]
    )
