"""What is on a channel, when: weekly programmes and specials turned into real times.

Everything here works on UTC instants. A programme's wall-clock times are read in
the channel's time zone on the day it airs, so daylight-saving changes move the
UTC times, never the times on the schedule.

Rules, in order:
1. A weekly programme airs on each of its days; an end at or before its start
   means it ends the next day.
2. A special replaces every weekly programme it overlaps (the whole programme).
3. If programmes still overlap, the earlier one ends when the later one starts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Long enough to find the next programme of a channel that airs once a week.
LOOKAHEAD = timedelta(days=8)


@dataclass(frozen=True)
class Programme:
    title: str
    description: str
    start: datetime  # aware, UTC
    end: datetime
    special: bool = False

    def airs_at(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def overlaps(self, other: Programme) -> bool:
        return self.start < other.end and other.start < self.end


def to_utc(local: datetime, tz: ZoneInfo) -> datetime:
    """A wall-clock time in ``tz`` as a UTC instant.

    Ambiguous times (the repeated hour when clocks go back) are read as the
    first occurrence. Times that do not exist (the hour skipped when clocks go
    forward) are read as the moment the clocks jump, so a programme from 01:00
    to 02:30 ends at 03:00 on that night, as the studio clock would show.
    """
    first = local.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == local:
        return first
    # In the gap: fold=1 reads it with the offset after the jump, which lands
    # before the jump; the jump is between the two readings. Find it to the second.
    low = local.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = first
    offset_after = high.astimezone(tz).utcoffset()
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == offset_after:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def _local_day_start(day: date, tz: ZoneInfo) -> datetime:
    return to_utc(datetime.combine(day, time()), tz)


def weekly_programmes(slots, tz: ZoneInfo, first_day: date, last_day: date) -> list[Programme]:
    programmes = []
    day = first_day
    while day <= last_day:
        for slot in slots:
            if str(day.weekday()) not in slot.days:
                continue
            ends_next_day = slot.end_time <= slot.start_time
            start = to_utc(datetime.combine(day, slot.start_time), tz)
            end_day = day + timedelta(days=1) if ends_next_day else day
            end = to_utc(datetime.combine(end_day, slot.end_time), tz)
            if end > start:
                programmes.append(Programme(slot.title, slot.description, start, end))
        day += timedelta(days=1)
    return programmes


def special_programmes(overrides, tz: ZoneInfo) -> list[Programme]:
    programmes = []
    for item in overrides:
        start = to_utc(datetime.combine(item.start_date, item.start_time), tz)
        end = to_utc(datetime.combine(item.end_date, item.end_time), tz)
        if end > start:
            programmes.append(Programme(item.title, item.description, start, end, special=True))
    return programmes


def programmes_between(
    channel, start: datetime, end: datetime, *, slots=None, overrides=None
) -> list[Programme]:
    """Every programme that airs at some point in [start, end), in order."""
    tz = channel.tz
    slots = list(channel.weekly_slots.all()) if slots is None else slots
    overrides = list(channel.overrides.all()) if overrides is None else overrides
    # A weekly programme may have started the local day before the window.
    first_day = start.astimezone(tz).date() - timedelta(days=1)
    last_day = end.astimezone(tz).date()
    specials = [
        p
        for p in special_programmes(overrides, tz)
        # Specials just outside the window can still cut a weekly programme in it.
        if p.start < end + timedelta(days=1) and p.end > start - timedelta(days=1)
    ]
    weekly = [
        p
        for p in weekly_programmes(slots, tz, first_day, last_day)
        if not any(p.overlaps(special) for special in specials)
    ]
    ordered = sorted(weekly + specials, key=lambda p: (p.start, p.end, p.title))
    programmes = []
    for index, programme in enumerate(ordered):
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        if following is not None and following.start < programme.end:
            programme = replace(programme, end=following.start)
        if programme.end > programme.start and programme.end > start and programme.start < end:
            programmes.append(programme)
    return programmes


@dataclass(frozen=True)
class Listing:
    """What a live page shows: on now, next, and the rest of the channel's day."""

    now: Programme | None
    next: Programme | None
    today: list[Programme]
    on_air: bool
    # When the page's now/next changes: the end of what is on, or the start of what is next.
    changes_at: datetime | None


def listing(channel, moment: datetime) -> Listing:
    moment = moment.astimezone(UTC)
    tz = channel.tz
    local_day = moment.astimezone(tz).date()
    day_start = _local_day_start(local_day, tz)
    day_end = _local_day_start(local_day + timedelta(days=1), tz)
    upcoming = programmes_between(channel, min(day_start, moment), moment + LOOKAHEAD)
    now = next((p for p in upcoming if p.airs_at(moment)), None)
    following = next((p for p in upcoming if p.start >= (now.end if now else moment)), None)
    # A programme right after the current one is "next"; after a gap it is still next.
    today = [p for p in upcoming if p.end > moment and p.start < day_end]
    changes_at = now.end if now else (following.start if following else None)
    return Listing(
        now=now,
        next=following,
        today=today,
        on_air=bool(channel.enabled and now),
        changes_at=changes_at,
    )


def on_air_spans(channel, moment: datetime, hours: int = 48) -> list[tuple[datetime, datetime]]:
    """When the channel is on air from now on, adjacent programmes merged."""
    if not channel.enabled:
        return []
    spans: list[list[datetime]] = []
    for p in programmes_between(channel, moment, moment + timedelta(hours=hours)):
        if spans and p.start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], p.end)
        else:
            spans.append([p.start, p.end])
    return [(start, end) for start, end in spans]
