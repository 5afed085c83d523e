"""The Live and Audio Only pages, the on-air data behind the header marker, and the
HLS files of streams the site serves from its own media folder.

The pages are shared-cacheable like every public page, so nothing in them
depends on the reader. They are cached briefly because "on now" changes with the
clock; the player script also refreshes the listing when a programme ends.
"""

import posixpath
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponse, HttpResponseNotFound, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils._os import safe_join
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy
from django.views.static import serve as serve_file
from wagtail.models import Site

from dateline.base import headers

from . import schedule
from .ffmpeg import AUDIO_RUNGS
from .models import AUDIO_PLAYLIST, MASTER_PLAYLIST, Channel
from .structured_data import live_json_ld

HLS_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
    ".aac": "audio/aac",
    ".vtt": "text/vtt",
}


RUNG_LABELS = {"audio": gettext_lazy("Standard"), "audio-low": gettext_lazy("Data saver")}


def _hourly_cost(megabytes: float) -> str:
    size = round(megabytes) if megabytes >= 10 else round(megabytes, 1)
    return gettext("about %(size)s MB an hour") % {"size": number_format(size)}


def _audio_rungs(request, channel) -> list[dict]:
    """The audio-only rungs of a stream this site packages and serves, highest
    first, for the listener to choose between; empty when the site does not know
    them (a stream from a CDN)."""
    if channel.audio_stream_url or not channel.local_source:
        return []
    rungs = []
    for rung in AUDIO_RUNGS:
        url = channel.served_url(rung.playlist)
        rungs.append(
            {
                "name": rung.name,
                "label": RUNG_LABELS.get(rung.name, rung.name),
                "kbps": rung.kbps,
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "cost": _hourly_cost(rung.megabytes_per_hour),
            }
        )
    return rungs


def _cache_for(response, seconds: int, *, revalidate: bool = True):
    return headers.short_lived(response, seconds, stale=revalidate)


def _vendor(name: str) -> str:
    """hls.js's URL, or "" if `make` has not copied it in (the player then says the
    browser cannot play the stream, rather than the page failing)."""
    try:
        return static(f"live/vendor/{name}")
    except ValueError:  # not in the collectstatic manifest
        return ""


def _channel(request, slug):
    if slug is not None:
        return get_object_or_404(Channel, slug=slug)
    return Channel.objects.for_language(request.LANGUAGE_CODE)


def _page(request, slug, *, audio: bool):
    channel = _channel(request, slug)
    site = Site.find_for_request(request)
    context = {"channel": channel, "audio_page": audio}
    if channel is not None:
        now = timezone.now()
        listing = schedule.listing(channel, now)
        poster = ""
        if channel.poster and not audio:
            poster = channel.poster.get_rendition("fill-1280x720|format-jpeg|jpegquality-70").url
        stream = channel.audio_url if audio else channel.video_url
        others = [c for c in Channel.objects.exclude(pk=channel.pk) if c.enabled]
        if slug is None:
            urls = (reverse("live:live"), reverse("live:audio"))
        else:
            urls = (
                reverse("live:channel", args=[slug]),
                reverse("live:channel_audio", args=[slug]),
            )
        plain = stream or channel.video_url
        rungs = _audio_rungs(request, channel) if audio else []
        low = rungs[-1]["url"] if rungs else ""
        context.update(
            live_page_url=urls[0],
            audio_page_url=urls[1],
            listing=listing,
            poster_url=poster,
            stream_url=stream,
            # The audio page falls back to the master playlist for external players.
            plain_stream_url=plain,
            plain_stream_absolute=request.build_absolute_uri(plain),
            master_url=channel.video_url,
            master_stream_absolute=request.build_absolute_uri(channel.video_url),
            # The audio page's rungs (standard first, data saver last), and the
            # data saver's own media playlist for a phone's player: a text-only
            # page can link it, with the master beside it.
            audio_rungs=rungs,
            low_audio_stream_url=low,
            low_audio_stream_absolute=request.build_absolute_uri(low) if low else "",
            other_channels=others,
            time_zone_name=now.astimezone(channel.tz).tzname(),
            json_ld=live_json_ld(
                request,
                channel,
                listing,
                kind="AudioObject" if audio else "VideoObject",
                content_url=plain,
                site_name=(site and site.site_name) or "Dateline",
                poster_url=poster,
            ),
            # A stream this site serves: the player asks whether it is up before
            # fetching a playlist that may not exist.
            stream_state_url=(
                reverse("live:stream_state", args=[channel.local_source])
                if channel.local_source and settings.DATELINE_LIVE_SERVE_HLS
                else ""
            ),
            hls_script=_vendor("hls.light.min.js" if audio else "hls.min.js"),
            hls_worker=_vendor("hls.worker.js"),
        )
    template = "live/audio.html" if audio else "live/live.html"
    response = TemplateResponse(request, template, context)
    return _cache_for(response, settings.DATELINE_LIVE_CACHE_SECONDS)


def live(request, channel=None):
    return _page(request, channel, audio=False)


def audio(request, channel=None):
    return _page(request, channel, audio=True)


def on_air(request):
    """When the edition's channel is on air over the next two days, for the marker
    beside the Live links. The script compares the spans with the reader's clock,
    so a cached copy stays right for as long as it is kept."""
    channel = Channel.objects.for_language(request.LANGUAGE_CODE)
    spans = []
    if channel is not None:
        spans = [
            [int(start.timestamp() * 1000), int(end.timestamp() * 1000)]
            for start, end in schedule.on_air_spans(channel, timezone.now())
        ]
    response = JsonResponse({"on": spans})
    return _cache_for(response, settings.DATELINE_LIVE_CACHE_SECONDS)


def _stream_folder(slug: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "live" / slug


def _playlist(root: Path, path: str) -> bytes | None:
    """A playlist the packager wrote under root, or None if it is missing or was
    left half-written by a packager that died."""
    try:
        content = Path(safe_join(root, posixpath.normpath(path).lstrip("/"))).read_bytes()
    except (OSError, SuspiciousFileOperation):
        return None
    return content if content.startswith(b"#EXTM3U") else None


def stream_state(request, channel):
    """Whether the channel's own stream has playlists up, for the player to ask
    while off air: a 200 either way, so a reader waiting for the stream sees no
    failed requests pile up in the browser, only this small answer."""
    channel = get_object_or_404(Channel, slug=channel)
    root = _stream_folder(channel.slug)
    up = settings.DATELINE_LIVE_SERVE_HLS and channel.is_local and channel.enabled
    response = JsonResponse(
        {
            "video": bool(up and _playlist(root, MASTER_PLAYLIST) is not None),
            "audio": bool(up and _playlist(root, AUDIO_PLAYLIST) is not None),
        }
    )
    return _cache_for(response, 1, revalidate=False)


def _not_found():
    # Plain and uncached: the stream may start a moment later.
    response = HttpResponseNotFound("Not found", content_type="text/plain")
    headers.no_store(response)
    return response


def hls(request, channel, path):
    """A playlist or segment the packager wrote into MEDIA_ROOT/live/<channel>/.

    Served here rather than under /media/ because live playlists change every
    couple of seconds and must not be cached like other public responses.
    """
    suffix = Path(path).suffix.lower()
    if not settings.DATELINE_LIVE_SERVE_HLS or suffix not in HLS_TYPES:
        raise Http404
    root = _stream_folder(channel)
    if suffix == ".m3u8":
        # Playlists are small and rewritten every segment: send them whole (no
        # byte ranges of a file that may change between requests), and at most
        # half a segment old, as Apple advises.
        content = _playlist(root, path)
        if content is None:
            return _not_found()
        response = HttpResponse(content, content_type=HLS_TYPES[suffix])
        return _cache_for(response, 1, revalidate=False)
    try:
        response = serve_file(request, path, document_root=root)
    except (Http404, SuspiciousFileOperation):
        return _not_found()
    if response.status_code == 200:
        response["Content-Type"] = HLS_TYPES[suffix]
    # Segments never change: their numbers start from the clock, so a restarted
    # stream writes new names.
    return _cache_for(response, 3600, revalidate=False)
