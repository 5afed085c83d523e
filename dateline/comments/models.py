"""Reader comments: posted by anyone, shown only once an editor approves them."""

from django.conf import settings
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from dateline.base.invalidation import (
    cache_key,
    register_prefix,
    structure_changed,
    structure_version,
    versioned,
)

SETTINGS_KEY = register_prefix("comment-settings", "a site's comment settings")


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(
        "newsroom.ArticlePage",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("article"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
        help_text=_("The comment this one replies to (one level deep)."),
        verbose_name=_("reply to"),
    )
    name = models.CharField(_("display name"), max_length=80)
    email = models.EmailField(
        _("email"), blank=True, help_text=_("Never shown; used only for moderation.")
    )
    body = models.TextField(_("comment"))
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING, verbose_name=_("status")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("posted at"))
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True, editable=False)

    panels = [
        FieldPanel("status"),
        MultiFieldPanel(
            [
                FieldPanel("article", read_only=True),
                FieldPanel("name", read_only=True),
                FieldPanel("email", read_only=True),
                FieldPanel("body", read_only=True),
            ],
            heading=_("The comment"),
        ),
    ]

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            models.Index(fields=["status", "-created_at"]),
        ]

    def __str__(self) -> str:
        return Truncator(f"{self.name}: {self.body}").chars(80)

    @property
    def excerpt(self) -> str:
        return Truncator(self.body).chars(120)

    def set_status(self, status: str, user=None) -> None:
        self.status = status
        self.moderated_at = timezone.now()
        self.moderated_by = user
        self.save(update_fields=["status", "moderated_at", "moderated_by"])


def with_comment_counts(queryset):
    """Annotate articles with their approved comment count inside the listing's
    own query, so a list of any length costs no extra query."""
    counts = (
        Comment.objects.filter(article=OuterRef("pk"), status=Comment.Status.APPROVED)
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        comment_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0)
    )


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    enabled = models.BooleanField(_("readers may comment"), default=True)
    auto_approve = models.BooleanField(
        _("publish comments without moderation"),
        default=False,
        help_text=_("Off: every comment waits for an editor."),
    )
    close_after_days = models.PositiveIntegerField(
        _("close comments after (days)"),
        default=0,
        help_text=_("0 keeps comments open for as long as the article allows them."),
    )

    class Meta:
        verbose_name = _("comment settings")

    @classmethod
    def cached_for_site(cls, site) -> "CommentSettings":
        """Read on every article view: kept per structure version (saving the
        settings moves it; publishing a story does not), in each process's
        memory and the shared cache."""
        return versioned(
            cache_key(SETTINGS_KEY, site.pk, structure_version()), lambda: cls.for_site(site)
        )

    def save(self, *args, **kwargs):
        changed = not self._state.adding  # the defaults, made on first read, change nothing
        super().save(*args, **kwargs)
        if changed:
            structure_changed()


class CommenterBan(models.Model):
    """A commenter kept from posting until `until`, known only by a keyed hash
    of their email address or of their network address (comments.bans): the
    ban itself stores neither."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("email address")
        ADDRESS = "address", _("network address")

    kind = models.CharField(_("by"), max_length=8, choices=Kind.choices)
    key = models.CharField(max_length=64, editable=False)
    until = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("commenter ban")
        verbose_name_plural = _("commenter bans")
        indexes = [models.Index(fields=["key", "until"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key[:8]}… ({self.until:%Y-%m-%d %H:%M})"
