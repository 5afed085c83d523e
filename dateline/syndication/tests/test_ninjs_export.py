"""An article as ninjs from the export command (over HTTP: ingest's round-trip test)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command


def test_export_command_and_tag_uri(asia, make_article):
    article = make_article(asia, summary=[("point", "Traffic returns.")])
    out = io.StringIO()

    call_command("export_ninjs", article.url, stdout=out)

    data = json.loads(out.getvalue())
    assert data["uri"].startswith("tag:127.0.0.1,") and data["uri"].endswith(f"/{article.pk}")
    assert data["headlines"][0]["value"] == "Bridge reopens after repairs"
    by_id = io.StringIO()
    call_command("export_ninjs", str(article.pk), stdout=by_id)
    assert json.loads(by_id.getvalue()) == data
    with pytest.raises(CommandError):
        call_command("export_ninjs", "/en/no/such/page/", stdout=io.StringIO())
