"""Which database a request reads from, and database URLs naming several hosts."""

import dj_database_url
import pytest
from django.test import RequestFactory

from dateline.newsroom.models import ArticlePage
from dateline.replicas.middleware import is_reader_request
from dateline.replicas.routers import ReplicaRouter, reads_from
from dateline.settings import database_settings

pytestmark = pytest.mark.once

router = ReplicaRouter()


@pytest.mark.parametrize("method", ["get", "head"])
@pytest.mark.parametrize("path", ["/en/", "/en/news/bridge-reopens/", "/en/feeds/rss/", "/api/v2/"])
def test_an_anonymous_readers_view_of_a_public_page_may_read_the_replica(method, path):
    assert is_reader_request(getattr(RequestFactory(), method)(path))


@pytest.mark.parametrize(
    "request_",
    [
        RequestFactory().post("/en/comments/12/"),
        RequestFactory().get("/admin/pages/3/edit/"),
        RequestFactory().get("/django-admin/"),
        # Someone signed in (an editor looking at the site) sees their own changes.
        RequestFactory(headers={"Cookie": "sessionid=abc"}).get("/en/news/"),
    ],
    ids=["a form sent", "the newsroom", "django admin", "a signed-in visitor"],
)
def test_the_newsroom_forms_and_signed_in_visitors_use_the_primary(request_):
    assert not is_reader_request(request_)


def test_only_reads_of_a_reader_request_go_to_the_replica():
    assert router.db_for_read(ArticlePage) is None  # the default database
    with reads_from("replica"):
        assert router.db_for_read(ArticlePage) == "replica"
        assert router.db_for_write(ArticlePage) == "default"
    assert router.db_for_read(ArticlePage) is None


def test_the_replica_is_never_migrated():
    assert router.allow_migrate("replica", "newsroom") is False
    assert router.allow_migrate("default", "newsroom") is None


def test_a_url_with_one_host_reads_as_dj_database_url_reads_it():
    url = "postgres://editor:p%40ss@db.example.org:5433/dateline?sslmode=require"
    assert database_settings(url, conn_max_age=600) == dj_database_url.parse(url, conn_max_age=600)


def test_a_url_with_several_hosts_gives_libpq_the_lists():
    config = database_settings(
        "postgres://editor:p%40ss@db1:5432,db2:5433/dateline?target_session_attrs=read-write",
        conn_max_age=600,
    )
    assert config["HOST"] == "db1,db2" and config["PORT"] == "5432,5433"
    assert (config["USER"], config["PASSWORD"], config["NAME"]) == ("editor", "p@ss", "dateline")
    assert config["OPTIONS"] == {"target_session_attrs": "read-write"}
    assert config["CONN_MAX_AGE"] == 600


def test_hosts_without_a_port_and_ipv6_addresses_are_kept_apart():
    config = database_settings("postgres://u@[::1]:5432,db2,10.0.0.3:6432/news")
    assert config["HOST"] == "::1,db2,10.0.0.3"
    # An empty place in the list is libpq's default port.
    assert config["PORT"] == "5432,,6432"
    assert database_settings("postgres://u@db1,db2/news")["PORT"] == ""
