"""The demo's live channel: on air around the clock, fed by `live test-stream`."""

from datetime import time

from django.conf import settings
from django.db import transaction

from .models import Channel, WeeklySlot

DEMO_SLUG = "dateline-tv"
# title, start, end, description: a day of a rolling news channel.
DEMO_DAY = [
    ("Overnight News", time(0), time(6), "The night's headlines, every half hour."),
    ("Morning Edition", time(6), time(9), "News, weather and the papers."),
    ("World Today", time(9), time(12), "Correspondents around the world."),
    ("Midday Bulletin", time(12), time(13), "The news at noon."),
    ("Afternoon Live", time(13), time(18), "Breaking news as it happens."),
    ("Evening News", time(18), time(19), "The day's main stories."),
    ("Dateline Reports", time(19), time(21), "Documentaries from our reporters."),
    ("Night Desk", time(21), time(0), "The late news and tomorrow's front pages."),
]


@transaction.atomic
def create_demo_channel() -> Channel:
    """Create the demo channel once; a second call returns it unchanged.

    Its stream is the one `python -m dateline live test-stream` writes into the
    media folder, so the Live page plays whenever that command runs.
    """
    channel = Channel.objects.filter(slug=DEMO_SLUG).first()
    if channel is not None:
        return channel
    channel = Channel.objects.create(
        name="Dateline TV",
        slug=DEMO_SLUG,
        description="Dateline's rolling news channel (the demo plays a test pattern).",
        is_default=not Channel.objects.filter(is_default=True).exists(),
        enabled=True,
        time_zone=settings.TIME_ZONE,
    )
    WeeklySlot.objects.bulk_create(
        WeeklySlot(
            channel=channel,
            days="0123456",
            start_time=start,
            end_time=end,
            title=title,
            description=description,
        )
        for title, start, end, description in DEMO_DAY
    )
    return channel
