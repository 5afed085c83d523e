"""The public half of the pack key, for checking packs passed on offline."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from dateline.base.headers import public_page

from . import pack


def pack_key(request):
    """/pack-key.pem: the Ed25519 public key that signs this site's packs."""
    response = HttpResponse(
        pack.public_pem(pack.site_public_key()), content_type="application/x-pem-file"
    )
    response["Content-Disposition"] = 'inline; filename="pack-key.pem"'
    return public_page(response)


def pack_key_page(request):
    """/pack-key.txt: the key's fingerprint and how to check a pack, for people."""
    key = pack.site_public_key()
    text = "\n\n".join(
        [
            _("Packs of this site are signed with this Ed25519 key:"),
            request.build_absolute_uri(pack.KEY_URL),
            _("Its fingerprint (SHA-256 of the raw public key):") + "\n" + pack.fingerprint(key),
            _("To check a pack offline:")
            + "\npython -m dateline pack verify FILE --key pack-key.pem",
        ]
    )
    response = HttpResponse(text + "\n", content_type="text/plain; charset=utf-8")
    return public_page(response)
