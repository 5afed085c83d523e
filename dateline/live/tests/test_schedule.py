"""What is on now and next: across midnight, across daylight-saving changes, with
specials replacing weekly programmes, and nothing when the channel is off."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from dateline.live.models import Channel, ScheduleOverride, WeeklySlot
from dateline.live.schedule import listing, on_air_spans, programmes_between, to_utc

EVERY_DAY = "0123456"


def channel(zone="UTC", slots=(), overrides=(), enabled=True):
    """An unsaved channel: modelcluster keeps its schedule in memory."""
    result = Channel(name="Test", slug="test", time_zone=zone, enabled=enabled)
    result.weekly_slots = [
        WeeklySlot(title=title, start_time=start, end_time=end, days=days)
        for title, start, end, days in slots
    ]
    result.overrides = [
        ScheduleOverride(
            title=title,
            start_date=start.date(),
            start_time=start.time(),
            end_date=end.date(),
            end_time=end.time(),
        )
        for title, start, end in overrides
    ]
    return result


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def local(zone, *args):
    return datetime(*args, tzinfo=ZoneInfo(zone))


NIGHTS = [
    ("Evening News", time(18), time(22), EVERY_DAY),
    ("Night Desk", time(22), time(2), EVERY_DAY),
    ("Overnight", time(2), time(6), EVERY_DAY),
]


def test_now_and_next_before_midnight_run_into_tomorrow():
    result = listing(channel(slots=NIGHTS), utc(2026, 5, 4, 23, 30))
    assert result.now.title == "Night Desk"
    assert (result.now.start, result.now.end) == (utc(2026, 5, 4, 22), utc(2026, 5, 5, 2))
    assert result.next.title == "Overnight"
    assert result.next.start == utc(2026, 5, 5, 2)
    assert result.on_air
    assert result.changes_at == utc(2026, 5, 5, 2)


def test_after_midnight_the_programme_that_began_yesterday_is_still_on():
    result = listing(channel(slots=NIGHTS), utc(2026, 5, 5, 0, 45))
    assert result.now.title == "Night Desk"
    assert result.now.start == utc(2026, 5, 4, 22)
    assert result.next.title == "Overnight"
    # Today's schedule starts with what is on, not with what ended before it.
    assert [p.title for p in result.today] == [
        "Night Desk",
        "Overnight",
        "Evening News",
        "Night Desk",
    ]


def test_a_programme_on_some_days_only_crosses_midnight_on_those_days():
    friday_late = channel(slots=[("Friday Late", time(23), time(1), "4")])  # Friday only
    on_saturday_morning = listing(friday_late, utc(2026, 5, 9, 0, 30))  # Saturday 00:30
    assert on_saturday_morning.now.title == "Friday Late"
    saturday_night = listing(friday_late, utc(2026, 5, 9, 23, 30))
    assert saturday_night.now is None
    assert not saturday_night.on_air
    # A week-long look ahead finds next Friday's.
    assert saturday_night.next.start == utc(2026, 5, 15, 23)


def test_clocks_going_forward_shorten_the_night_in_utc():
    # Europe/London skips 01:00-02:00 on Sunday 29 March 2026.
    london = channel(
        "Europe/London",
        slots=[
            ("Election Night", time(23), time(3), "5"),  # Saturday 23:00 to Sunday 03:00
            ("Sunday Early", time(3), time(6), "6"),
        ],
    )
    result = listing(london, utc(2026, 3, 29, 1, 30))  # 02:30 BST
    assert result.now.title == "Election Night"
    assert result.now.start == local("Europe/London", 2026, 3, 28, 23)  # 23:00 GMT
    assert result.now.end == local("Europe/London", 2026, 3, 29, 3)  # 03:00 BST
    assert result.now.end - result.now.start == (utc(2026, 3, 29, 2) - utc(2026, 3, 28, 23))
    assert result.next.title == "Sunday Early"
    assert result.next.start == utc(2026, 3, 29, 2)


def test_clocks_going_back_lengthen_the_night_in_utc():
    # Europe/London repeats 01:00-02:00 on Sunday 25 October 2026.
    london = channel("Europe/London", slots=[("Night Owls", time(1), time(2), "6")])
    first_pass = listing(london, utc(2026, 10, 25, 0, 30))  # 01:30 BST
    second_pass = listing(london, utc(2026, 10, 25, 1, 30))  # 01:30 GMT
    assert first_pass.now.title == second_pass.now.title == "Night Owls"
    assert second_pass.now.start == utc(2026, 10, 25, 0)  # 01:00 BST
    assert second_pass.now.end == utc(2026, 10, 25, 2)  # 02:00 GMT
    assert listing(london, utc(2026, 10, 25, 2, 30)).now is None


def test_a_programme_the_clock_jump_swallows_ends_when_the_clocks_jump():
    new_york = ZoneInfo("America/New_York")  # skips 02:00-03:00 on 8 March 2026
    assert to_utc(datetime(2026, 3, 8, 2, 30), new_york) == utc(2026, 3, 8, 7)
    assert to_utc(datetime(2026, 3, 8, 1, 30), new_york) == utc(2026, 3, 8, 6, 30)
    programmes = programmes_between(
        channel(
            "America/New_York",
            slots=[("Late Show", time(1), time(2, 30), EVERY_DAY)],
        ),
        utc(2026, 3, 8, 5),
        utc(2026, 3, 8, 9),
    )
    assert [(p.start, p.end) for p in programmes] == [(utc(2026, 3, 8, 6), utc(2026, 3, 8, 7))]


def test_a_weekly_programme_follows_local_time_across_the_change():
    madrid = channel("Europe/Madrid", slots=[("Telediario", time(21), time(22), EVERY_DAY)])
    winter = listing(madrid, utc(2026, 3, 27, 20, 30)).now  # CET, UTC+1
    summer = listing(madrid, utc(2026, 3, 30, 19, 30)).now  # CEST, UTC+2
    assert winter.start == utc(2026, 3, 27, 20)
    assert summer.start == utc(2026, 3, 30, 19)


def test_a_special_replaces_the_weekly_programmes_it_overlaps():
    evenings = channel(
        slots=[
            ("Evening News", time(18), time(19), EVERY_DAY),
            ("Sport", time(19), time(20), EVERY_DAY),
            ("Documentary", time(20), time(21), EVERY_DAY),
        ],
        overrides=[("Election Special", utc(2026, 5, 6, 18), utc(2026, 5, 6, 19, 30))],
    )
    during = listing(evenings, utc(2026, 5, 6, 18, 10))
    assert during.now.title == "Election Special"
    assert during.now.special
    assert during.next.title == "Documentary"  # Sport overlapped the special too
    titles = [p.title for p in during.today]
    assert titles == ["Election Special", "Documentary"]
    # Between the special's end and the next programme, nothing is on.
    assert listing(evenings, utc(2026, 5, 6, 19, 45)).now is None
    # The next day is the usual schedule.
    assert listing(evenings, utc(2026, 5, 7, 18, 10)).now.title == "Evening News"


def test_a_special_across_midnight_in_the_channels_time_zone():
    kabul = channel(
        "Asia/Kabul",
        slots=[("Morning Show", time(6), time(9), EVERY_DAY)],
        overrides=[
            ("Results Night", datetime(2026, 5, 6, 22), datetime(2026, 5, 7, 7)),
        ],
    )
    result = listing(kabul, local("Asia/Kabul", 2026, 5, 7, 6, 30))
    assert result.now.title == "Results Night"
    assert result.now.end == local("Asia/Kabul", 2026, 5, 7, 7)
    assert result.next.title == "Morning Show"
    assert result.next.start == local("Asia/Kabul", 2026, 5, 8, 6)


def test_overlapping_weekly_programmes_hand_over_when_the_later_one_starts():
    overlapping = channel(
        slots=[
            ("Long Show", time(10), time(14), EVERY_DAY),
            ("Midday News", time(12), time(13), EVERY_DAY),
        ]
    )
    programmes = programmes_between(overlapping, utc(2026, 5, 6, 9), utc(2026, 5, 6, 15))
    assert [(p.title, p.start.hour, p.end.hour) for p in programmes] == [
        ("Long Show", 10, 12),
        ("Midday News", 12, 13),
    ]


def test_an_all_day_slot_runs_around_the_clock():
    rolling = channel(slots=[("Rolling News", time(0), time(0), EVERY_DAY)])
    result = listing(rolling, utc(2026, 5, 6, 12))
    assert result.now.title == "Rolling News"
    assert on_air_spans(rolling, utc(2026, 5, 6, 12)) == [(utc(2026, 5, 6, 0), utc(2026, 5, 9, 0))]


def test_a_disabled_channel_is_off_air_whatever_the_schedule():
    off = channel(slots=NIGHTS, enabled=False)
    result = listing(off, utc(2026, 5, 4, 23, 30))
    assert result.now.title == "Night Desk"  # still scheduled: the page lists it
    assert not result.on_air
    assert on_air_spans(off, utc(2026, 5, 4, 23, 30)) == []


def test_on_air_spans_merge_back_to_back_programmes():
    spans = on_air_spans(channel(slots=NIGHTS), utc(2026, 5, 4, 12), hours=24)
    assert spans == [(utc(2026, 5, 4, 18), utc(2026, 5, 5, 6))]


@pytest.mark.parametrize(
    "start,end,valid",
    [
        ((date(2026, 5, 6), time(18)), (date(2026, 5, 6), time(19)), True),
        ((date(2026, 5, 6), time(22)), (date(2026, 5, 7), time(1)), True),
        ((date(2026, 5, 6), time(19)), (date(2026, 5, 6), time(19)), False),
        ((date(2026, 5, 6), time(19)), (date(2026, 5, 6), time(18)), False),
    ],
)
def test_a_special_must_end_after_it_starts(start, end, valid):
    from django.core.exceptions import ValidationError

    special = ScheduleOverride(
        title="x", start_date=start[0], start_time=start[1], end_date=end[0], end_time=end[1]
    )
    if valid:
        special.clean()
    else:
        with pytest.raises(ValidationError):
            special.clean()
