"""What a browser's subscription must look like before we keep it.

The endpoint is an address our server will POST to, given by a stranger: only
https, no credentials, and in production no IP literal or localhost (push
services have names). In DEBUG and tests (DATELINE_ALERTS_LOCAL_ENDPOINTS) a
push endpoint on 127.0.0.1 is allowed too, for a test's own push service.
"""

import base64
import binascii
import ipaddress
import re
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ENDPOINT = 1000
_B64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


def _b64url_bytes(value, length: int, name: str) -> bytes:
    if not isinstance(value, str) or not _B64URL.match(value):
        raise ValidationError(_("The %(key)s key is not base64url.") % {"key": name})
    try:
        raw = base64.urlsafe_b64decode(value.rstrip("=") + "=" * (-len(value.rstrip("=")) % 4))
    except (binascii.Error, ValueError):
        raise ValidationError(_("The %(key)s key is not base64url.") % {"key": name}) from None
    if len(raw) != length:
        raise ValidationError(
            _("The %(key)s key must be %(length)d bytes long.") % {"key": name, "length": length}
        )
    return raw


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def clean_endpoint(value) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_ENDPOINT:
        raise ValidationError(_("The endpoint is missing or too long."))
    parts = urlsplit(value)
    host = parts.hostname or ""
    local = settings.DATELINE_ALERTS_LOCAL_ENDPOINTS and host == "127.0.0.1"
    if parts.scheme != "https" and not (local and parts.scheme == "http"):
        raise ValidationError(_("The endpoint must be an https address."))
    if not host or parts.username or parts.password or any(c.isspace() for c in value):
        raise ValidationError(_("The endpoint is not a push service's address."))
    if not local:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            if host == "localhost" or host.endswith(".localhost") or "." not in host:
                raise ValidationError(_("The endpoint is not a push service's address.")) from None
        else:
            raise ValidationError(_("The endpoint is not a push service's address."))
    return value


def clean_subscription(data) -> dict:
    """{endpoint, p256dh, auth}, normalised, from a PushSubscription's toJSON(),
    or ValidationError with a message for the reader's browser."""
    if not isinstance(data, dict):
        raise ValidationError(_("Send the subscription as a JSON object."))
    endpoint = clean_endpoint(data.get("endpoint"))
    keys = data.get("keys")
    if not isinstance(keys, dict):
        raise ValidationError(_("The subscription has no keys."))
    p256dh = _b64url_bytes(keys.get("p256dh"), 65, "p256dh")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), p256dh)
    except ValueError:
        raise ValidationError(_("The p256dh key is not a P-256 public key.")) from None
    auth = _b64url_bytes(keys.get("auth"), 16, "auth")
    return {"endpoint": endpoint, "p256dh": _b64url(p256dh), "auth": _b64url(auth)}
