"""Articles, their update and correction notes, and related articles."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models
from django.dispatch import receiver
from django.urls import path as path_func
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    TitleFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.signals import page_published

from dateline.base.invalidation import cache_key, content_version, register_prefix, versioned
from dateline.base.surrogate_keys import shows

from .. import extensions
from ..article_cache import article_parts
from ..blocks import ArticleBodyBlock, SummaryBlock
from ..forms import EditionPageForm
from ..navigation import breadcrumb_for, edition_home
from ..panels import EmbargoPanel
from ..surrogates import page_key
from .base import READ_ONLY_METHODS, ViewRestrictionsInOneQuery
from .embargo import EmbargoMixin
from .photos import Photo
from .taxonomy import Author, TaggedArticle

_PATH = "\x00url_path\x00"
ARTICLE_NOTES = register_prefix("article-notes", "an article's published notes")
_article_at_sql: dict[str, tuple[str, tuple]] = {}


def live_article_at(url_path: str):
    """The live article at `url_path`, or None: the query of every article view.

    url_path is unique, so there is no ORDER BY to build or run, and the lead
    photo is not joined: a warm page shows it from its cached parts. Django
    compiles a query's SQL anew each time (most of the query's cost here), so
    each process compiles this one once and reruns the SQL with the path."""
    queryset = ArticlePage.objects.live().order_by()
    vendor = connections[queryset.db].vendor
    if vendor not in _article_at_sql:
        compiled = queryset.filter(url_path=_PATH)[:1]
        sql, params = compiled.query.get_compiler(using=compiled.db).as_sql()
        _article_at_sql[vendor] = (sql, tuple(params))
    sql, params = _article_at_sql[vendor]
    params = tuple(url_path if param == _PATH else param for param in params)
    return next(iter(ArticlePage.objects.raw(sql, params)), None)


class ArticlePage(ViewRestrictionsInOneQuery, EmbargoMixin, RoutablePageMixin, Page):  # noqa: DJ008 (Page has __str__)
    base_form_class = EditionPageForm
    allowed_http_methods = READ_ONLY_METHODS
    # The agency's uri names one page: a copy or a translation is our own item.
    exclude_fields_in_copy = ["ninjs_uri"]

    social_headline = models.CharField(
        max_length=110,
        blank=True,
        help_text=_("Optional shorter headline for social networks and search results."),
        verbose_name=_("social headline"),
    )
    summary = StreamField(
        SummaryBlock(),
        help_text=_("One to five points that tell the story at a glance."),
        verbose_name=_("summary"),
    )
    lead_image = models.ForeignKey(
        Photo,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead photo"),
    )
    lead_image_alt = models.CharField(
        _("alt text"),
        max_length=400,
        blank=True,
        help_text=_("Describe the photo for people who cannot see it."),
    )
    lead_image_caption = models.CharField(_("caption"), max_length=500, blank=True)
    lead_image_credit = models.CharField(_("credit"), max_length=255, blank=True)
    body = StreamField(ArticleBodyBlock(), blank=True, verbose_name=_("body"))
    authors = ParentalManyToManyField(
        Author, blank=True, related_name="articles", verbose_name=_("authors")
    )
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
        parts = article_parts(self, request, version)
        context.update(parts)
        context["content_version"] = version
        # Their titles are on this page: a publish of any of them purges it.
        shows(*(page_key(pk) for pk in parts["linked"]))
        return context

    @property
    def related_articles(self) -> list["ArticlePage"]:
        return [link.article for link in self.related_links.all()]

    def set_related(self, articles) -> None:
        """Replace the related articles (in memory; saved with the next revision)."""
        self.related_links = [
            RelatedArticle(article=article, sort_order=n) for n, article in enumerate(articles)
        ]

    @classmethod
    def get_subpage_urls(cls):
        # The article's own routes, then those features registered (syndication:
        # ninjs/). Read when the page's URL resolver is first built, after every
        # app's ready() has registered its routes.
        return super().get_subpage_urls() + tuple(
            path_func(route.pattern, route.view, name=route.name)
            for route in extensions.article_routes
        )


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

    class Meta:
        verbose_name = _("related article")
        verbose_name_plural = _("related articles")


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
