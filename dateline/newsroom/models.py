"""The newsroom's content: home page, sections, articles, authors, tags, photos."""

from http import HTTPMethod

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, Page, Revision
from wagtail.search import index
from wagtail.signals import page_published
from wagtail.url_routing import RouteResult

from dateline.base.invalidation import cache_key, content_version, register_prefix, versioned
from dateline.stories.panels import EmbargoPanel

from .article_cache import article_parts, is_public_path
from .blocks import ArticleBodyBlock, SummaryBlock
from .navigation import breadcrumb_for, edition_home, edition_sections, menu_sections
from .visibility import readable

# --- Photos -----------------------------------------------------------------


class Photo(AbstractImage):
    """A news photo: Wagtail's image plus the credit a newsroom must print."""

    credit = models.CharField(max_length=255, blank=True, help_text=_("Photographer or agency."))
    caption = models.CharField(max_length=500, blank=True, help_text=_("Default caption."))

    admin_form_fields = Image.admin_form_fields + ("credit", "caption")


class PhotoRendition(AbstractRendition):
    image = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


# --- Authors and tags -------------------------------------------------------


class Author(index.Indexed, models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    role = models.CharField(max_length=200, blank=True, help_text=_("E.g. Kabul correspondent."))
    bio = RichTextField(features=["bold", "italic", "link"], blank=True)
    photo = models.ForeignKey(
        Photo, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)

    def get_url_in(self, home: "HomePage") -> str:
        return home.url + home.reverse_subpage("author", args=[self.slug])


class NewsTagQuerySet(models.QuerySet):
    def published(self) -> "NewsTagQuerySet":
        """Tags on an article anyone may read. Reporters may add tags, but a
        tag's page and feed go public only with an article an editor has
        published, so a tag is reviewed with the story that carries it; and a
        tag only private articles carry stays as private as they are."""
        return self.filter(
            models.Exists(
                TaggedArticle.objects.filter(
                    tag=models.OuterRef("pk"),
                    content_object__in=readable(ArticlePage.objects).values("pk"),
                )
            )
        )


class NewsTag(TagBase):
    """A tag is a person, a place or a topic; each has its own page."""

    objects = NewsTagQuerySet.as_manager()

    class Kind(models.TextChoices):
        TOPIC = "topic", _("Topic")
        PERSON = "person", _("Person")
        PLACE = "place", _("Place")
        ORGANISATION = "organisation", _("Organisation")

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TOPIC)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind")]

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]


class TaggedArticle(ItemBase):
    tag = models.ForeignKey(NewsTag, related_name="tagged_articles", on_delete=models.CASCADE)
    content_object = ParentalKey(
        "newsroom.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


# --- Embargoes ---------------------------------------------------------------


def _revision_time(content: dict, name: str):
    value = content.get(name)
    return parse_datetime(value) if isinstance(value, str) else None


def hold_until_embargo(revision) -> None:
    """Turn a publish before the embargo into a publish *at* the embargo.

    Called on the revision about to be published, whatever path the publish
    took: ``EmbargoMixin.publish`` (workflow approval, bulk publish, the
    scheduler, the ninjs importer, snippets' Publish) and, for the page editor's
    Publish button, which runs Wagtail's publish action directly, the
    ``before_publish_page`` hook in dateline.stories. Moving the revision's
    go-live time, rather than trusting the form, is what makes the embargo hold.
    """
    content = revision.content
    embargo = _revision_time(content, "embargo_until")
    if embargo is None or embargo <= timezone.now():
        return
    go_live = _revision_time(content, "go_live_at")
    if go_live is None or go_live < embargo:
        content["go_live_at"] = DjangoJSONEncoder().default(embargo)
        revision.save(update_fields=["content"])


class EmbargoMixin(models.Model):
    """Content that must not be published before a given time (a source's or an
    agency's embargo).

    Publishing before the embargo is not refused but scheduled for the embargo
    time: the editor's intent ("this is ready, release it") is kept, the release
    cannot come early, and the scheduler that already runs releases it on time.
    Used by articles and live blog entries.
    """

    embargo_until = models.DateTimeField(
        _("embargoed until"),
        null=True,
        blank=True,
        help_text=_(
            "Nobody can publish this before this time. Publishing earlier schedules it "
            "for this time."
        ),
    )

    class Meta:
        abstract = True

    @property
    def under_embargo(self) -> bool:
        return bool(self.embargo_until and self.embargo_until > timezone.now())

    def clean(self):
        super().clean()
        if self.under_embargo and not self.live_revision_id:
            # Never published, so nothing of it may be live yet. A new page is
            # live until told otherwise (Wagtail's default), and the admin's
            # Publish saves it before the publish that schedules it for the
            # embargo: it waits as a draft instead.
            self.live = False
        self.follow_embargo()

    def follow_embargo(self) -> None:
        """Keep the go-live time at or after the embargo, so the admin shows the
        publish as scheduled; a go-live time an earlier embargo set follows it
        when the embargo is moved or lifted."""
        if self.go_live_at and self.pk and self.latest_revision_id:
            content = (
                Revision.objects.filter(pk=self.latest_revision_id)
                .values_list("content", flat=True)
                .first()
            ) or {}
            previous = _revision_time(content, "embargo_until")
            if previous and previous == self.go_live_at and previous != self.embargo_until:
                self.go_live_at = None
        if self.under_embargo and (not self.go_live_at or self.go_live_at < self.embargo_until):
            self.go_live_at = self.embargo_until

    def publish(self, revision, *args, **kwargs):
        # The page editor's Publish button bypasses this method (it runs
        # Wagtail's publish action itself): the before_publish_page hook in
        # dateline.stories holds those, and clean() has already set go-live.
        with transaction.atomic():
            hold_until_embargo(revision)
            return super().publish(revision, *args, **kwargs)


# --- Pages ------------------------------------------------------------------

# What a page answers (Wagtail's allowed_http_methods): readers only read pages.
# Every form posts to a view of its own (comments, search, page passwords), so
# anything else is a 405, and OPTIONS advertises no more than this.
HOME_PLAN = register_prefix("home-plan", "which articles a front page shows")
ARTICLE_NOTES = register_prefix("article-notes", "an article's published notes")

READ_ONLY_METHODS = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]


class ViewRestrictionsInOneQuery:
    """Wagtail checks a page's view restrictions on every view in two queries
    (the ancestors, then their restrictions); the ancestors' paths are known
    from the page's own path, so one query does."""

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        if is_public_path(self.path):
            # Most pages are under no restriction: no query on their views.
            return PageViewRestriction.objects.none()
        step = self.steplen
        paths = [self.path[:end] for end in range(step, len(self.path) + 1, step)]
        # An alias shares its source page's restrictions, never its own.
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
        ).distinct()


_PATH = "\x00url_path\x00"
_article_at_sql: dict[str, tuple[str, tuple]] = {}


def live_article_at(url_path: str):
    """The live article at `url_path`, or None: the query of every article view.

    url_path is unique, so there is no ORDER BY to build or run, and the lead
    photo is not joined: a warm page shows it from its cached parts. Django
    compiles a query's SQL anew each time (most of the query's cost here), so
    each process compiles this one once and reruns the SQL with the path."""
    from django.db import connections

    queryset = ArticlePage.objects.live().order_by()
    vendor = connections[queryset.db].vendor
    if vendor not in _article_at_sql:
        compiled = queryset.filter(url_path=_PATH)[:1]
        sql, params = compiled.query.get_compiler(using=compiled.db).as_sql()
        _article_at_sql[vendor] = (sql, tuple(params))
    sql, params = _article_at_sql[vendor]
    params = tuple(url_path if param == _PATH else param for param in params)
    return next(iter(ArticlePage.objects.raw(sql, params)), None)


def paginate(request, queryset, per_page: int | None = None):
    from .pagination import ArchivePaginator  # counts cached, deep pages by key (scale)

    paginator = ArchivePaginator(queryset, per_page or settings.DATELINE_PAGE_SIZE)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage as exc:
        raise Http404(_("No such page of results.")) from exc


def article_cards(queryset):
    """Articles as listings show them (those anonymous readers may read), with
    their lead photo and comment count, in one query however long the list."""
    from dateline.comments.models import with_comment_counts

    # No rendition prefetch: a card is rendered once per revision and kept
    # (newsroom_tags.article_card), and when it is, Wagtail finds the lead
    # photo's renditions in its renditions cache. A card never shows the body:
    # not loaded, nor parsed.
    return (
        with_comment_counts(readable(queryset))
        .defer("body")
        .select_related("lead_image")
        .order_by("-first_published_at", "-pk")
    )


class HomePage(ViewRestrictionsInOneQuery, RoutablePageMixin, Page):
    """The front page of one edition. Also answers for tag and author pages."""

    allowed_http_methods = READ_ONLY_METHODS

    strapline = models.CharField(max_length=255, blank=True)
    latest_per_section = models.PositiveSmallIntegerField(default=4)

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
        # cards (with comment counts) are read on every view.
        top_ids, wanted, live_blogs = versioned(
            cache_key(HOME_PLAN, self.pk, content_version()),
            lambda: self._plan(sections),
        )
        cards = list(article_cards(ArticlePage.objects.filter(pk__in=wanted)))
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
        context["live_blogs"] = live_blogs
        return context

    def _plan(self, sections) -> tuple[list[int], set[int], list]:
        """The top stories' ids, the ids of every article the page shows, and
        the open live blogs."""
        from dateline.stories.models import LiveBlogPage

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
        # Open live blogs lead the front page while their stories develop.
        live_blogs = list(
            readable(LiveBlogPage.objects)
            .descendant_of(self)
            .filter(open=True)
            .order_by("-first_published_at")[:3]
        )
        return top_ids, wanted, live_blogs

    @path("tags/<slug:slug>/", name="tag")
    def tag_page(self, request, slug):
        tag = get_object_or_404(NewsTag.objects.published(), slug=slug)
        articles = ArticlePage.objects.filter(tagged_items__tag=tag)
        return self._listing(request, "newsroom/tag_page.html", articles, tag=tag)

    @path("authors/<slug:slug>/", name="author")
    def author_page(self, request, slug):
        author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
        articles = ArticlePage.objects.filter(authors=author)
        return self._listing(request, "newsroom/author_page.html", articles, author=author)

    def _listing(self, request, template, articles, **context):
        """A paginated list of this edition's articles under a tag or author."""
        articles = paginate(request, article_cards(articles.filter(locale=self.locale)))
        # Page's own context, not the front page's top stories and sections.
        context = {**Page.get_context(self, request), **context, "articles": articles}
        return TemplateResponse(request, template, context)


class TopStory(Orderable):
    home = ParentalKey(HomePage, related_name="top_stories", on_delete=models.CASCADE)
    article = models.ForeignKey("newsroom.ArticlePage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article")]


class SectionPage(ViewRestrictionsInOneQuery, Page):
    """A section or sub-section (News > Afghanistan) with its own front page."""

    allowed_http_methods = READ_ONLY_METHODS

    intro = models.TextField(blank=True)
    ninjs_subjects = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Comma-separated agency subject names or codes that file incoming copy here."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = Page.promote_panels + [FieldPanel("ninjs_subjects")]
    parent_page_types = ["newsroom.HomePage", "newsroom.SectionPage"]
    subpage_types = [
        "newsroom.SectionPage",
        "newsroom.ArticlePage",
        "stories.StoryPage",
        "stories.LiveBlogPage",
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # From the edition's cached section list, not the tree.
        home = edition_home(request)
        sections = edition_sections(home) if home else []
        context["breadcrumb"] = breadcrumb_for(home, self) if home else []
        context["subsections"] = [
            s for s in sections if s.depth == self.depth + 1 and s.path.startswith(self.path)
        ]
        context["articles"] = paginate(
            request, article_cards(ArticlePage.objects.descendant_of(self))
        )
        return context


class ArticlePage(ViewRestrictionsInOneQuery, EmbargoMixin, RoutablePageMixin, Page):  # noqa: DJ008 (Page has __str__)
    allowed_http_methods = READ_ONLY_METHODS

    social_headline = models.CharField(
        max_length=110,
        blank=True,
        help_text=_("Optional shorter headline for social networks and search results."),
    )
    summary = StreamField(
        SummaryBlock(),
        help_text=_("One to five points that tell the story at a glance."),
    )
    lead_image = models.ForeignKey(
        Photo, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_image_alt = models.CharField(
        _("alt text"),
        max_length=400,
        blank=True,
        help_text=_("Describe the photo for people who cannot see it."),
    )
    lead_image_caption = models.CharField(_("caption"), max_length=500, blank=True)
    lead_image_credit = models.CharField(_("credit"), max_length=255, blank=True)
    body = StreamField(ArticleBodyBlock(), blank=True)
    authors = ParentalManyToManyField(Author, blank=True, related_name="articles")
    # Agency copy names people who have no author page here; their names are
    # kept as written rather than dropped.
    byline = models.CharField(
        _("other bylines"),
        max_length=255,
        blank=True,
        help_text=_("Names without an author page, comma-separated (agency reporters)."),
    )
    copyright_holder = models.CharField(_("copyright holder"), max_length=255, blank=True)
    copyright_notice = models.CharField(_("copyright notice"), max_length=500, blank=True)
    usage_terms = models.CharField(_("usage terms"), max_length=500, blank=True)
    tags = ClusterTaggableManager(through=TaggedArticle, blank=True)
    significant_update = models.BooleanField(
        _("mark as significant update"),
        default=False,
        help_text=_('Shows "Updated" with the time of the next publish.'),
    )
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    comments_open = models.BooleanField(
        _("readers may comment"),
        default=True,
        help_text=_("Untick to close comments on this article; approved comments stay visible."),
    )
    ninjs_uri = models.CharField(max_length=500, null=True, blank=True, unique=True, editable=False)
    story = models.ForeignKey(
        "stories.StoryPage",
        verbose_name=_("part of story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text=_("A developing story this article belongs to; it appears on its timeline."),
    )

    content_panels = [
        TitleFieldPanel("title", heading=_("Headline")),
        EmbargoPanel("embargo_until"),
        FieldPanel("social_headline"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_image_alt"),
                FieldRowPanel([FieldPanel("lead_image_caption"), FieldPanel("lead_image_credit")]),
            ],
            heading=_("Lead photo"),
        ),
        FieldPanel("body"),
        FieldPanel("authors"),
        FieldPanel("byline"),
        FieldPanel("tags"),
        InlinePanel(
            "related_links",
            label=_("Related articles"),
            max_num=settings.DATELINE_MAX_RELATED,
        ),
        FieldPanel("story"),
        MultiFieldPanel(
            [
                FieldPanel("significant_update"),
                FieldPanel("updated_at"),
                InlinePanel(
                    "notes",
                    label=_("Update or correction note"),
                    heading=_("Update and correction notes"),
                    help_text=_(
                        "Readers see these at the top of the article with their times. "
                        "Publishing a new note marks the article as updated."
                    ),
                ),
            ],
            heading=_("Updates and corrections"),
        ),
    ]
    settings_panels = Page.settings_panels + [
        FieldPanel("comments_open"),
        MultiFieldPanel(
            [
                FieldPanel("copyright_holder"),
                FieldPanel("copyright_notice"),
                FieldPanel("usage_terms"),
            ],
            heading=_("Rights (agency copy)"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("social_headline"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("authors", [index.SearchField("name")]),
        index.FilterField("first_published_at"),
    ]
    parent_page_types = ["newsroom.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")

    def clean(self):
        super().clean()
        errors = {}
        if not any(str(block.value).strip() for block in self.summary):
            errors["summary"] = _("Give at least one summary point.")
        if self.lead_image_id and not (self.lead_image_alt or self.lead_image.description):
            errors["lead_image_alt"] = _("A lead photo needs alt text.")
        if (self.lead_image_caption or self.lead_image_credit) and not self.lead_image_id:
            errors["lead_image"] = _("A caption or credit needs a lead photo.")
        related = [link.article_id for link in self.related_links.all()]
        if len(related) > settings.DATELINE_MAX_RELATED:
            errors["related_links"] = _("Choose at most %(n)d related articles.") % {
                "n": settings.DATELINE_MAX_RELATED
            }
        if self.pk and self.pk in related:
            errors["related_links"] = _("An article cannot be related to itself.")
        if (
            self.updated_at
            and self.first_published_at
            and self.updated_at < self.first_published_at
        ):
            errors["updated_at"] = _("An update cannot come before first publication.")
        if errors:
            raise ValidationError(errors)

    # What the page shows ---------------------------------------------------

    @property
    def display_alt(self) -> str:
        return self.lead_image_alt or (self.lead_image.description if self.lead_image else "")

    @property
    def display_credit(self) -> str:
        return self.lead_image_credit or (self.lead_image.credit if self.lead_image else "")

    @property
    def display_caption(self) -> str:
        return self.lead_image_caption or (self.lead_image.caption if self.lead_image else "")

    @property
    def byline_names(self) -> list[str]:
        return [name.strip() for name in self.byline.split(",") if name.strip()]

    @property
    def rights(self) -> str:
        """The agency's credit, as one line for the article's foot."""
        holder = f"© {self.copyright_holder}" if self.copyright_holder else ""
        parts = [holder, self.copyright_notice, self.usage_terms]
        return " · ".join(part for part in parts if part)

    @property
    def summary_points(self) -> list[str]:
        return [block.value for block in self.summary]

    @property
    def is_updated(self) -> bool:
        return bool(
            self.updated_at
            and self.first_published_at
            and self.updated_at > self.first_published_at
        )

    @cached_property
    def published_notes(self) -> list["ArticleNote"]:
        """The notes readers see, oldest first. Kept by live revision and content
        version, so a warm article page does not query for them; the page, its
        JSON-LD and its feeds all read this list."""
        return versioned(
            cache_key(ARTICLE_NOTES, self.pk, self.live_revision_id, content_version()),
            lambda: list(
                ArticleNote.objects.filter(page_id=self.pk, noted_at__isnull=False).order_by(
                    "noted_at", "sort_order", "pk"
                )
            ),
        )

    @property
    def corrections(self) -> list["ArticleNote"]:
        return [n for n in self.published_notes if n.kind == ArticleNote.Kind.CORRECTION]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home = edition_home(request)
        context["breadcrumb"] = breadcrumb_for(home, self) if home else []
        # Loaded once here (from the shared cache when warm); the byline, tag
        # list and metadata all use them.
        if getattr(request, "is_preview", False):
            # A draft's authors, tags and related stories, never a cached copy.
            context["authors"] = list(self.authors.all())
            context["tags"] = list(self.tags.all())
            context["related"] = [
                (link.article.title, link.article.get_url(request))
                for link in self.related_links.all()
                if link.article.live
            ]
            context["content_version"] = None
            return context
        version = content_version()
        context.update(article_parts(self, request, version))
        context["content_version"] = version
        return context

    @property
    def related_articles(self) -> list["ArticlePage"]:
        return [link.article for link in self.related_links.all()]

    def set_related(self, articles) -> None:
        """Replace the related articles (in memory; saved with the next revision)."""
        self.related_links = [
            RelatedArticle(article=article, sort_order=n) for n, article in enumerate(articles)
        ]

    @path("ninjs/", name="ninjs")
    def ninjs(self, request):
        from dateline.syndication.ninjs import ninjs_response

        return ninjs_response(self, request)


class ArticleNote(Orderable):
    """A dated note on an article: a significant update, or a correction that says
    what an earlier version got wrong. Its time is the time it was published."""

    class Kind(models.TextChoices):
        UPDATE = "update", _("Update")
        CORRECTION = "correction", _("Correction")

    page = ParentalKey(ArticlePage, related_name="notes", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.UPDATE)
    text = models.TextField(
        _("note"),
        max_length=1000,
        help_text=_(
            'What changed. A correction says what an earlier version said, e.g. "An earlier '
            'version of this article said the bridge had collapsed; it is damaged but standing."'
        ),
    )
    noted_at = models.DateTimeField(
        _("time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Leave empty: it is set to the time you publish."),
    )

    panels = [FieldRowPanel([FieldPanel("kind"), FieldPanel("noted_at")]), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("update or correction note")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


def stamp_new_notes(page_pk: int, revision) -> None:
    """After a publish: give notes published without a time the publish time and
    show the article as updated then.

    Runs only once the revision is live (a scheduled publish stamps when the
    scheduler publishes it). The published revision is brought up to date too,
    with the times and the notes' row ids, so the next edit starts from them:
    without the ids every publish would re-create the notes under new ids, and
    the links to them (#note-<id>, the corrections feed) would change.
    """
    row = (
        ArticlePage.objects.filter(pk=page_pk)
        .values("live_revision_id", "first_published_at", "last_published_at")
        .first()
    )
    if row is None or row["live_revision_id"] != revision.pk:
        return
    notes = list(ArticleNote.objects.filter(page_id=page_pk).order_by("pk"))
    stored = revision.content.get("notes") or []
    known = {note.get("pk") for note in stored}
    unnamed = iter([note for note in notes if note.pk not in known])  # saved in list order
    changed = False
    for note in stored:
        if note.get("pk") is None and (saved := next(unnamed, None)) is not None:
            note["pk"] = saved.pk
            changed = True
    if any(note.noted_at is None for note in notes):
        when = row["last_published_at"] or timezone.now()
        # To the second, as readers see it (revisions would keep only milliseconds).
        when = when.replace(microsecond=0)
        ArticleNote.objects.filter(page_id=page_pk, noted_at__isnull=True).update(noted_at=when)
        stamp = DjangoJSONEncoder().default(when)
        for note in stored:
            if not note.get("noted_at"):
                note["noted_at"] = stamp
        if row["first_published_at"] and when > row["first_published_at"]:
            ArticlePage.objects.filter(pk=page_pk).update(updated_at=when)
            revision.content["updated_at"] = stamp
        changed = True
    if changed:
        revision.save(update_fields=["content"])


@receiver(page_published, sender=ArticlePage, dispatch_uid="newsroom-stamp-notes")
def stamp_notes_on_publish(sender, instance, revision=None, **kwargs):
    if revision is not None:
        stamp_new_notes(instance.pk, revision)


class RelatedArticle(Orderable):
    """A story the editor links below this one. A page chooser, not a list of
    every article, so the editor stays usable with a million of them."""

    page = ParentalKey(ArticlePage, related_name="related_links", on_delete=models.CASCADE)
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article")]


def reindex_after_publish(sender, instance, **kwargs):
    """Wagtail indexes a page on save, before its tags and authors are saved
    with it; index again once the publish is complete."""
    index.insert_or_update_object(instance)


def stamp_significant_update(sender, instance, revision=None, **kwargs):
    """On publish, turn the editor's "significant update" tick into a shown time.

    The tick is cleared on the page and on the published revision so the next
    edit starts unticked and does not mark another update by accident.
    """
    if not isinstance(instance, ArticlePage) or not instance.significant_update:
        return
    when = instance.last_published_at or timezone.now()
    ArticlePage.objects.filter(pk=instance.pk).update(updated_at=when, significant_update=False)
    instance.updated_at, instance.significant_update = when, False
    if revision is not None:
        revision.content.update(
            significant_update=False, updated_at=DjangoJSONEncoder().default(when)
        )
        revision.save(update_fields=["content"])
