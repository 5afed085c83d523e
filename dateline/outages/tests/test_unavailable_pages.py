"""Varnish's own "temporarily unavailable" page (the app stopped, nothing
cached) speaks the edition's language, in the app's own words."""

import re
from pathlib import Path

import pytest
from django.utils import translation

VCL = Path(__file__).resolve().parents[3] / "deploy" / "varnish" / "dateline.vcl"


def varnish_pages() -> dict[str, str]:
    """The error pages in vcl_backend_error, by the language they declare."""
    error_sub = VCL.read_text().split("sub vcl_backend_error", 1)[1].split("\n}\n", 1)[0]
    pages = re.findall(r'synthetic\(\{"(.*?)"\}\);', error_sub, re.S)
    return {re.search(r'<html lang="([^"]+)"', page)[1]: page for page in pages}


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_varnish_error_page_matches_the_apps_words(language):
    page = varnish_pages()[language]
    with translation.override(language):
        title = translation.gettext("Temporarily unavailable")
        message = translation.gettext(
            "This page cannot be shown right now. Please try again in a minute."
        )
        direction = "rtl" if translation.get_language_bidi() else "ltr"
    assert f"<title>{title}</title>" in page and f"<h1>{title}</h1>" in page
    assert f"<p>{message}</p>" in page
    assert f'dir="{direction}"' in page
