"""Newsletters: lists per edition, subscribers and their consent, issues and
their deliveries (docs/decisions/0013-audience.md).

A subscriber is an address, nothing more: no password, no profile. Their
links carry tokens signed with a stored random key (`tokens`), so rotating the
key when they leave makes every link they hold stale. Each issue's deliveries
are rows made when its send starts, one per reader, so a sender that dies
leaves a queue another can finish (`sender`).
"""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Locale, Orderable

BRIEFING, BREAKING = "briefing", "breaking"


def new_key() -> str:
    return secrets.token_urlsafe(24)


def normalise_email(address: str) -> str:
    return address.strip().lower()


class NewsletterList(models.Model):
    class Kind(models.TextChoices):
        BRIEFING = BRIEFING, _("Daily briefing")
        BREAKING = BREAKING, _("Breaking news alerts")
        DIGEST = "digest", _("Digest of a section or tag")

    locale = models.ForeignKey(
        Locale, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    slug = models.SlugField(_("slug"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DIGEST)
    section = models.ForeignKey(
        "newsroom.SectionPage",
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A digest's articles come from this section…"),
    )
    tag = models.ForeignKey(
        "newsroom.NewsTag",
        verbose_name=_("tag"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("…or carry this tag."),
    )
    send_time = models.TimeField(
        _("send at"),
        null=True,
        blank=True,
        help_text=_("A briefing goes out every day at this time (the site's time zone)."),
    )
    active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldRowPanel([FieldPanel("locale"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("section"), FieldPanel("tag")]),
        FieldRowPanel([FieldPanel("send_time"), FieldPanel("active")]),
    ]

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["locale__language_code", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="newsletter_list_slug")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.locale.language_code})"

    def confirmed_count(self) -> int:
        return self.subscriptions.filter(status=Subscription.Status.CONFIRMED).count()

    confirmed_count.short_description = _("confirmed subscribers")


class Subscriber(models.Model):
    email = models.EmailField(_("email"), max_length=254, unique=True)
    # Signed into every link the subscriber holds; a new one makes them all stale.
    key = models.CharField(max_length=64, default=new_key, editable=False)
    language_code = models.CharField(_("language"), max_length=20, default="en")
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def rotate_key(self) -> None:
        self.key = new_key()
        self.save(update_fields=["key"])

    def confirmed_lists(self) -> str:
        return ", ".join(
            str(s.newsletter)
            for s in self.subscriptions.filter(status=Subscription.Status.CONFIRMED)
        )

    confirmed_lists.short_description = _("lists")


class Subscription(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter = models.ForeignKey(
        NewsletterList, on_delete=models.CASCADE, related_name="subscriptions"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    # Consent: when they asked, from where, and for which list (the list above).
    consent_at = models.DateTimeField(default=timezone.now)
    consent_source = models.CharField(max_length=500)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "newsletter"], name="newsletter_subscription_once"
            )
        ]
        indexes = [models.Index(fields=["newsletter", "status"])]

    def __str__(self) -> str:
        return f"{self.subscriber} → {self.newsletter} ({self.status})"


class Suppression(models.Model):
    """An address nothing is sent to, whatever it subscribed to."""

    class Reason(models.TextChoices):
        BOUNCE = "bounce", _("bounced")
        COMPLAINT = "complaint", _("complained")
        MANUAL = "manual", _("added by an editor")

    email = models.EmailField(_("email"), max_length=254, unique=True)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)

    panels = [FieldPanel("email"), FieldPanel("reason")]

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)


class Issue(ClusterableModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")

    newsletter = models.ForeignKey(
        NewsletterList,
        verbose_name=_("newsletter"),
        on_delete=models.CASCADE,
        related_name="issues",
    )
    subject = models.CharField(_("subject"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    link = models.URLField(_("link"), blank=True, help_text=_("A breaking alert's link."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Counted as they happen: no pixels, no redirected links (no opens or clicks).
    bounces = models.PositiveIntegerField(_("bounces"), default=0, editable=False)
    unsubscribes = models.PositiveIntegerField(_("unsubscribes"), default=0, editable=False)

    panels = [
        FieldPanel("newsletter"),
        FieldPanel("subject"),
        FieldPanel("intro"),
        FieldPanel("link"),
        InlinePanel("articles", label=_("Articles")),
        FieldRowPanel([FieldPanel("status"), FieldPanel("send_at")]),
    ]

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    def delivery_count(self, *statuses: str) -> int:
        deliveries = self.deliveries.all()
        if statuses:
            deliveries = deliveries.filter(status__in=statuses)
        return deliveries.count()

    def sends(self) -> int:
        return self.delivery_count(Delivery.Status.SENT)

    sends.short_description = _("sent")

    def deliveries_total(self) -> int:
        return self.delivery_count()

    deliveries_total.short_description = _("deliveries")


class IssueArticle(Orderable):
    issue = ParentalKey(Issue, related_name="articles", on_delete=models.CASCADE)
    article = models.ForeignKey(
        "newsroom.ArticlePage",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("article")
        verbose_name_plural = _("articles")


class Delivery(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SUPPRESSED = "suppressed", _("suppressed")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    run_id = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="newsletter_delivery_once")
        ]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.subscriber_id} ({self.status})"


class SenderRun(models.Model):
    """A sender process, so another can tell whether the rows it claimed are
    still being worked on (same host: is the pid alive; any host: its beat)."""

    id = models.UUIDField(primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    beat_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"
