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


def _translate(page, language_code):
    from wagtail.models import Locale

    copy = page.copy_for_translation(
        Locale.objects.get(language_code=language_code), copy_parents=True
    )
    for parent in copy.get_ancestors().filter(depth__gt=2, live=False):
        parent.specific.save_revision().publish()
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


@pytest.mark.django_db
def test_each_translation_has_its_own_ninjs(client, asia, make_article, make_edition):
    make_edition("es")
    # Agency copy keeps the agency's uri; its translation is our own item.
    english = make_article(asia, ninjs_uri="urn:agency:ferry:1")
    spanish = _translate(english, "es")
    spanish.title = "Reabre el puente tras las obras"
    spanish.save_revision().publish()

    original = client.get(english.url + "ninjs/").json()
    translated = client.get(spanish.url + "ninjs/").json()
    assert original["language"] == "en" and original["uri"] == "urn:agency:ferry:1"
    assert translated["language"] == "es"
    assert translated["headlines"][0]["value"] == "Reabre el puente tras las obras"
    assert translated["uri"].endswith(f"/article/{spanish.pk}")

    out = io.StringIO()
    call_command("export_ninjs", spanish.url, stdout=out)
    assert json.loads(out.getvalue()) == {**translated, "uri": translated["uri"]}
