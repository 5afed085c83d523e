"""The story budget: what the desk plans to file, by whom, for when, and what became of it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PlannedStory(models.Model):
    """One line of the budget: a story the desk expects, before and while it is written."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        FILED = "filed", _("Filed, ready to edit")
        PUBLISHED = "published", _("Published")
        SPIKED = "spiked", _("Spiked")

    slug = models.SlugField(
        _("budget slug"),
        max_length=80,
        allow_unicode=True,
        help_text=_("The desk's working name for the story, such as “kabul-floods”."),
    )
    title = models.CharField(_("working title"), max_length=255)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the story will say; it becomes the draft's first summary point."),
    )
    section = models.ForeignKey(
        "newsroom.SectionPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("section"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    planned_at = models.DateTimeField(
        _("planned for"), help_text=_("When the story should be filed or published.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    note = models.TextField(_("note"), blank=True)
    article = models.ForeignKey(
        "newsroom.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("draft"),
        help_text=_("Set when the story is started."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What the dashboard still watches: the others are done with.
    OPEN = [Status.PLANNED, Status.IN_PROGRESS, Status.FILED]

    class Meta:
        verbose_name = _("planned story")
        verbose_name_plural = _("planned stories")
        ordering = ["planned_at", "pk"]
        indexes = [
            # The budget list, by time.
            models.Index(fields=["planned_at"], name="budget_by_time"),
            # The dashboard: open lines by time, for the desk and per reporter.
            # Partial, so done lines (most of them, in time) cost nothing.
            models.Index(
                fields=["planned_at"],
                name="budget_open_by_time",
                condition=Q(status__in=["planned", "in_progress", "filed"]),
            ),
            models.Index(
                fields=["assignee", "planned_at"],
                name="budget_open_by_assignee",
                condition=Q(status__in=["planned", "in_progress", "filed"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slug}: {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN
