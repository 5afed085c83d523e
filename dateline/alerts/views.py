"""The button's three addresses under the edition: /<lang>/alerts/.

Pages stay the same for every reader (shared caches keep them); the button's
script asks `config` only when the reader clicks, for a CSRF token and the
public key: that answer is for one browser, and nobody keeps a copy.
Subscribing and unsubscribing are POSTs with the token, limited per address
like comments.
"""

import json

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Locale

from dateline.base import headers
from dateline.base.invalidation import cache_key, register_prefix
from dateline.caching.proxy import client_address

from .keys import public_key
from .models import PushSubscription
from .subscriptions import clean_endpoint, clean_subscription

RATE = register_prefix("alerts-rate", "alert subscriptions changed from an address in the window")
MAX_BODY = 4096


def _answer(data: dict, status: int = 200) -> JsonResponse:
    return headers.private_no_store(JsonResponse(data, status=status))


def _refuse(message: str, status: int = 400) -> JsonResponse:
    return _answer({"error": message}, status)


def _rate_key(address: str) -> str:
    return cache_key(RATE, address)


def over_rate_limit(address: str) -> bool:
    """Like comments: fails open when the cache is unreachable."""
    limit, _window = settings.DATELINE_ALERTS_RATE
    return cache.get(_rate_key(address), 0) >= limit


def count_write(address: str) -> None:
    _limit, window = settings.DATELINE_ALERTS_RATE
    key = _rate_key(address)
    cache.add(key, 0, window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)


def _edition() -> Locale:
    edition = Locale.objects.filter(language_code=get_language()).first()
    if edition is None:
        raise Http404("No edition here.")
    return edition


def _body(request):
    if len(request.body) > MAX_BODY:
        raise ValidationError(_("The subscription is too large."))
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(_("Send the subscription as a JSON object.")) from None


@require_GET
def config(request):
    _edition()
    return _answer(
        {
            "csrfToken": get_token(request),
            "publicKey": public_key(),
            "subscribe": reverse("alerts:subscribe"),
            "unsubscribe": reverse("alerts:unsubscribe"),
        }
    )


@require_POST
def subscribe(request):
    edition = _edition()
    address = client_address(request)
    if over_rate_limit(address):
        return _refuse(_("Too many requests from your address. Please try again later."), 429)
    try:
        fields = clean_subscription(_body(request))
    except ValidationError as error:
        return _refuse(error.messages[0])
    endpoint = fields.pop("endpoint")
    _subscription, created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={**fields, "edition": edition}
    )
    count_write(address)
    return _answer({"subscribed": True, "edition": edition.language_code}, 201 if created else 200)


@require_POST
def unsubscribe(request):
    _edition()
    address = client_address(request)
    if over_rate_limit(address):
        return _refuse(_("Too many requests from your address. Please try again later."), 429)
    try:
        data = _body(request)
        endpoint = clean_endpoint(data.get("endpoint") if isinstance(data, dict) else None)
    except ValidationError as error:
        return _refuse(error.messages[0])
    PushSubscription.objects.filter(endpoint=endpoint).delete()
    count_write(address)
    return _answer({"subscribed": False})
