"""Editors set up a channel and its week in the Wagtail admin."""

from datetime import UTC, datetime, time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.utils import timezone

from dateline.live.models import Channel


@pytest.fixture
def editor_client(client, home):
    admin = get_user_model().objects.create_superuser("chief", "chief@example.org", "x" * 14)
    client.force_login(admin)
    return client


def on_now(response) -> str:
    return (
        BeautifulSoup(response.content, "html.parser")
        .select_one(".now-next h3")
        .get_text(" ", strip=True)
    )


def management(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_a_channel_with_weekday_programmes_and_a_special_is_made_in_the_admin(
    editor_client, monkeypatch, make_edition
):
    make_edition("es")
    add = editor_client.get("/admin/snippets/live/channel/add/")
    assert add.status_code == 200
    assert b"Europe/Madrid" in add.content  # time zones to choose from
    response = editor_client.post(
        "/admin/snippets/live/channel/add/",
        {
            "name": "Canal Dateline",
            "slug": "canal",
            "description": "",
            "enabled": "on",
            "language": "es",
            "time_zone": "Europe/Madrid",
            "stream_url": "",
            "audio_stream_url": "",
            "poster": "",
            **management("weekly_slots", 1),
            "weekly_slots-0-title": "Telediario",
            "weekly_slots-0-start_time": "21:00",
            "weekly_slots-0-end_time": "21:45",
            "weekly_slots-0-days": ["0", "1", "2", "3", "4"],
            "weekly_slots-0-description": "",
            **management("overrides", 1),
            "overrides-0-title": "Debate electoral",
            "overrides-0-start_date": "2026-05-08",
            "overrides-0-start_time": "21:00",
            "overrides-0-end_date": "2026-05-08",
            "overrides-0-end_time": "23:30",
            "overrides-0-description": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    channel = Channel.objects.get(slug="canal")
    slot = channel.weekly_slots.get()
    assert (slot.days, slot.start_time, slot.end_time) == ("01234", time(21), time(21, 45))
    # Thursday 7 May, 21:10 in Madrid (CEST): the weekday programme.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 5, 7, 19, 10, tzinfo=UTC))
    thursday = editor_client.get("/es/live/")
    assert on_now(thursday) == "Telediario"
    # The Spanish edition says it in Spanish.
    assert "Los horarios están en hora de Europe/Madrid (CEST)." in thursday.content.decode()
    # Friday 8 May, the special instead.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 5, 8, 19, 10, tzinfo=UTC))
    assert on_now(editor_client.get("/es/live/")).startswith("Debate electoral")

    listing = editor_client.get("/admin/snippets/live/channel/?q=Canal")
    assert listing.status_code == 200 and b"Canal Dateline" in listing.content
    edit = editor_client.get(f"/admin/snippets/live/channel/edit/{channel.pk}/")
    assert edit.status_code == 200
    ticked = BeautifulSoup(edit.content, "html.parser").select(
        "input[name='weekly_slots-0-days'][checked]"
    )
    assert [box["value"] for box in ticked] == ["0", "1", "2", "3", "4"]


def test_the_admin_refuses_a_special_that_ends_before_it_starts(editor_client):
    response = editor_client.post(
        "/admin/snippets/live/channel/add/",
        {
            "name": "Broken",
            "slug": "broken",
            "time_zone": "UTC",
            **management("weekly_slots", 0),
            **management("overrides", 1),
            "overrides-0-title": "Backwards",
            "overrides-0-start_date": "2026-05-08",
            "overrides-0-start_time": "21:00",
            "overrides-0-end_date": "2026-05-08",
            "overrides-0-end_time": "20:00",
        },
    )
    assert response.status_code == 200
    assert "A special must end after it starts." in response.content.decode()
    assert not Channel.objects.filter(slug="broken").exists()
