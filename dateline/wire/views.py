"""The push endpoint: POST /wire/push/ with an agency's token and one ninjs item.

Answers in JSON: 201 with the item's id when it is new, 200 when that version
was already in, 400 naming the field that failed, 401 without a valid token,
413 for a body over DATELINE_WIRE_MAX_BYTES, 429 past the rate limits (per
agency; and per address for failed tokens, so tokens cannot be guessed).
"""

import json

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from dateline.base.ratelimit import RateLimit
from dateline.caching.proxy import client_address

from .models import Agency
from .receive import NinjsError, receive

PUSHES = RateLimit("wire-push", "items an agency pushed in the window", "DATELINE_WIRE_PUSH_RATE")
BAD_TOKENS = RateLimit(
    "wire-bad-token", "pushes with a wrong token from an address", "DATELINE_WIRE_AUTH_RATE"
)


def _answer(code: int, **body) -> JsonResponse:
    response = JsonResponse(body, status=code)
    response["Cache-Control"] = "private, no-store"
    return response


def _token(request) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@csrf_exempt  # no cookies: the agency's bearer token is the credential
@require_POST
def push(request):
    address = client_address(request)
    if BAD_TOKENS.exceeded(address):
        return _answer(429, error="too many failed tokens; try later")
    agency = Agency.by_token(_token(request))
    if agency is None:
        BAD_TOKENS.count(address)
        response = _answer(401, error="a valid agency token is required")
        response["WWW-Authenticate"] = 'Bearer realm="wire"'
        return response
    if PUSHES.exceeded(agency.slug):
        return _answer(429, error="rate limit reached; try later")
    length = int(request.headers.get("Content-Length") or 0)
    if length > settings.DATELINE_WIRE_MAX_BYTES:
        return _answer(413, error=f"items are at most {settings.DATELINE_WIRE_MAX_BYTES} bytes")
    PUSHES.count(agency.slug)
    try:
        payload = json.loads(request.body)
    except ValueError as error:
        return _answer(400, field="item", error=f"not JSON: {error}")
    try:
        received = receive(payload, agency=agency, source="push")
    except NinjsError as error:
        return _answer(400, field=error.path, error=error.message)
    item = received.item
    return _answer(
        201 if received.created else 200,
        id=item.pk,
        uri=item.uri,
        version=item.version,
        status=item.status,
        duplicate=not received.created,
    )
