"""Live channels: where the stream is and what is on when.

A channel's schedule is a week of recurring programmes plus one-off specials.
Times are wall-clock times in the channel's own time zone, so "Evening News at
19:00" stays at 19:00 across daylight-saving changes.
"""

import zoneinfo
from functools import cache
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import Resolver404, resolve, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]
# Slugs the live URLs use themselves: /live/audio/ is the default channel's audio page.
RESERVED_SLUGS = {"audio"}
# The file names `live test-stream` and `live package` write in a channel's folder.
MASTER_PLAYLIST = "master.m3u8"
AUDIO_PLAYLIST = "audio/index.m3u8"


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        raise ValidationError(_("%(zone)s is not a time zone."), params={"zone": value}) from None


def validate_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s” is used by the live pages."), params={"slug": value})


def validate_stream_url(value: str) -> None:
    """A path on this site, or an address on an origin the site's CSP allows.

    Public pages only fetch media from their own origin unless the origin is
    listed in DATELINE_LIVE_STREAM_ORIGINS, so any other address would give
    readers a player that can never load.
    """
    if value.startswith("/") and not value.startswith("//"):
        return
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError(_("Enter a path on this site (/…) or an http(s) address."))
    origin = f"{parts.scheme}://{parts.netloc}"
    if origin not in settings.DATELINE_LIVE_STREAM_ORIGINS:
        raise ValidationError(
            _(
                "Readers' browsers may only load streams from this site or from origins "
                "in DATELINE_LIVE_STREAM_ORIGINS; %(origin)s is not one of them."
            ),
            params={"origin": origin},
        )


class WeekdaysFormField(forms.MultipleChoiceField):
    """Tick boxes for the days of the week, cleaned to a string of digits."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        for unused in ("max_length", "empty_value", "widget"):
            kwargs.pop(unused, None)
        super().__init__(choices=WEEKDAYS, **kwargs)

    def prepare_value(self, value):
        return list(value) if isinstance(value, str) else value

    def clean(self, value):
        return "".join(sorted(set(super().clean(value))))


class WeekdaysField(models.CharField):
    """Days of the week as digits, Monday = 0: "01234" is Monday to Friday."""

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 7
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return WeekdaysFormField(
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
            initial=self.default if self.has_default() else None,
        )


class ChannelQuerySet(models.QuerySet):
    def for_language(self, language: str):
        """The channel an edition's Live link opens: its own, else the default one
        (or the first, if none is marked default)."""
        channels = list(self.order_by("-is_default", "name"))
        for candidate in channels:
            if language and candidate.language == language:
                return candidate
        return channels[0] if channels else None


class Channel(ClusterableModel):
    name = models.CharField(max_length=200, verbose_name=_("name"))
    slug = models.SlugField(
        max_length=80,
        unique=True,
        validators=[validate_slug],
        help_text=_("The channel's address: /live/<slug>/."),
        verbose_name=_("slug"),
    )
    language = models.CharField(
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_(
            "The edition whose Live link opens this channel. Editions without a channel "
            "of their own open the default channel."
        ),
        verbose_name=_("language"),
    )
    is_default = models.BooleanField(
        _("default channel"), default=False, help_text=_("What /live/ shows.")
    )
    enabled = models.BooleanField(
        default=True,
        help_text=_("Untick to take the channel off air: its pages say so and show no player."),
        verbose_name=_("on air"),
    )
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Programme times below are in this time zone."),
        verbose_name=_("time zone"),
    )
    stream_url = models.CharField(
        _("video stream (HLS master playlist)"),
        max_length=500,
        blank=True,
        validators=[validate_stream_url],
        help_text=_(
            "Leave empty to use the stream `python -m dateline live package --channel <slug>` "
            "writes into this site's media folder. Otherwise the address of the master "
            "playlist (.m3u8) on this site or on an allowed CDN."
        ),
    )
    audio_stream_url = models.CharField(
        _("audio-only stream (HLS playlist)"),
        max_length=500,
        blank=True,
        validators=[validate_stream_url],
        help_text=_("Leave empty to use the audio-only rendition listed in the master playlist."),
    )
    poster = models.ForeignKey(
        "newsroom.Photo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in the video player before it plays. Not used on the audio page."),
        verbose_name=_("poster"),
    )
    description = models.TextField(blank=True, verbose_name=_("description"))

    objects = ChannelQuerySet.as_manager()

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("enabled"), FieldPanel("is_default")]),
                FieldPanel("language"),
                FieldPanel("time_zone", widget=forms.Select(choices=time_zone_choices)),
            ],
            heading=_("Channel"),
        ),
        MultiFieldPanel(
            [FieldPanel("stream_url"), FieldPanel("audio_stream_url"), FieldPanel("poster")],
            heading=_("Stream"),
        ),
        InlinePanel("weekly_slots", heading=_("Weekly schedule"), label=_("Programme")),
        InlinePanel("overrides", heading=_("Specials and changes"), label=_("Special")),
    ]

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["-is_default", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # One default: ticking it here unticks it everywhere else.
        with transaction.atomic():
            super().save(*args, **kwargs)
            if self.is_default:
                Channel.objects.exclude(pk=self.pk).filter(is_default=True).update(is_default=False)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_local(self) -> bool:
        """Whether the stream is the one this site serves from its media folder."""
        return not self.stream_url

    @property
    def local_source(self) -> str:
        """The slug of the channel whose stream this site serves for this one:
        itself, or the channel whose playlist its stream URL names (an edition's
        channel sharing another's stream); empty for a stream served elsewhere."""
        if self.is_local:
            return self.slug
        if "://" in self.stream_url:
            return ""
        try:
            match = resolve(urlsplit(self.stream_url).path)
        except Resolver404:
            return ""
        return match.kwargs.get("channel", "") if match.view_name == "live:hls" else ""

    def get_absolute_url(self) -> str:
        return reverse("live:channel", args=[self.slug])

    def local_url(self, name: str) -> str:
        return reverse("live:hls", args=[self.slug, name])

    def served_url(self, name: str) -> str:
        """A file of the stream this site serves for this channel (its own or the
        one its stream URL names); empty for a stream served elsewhere."""
        source = self.local_source
        return reverse("live:hls", args=[source, name]) if source else ""

    @property
    def video_url(self) -> str:
        return self.stream_url or self.local_url(MASTER_PLAYLIST)

    @property
    def audio_url(self) -> str:
        """The audio-only playlist if known; empty when the player must pick it from
        the master playlist."""
        if self.audio_stream_url:
            return self.audio_stream_url
        return self.local_url(AUDIO_PLAYLIST) if self.is_local else ""


class WeeklySlot(models.Model):
    channel = ParentalKey(Channel, on_delete=models.CASCADE, related_name="weekly_slots")
    days = WeekdaysField(default="0123456", verbose_name=_("days"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(
        _("ends"), help_text=_("At or before the start time: ends the next day.")
    )
    title = models.CharField(max_length=200, verbose_name=_("title"))
    description = models.TextField(blank=True, verbose_name=_("description"))

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("days", widget=forms.CheckboxSelectMultiple),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["start_time", "id"]
        verbose_name = _("weekly programme")

    def __str__(self):
        return f"{self.title} ({self.start_time:%H:%M}–{self.end_time:%H:%M})"


class ScheduleOverride(models.Model):
    """A one-off programme. Weekly programmes it overlaps are dropped that day."""

    channel = ParentalKey(Channel, on_delete=models.CASCADE, related_name="overrides")
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(_("start time"))
    end_date = models.DateField(_("end date"))
    end_time = models.TimeField(_("end time"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    description = models.TextField(blank=True, verbose_name=_("description"))

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
        FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["start_date", "start_time", "id"]
        verbose_name = _("special")

    def __str__(self):
        return f"{self.title} ({self.start_date} {self.start_time:%H:%M})"

    def clean(self):
        if None in (self.start_date, self.start_time, self.end_date, self.end_time):
            return
        if (self.end_date, self.end_time) <= (self.start_date, self.start_time):
            raise ValidationError({"end_time": _("A special must end after it starts.")})
