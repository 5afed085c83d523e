"""Authors and tags: who wrote an article and what it is about."""

from typing import TYPE_CHECKING

from django.apps import apps
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from ..visibility import readable
from .photos import Photo

if TYPE_CHECKING:
    from .fronts import HomePage


class Author(index.Indexed, models.Model):
    name = models.CharField(max_length=200, verbose_name=_("name"))
    slug = models.SlugField(max_length=200, unique=True, verbose_name=_("slug"))
    role = models.CharField(
        max_length=200, blank=True, help_text=_("E.g. Kabul correspondent."), verbose_name=_("role")
    )
    bio = RichTextField(
        features=["bold", "italic", "link"], blank=True, verbose_name=_("biography")
    )
    photo = models.ForeignKey(
        Photo,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
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
        verbose_name = _("author")
        verbose_name_plural = _("authors")
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
        # Articles are defined after tags (they carry them): found by name.
        articles = apps.get_model("newsroom", "ArticlePage")
        return self.filter(
            models.Exists(
                TaggedArticle.objects.filter(
                    tag=models.OuterRef("pk"),
                    content_object__in=readable(articles.objects).values("pk"),
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

    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.TOPIC, verbose_name=_("kind")
    )

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
