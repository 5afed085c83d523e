"""The site's VAPID key pair (RFC 8292): push services check that every push to
a subscription is signed by the key the browser subscribed with.

The private key is made on first use and kept in the data folder like the
secret key and the pack key (DATA_DIR/vapid-private.pem, mode 0600), unless
DATELINE_VAPID_KEY names another file. Losing it, or changing it, strands every
subscription: browsers must subscribe again. `python -m dateline alerts keys`
prints the public key.
"""

import base64
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings

from dateline.base.keyfiles import write_once

KEY_FILE = "vapid-private.pem"


class VapidKeyError(Exception):
    """The configured key file holds no P-256 private key."""


def key_path() -> Path:
    configured = settings.DATELINE_VAPID_KEY
    return Path(configured) if configured else Path(settings.DATA_DIR) / KEY_FILE


def private_key() -> ec.EllipticCurvePrivateKey:
    """The site's VAPID private key, made on first use (mode 0600)."""
    path = key_path()
    if not path.exists():
        pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        write_once(path, pem, prefix=".vapid-key-")
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise VapidKeyError(f"{path}: not a P-256 (prime256v1) private key.")
    return key


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_key() -> str:
    """The public key as browsers take it (applicationServerKey): the
    uncompressed point, base64url without padding."""
    point = (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return b64url(point)


def subject() -> str:
    """Whom a push service may contact about our pushes (the JWT's `sub`)."""
    if settings.DATELINE_VAPID_SUBJECT:
        return settings.DATELINE_VAPID_SUBJECT
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h.lstrip(".") not in ("", "*")]
    return f"mailto:newsroom@{hosts[0] if hosts else 'localhost'}"
