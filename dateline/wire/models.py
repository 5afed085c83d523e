"""Agency copy waiting on the desk: what came in, from whom, and what became of it."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Agency(models.Model):
    """A news agency that sends copy. Its push token is shown once, when made;
    only its hash is kept."""

    name = models.CharField(max_length=200, verbose_name=_("name"))
    slug = models.SlugField(max_length=100, unique=True, verbose_name=_("slug"))
    token_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def new_token(self) -> str:
        """A new push token (the old one stops working); save() to keep it."""
        token = secrets.token_urlsafe(32)
        self.token_hash = _digest(token)
        return token

    @classmethod
    def by_token(cls, token: str) -> "Agency | None":
        if not token:
            return None
        found = cls.objects.filter(token_hash=_digest(token)).first()
        # The lookup is by hash, so compare in constant time for the record.
        if found and secrets.compare_digest(found.token_hash, _digest(token)):
            return found
        return None


class WireItem(models.Model):
    """One version of one agency item (ninjs), kept whole."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        USED = "used", _("Used")
        UPDATED = "updated", _("Updated the draft")
        CORRECTION = "correction", _("Correction to a published story")
        SEEN = "seen", _("Correction seen")
        SUPERSEDED = "superseded", _("Superseded by a later version")

    agency = models.ForeignKey(
        Agency, null=True, on_delete=models.SET_NULL, related_name="items", verbose_name=_("agency")
    )
    uri = models.CharField(max_length=1000, verbose_name=_("item URI"))
    version = models.CharField(max_length=100, verbose_name=_("version"))
    language = models.CharField(max_length=16, blank=True, verbose_name=_("language"))
    headline = models.CharField(max_length=500, verbose_name=_("headline"))
    byline = models.CharField(max_length=500, blank=True, verbose_name=_("byline"))
    subjects = models.CharField(max_length=2000, blank=True, verbose_name=_("subjects"))
    text = models.TextField(blank=True, verbose_name=_("text"))
    payload = models.JSONField()
    source = models.CharField(max_length=300, blank=True, verbose_name=_("arrived by"))
    # Where a dropped item's pictures are (relative hrefs), for "Use" later.
    base_dir = models.CharField(max_length=1000, blank=True, editable=False)
    section = models.ForeignKey(
        "newsroom.SectionPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("section"),
        help_text=_("Where its subjects file it; the editor may choose another."),
    )
    received_at = models.DateTimeField(auto_now_add=True, verbose_name=_("received"))
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NEW, verbose_name=_("status")
    )
    article = models.ForeignKey(
        "newsroom.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("article"),
    )

    class Meta:
        verbose_name = _("wire item")
        verbose_name_plural = _("wire items")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["uri", "version"], name="wire_item_once_per_version")
        ]
        indexes = [
            models.Index(fields=["-received_at", "-id"], name="wire_newest"),
            models.Index(fields=["status", "-received_at"], name="wire_by_status"),
            models.Index(fields=["uri"], name="wire_by_uri"),
        ]

    def __str__(self) -> str:
        return self.headline
