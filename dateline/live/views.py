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
from django.views.static import serve as serve_file
from wagtail.models import Site

from . import schedule
from .models import Channel
from .structured_data import live_json_ld

HLS_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".m4s": "video/iso.segment",
    ".mp4": "video/mp4",
    ".aac": "audio/aac",
    ".vtt": "text/vtt",
}


def _cache_for(response, seconds: int, *, revalidate: bool = True):
    control = f"public, max-age={seconds}, s-maxage={seconds}"
    if revalidate:
        control += f", stale-while-revalidate={seconds}"
    response["Cache-Control"] = control
    return response


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


def _not_found():
    # Plain and uncached: the stream may start a moment later.
    response = HttpResponseNotFound("Not found", content_type="text/plain")
    response["Cache-Control"] = "no-store"
    return response


def hls(request, channel, path):
    """A playlist or segment the packager wrote into MEDIA_ROOT/live/<channel>/.

    Served here rather than under /media/ because live playlists change every
    couple of seconds and must not be cached like other public responses.
    """
    suffix = Path(path).suffix.lower()
    if not settings.DATELINE_LIVE_SERVE_HLS or suffix not in HLS_TYPES:
        raise Http404
    root = Path(settings.MEDIA_ROOT) / "live" / channel
    if suffix == ".m3u8":
        # Playlists are small and rewritten every segment: send them whole (no
        # byte ranges of a file that may change between requests), and at most
        # half a segment old, as Apple advises.
        try:
            content = Path(safe_join(root, posixpath.normpath(path).lstrip("/"))).read_bytes()
        except (OSError, SuspiciousFileOperation):
            return _not_found()
        if not content.startswith(b"#EXTM3U"):
            return _not_found()  # a packager that died while writing it
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
