"""A reader in Chromium on the Live and Audio Only pages, with ffmpeg streaming
for real: the players play (natively and through hls.js), say off air when the
stream stops and come back when it returns; the audio page stays small; pages
pass axe-core and the Nu checker and read without JavaScript."""

import re
import subprocess
import time

import pytest

from .conftest import running_stream, stop, wait_for_segments
from .test_commands import make_test_file, variants

OFF_AIR = "The channel is off air right now."
# Pretend the browser has no native HLS, so the player must use hls.js.
WITHOUT_NATIVE_HLS = """
const canPlayType = HTMLMediaElement.prototype.canPlayType;
HTMLMediaElement.prototype.canPlayType = function (type) {
  return /mpegurl/i.test(type) ? "" : canPlayType.call(this, type);
};
"""

# What a browser reports on a connection the reader pays for, or a slow one.
CONNECTION = """
Object.defineProperty(Navigator.prototype, "connection", {
  configurable: true,
  get: () => ({ saveData: %s, effectiveType: "%s", addEventListener() {} }),
});
"""


class Reader:
    """A browser tab that remembers what went wrong in it."""

    def __init__(self, browser, *, native=True, **options):
        self.context = browser.new_context(**options)
        if not native:
            self.context.add_init_script(WITHOUT_NATIVE_HLS)
        self.page = self.context.new_page()
        self.errors, self.requests = [], []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))

    def close(self):
        self.context.close()

    def play(self, selector):
        """Press play once the player is shown: the player's own control with the
        keyboard, or, where hls.js must load first, the page's play button."""
        media = self.page.locator(selector)
        button = self.page.locator(".play-button")
        shown = f"{selector}:not([hidden]), .play-button:not([hidden])"
        self.page.locator(shown).first.wait_for(state="visible", timeout=20_000)
        if button.is_visible():
            button.click()
        else:
            media.focus()
            self.page.keyboard.press("Space")
        return media

    def clock(self, selector) -> float:
        return self.page.locator(selector).evaluate("m => m.currentTime")

    def wait_until_playing(self, selector, timeout=30):
        # A player that fails at start goes off air and comes back by itself.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.page.locator(selector).evaluate(
                "m => ({paused: m.paused, time: m.currentTime, hidden: m.hidden})"
            )
            if not state["paused"] and not state["hidden"] and state["time"] > 0.5:
                return
            time.sleep(0.25)
        raise AssertionError(f"{selector} did not start playing in {timeout} s")

    def assert_advances(self, selector, seconds=3, within=6):
        self.wait_until_playing(selector)
        start = self.clock(selector)
        time.sleep(within)
        advanced = self.clock(selector) - start
        assert advanced >= seconds, f"{selector} advanced {advanced:.1f} s in {within} s"

    def off_air_message(self):
        return self.page.locator(".live-status .off-air")


@pytest.fixture
def reader(browser):
    readers = []

    def open_reader(**options):
        readers.append(Reader(browser, **options))
        return readers[-1]

    yield open_reader
    for each in readers:
        each.close()


@pytest.mark.parametrize("native", [True, False], ids=["native-hls", "hls.js"])
def test_live_video_plays(live_site, demo_stream, reader, native):
    tab = reader(native=native)
    tab.page.goto(live_site.url + "/en/live/")
    assert tab.page.get_by_role("heading", level=1).inner_text() == "Dateline TV"
    tab.play("video")
    tab.assert_advances("video")
    assert tab.page.locator("video").evaluate("v => v.videoWidth") == 640
    assert not tab.off_air_message().is_visible()
    src = tab.page.locator("video").evaluate("v => v.currentSrc")
    hls_js = [url for url in tab.requests if "/live/vendor/" in url]
    if native:
        assert src.endswith("/en/live/dateline-tv/hls/master.m3u8") and not hls_js
    else:
        assert src.startswith("blob:")
        assert any("hls.min" in url for url in hls_js) and any("worker" in url for url in hls_js)
    assert all(url.startswith(live_site.url) for url in tab.requests), "no third-party requests"
    assert tab.errors == []


@pytest.mark.parametrize("native", [True, False], ids=["native-hls", "hls.js"])
def test_audio_only_plays_without_fetching_video(live_site, demo_stream, reader, native):
    tab = reader(native=native)
    tab.page.goto(live_site.url + "/en/live/audio/")
    tab.play("audio")
    tab.assert_advances("audio")
    assert not any("/hls/video/" in url for url in tab.requests), "no video on the audio page"
    assert any("/hls/audio/seg" in url for url in tab.requests)
    if not native:
        assert any("hls.light.min" in url for url in tab.requests)
    assert tab.errors == []


@pytest.mark.parametrize("native", [True, False], ids=["native-hls", "hls.js"])
def test_a_stopped_stream_goes_off_air_and_comes_back_by_itself(live_site, reader, native):
    tab = reader(native=native)
    with running_stream(live_site, "stoppable", duration=120) as stream:
        tab.page.goto(live_site.url + "/en/live/stoppable/")
        tab.play("video")
        tab.wait_until_playing("video")
        stopped = time.monotonic()
        stop(stream)
    tab.off_air_message().wait_for(state="visible", timeout=20_000)
    took = time.monotonic() - stopped
    assert took < 20
    assert tab.off_air_message().inner_text().startswith(OFF_AIR)
    assert not tab.page.locator("video").is_visible(), "no broken player"
    assert tab.page.locator(".schedule li").first.is_visible()
    assert tab.errors == [], "nothing for the reader to see in the console"
    print(f"\noff air shown {took:.1f} s after the stream stopped ({tab.page.url})")
    # The page keeps looking quietly: when the stream returns, so does the player,
    # and it resumes because the reader had pressed play.
    with running_stream(live_site, "stoppable", duration=120):
        tab.page.locator("video").wait_for(state="visible", timeout=30_000)
        tab.assert_advances("video")
        assert not tab.off_air_message().is_visible()
    assert tab.errors == []


def test_a_packaged_feed_plays_on_its_channel(live_site, reader, tmp_path):
    """`live package` with a channel writes where that channel's player looks."""
    feed = make_test_file(tmp_path / "feed.mp4", seconds=20)
    process = subprocess.Popen(
        live_site.command("live", "package", "--input", str(feed), "--channel", "packaged")
        + ["--renditions", "360,240", "--segment", "2", "--preset", "ultrafast"],
        env=live_site.env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        folder = live_site.folder("packaged")
        wait_for_segments(folder, "360p/index.m3u8", 3)
        tab = reader()
        tab.page.goto(live_site.url + "/en/live/packaged/")
        tab.play("video")
        tab.assert_advances("video")
        assert process.wait(timeout=60) == 0
    finally:
        stop(process)
    listed = variants((folder / "master.m3u8").read_text())
    assert [uri for _, uri in listed] == [
        "360p/index.m3u8", "240p/index.m3u8", "audio/index.m3u8", "audio-low/index.m3u8"
    ]  # fmt: skip
    assert all(a["BANDWIDTH"] and a["CODECS"] for a, _ in listed)
    # The file has ended, so the page says so once its last segments have played.
    tab.off_air_message().wait_for(state="visible", timeout=30_000)
    assert tab.errors == []


def test_audio_starts_on_the_data_saver_when_the_browser_asks_and_the_listener_can_switch(
    live_site, demo_stream, reader
):
    # Save-Data, in a browser that plays through hls.js.
    tab = reader(native=False)
    tab.context.add_init_script(CONNECTION % ("true", "4g"))
    tab.page.goto(live_site.url + "/en/live/audio/")
    tab.play("audio")
    tab.assert_advances("audio")
    low = tab.page.get_by_role("radio", name=re.compile("^Data saver"))
    standard = tab.page.get_by_role("radio", name=re.compile("^Standard"))
    assert low.is_checked() and not standard.is_checked()
    assert tab.page.get_by_text("Your browser asks to save data").is_visible()
    assert tab.page.get_by_role("group", name="Sound quality").is_visible()
    assert any("/hls/audio-low/seg" in url for url in tab.requests)
    assert not any("/hls/audio/seg" in url for url in tab.requests)
    # The listener picks the standard rung: it plays on, from that rung.
    standard.check()
    tab.page.wait_for_event(
        "request", lambda request: "/hls/audio/seg" in request.url, timeout=20_000
    )
    tab.assert_advances("audio")
    assert tab.errors == []

    # A slow connection, in a browser with native HLS.
    slow = reader()
    slow.context.add_init_script(CONNECTION % ("false", "3g"))
    slow.page.goto(live_site.url + "/en/live/audio/")
    slow.play("audio")
    slow.assert_advances("audio")
    source = slow.page.locator("audio").evaluate("a => a.currentSrc")
    assert source.endswith("/en/live/dateline-tv/hls/audio-low/index.m3u8")
    # Back to standard with the keyboard, as any radio group.
    slow.page.get_by_role("radio", name=re.compile("^Data saver")).focus()
    slow.page.keyboard.press("ArrowUp")
    slow.page.wait_for_function(
        "() => document.querySelector('audio').currentSrc.endsWith('/hls/audio/index.m3u8')"
    )
    slow.assert_advances("audio")
    assert slow.errors == []


def test_audio_page_weighs_under_30_kb(live_site, demo_stream, reader):
    """What a reader's connection carries for the page (HTML, CSS, scripts, data,
    headers included), apart from the stream itself."""
    tab = reader()
    responses = []
    tab.page.on(
        "requestfinished",
        lambda request: "/hls/" not in request.url and responses.append(request),
    )
    tab.page.goto(live_site.url + "/en/live/audio/")
    tab.page.locator("audio").wait_for(state="visible", timeout=20_000)
    tab.page.wait_for_load_state("networkidle")
    rows = []
    for request in responses:
        sizes = request.sizes()
        carried = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        rows.append((carried, len(request.response().body()), request.url))
    total, unpacked = sum(r[0] for r in rows), sum(r[1] for r in rows)
    report = "\n".join(
        f"{carried:>7} {size:>7} {url.removeprefix(live_site.url)}" for carried, size, url in rows
    )
    print(f"\nAudio page: {total} bytes carried ({unpacked} unpacked)\n{report}")
    assert total < 30_000, report
    assert not [url for *_, url in rows if url.endswith((".jpg", ".png", ".webp", ".avif"))]
    assert not [url for *_, url in rows if "/live/vendor/" in url], "no hls.js until play"


@pytest.mark.parametrize("path", ["/en/live/", "/en/live/audio/"])
def test_live_pages_pass_axe_core(live_site, demo_stream, reader, path, axe_violations):
    tab = reader(bypass_csp=True)
    tab.page.goto(live_site.url + path)
    tab.page.locator("video, audio").wait_for(state="visible", timeout=20_000)
    assert axe_violations(tab.page) == []


def test_live_pages_pass_the_nu_html_checker(live_site, html_problems):
    pages = {"live": live_site.url + "/en/live/", "audio": live_site.url + "/en/live/audio/"}
    assert html_problems(pages) == []


@pytest.mark.parametrize("path", ["/en/live/", "/en/live/audio/"])
def test_without_javascript_the_schedule_and_stream_link_show(live_site, reader, path):
    tab = reader(java_script_enabled=False)
    tab.page.goto(live_site.url + path)
    assert tab.page.get_by_role("heading", name="On air now").is_visible()
    assert tab.page.locator(".schedule li").count() >= 1
    link = tab.page.locator("a.stream-url")
    assert link.is_visible() and link.inner_text().startswith(live_site.url + "/en/live/")
    assert not tab.page.locator("video, audio").is_visible(), "no player that cannot start"
    assert not tab.off_air_message().is_visible()  # the demo channel is on air all day


def test_the_on_air_marker_shows_beside_the_live_links(live_site, reader):
    tab = reader()
    tab.page.goto(live_site.url + "/en/")
    marker = tab.page.locator(".live-nav .on-air-marker")
    marker.wait_for(state="visible", timeout=10_000)
    assert marker.inner_text().lower() == "on air"
    live = tab.page.get_by_role("link", name="Live", exact=True)
    assert live.is_visible()
    for link in [live, tab.page.get_by_role("link", name="Audio Only", exact=True)]:
        assert link.get_attribute("aria-describedby") == "on-air-marker"
    assert tab.errors == []
    # Without a script the marker stays out of the way, and the links still work.
    quiet = reader(java_script_enabled=False)
    quiet.page.goto(live_site.url + "/en/")
    assert not quiet.page.locator(".on-air-marker").is_visible()
    assert quiet.page.get_by_role("link", name="Live", exact=True).is_visible()


def test_an_open_page_refreshes_its_listing_when_the_programme_changes(
    live_site, demo_stream, reader
):
    tab = reader()
    tab.page.clock.install()
    tab.page.goto(live_site.url + "/en/live/")
    listing = tab.page.locator("[data-live-listing]")
    listing.evaluate("block => { block.dataset.seen = 'before'; }")
    until_change = listing.evaluate("block => Date.parse(block.dataset.refreshAt) - Date.now()")
    assert 0 < until_change <= 24 * 3600 * 1000
    # Jump the page's clock past the end of the programme: it fetches a fresh listing.
    tab.page.clock.fast_forward(int(until_change) + 7000)
    tab.page.locator("[data-live-listing]:not([data-seen])").wait_for(timeout=10_000)
    assert tab.page.locator(".now-next h3").first.is_visible()
    assert tab.errors == []
