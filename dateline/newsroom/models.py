"""The newsroom's content: home page, sections, articles, authors, tags, photos."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
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
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from .blocks import ArticleBodyBlock, SummaryBlock
from .navigation import breadcrumb_for, edition_home

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


class NewsTag(TagBase):
    """A tag is a person, a place or a topic; each has its own page."""

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


# --- Pages ------------------------------------------------------------------


def paginate(request, queryset, per_page: int | None = None):
    paginator = Paginator(queryset, per_page or settings.DATELINE_PAGE_SIZE)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage as exc:
        raise Http404(_("No such page of results.")) from exc


def article_cards(queryset):
    """Articles as listings show them: lead photo and its renditions in a bounded
    number of queries, however long the list."""
    from dateline.comments.models import with_comment_counts

    return (
        with_comment_counts(queryset.live())
        .select_related("lead_image")
        .prefetch_related(Prefetch("lead_image__renditions"))
        .order_by("-first_published_at", "-pk")
    )


class HomePage(RoutablePageMixin, Page):
    """The front page of one edition. Also answers for tag and author pages."""

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
            article = (
                ArticlePage.objects.live()
                .filter(url_path=url_path)
                .select_related("lead_image")
                .first()
            )
            if article is not None:
                return RouteResult(article)
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        top_ids = list(self.top_stories.values_list("article_id", flat=True))
        top = {a.pk: a for a in article_cards(ArticlePage.objects.filter(pk__in=top_ids))}
        context["top_stories"] = [top[pk] for pk in top_ids if pk in top]
        sections = []
        for section in SectionPage.objects.child_of(self).live().in_menu():
            latest = article_cards(ArticlePage.objects.descendant_of(section)).exclude(
                pk__in=top_ids
            )[: self.latest_per_section]
            sections.append((section, list(latest)))
        context["sections"] = sections
        return context

    @path("tags/<slug:slug>/", name="tag")
    def tag_page(self, request, slug):
        tag = get_object_or_404(NewsTag, slug=slug)
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
        return self.render(
            request, context_overrides={**context, "articles": articles}, template=template
        )


class TopStory(Orderable):
    home = ParentalKey(HomePage, related_name="top_stories", on_delete=models.CASCADE)
    article = models.ForeignKey("newsroom.ArticlePage", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("article")]


class SectionPage(Page):
    """A section or sub-section (News > Afghanistan) with its own front page."""

    intro = models.TextField(blank=True)
    ninjs_subjects = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Comma-separated agency subject names or codes that file incoming copy here."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = Page.promote_panels + [FieldPanel("ninjs_subjects")]
    parent_page_types = ["newsroom.HomePage", "newsroom.SectionPage"]
    subpage_types = ["newsroom.SectionPage", "newsroom.ArticlePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subsections"] = SectionPage.objects.child_of(self).live()
        context["articles"] = paginate(
            request, article_cards(ArticlePage.objects.descendant_of(self))
        )
        return context


class ArticlePage(RoutablePageMixin, Page):
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

    content_panels = [
        TitleFieldPanel("title", heading=_("Headline")),
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
        FieldPanel("tags"),
        InlinePanel(
            "related_links",
            label=_("Related articles"),
            max_num=settings.DATELINE_MAX_RELATED,
        ),
        MultiFieldPanel(
            [FieldPanel("significant_update"), FieldPanel("updated_at")],
            heading=_("Updates"),
        ),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("comments_open")]
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
    def summary_points(self) -> list[str]:
        return [block.value for block in self.summary]

    @property
    def is_updated(self) -> bool:
        return bool(
            self.updated_at
            and self.first_published_at
            and self.updated_at > self.first_published_at
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home = edition_home(request)
        context["breadcrumb"] = breadcrumb_for(home, self) if home else []
        # Loaded once here; the byline, tag list and metadata all use them.
        context["authors"] = list(self.authors.all())
        context["tags"] = list(self.tags.all())
        context["related"] = [
            link.article
            for link in self.related_links.filter(article__live=True).select_related("article")
        ]
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
