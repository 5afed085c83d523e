"""An edition's front page and its sections."""

from django.db import models
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.url_routing import RouteResult

from dateline.base.invalidation import cache_key, content_version, register_prefix, versioned
from dateline.base.surrogate_keys import shows

from .. import extensions
from ..article_cache import is_public_path
from ..forms import EditionPageForm
from ..navigation import breadcrumb_for, edition_home, edition_sections, menu_sections
from ..surrogates import Listed, author_key, latest_key, page_key, section_key, tag_key
from ..visibility import readable
from .articles import ArticlePage, live_article_at
from .base import READ_ONLY_METHODS, ViewRestrictionsInOneQuery, article_cards, paginate
from .listings import listed
from .taxonomy import Author, NewsTag, TaggedArticle

# The extras features add (stories: open live blogs) are part of the plan.
HOME_PLAN = register_prefix("home-plan", "which articles and extras a front page shows")


class HomePage(ViewRestrictionsInOneQuery, RoutablePageMixin, Page):
    """The front page of one edition. Also answers for tag and author pages."""

    base_form_class = EditionPageForm

    allowed_http_methods = READ_ONLY_METHODS

    strapline = models.CharField(max_length=255, blank=True, verbose_name=_("strapline"))
    latest_per_section = models.PositiveSmallIntegerField(
        default=4, verbose_name=_("latest stories per section")
    )

    content_panels = Page.content_panels + [
        FieldPanel("strapline"),
        InlinePanel("top_stories", label=_("Top stories"), max_num=8),
        FieldPanel("latest_per_section"),
    ]
    subpage_types = ["newsroom.SectionPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = None

    def route(self, request, path_components):
        request._dateline_home = self
        if path_components:
            # Articles are most of the traffic: find one by its full path in a
            # single indexed query instead of one query per level of sections.
            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            article = live_article_at(url_path)
            if article is not None:
                return RouteResult(article)
            # Sections, live blogs and stories: one indexed lookup and the
            # specific row, instead of two queries per level of the tree.
            page = next(iter(Page.objects.live().filter(url_path=url_path).order_by()[:1]), None)
            if page is not None:
                return RouteResult(page.specific)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = menu_sections(self)
        # Which articles the page shows changes only with a publish, unpublish,
        # move or delete, so it is worked out once per content version; their
        # cards (with what features add to them) are read on every view. The
        # key names the plan's shape (the features' extras since issue 13), so
        # a plan cached in the older shape is never read as this one.
        top_ids, wanted, extras = versioned(
            cache_key(HOME_PLAN, self.pk, content_version()),
            lambda: self._plan(sections),
        )
        cards = list(article_cards(ArticlePage.objects.filter(pk__in=wanted)))
        # The edition's newest, whatever of them is shown now.
        shows(latest_key(self.pk), *(page_key(card.pk) for card in cards))
        by_pk = {card.pk: card for card in cards}
        context["top_stories"] = [by_pk[pk] for pk in top_ids if pk in by_pk]
        context["sections"] = [
            (
                section,
                [
                    card
                    for card in cards
                    if card.path.startswith(section.path) and card.pk not in top_ids
                ][: self.latest_per_section],
            )
            for section in sections
        ]
        # What features lead the page with (stories: the open live blogs).
        context.update(extras)
        return context

    def _plan(self, sections) -> tuple[list[int], set[int], dict]:
        """The top stories' ids, the ids of every article the page shows, and
        what features registered to show on the front page, by name."""
        top_ids = list(self.top_stories.values_list("article_id", flat=True))
        # Every section's latest in one query (a UNION of one sliced subquery
        # per section), then their cards with the top stories in another, so
        # the count stays flat however many sections. ORing the subqueries into
        # one WHERE would make PostgreSQL scan every article.
        latest = [
            ArticlePage.objects.filter(
                pk__in=readable(ArticlePage.objects)
                .filter(path__startswith=section.path)
                .exclude(pk__in=top_ids)
                .order_by("-first_published_at", "-pk")
                .values("pk")[: self.latest_per_section]
            )
            .order_by()
            .values_list("pk", flat=True)
            for section in sections
        ]
        wanted = set(top_ids)
        if latest:
            wanted.update(latest[0].union(*latest[1:], all=True))
        extras = {name: compute(self) for name, compute in extensions.front_page_extras.items()}
        return top_ids, wanted, extras

    @path("tags/<slug:slug>/", name="tag")
    def tag_page(self, request, slug):
        tag = get_object_or_404(NewsTag.objects.published(), slug=slug)
        entries = listed(locale=self.locale, tag=tag)
        shows(tag_key(tag.pk, self.locale_id))
        return self._listing(request, "newsroom/tag_page.html", entries, tag=tag)

    @path("authors/<slug:slug>/", name="author")
    def author_page(self, request, slug):
        author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
        entries = listed(locale=self.locale, author=author)
        shows(author_key(author.pk, self.locale_id))
        return self._listing(request, "newsroom/author_page.html", entries, author=author)

    def _listing(self, request, template, entries, **context):
        """A page of this edition's articles under a tag or author: 20 entries
        of the listing's index, then those articles as cards."""
        articles = paginate(request, entries)
        ids = [entry.article_id for entry in articles.object_list]
        cards = article_cards(ArticlePage.objects.filter(pk__in=ids)).in_bulk()
        articles.object_list = [cards[pk] for pk in ids if pk in cards]
        shows(*(page_key(card.pk) for card in articles.object_list))
        # Page's own context, not the front page's top stories and sections.
        context = {**Page.get_context(self, request), **context, "articles": articles}
        return TemplateResponse(request, template, context)

    class Meta:
        verbose_name = _("front page")
        verbose_name_plural = _("front pages")


class TopStory(Orderable):
    home = ParentalKey(HomePage, related_name="top_stories", on_delete=models.CASCADE)
    article = models.ForeignKey("newsroom.ArticlePage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article")]

    class Meta:
        verbose_name = _("top story")
        verbose_name_plural = _("top stories")


class SectionPage(ViewRestrictionsInOneQuery, Page):
    """A section or sub-section (News > Afghanistan) with its own front page."""

    base_form_class = EditionPageForm

    allowed_http_methods = READ_ONLY_METHODS

    intro = models.TextField(blank=True, verbose_name=_("introduction"))
    ninjs_subjects = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Comma-separated agency subject names or codes that file incoming copy here."),
        verbose_name=_("agency subjects"),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = Page.promote_panels + [FieldPanel("ninjs_subjects")]
    parent_page_types = ["newsroom.HomePage", "newsroom.SectionPage"]
    # The core's own kinds, and those features register (stories: story
    # timelines and live blogs). The registry's list itself, so what apps add
    # in ready() is there when Wagtail first reads it.
    subpage_types = extensions.section_page_types

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # From the edition's cached section list, not the tree.
        home = edition_home(request)
        sections = edition_sections(home) if home else []
        context["breadcrumb"] = breadcrumb_for(home, self) if home else []
        context["subsections"] = [
            s for s in sections if s.depth == self.depth + 1 and s.path.startswith(self.path)
        ]
        shows(*(page_key(s.pk) for s in context["subsections"]))
        # The section's tree by its path alone: treebeard's descendant_of() adds
        # a depth term, and SQLite then sorts every article of a big section by
        # date through the depth index for each page, instead of walking
        # Wagtail's first_published_at index and stopping after one page.
        below = ArticlePage.objects.filter(path__startswith=self.path).exclude(pk=self.pk)
        articles = paginate(request, article_cards(below))
        articles.object_list = list(articles.object_list)  # read once, here
        shows(section_key(self.pk), *(page_key(card.pk) for card in articles.object_list))
        context["articles"] = articles
        return context

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")


def listed_in(page_pk: int, public_only: bool = True) -> Listed:
    """The listings (surrogate keys) a page or the articles below it are in, as
    the database has it now: none unless it is live and (public_only)
    anonymous readers can read it. Front pages and sections list the articles
    below them; tags and authors are an article's own."""
    row = (
        Page.objects.filter(pk=page_pk, live=True)
        .values("path", "locale_id", "first_published_at")
        .first()
    )
    if row is None or (public_only and not is_public_path(row["path"])):
        return Listed()
    path, locale_pk = row["path"], row["locale_id"]
    step = Page.steplen
    above = [path[:end] for end in range(step, len(path), step)]
    keys = {
        section_key(pk)
        for pk in SectionPage.objects.filter(path__in=above).values_list("pk", flat=True)
    }
    keys |= {
        latest_key(pk)
        for pk in HomePage.objects.filter(path__in=above).values_list("pk", flat=True)
    }
    tags = TaggedArticle.objects.filter(content_object_id=page_pk).values_list("tag_id", flat=True)
    keys |= {tag_key(pk, locale_pk) for pk in tags}
    authors = ArticlePage.authors.through.objects.filter(articlepage_id=page_pk)
    keys |= {author_key(pk, locale_pk) for pk in authors.values_list("author_id", flat=True)}
    return Listed(frozenset(keys), row["first_published_at"])
