"""Which address a request comes from, when proxies in front say so."""

import pytest
from django.test import RequestFactory

from dateline.caching.proxy import client_address


def request(forwarded: str | None = None, remote: str = "127.0.0.1"):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return RequestFactory().post("/en/comments/1/", REMOTE_ADDR=remote, **headers)


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.DATELINE_TRUST_X_FORWARDED_FOR = 0
    assert client_address(request("1.2.3.4", remote="203.0.113.9")) == "203.0.113.9"


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        # Varnish alone appends the address it saw: a reader's own entries come first.
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),
        (1, "1.2.3.4,5.6.7.8 , 203.0.113.7", "203.0.113.7"),
        # nginx (TLS) then Varnish: the reader is the second entry from the end.
        (2, "1.2.3.4, 203.0.113.7, 127.0.0.1", "203.0.113.7"),
        (1, "2001:db8::7", "2001:db8::7"),
    ],
)
def test_only_the_entries_the_proxies_added_are_believed(settings, proxies, forwarded, expected):
    settings.DATELINE_TRUST_X_FORWARDED_FOR = proxies
    assert client_address(request(forwarded)) == expected


@pytest.mark.parametrize("forwarded", [None, "", "203.0.113.7", "not-an-address, 127.0.0.1"])
def test_a_request_that_did_not_pass_every_proxy_is_the_last_hop(settings, forwarded):
    settings.DATELINE_TRUST_X_FORWARDED_FOR = 2
    assert client_address(request(forwarded, remote="127.0.0.1")) == "127.0.0.1"
