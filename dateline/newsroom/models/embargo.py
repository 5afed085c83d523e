"""Embargoes: content that must not be published before a given time."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision


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

    # Indexed: the dashboard lists what comes out of embargo soon.
    embargo_until = models.DateTimeField(
        _("embargoed until"),
        null=True,
        blank=True,
        db_index=True,
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
