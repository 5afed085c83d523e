"""A process killed with SIGKILL in the middle of publishing leaves the
previous version live and the new one as a draft revision (on whichever
database the suite runs: SQLite here, PostgreSQL in CI's second run)."""

import sqlite3

import pytest
from django.db import connection

from dateline.newsroom.models import ArticlePage

from .killing import publish_and_kill


def _shared_database(tmp_path) -> dict[str, str]:
    """Environment pointing a child process at the test database."""
    env = {"DATELINE_DATA_DIR": str(tmp_path), "ALLOWED_HOSTS": "testserver"}
    if connection.vendor == "sqlite":
        # The test database lives in memory: hand the child a file copy of it.
        path = tmp_path / "copy.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        return {**env, "DATABASE_URL": f"sqlite:///{path}"}
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    url = f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {**env, "DATABASE_URL": url}


def _take_back(env: dict[str, str]) -> None:
    if connection.vendor == "sqlite":
        with sqlite3.connect(env["DATABASE_URL"].removeprefix("sqlite:///")) as copy:
            copy.backup(connection.connection)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publish_killed_midway_leaves_previous_version_live(
    migrated_data, client, news, make_article, tmp_path
):
    article = make_article(news, title="Harbour reopens after storm")
    live_revision = article.live_revision_id
    env = _shared_database(tmp_path)

    new_revision = publish_and_kill(env, article.pk, "Harbour closed again")
    _take_back(env)

    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live and article.title == "Harbour reopens after storm"
    assert article.live_revision_id == live_revision
    assert article.latest_revision_id == new_revision != live_revision
    assert article.has_unpublished_changes
    draft = article.get_latest_revision_as_object()
    assert draft.title == "Harbour closed again"
    page = client.get(article.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Harbour reopens after storm" in html and "Harbour closed again" not in html
