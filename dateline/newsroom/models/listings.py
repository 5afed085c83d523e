"""Where an article stands in its tags' and authors' listings.

A tag or author page lists an edition's articles newest first, 20 a page. Read
through the tag and author link tables, the database finds every article of
the tag and sorts them all by date for each page: a tag on 28,000 of 100,000
articles took 108 ms for its second page and 409 ms at offset 40,000, and the
mirror export, which renders every page of every listing, never finished. A
ListingEntry copies what the listing sorts and filters on (tag or author,
edition, first publication) into one row per article and listing, whose index
gives a page's 20 rows in order with the keyset of the page before it.

The entries of an article are written again whenever it is published (its tags
and authors may have changed, and a first publication sets the date), and
follow its first publication time when a save changes it; code that changes
that time with a queryset update() calls `redate()`. Whether the article is
still live and readable is read from the page itself, so an unpublish or a view
restriction needs no entry change.
"""

from django.db import models, transaction
from django.db.models import Q
from wagtail.models import Locale

from ..visibility import readable_filter
from .articles import ArticlePage
from .taxonomy import Author, NewsTag, TaggedArticle


class ListingEntry(models.Model):
    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="listing_entries"
    )
    # Found through the two indexes below; no index of their own.
    tag = models.ForeignKey(
        NewsTag, null=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    author = models.ForeignKey(
        Author, null=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+", db_index=False)
    published_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(
                fields=["tag", "locale", "-published_at", "-article"],
                name="listing_by_tag",
                condition=Q(tag__isnull=False),
            ),
            models.Index(
                fields=["author", "locale", "-published_at", "-article"],
                name="listing_by_author",
                condition=Q(author__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(tag__isnull=False, author__isnull=True)
                | Q(tag__isnull=True, author__isnull=False),
                name="listing_tag_or_author",
            )
        ]

    def __str__(self) -> str:
        under = f"tag {self.tag_id}" if self.tag_id else f"author {self.author_id}"
        return f"article {self.article_id} under {under}"


def listed(*, locale, tag=None, author=None):
    """The entries of a tag's or an author's listing in an edition, newest
    first, of articles anonymous readers may read. Sorted on plain columns, so
    the archive paginator follows them with a keyset."""
    entries = ListingEntry.objects.filter(locale=locale)
    entries = entries.filter(tag=tag) if tag is not None else entries.filter(author=author)
    return entries.filter(readable_filter("article__")).order_by("-published_at", "-article_id")


def entries_for(article) -> list[ListingEntry]:
    if article.first_published_at is None:
        return []
    common = {
        "article_id": article.pk,
        "locale_id": article.locale_id,
        "published_at": article.first_published_at,
    }
    # What the publish saved, not the instance's in-memory relations.
    tags = TaggedArticle.objects.filter(content_object_id=article.pk)
    authors = ArticlePage.authors.through.objects.filter(articlepage_id=article.pk)
    return [ListingEntry(tag_id=pk, **common) for pk in tags.values_list("tag_id", flat=True)] + [
        ListingEntry(author_id=pk, **common) for pk in authors.values_list("author_id", flat=True)
    ]


def relist(sender, instance, **kwargs) -> None:
    """page_published: write the article's entries again from its saved tags
    and authors."""
    with transaction.atomic():
        ListingEntry.objects.filter(article_id=instance.pk).delete()
        ListingEntry.objects.bulk_create(entries_for(instance))


def redate(article_ids=None) -> None:
    """Give entries their articles' first publication times again (all of
    them, or those of `article_ids`), after an update() that bypassed save()."""
    entries = ListingEntry.objects.all()
    if article_ids is not None:
        entries = entries.filter(article_id__in=article_ids)
    when = models.Subquery(
        ArticlePage.objects.filter(pk=models.OuterRef("article_id")).values("first_published_at")[
            :1
        ]
    )
    entries.update(published_at=when)


def follow_date(sender, instance, raw=False, **kwargs) -> None:
    """post_save of an article: keep its entries at its first publication time."""
    if raw or instance.first_published_at is None:
        return
    entries = ListingEntry.objects.filter(article_id=instance.pk)
    entries.exclude(published_at=instance.first_published_at).update(
        published_at=instance.first_published_at
    )
