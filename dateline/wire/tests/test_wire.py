"""The wire: items dropped in a folder or pushed, kept once, used as drafts,
their corrections followed."""

import json

import pytest
from django.urls import reverse

from dateline.newsroom.models import ArticlePage, Author
from dateline.wire.folder import take_in_folder
from dateline.wire.models import Agency, WireItem


def item(uri="urn:kestrel:2026:quake-1", version="1", **fields) -> dict:
    data = {
        "uri": uri,
        "type": "text",
        "version": version,
        "language": "en",
        "firstcreated": "2026-11-30T05:10:00+00:00",
        "versioncreated": "2026-11-30T05:40:00+00:00",
        "headlines": [{"role": "main", "value": "Tremor shakes hill villages before dawn"}],
        "descriptions": [{"role": "summary", "value": "No one was hurt, the district says."}],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": "<p>The shaking lasted about ten seconds.</p>"
                "<p>Schools will open as usual.</p>",
            }
        ],
        "by": "Ravi Menon",
        "subjects": [{"name": "Asia"}, {"name": "Earthquakes"}],
    }
    data.update(fields)
    return data


def drop(folder, name, data):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def ravi(db):
    return Author.objects.create(name="Ravi Menon", slug="ravi-menon")


@pytest.mark.django_db
def test_a_dropped_item_is_kept_once_and_a_bad_one_is_refused_by_field(tmp_path, asia):
    drop(tmp_path / "kestrel", "quake.json", item())
    drop(tmp_path / "kestrel", "broken.json", item(uri="urn:kestrel:2", headlines=[]))
    (tmp_path / "notjson.json").write_text("{", encoding="utf-8")

    result = take_in_folder(tmp_path, settle=0)
    assert result.taken == ["quake.json"]
    kept = WireItem.objects.get()
    assert (kept.agency.slug, kept.headline, kept.section_id) == ("kestrel", kept.headline, asia.pk)
    assert "The shaking lasted about ten seconds." in kept.text
    assert kept.byline == "Ravi Menon" and "Earthquakes" in kept.subjects
    assert [p.name.split("-", 1)[1] for p in (tmp_path / "kestrel/received").iterdir()] == [
        "quake.json"
    ]
    errors = sorted((tmp_path / "kestrel/failed").glob("*.error.txt"))
    assert [e.read_text().split(":")[0] for e in errors] == ["headlines"]
    assert list((tmp_path / "failed").glob("*notjson.json.error.txt"))

    # The same version again (a folder re-sent): no second item.
    drop(tmp_path / "kestrel", "quake-again.json", item())
    again = take_in_folder(tmp_path, settle=0)
    assert again.duplicates == ["quake-again.json"] and WireItem.objects.count() == 1


@pytest.mark.django_db
def test_a_file_still_being_written_waits(tmp_path, asia):
    drop(tmp_path, "quake.json", item())
    assert take_in_folder(tmp_path, settle=60).taken == []
    assert (tmp_path / "quake.json").exists() and not WireItem.objects.exists()


@pytest.mark.django_db
def test_use_makes_a_draft_in_its_section_with_its_byline(admin_client, tmp_path, asia, ravi):
    drop(tmp_path, "quake.json", item())
    take_in_folder(tmp_path, settle=0)
    kept = WireItem.objects.get()

    response = admin_client.post(reverse("wire_use", args=[kept.pk]))
    article = ArticlePage.objects.get(ninjs_uri=kept.uri)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert not article.live and article.get_parent().pk == asia.pk
    assert list(article.authors.all()) == [ravi]
    kept.refresh_from_db()
    assert (kept.status, kept.article_id) == (WireItem.Status.USED, article.pk)


@pytest.mark.django_db
def test_corrections_update_a_draft_but_only_flag_a_published_story(tmp_path, asia, ravi):
    from dateline.wire.receive import receive, use

    first = receive(item(), source="test").item
    article = use(first)

    corrected = item(version="2", headlines=[{"role": "main", "value": "Tremor shakes hill towns"}])
    second = receive(corrected, source="test").item
    assert second.status == WireItem.Status.UPDATED and second.article_id == article.pk
    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert draft.title == "Tremor shakes hill towns"
    assert ArticlePage.objects.filter(ninjs_uri=first.uri).count() == 1

    draft.save_revision().publish()
    third = receive(
        item(version="3", headlines=[{"role": "main", "value": "Tremor: 3 injured"}]), source="t"
    ).item
    assert third.status == WireItem.Status.CORRECTION
    live = ArticlePage.objects.get(pk=article.pk)
    assert live.title == "Tremor shakes hill towns"
    assert live.get_latest_revision_as_object().title == "Tremor shakes hill towns"


@pytest.mark.django_db
def test_an_unused_older_version_is_superseded(asia):
    from dateline.wire.receive import receive

    old = receive(item()).item
    receive(item(version="2"))
    old.refresh_from_db()
    assert old.status == WireItem.Status.SUPERSEDED


def push(client, data, token="", **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post("/wire/push/", body, content_type="application/json", **headers)


@pytest.mark.django_db
def test_push_needs_the_agency_token_and_names_the_bad_field(client, asia, settings):
    settings.DATELINE_WIRE_AUTH_RATE = (3, 600)
    kestrel = Agency.objects.create(name="Kestrel", slug="kestrel")
    token = kestrel.new_token()
    kestrel.save()

    assert push(client, item()).status_code == 401
    refused = push(client, item(), token="not-the-token")
    assert refused.status_code == 401 and refused["WWW-Authenticate"].startswith("Bearer")
    assert not WireItem.objects.exists()

    bad = push(client, item(headlines=[]), token=token)
    assert bad.status_code == 400 and bad.json()["field"] == "headlines"
    assert push(client, "{", token=token).json()["field"] == "item"
    # A pushed item may not have the server read its own files as pictures.
    for href in ("file:///etc/hostname", "../../data/secret-key.txt", "/etc/hostname"):
        local = item(
            associations={"featureimage": {"type": "picture", "renditions": {"o": {"href": href}}}}
        )
        answer = push(client, local, token=token)
        assert answer.status_code == 400 and answer.json()["field"].startswith("associations")

    made = push(client, item(), token=token)
    assert made.status_code == 201 and made.json()["duplicate"] is False
    again = push(client, item(), token=token)
    assert again.status_code == 200 and again.json()["id"] == made.json()["id"]
    assert WireItem.objects.get().agency == kestrel
    assert made["Cache-Control"] == "private, no-store"

    # Guessing tokens is limited per address.
    push(client, item(), token="guess-1")
    assert push(client, item(), token=token).status_code == 429


@pytest.mark.django_db
def test_an_agency_is_rate_limited(client, asia, settings):
    settings.DATELINE_WIRE_PUSH_RATE = (2, 60)
    kestrel = Agency.objects.create(name="Kestrel", slug="kestrel")
    token = kestrel.new_token()
    kestrel.save()
    assert push(client, item(version="1"), token=token).status_code == 201
    assert push(client, item(version="2"), token=token).status_code == 201
    assert push(client, item(version="3"), token=token).status_code == 429


@pytest.mark.django_db
def test_the_wire_view_filters_by_agency_language_subject_and_status(admin_client, asia):
    from dateline.wire.receive import receive

    kestrel = Agency.objects.create(name="Kestrel", slug="kestrel")
    heron = Agency.objects.create(name="Heron Wire", slug="heron")
    receive(item(), agency=kestrel)
    receive(
        item(
            uri="urn:heron:floods",
            headlines=[{"role": "main", "value": "River rises after a week of rain"}],
            subjects=[{"name": "Asia"}, {"name": "Floods"}],
        ),
        agency=heron,
    )

    def shown(**query):
        body = admin_client.get(reverse("wire"), query).content.decode()
        return [h for h in ("Tremor shakes", "River rises") if h in body]

    assert shown() == ["Tremor shakes", "River rises"]
    assert shown(agency="heron") == ["River rises"]
    assert shown(subject="earthquakes") == ["Tremor shakes"]
    assert shown(language="es") == []
    assert shown(since="1") == ["Tremor shakes", "River rises"]
    assert shown(status="used") == []

    detail = admin_client.get(reverse("wire_item", args=[WireItem.objects.last().pk]))
    assert "Schools will open as usual." in detail.content.decode()
