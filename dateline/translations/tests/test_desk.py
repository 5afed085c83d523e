"""The translation desk through the real admin: an English article is
translated into a Spanish draft, reviewed and published; correcting the
English original marks the Spanish one out of date until it takes the new
source text; a local machine translator fills segments."""

import json
import re
from html import unescape
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import Locale, Page, WorkflowState
from wagtail.rich_text import RichText
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import translate_object

from dateline.newsroom.models import ArticleNote, ArticlePage
from dateline.translations.desk import SUBMIT_ACTION
from dateline.translations.models import OutOfDate

SPANISH = {
    "title": "El puente reabre tras las reparaciones",
    "slug": "reabre-el-puente",
    "summary.": "El tráfico vuelve al puente viejo.",
}
PANEL = 'id="out-of-date-translations-section"'  # the dashboard panel
GLOSSARY = {
    "CLASS": "dateline.translations.machine.GlossaryTranslator",
    "OPTIONS": {"GLOSSARY": {"en": {"es": {"bridge": "puente", "reopens": "reabre"}}}},
}


def staff(username, group):
    user = User.objects.create_user(username, f"{username}@example.org", "correct-horse-battery")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def spanish(make_edition):
    make_edition("es")
    return Locale.objects.get(language_code="es")


@pytest.fixture
def article(asia, make_article):
    return make_article(
        asia,
        title="Bridge reopens after repairs",
        body=[("paragraph", RichText("<p>The old bridge reopened on Monday.</p>"))],
    )


def editor_props(response) -> dict:
    """The props wagtail-localize's translation editor is drawn from."""
    match = re.search(r'class="js-translation-editor" data-props="([^"]*)"', response.text)
    assert match, "the translation editor is not on the page"
    return json.loads(unescape(match.group(1)))


def translate(client, page, texts: dict[str, str]):
    """Fill the translation's segments through the editor's own endpoint;
    texts by segment path, or by a path's start (summary.)."""
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    )
    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "context"
    ):
        path = segment.context.path
        text = texts.get(path) or next(
            (v for k, v in texts.items() if k.endswith(".") and path.startswith(k)), None
        )
        if text is None:
            continue
        url = reverse(
            "wagtail_localize:edit_string_translation",
            kwargs={"translation_id": translation.pk, "string_segment_id": segment.pk},
        )
        response = client.put(
            url, urlencode({"value": text}), content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code in (200, 201), response.content
    return translation


def start_translation(client, article, locale) -> ArticlePage:
    url = reverse("wagtail_localize:submit_page_translation", args=[article.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [locale.pk]})
    assert response.status_code == 302
    return ArticlePage.objects.get(translation_key=article.translation_key, locale=locale)


@pytest.mark.django_db
def test_translation_is_filed_reviewed_and_published_in_the_spanish_edition(
    client, home, asia, spanish, article
):
    reporter, editor = staff("rita", "Reporters"), staff("eddie", "Editors")

    # A reporter starts the translation from the English article ("Translate").
    client.force_login(reporter)
    draft = start_translation(client, article, spanish)
    assert not draft.live, "a translation starts as a draft"
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    page = client.get(edit_url)
    assert page.status_code == 200
    props = editor_props(page)
    # The source beside it, and how much is translated.
    sources = {segment["contentPath"]: segment.get("source") for segment in props["segments"]}
    assert sources["title"] == "Bridge reopens after repairs"
    assert "0 of " in page.text

    translation = translate(client, draft, SPANISH)
    page = client.get(edit_url)
    total, done = translation.get_progress()
    assert done == 3 and f"{done} of {total} parts translated" in page.text
    assert len(editor_props(page)["initialStringTranslations"]) == 3

    # Filed for review from the translation editor: the newsroom's workflow.
    assert "Submit to Editorial review" in page.text
    response = client.post(edit_url, {SUBMIT_ACTION: "1"})
    assert response.status_code == 302
    state = WorkflowState.objects.get(
        object_id=str(draft.pk), status=WorkflowState.STATUS_IN_PROGRESS
    )
    assert state.workflow.name == "Editorial review"
    draft.refresh_from_db()
    assert not draft.live
    assert state.current_task_state.revision.as_object().title == SPANISH["title"]
    client.logout()
    assert client.get("/es/news/asia/reabre-el-puente/").status_code == 404

    # An editor approves it: the Spanish page is live in the Spanish edition.
    client.force_login(editor)
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[draft.pk, "approve", state.current_task_state.pk],
    )
    assert client.post(approve_url, {"comment": ""}).status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.live
    client.logout()
    public = client.get("/es/news/asia/reabre-el-puente/")
    assert public.status_code == 200
    assert SPANISH["title"] in public.text and SPANISH["summary."] in public.text
    assert 'lang="es"' in public.text
    # The English original is where it was.
    assert client.get(article.url).status_code == 200


def publish_spanish(article, spanish, editor) -> ArticlePage:
    translate_object(article, [spanish], user=editor)
    draft = ArticlePage.objects.get(translation_key=article.translation_key, locale=spanish)
    translation = Translation.objects.get(source__object_id=article.translation_key)
    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "context", "string"
    ):
        text = SPANISH.get(segment.context.path) or f"[es] {segment.string.data}"
        StringTranslation.objects.create(
            translation_of=segment.string, locale=spanish, context=segment.context, data=text
        )
    # Published after the commit (wagtail-localize waits for it).
    translation.save_target(user=editor, publish=True)
    return draft


@pytest.mark.django_db
def test_correcting_the_source_marks_the_translation_out_of_date_until_synced(
    client, home, asia, spanish, article, django_capture_on_commit_callbacks
):
    editor = staff("eddie", "Editors")
    with django_capture_on_commit_callbacks(execute=True):
        es = publish_spanish(article, spanish, editor)
    es.refresh_from_db()
    assert es.live and not OutOfDate.objects.exists()
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[es.pk])
    assert "Out of date." not in client.get(edit_url).text

    # The English original is corrected and republished.
    original = ArticlePage.objects.get(pk=article.pk)
    original.body = [("paragraph", RichText("<p>The old bridge reopened on Tuesday.</p>"))]
    original.notes = [
        ArticleNote(kind="correction", text="An earlier version said it reopened on Monday.")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        original.save_revision(user=editor).publish()

    mark = OutOfDate.objects.get(page=es)
    assert mark.reason == OutOfDate.Reason.CORRECTION
    # The translation's editors see it: on the translation, the dashboard, the report.
    page = client.get(edit_url)
    assert page.status_code == 200
    assert "Out of date." in page.text and "said it reopened on Monday" in page.text
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert PANEL in dashboard.text and SPANISH["title"] in dashboard.text
    report = client.get(reverse("translations_out_of_date"))
    assert report.status_code == 200 and SPANISH["title"] in report.text
    # Readers still read the Spanish page as published.
    assert client.get(es.url).status_code == 200

    # Brought up to date from the source: wagtail-localize's "Sync translated pages".
    translation = Translation.objects.get(target_locale=spanish)
    sync_url = reverse("wagtail_localize:update_translations", args=[translation.source_id])
    assert sync_url in page.text
    assert client.get(sync_url).status_code == 200
    assert client.post(sync_url, {}).status_code == 302
    assert not OutOfDate.objects.exists()
    page = client.get(edit_url)
    assert "Out of date." not in page.text
    sources = [segment.get("source") for segment in editor_props(page)["segments"]]
    assert "The old bridge reopened on Tuesday." in sources, "the new source text is offered"
    assert "The old bridge reopened on Monday." not in sources
    assert PANEL not in client.get(reverse("wagtailadmin_home")).text


@pytest.mark.django_db
def test_republishing_unchanged_text_leaves_translations_up_to_date(
    home, asia, spanish, article, django_capture_on_commit_callbacks
):
    editor = staff("eddie", "Editors")
    with django_capture_on_commit_callbacks(execute=True):
        publish_spanish(article, spanish, editor)
        ArticlePage.objects.get(pk=article.pk).save_revision().publish()
    assert not OutOfDate.objects.exists()

    # A significant update with new text does mark it, as an update.
    original = ArticlePage.objects.get(pk=article.pk)
    original.title = "Bridge reopens after repairs, traffic heavy"
    with django_capture_on_commit_callbacks(execute=True):
        original.save_revision().publish()
    assert OutOfDate.objects.get().reason == OutOfDate.Reason.UPDATE


@pytest.mark.django_db
def test_local_machine_translator_fills_segments(client, settings, home, asia, spanish, article):
    editor = staff("eddie", "Editors")
    client.force_login(editor)
    draft = start_translation(client, article, spanish)
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    # Off by default: the editor offers no machine translation.
    assert editor_props(client.get(edit_url))["machineTranslator"] is None

    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = GLOSSARY
    offered = editor_props(client.get(edit_url))["machineTranslator"]
    assert offered["name"] == "Desk glossary"
    response = client.post(offered["url"], {"next": edit_url})
    assert response.status_code == 302
    filled = {
        t.context.path: t.data
        for t in StringTranslation.objects.filter(locale=spanish).select_related("context")
    }
    assert filled["title"] == "Puente reabre after repairs"
    assert filled["body.0" if "body.0" in filled else next(p for p in filled if "body" in p)]
    translation = Translation.objects.get(target_locale=spanish)
    total, done = translation.get_progress()
    assert done == total
    assert StringTranslation.objects.filter(
        locale=spanish, translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE
    ).count() == len(filled)
    assert Page.objects.filter(locale=spanish, live=False).filter(pk=draft.pk).exists()
