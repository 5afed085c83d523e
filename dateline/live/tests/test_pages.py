"""The Live and Audio Only pages as a reader's browser receives them, without
scripts: what is on, the schedule, a plain stream link, off air when it is."""

import json
from datetime import UTC, datetime, time

import extruct
import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation

from dateline.live.demo import create_demo_channel
from dateline.live.models import Channel, ScheduleOverride, WeeklySlot, validate_stream_url

NOW = datetime(2026, 5, 6, 18, 30, tzinfo=UTC)  # a Wednesday


@pytest.fixture
def at_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


@pytest.fixture
def tv(home, at_now):
    channel = Channel.objects.create(
        name="Dateline TV", slug="dateline-tv", is_default=True, time_zone="UTC"
    )
    for title, start, end in [
        ("Evening News", time(18), time(19)),
        ("Sport Tonight", time(19), time(20)),
        ("Late Edition", time(22), time(23)),
    ]:
        WeeklySlot.objects.create(
            channel=channel,
            title=title,
            start_time=start,
            end_time=end,
            description=f"{title} description",
        )
    return channel


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ").split()).replace(" – ", "–")


def test_live_page_shows_what_is_on_the_schedule_and_a_stream_link(client, tv):
    response = client.get("/en/live/")
    page = soup(response)
    assert text(page.h1) == "Dateline TV"
    now = page.select_one(".now-next")
    assert "On air now Evening News 18:00–19:00 Evening News description" in text(now)
    assert "Next Sport Tonight 19:00–20:00" in text(now)
    schedule = [text(li) for li in page.select(".schedule ol li")]
    assert schedule == [
        "18:00–19:00 Evening News",
        "19:00–20:00 Sport Tonight",
        "22:00–23:00 Late Edition",
    ]
    assert page.select_one(".schedule li[aria-current]").find(class_="title").string == (
        "Evening News"
    )
    assert "Times are in UTC." in text(page.select_one(".schedule"))
    # On air by the schedule: no off-air message; the player waits for its script.
    assert not page.select(".off-air")
    video = page.select_one("[data-live-player] video")
    assert video.has_attr("hidden") and video.has_attr("controls")
    assert page.select_one("[data-live-player]")["data-src"] == (
        "/en/live/dateline-tv/hls/master.m3u8"
    )
    link = page.select_one("a.stream-url")
    assert link["href"] == "/en/live/dateline-tv/hls/master.m3u8"
    assert text(link) == "http://testserver/en/live/dateline-tv/hls/master.m3u8"
    assert page.find("a", string="Audio only, for slow connections")["href"] == "/en/live/audio/"
    # The refresh script knows when "on now" changes.
    assert page.select_one("[data-live-listing]")["data-refresh-at"] == (
        "2026-05-06T19:00:00+00:00"
    )


def test_live_pages_are_shared_cacheable(client, tv):
    for url in ["/en/live/", "/en/live/audio/", "/en/live/on-air.json"]:
        control = client.get(url)["Cache-Control"]
        assert "public" in control and "s-maxage=60" in control, url


def test_off_schedule_the_page_says_off_air_and_what_is_next(client, tv, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 5, 6, 20, 30, tzinfo=UTC))
    page = soup(client.get("/en/live/"))
    assert text(page.select_one(".live-status")) == "The channel is off air right now."
    assert "Nothing is scheduled right now." in text(page.select_one(".now-next"))
    assert "Next Late Edition 22:00–23:00" in text(page.select_one(".now-next"))
    # The player is still there for its script, which plays the stream if it runs.
    assert page.select_one("[data-live-player] video[hidden]")


def test_a_disabled_channel_is_off_air_with_its_schedule_and_no_player(client, tv):
    tv.enabled = False
    tv.save()
    for url in ["/en/live/", "/en/live/audio/"]:
        page = soup(client.get(url))
        assert text(page.select_one(".live-status")) == "The channel is off air right now."
        assert not page.select("video, audio, [data-live-player], script[src*=player]")
        assert [text(li) for li in page.select(".schedule li")][0] == "18:00–19:00 Evening News"
        assert not page.select(".now-next")


def test_audio_page_is_small_plain_and_links_the_audio_only_stream(client, tv):
    response = client.get("/en/live/audio/")
    page = soup(response)
    assert text(page.select_one(".kicker")) == "Audio Only"
    assert page.select_one("[data-live-player] audio[hidden][controls]")
    assert not page.select("video, img, picture")
    link = page.select_one("a.stream-url")
    assert link["href"] == "/en/live/dateline-tv/hls/audio/index.m3u8"
    assert "On air now Evening News" in text(page.select_one(".now-next"))
    assert page.find("a", string="Watch the live channel")["href"] == "/en/live/"
    assert len(response.content) < 12_000


def test_audio_page_offers_the_data_saver_and_what_each_choice_costs(client, tv, make_edition):
    response = client.get("/en/live/audio/")
    page = soup(response)
    rungs = page.select_one("fieldset[data-audio-rungs][hidden]")  # shown by the player script
    assert text(rungs.legend) == "Sound quality"
    choices = rungs.select("input[type=radio][name=audio-rung]")
    assert [c["value"] for c in choices] == [
        "/en/live/dateline-tv/hls/audio/index.m3u8",
        "/en/live/dateline-tv/hls/audio-low/index.m3u8",
    ]
    assert [c.has_attr("checked") for c in choices] == [True, False]
    # The cost of an hour, from the rung's rate and the transport stream's overhead:
    # (64 + 8) kbit/s and (24 + 8) kbit/s.
    assert [text(label) for label in rungs.select("label")] == [
        "Standard (about 32 MB an hour)",
        "Data saver (about 14 MB an hour)",
    ]
    # Without the script, the data saver is a link for any player.
    low = page.select_one("a.stream-url-low")
    assert low["href"] == "/en/live/dateline-tv/hls/audio-low/index.m3u8"
    assert "the data saver (about 14 MB an hour)" in text(low.parent)
    # What a text-only page needs to link the stream for a phone's own player.
    context = response.context
    assert context["low_audio_stream_url"] == "/en/live/dateline-tv/hls/audio-low/index.m3u8"
    assert context["low_audio_stream_absolute"] == (
        "http://testserver/en/live/dateline-tv/hls/audio-low/index.m3u8"
    )
    assert context["master_url"] == "/en/live/dateline-tv/hls/master.m3u8"
    assert (
        context["master_stream_absolute"] == "http://testserver/en/live/dateline-tv/hls/master.m3u8"
    )
    assert [r["kbps"] for r in context["audio_rungs"]] == [64, 24]
    # Each edition says it in its own language.
    make_edition("es")
    spanish = soup(client.get("/es/live/audio/"))
    assert "Ahorro de datos (unos 14 MB por hora)" in text(spanish.select_one("[data-audio-rungs]"))
    # The Live page has no such choice: its player adapts by itself.
    assert not soup(client.get("/en/live/")).select("[data-audio-rungs], a.stream-url-low")


def test_audio_page_of_a_cdn_stream_lets_the_player_pick_the_audio_rendition(client, tv, settings):
    settings.DATELINE_LIVE_STREAM_ORIGINS = ["https://cdn.example.net"]
    tv.stream_url = "https://cdn.example.net/tv/master.m3u8"
    tv.save()
    page = soup(client.get("/en/live/audio/"))
    player = page.select_one("[data-live-player]")
    assert player["data-src"] == ""
    assert player["data-master"] == "https://cdn.example.net/tv/master.m3u8"
    # External players are given the master playlist, which lists the audio rendition.
    assert page.select_one("a.stream-url")["href"] == "https://cdn.example.net/tv/master.m3u8"
    assert not player.has_attr("data-state"), "the site cannot see a CDN's files"
    # Nor which rungs its master lists: no choice of rung, no data-saver link.
    assert not page.select("[data-audio-rungs], a.stream-url-low")


def test_live_page_json_ld_is_a_video_object_broadcast_live_now(client, tv):
    response = client.get("/en/live/")
    data = extruct.extract(response.content.decode(), syntaxes=["json-ld"])["json-ld"]
    video = next(item for item in data if item["@type"] == "VideoObject")
    assert video["name"] == "Dateline TV: Evening News"
    assert video["contentUrl"] == "http://testserver/en/live/dateline-tv/hls/master.m3u8"
    assert video["thumbnailUrl"] and video["uploadDate"] == "2026-05-06T18:00:00+00:00"
    event = video["publication"]
    assert event["@type"] == "BroadcastEvent"
    assert event["isLiveBroadcast"] is True
    assert event["startDate"] == "2026-05-06T18:00:00+00:00"
    assert event["endDate"] == "2026-05-06T19:00:00+00:00"


def test_audio_page_json_ld_is_a_matching_audio_object(client, tv):
    response = client.get("/en/live/audio/")
    data = extruct.extract(response.content.decode(), syntaxes=["json-ld"])["json-ld"]
    audio = next(item for item in data if item["@type"] == "AudioObject")
    assert audio["contentUrl"] == "http://testserver/en/live/dateline-tv/hls/audio/index.m3u8"
    assert audio["publication"]["isLiveBroadcast"] is True
    assert audio["publication"]["name"] == "Evening News"


def test_off_air_json_ld_announces_the_next_programme(client, tv, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 5, 6, 20, 30, tzinfo=UTC))
    response = client.get("/en/live/")
    data = extruct.extract(response.content.decode(), syntaxes=["json-ld"])["json-ld"]
    event = next(item for item in data if item["@type"] == "VideoObject")["publication"]
    assert event["name"] == "Late Edition"
    assert event["startDate"] == "2026-05-06T22:00:00+00:00"  # live, but later
    assert event["isLiveBroadcast"] is True


def test_a_special_shows_instead_of_the_weekly_programme(client, tv):
    ScheduleOverride.objects.create(
        channel=tv,
        title="Election Results",
        start_date=NOW.date(),
        start_time=time(17, 30),
        end_date=NOW.date(),
        end_time=time(21),
    )
    page = soup(client.get("/en/live/"))
    assert "On air now Election Results Special 17:30–21:00" in text(page.select_one(".now-next"))
    assert [text(li) for li in page.select(".schedule li")] == [
        "17:30–21:00 Election Results Special",
        "22:00–23:00 Late Edition",
    ]


def test_channels_have_their_own_pages_and_the_edition_its_own_channel(client, tv, make_edition):
    make_edition("es")
    spanish = Channel.objects.create(name="Dateline en español", slug="espanol", language="es")
    WeeklySlot.objects.create(
        channel=spanish, title="Noticias", start_time=time(18), end_time=time(19)
    )
    page = soup(client.get("/en/live/espanol/"))
    assert text(page.h1) == "Dateline en español"
    assert "Noticias" in text(page.select_one(".now-next"))
    assert page.select_one("a.stream-url")["href"] == "/en/live/espanol/hls/master.m3u8"
    assert soup(client.get("/en/live/espanol/audio/")).select_one("audio")
    # Each page lists the other channels.
    assert page.select_one(".other-channels a")["href"] == "/en/live/dateline-tv/"
    # The Spanish edition's Live link opens the Spanish channel.
    assert text(soup(client.get("/es/live/")).h1) == "Dateline en español"
    assert client.get("/en/live/no-such-channel/").status_code == 404


def test_without_any_channel_live_says_off_air(client, home):
    for url in ["/en/live/", "/en/live/audio/"]:
        page = soup(client.get(url))
        assert text(page.select_one(".off-air")) == "The channel is off air right now."
    assert json.loads(client.get("/en/live/on-air.json").content) == {"on": []}


def test_on_air_json_lists_when_the_channel_is_on(client, tv):
    spans = json.loads(client.get("/en/live/on-air.json").content)["on"]
    ms = lambda *args: int(datetime(*args, tzinfo=UTC).timestamp() * 1000)  # noqa: E731
    assert spans[:2] == [
        [ms(2026, 5, 6, 18), ms(2026, 5, 6, 20)],  # news and sport back to back
        [ms(2026, 5, 6, 22), ms(2026, 5, 6, 23)],
    ]
    tv.enabled = False
    tv.save()
    assert json.loads(client.get("/en/live/on-air.json").content) == {"on": []}


def test_every_page_carries_the_marker_hidden_so_pages_stay_the_same_for_all(client, tv):
    response = client.get("/en/")
    page = soup(response)
    nav = page.select_one("nav.live-nav")
    assert nav["data-on-air"] == "/en/live/on-air.json"
    assert nav.select_one(".on-air-marker[hidden]").string == "On air"
    assert page.select_one("script[src*='live/onair']").has_attr("defer")
    assert "public" in response["Cache-Control"]


def test_one_default_channel(tv):
    other = Channel.objects.create(name="Other", slug="other", is_default=True)
    tv.refresh_from_db()
    assert not tv.is_default and other.is_default
    assert Channel.objects.for_language("en") == other


def test_demo_channel_is_created_once_and_on_air_all_day(db, at_now):
    first = create_demo_channel()
    assert create_demo_channel() == first
    assert Channel.objects.count() == 1 and first.is_default
    from dateline.live.schedule import on_air_spans

    assert on_air_spans(first, NOW)[0][0] <= NOW


@pytest.mark.parametrize(
    "value,ok",
    [
        ("/media/live/tv/master.m3u8", True),
        ("https://cdn.example.net/tv/master.m3u8", True),
        ("https://elsewhere.example.org/tv/master.m3u8", False),
        ("//elsewhere.example.org/tv.m3u8", False),
        ("javascript:alert(1)", False),
    ],
)
def test_stream_addresses_must_be_ones_the_csp_lets_readers_load(settings, value, ok):
    settings.DATELINE_LIVE_STREAM_ORIGINS = ["https://cdn.example.net"]
    if ok:
        validate_stream_url(value)
    else:
        with pytest.raises(ValidationError):
            validate_stream_url(value)


def test_reserved_slugs_are_refused(db):
    channel = Channel(name="Audio", slug="audio", time_zone="UTC")
    with pytest.raises(ValidationError) as error:
        channel.full_clean()
    assert "slug" in error.value.message_dict


# --- Stream files the site serves itself --------------------------------------


@pytest.fixture
def stream_files(settings, tmp_path):
    folder = settings.MEDIA_ROOT / "live" / "dateline-tv"
    (folder / "video").mkdir(parents=True)
    (folder / "master.m3u8").write_text("#EXTM3U\n")
    (folder / "video" / "seg1.ts").write_bytes(b"\x47" * 188)
    (folder / "secret.txt").write_text("no")
    return folder


def test_playlists_are_served_fresh_and_segments_cached(client, db, stream_files):
    playlist = client.get("/en/live/dateline-tv/hls/master.m3u8")
    assert playlist.status_code == 200
    assert playlist["Content-Type"] == "application/vnd.apple.mpegurl"
    assert playlist["Cache-Control"] == "public, max-age=1, s-maxage=1"
    segment = client.get("/en/live/dateline-tv/hls/video/seg1.ts")
    assert segment["Content-Type"] == "video/mp2t"
    assert "max-age=3600" in segment["Cache-Control"]


def test_missing_stream_files_are_plain_uncached_404s(client, db, stream_files):
    missing = client.get("/en/live/dateline-tv/hls/video/index.m3u8")
    assert missing.status_code == 404
    assert missing["Cache-Control"] == "no-store"
    assert client.get("/en/live/dateline-tv/hls/secret.txt").status_code == 404
    for escape in ["../other/x.m3u8", "%2e%2e/%2e%2e/x.m3u8", "/etc/x.m3u8"]:
        assert client.get(f"/en/live/dateline-tv/hls/{escape}").status_code == 404, escape


def test_a_playlist_left_half_written_is_not_served(client, db, stream_files):
    (stream_files / "video" / "index.m3u8").write_bytes(b"")
    assert client.get("/en/live/dateline-tv/hls/video/index.m3u8").status_code == 404


def test_the_poster_shows_on_the_video_page_only(client, tv, make_photo):
    tv.poster = make_photo(title="Studio")
    tv.save()
    video = soup(client.get("/en/live/")).select_one("video")
    assert video["poster"].endswith(".jpg")
    data = extruct.extract(client.get("/en/live/").content.decode(), syntaxes=["json-ld"])
    video_object = next(item for item in data["json-ld"] if item["@type"] == "VideoObject")
    assert video_object["thumbnailUrl"] == [f"http://testserver{video['poster']}"]
    audio_page = client.get("/en/live/audio/").content.decode()
    assert video["poster"] not in audio_page and "<img" not in audio_page


def test_players_of_the_sites_own_stream_ask_whether_it_is_up(client, tv):
    for path in ["/en/live/", "/en/live/audio/"]:
        player = soup(client.get(path)).select_one("[data-live-player]")
        assert player["data-state"] == "/en/live/dateline-tv/stream.json"


def test_stream_state_answers_200_whether_the_stream_is_up_or_not(client, tv, settings):
    # Off air, the player asks this instead of meeting a 404 for each look.
    state = client.get("/en/live/dateline-tv/stream.json")
    assert state.status_code == 200
    assert state.json() == {"video": False, "audio": False}
    assert state["Cache-Control"] == "public, max-age=1, s-maxage=1"
    folder = settings.MEDIA_ROOT / "live" / "dateline-tv"
    (folder / "audio").mkdir(parents=True)
    (folder / "master.m3u8").write_text("#EXTM3U\n")
    (folder / "audio" / "index.m3u8").write_bytes(b"")  # a packager that died mid-write
    assert client.get("/en/live/dateline-tv/stream.json").json() == {
        "video": True,
        "audio": False,
    }
    (folder / "audio" / "index.m3u8").write_text("#EXTM3U\n")
    assert client.get("/en/live/dateline-tv/stream.json").json() == {"video": True, "audio": True}
    assert client.get("/en/live/no-such-channel/stream.json").status_code == 404


@pytest.mark.django_db
def test_live_label_in_a_translated_interface_is_not_wagtails_published(rf, home):
    """Wagtail's "Live" means "published"; the channel's Live is another word."""
    with translation.override("fr"):
        assert translation.gettext("Live") == "Publié"  # Wagtail's catalogue, as readers saw
        request = rf.get("/fr/")
        masthead = render_to_string("includes/masthead.html", request=request)
        live = render_to_string("live/live.html", {"channel": None}, request=request)
    nav = BeautifulSoup(masthead, "html.parser").select_one(".live-nav a")
    assert nav.get_text() == "Live"
    assert "Publié" not in masthead and "Publié" not in live
