"""schema.org JSON-LD for the live pages: the stream as a VideoObject (or
AudioObject) published by a BroadcastEvent, the programme on air now."""

from django.templatetags.static import static
from django.utils.translation import get_language

from dateline.syndication.metadata import LOGO, absolute, json_ld, publisher


def broadcast_event(programme) -> dict:
    return {
        "@type": "BroadcastEvent",
        "name": programme.title,
        "description": programme.description or programme.title,
        # Every programme on a live channel is a live broadcast, the next one too;
        # its dates say whether it is on now.
        "isLiveBroadcast": True,
        "startDate": programme.start.isoformat(),
        "endDate": programme.end.isoformat(),
    }


def live_json_ld(request, channel, listing, *, kind, content_url, site_name, poster_url=""):
    """``kind`` is "VideoObject" for the live page or "AudioObject" for the audio page."""
    # What is on now, else what is on next; nothing for a channel taken off air.
    programme = (listing.now or listing.next) if channel.enabled else None
    logo_path = LOGO[0]
    thumbnail = absolute(request, poster_url or static(logo_path))
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": f"{channel.name}: {programme.title}" if programme else channel.name,
        "description": (programme and programme.description) or channel.description or channel.name,
        "thumbnailUrl": [thumbnail],
        # For a live stream, the programme's start is when this "video" appeared.
        "uploadDate": programme.start.isoformat() if programme else None,
        "inLanguage": channel.language or get_language(),
        "isAccessibleForFree": True,
        "url": absolute(request, request.path),
        "publisher": publisher(request, site_name),
    }
    if content_url:
        data["contentUrl"] = absolute(request, content_url)
        data["encodingFormat"] = "application/vnd.apple.mpegurl"
    if programme:
        data["publication"] = broadcast_event(programme)
    return json_ld({key: value for key, value in data.items() if value is not None})
