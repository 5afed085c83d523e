"""Who a request comes from, when proxies we run stand in front of the app.

Each proxy appends the address it received the request from to
X-Forwarded-For (Varnish does it before any VCL runs; nginx with
`$proxy_add_x_forwarded_for`); whatever a reader sent comes before those
entries. So with N proxies in front (DATELINE_TRUST_X_FORWARDED_FOR=N), only
the Nth entry from the end is the reader's address as our outermost proxy saw
it; everything to its left is the reader's own claim. Rate limits (comments,
staff sign-in) count by this address, so it must be one a reader cannot choose.
"""

from ipaddress import ip_address

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address rate limits and records count a request as coming from."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.DATELINE_TRUST_X_FORWARDED_FOR
    if not proxies:
        return address
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(hops) < proxies:
        # It did not come through every proxy: the last hop is all we know.
        return address
    forwarded = hops[-proxies]
    try:
        ip_address(forwarded)
    except ValueError:
        return address
    return forwarded
