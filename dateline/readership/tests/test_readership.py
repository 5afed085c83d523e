"""Readership without trackers: the beacon, its counts, Most read and the report."""

import io
import os
import time

import pytest
from django.core.cache import cache

from dateline.lite.urls import twin
from dateline.readership import beacon, counting
from dateline.readership.beacon import ReadershipBeacon, normalise_host
from dateline.readership.counting import Counter, write_counts
from dateline.readership.models import HourlyReferrers, HourlyViews

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def environ(method="POST", body=b"", path="/_r", **headers):
    env = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "news.example.org:8000",
        "HTTP_USER_AGENT": BROWSER,
        "CONTENT_TYPE": "text/plain;charset=UTF-8",
        "CONTENT_LENGTH": str(len(body)),
        "REMOTE_ADDR": "203.0.113.9",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
    }
    env.update(headers)
    return env


def not_django(environ, start_response):
    raise AssertionError("a beacon must not reach Django")


def send(wrapper, *args, **kwargs):
    started = []
    body = wrapper(
        environ(*args, **kwargs), lambda status, headers: started.append((status, headers))
    )
    status, headers = started[0]
    return status, dict(headers), b"".join(body)


@pytest.fixture
def counter(settings):
    settings.DATELINE_READERSHIP_FLUSH_SECONDS = 3600
    return Counter(background=False)


@pytest.fixture
def wrapper(counter):
    return ReadershipBeacon(not_django, counter)


def flush(counter):
    counter.flush()
    if os.environ.get("REDIS_URL"):
        counting.drain_redis()


def test_a_beacon_counts_once_and_a_flush_writes_the_row(wrapper, counter, asia, make_article):
    article = make_article(asia)
    status, headers, body = send(wrapper, body=f"{article.pk}\n".encode())
    assert status == "204 No Content" and body == b""
    assert headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in headers
    assert sum(counter.views.values()) == 1
    flush(counter)
    row = HourlyViews.objects.get()
    assert (row.page_id, row.views) == (article.pk, 1)
    assert row.hour.minute == row.hour.second == 0
    assert not HourlyReferrers.objects.exists()
    # A second flush adds to the row rather than replacing it.
    send(wrapper, body=f"{article.pk}\nWWW.Example.COM:443".encode())
    send(wrapper, body=f"{article.pk}\nwww.example.com".encode())
    flush(counter)
    assert HourlyViews.objects.get().views == 3
    referrer = HourlyReferrers.objects.get()
    assert (referrer.host, referrer.views) == ("www.example.com", 2)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Googlebot/2.1)"},
        {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0 Safari/537.36"},
        {"HTTP_USER_AGENT": "Mozilla/5.0 (compatible; Yahoo! Slurp)"},
        {"HTTP_USER_AGENT": ""},
        {"HTTP_USER_AGENT": None},
        {"HTTP_SEC_PURPOSE": "prefetch"},
        {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
        {"HTTP_PURPOSE": "prefetch"},
        {"method": "GET"},
        {"method": "HEAD"},
        {"body": b"1" * 201},
        {"body": b"12abc"},
        {"body": b"-4"},
        {"body": b"0"},
        {"body": b""},
        {"body": "١٢".encode()},
    ],
)
def test_what_is_not_counted(wrapper, counter, kwargs):
    kwargs = dict(kwargs)
    if kwargs.get("HTTP_USER_AGENT", "") is None:
        kwargs["HTTP_USER_AGENT"] = ""
    kwargs.setdefault("body", b"42\n")
    status, headers, _ = send(wrapper, **kwargs)
    expected = (
        "405 Method Not Allowed" if kwargs.get("method") in ("GET", "HEAD") else "204 No Content"
    )
    assert status == expected
    assert headers["Cache-Control"] == "no-store"
    assert not counter.views


def test_an_oversize_body_is_not_read(wrapper, counter):
    stream = io.BytesIO(b"7\n" + b"a" * 500)
    env = environ(body=b"", CONTENT_LENGTH="502")
    env["wsgi.input"] = stream
    wrapper(env, lambda *a: None)
    assert stream.tell() == 0 and not counter.views


def test_drafts_private_pages_and_non_articles_are_never_written(
    wrapper, counter, news, asia, make_section, make_article, make_private
):
    public = make_article(asia, title="Open")
    draft = make_article(asia, title="Draft", publish=False)
    # In a section of its own: one of the ways restricts the whole section.
    private = make_article(make_section(news, "Members", "members"), title="Private")
    make_private(private)
    for page_id in (public.pk, draft.pk, private.pk, asia.pk, 999_999):
        send(wrapper, body=f"{page_id}\nelsewhere.example".encode())
    flush(counter)
    assert list(HourlyViews.objects.values_list("page_id", flat=True)) == [public.pk]
    assert list(HourlyReferrers.objects.values_list("page_id", flat=True)) == [public.pk]


def test_nothing_about_the_client_is_kept():
    # No column could hold an address, a User-Agent, a cookie or an identifier.
    assert {f.name for f in HourlyViews._meta.get_fields()} == {"id", "hour", "page", "views"}
    assert {f.name for f in HourlyReferrers._meta.get_fields()} == {
        "id",
        "hour",
        "page",
        "host",
        "views",
    }


def test_the_counts_keep_nothing_of_the_request(wrapper, counter):
    send(wrapper, body=b"5\nnews.site.example", HTTP_COOKIE="sessionid=abc")
    assert counter.views == {(counting.hour_of(time.time()), 5): 1}
    assert list(counter.referrers) == [(counting.hour_of(time.time()), 5, "news.site.example")]
    kept = repr((counter.views, counter.referrers))
    assert "203.0.113.9" not in kept and "Firefox" not in kept and "abc" not in kept


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Example.ORG", "example.org"),
        ("example.org:8080", "example.org"),
        ("example.org.", "example.org"),
        ("news.example.org", ""),  # the site itself
        ("localhost", ""),
        ("203.0.113.9", ""),
        ("[2001:db8::1]:443", ""),
        ("exa mple.org", ""),
        ("example.org/path", ""),
        ("a" * 95 + ".org", ""),
        ("<script>.org", ""),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
    ],
)
def test_referring_hosts_are_normalised(value, expected):
    assert normalise_host(value, ("news.example.org",)) == expected


def test_the_interval_passing_flushes(settings, asia, make_article):
    settings.DATELINE_READERSHIP_FLUSH_SECONDS = 0
    counter = Counter(background=False)
    wrapper = ReadershipBeacon(not_django, counter)
    article = make_article(asia)
    send(wrapper, body=f"{article.pk}".encode())  # plans the first flush
    send(wrapper, body=f"{article.pk}".encode())  # finds it due
    if os.environ.get("REDIS_URL"):
        counting.drain_redis()
    assert HourlyViews.objects.get().views == 2
    assert not counter.views


def test_the_wsgi_application_answers_beacons_before_django(client, asia, make_article):
    from dateline.wsgi import application

    assert isinstance(application, ReadershipBeacon)
    article = make_article(asia)
    started = []
    body = application(
        environ(body=f"{article.pk}\n".encode()),
        lambda status, headers: started.append((status, headers)),
    )
    assert started[0][0] == "204 No Content" and list(body) == []
    assert not any(name.lower() == "set-cookie" for name, _ in started[0][1])
    counting.counter.take()  # leave the process's counts as they were


# --- Most read ------------------------------------------------------------------


def counts(*pairs):
    hour = counting.hour_of(time.time())
    return {(hour, page.pk): n for page, n in pairs}


def test_most_read_lists_the_editions_most_read_readable_articles_in_order(
    client, home, news, asia, make_article, make_private, make_edition, make_section
):
    articles = [make_article(asia, title=f"Story {i}", slug=f"story-{i}") for i in range(7)]
    private = make_article(make_section(news, "Members", "members"), title="Members only")
    make_private(private)
    spanish_home = make_edition("es")
    spanish = make_article(make_section(spanish_home, "Noticias", "noticias"), title="Noticia")
    old_hour = counting.hour_of(time.time() - 30 * 3600)
    write_counts(
        {
            **counts(*[(a, 10 * (i + 1)) for i, a in enumerate(articles)], (private, 999)),
            **counts((spanish, 500)),
            (old_hour, articles[0].pk): 10_000,  # more than a day ago
        },
        {},
    )
    cache.clear()
    response = client.get(home.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Most read" in html
    listed = html.split('class="most-read"', 1)[1].split("</section>", 1)[0]
    expected = ["Story 6", "Story 5", "Story 4", "Story 3", "Story 2"]
    assert [t for t in expected if t in listed] == expected
    assert [listed.index(t) for t in expected] == sorted(listed.index(t) for t in expected)
    assert "Members only" not in listed and "Noticia" not in listed and "Story 0" not in listed
    assert "<ol>" in listed and 'id="most-read-title"' in listed
    # The front page stays a public page every reader shares.
    assert "public" in response["Cache-Control"] and "private" not in response["Cache-Control"]
    assert not response.cookies and "Set-Cookie" not in response

    fragment = client.get("/en/most-read/")
    assert fragment.status_code == 200
    assert fragment["Cache-Control"].startswith("public, max-age=300, s-maxage=300")
    assert not fragment.cookies
    assert "Story 6" in fragment.content.decode()
    spanish_list = client.get("/es/most-read/").content.decode()
    assert "Noticia" in spanish_list and "Story 6" not in spanish_list


def test_most_read_is_on_the_article_and_hidden_while_empty(client, asia, make_article):
    article = make_article(asia)
    html = client.get(article.url).content.decode()
    assert 'class="most-read"' in html and 'data-most-read="/en/most-read/"' in html
    assert "hidden>" in html.split('class="most-read"', 1)[1].split("\n", 1)[0]


def test_most_read_is_kept_for_its_seconds(client, asia, make_article, settings):
    first, second = make_article(asia, title="First"), make_article(asia, title="Second")
    write_counts(counts((first, 3)), {})
    assert "First" in client.get("/en/most-read/").content.decode()
    write_counts(counts((second, 9)), {})
    html = client.get("/en/most-read/").content.decode()
    assert "Second" not in html  # the kept list, until it expires or a publish
    cache.clear()
    assert "Second" in client.get("/en/most-read/").content.decode()


# --- The script on pages -----------------------------------------------------------


def test_the_beacon_script_is_on_articles_and_not_on_lite_pages(client, asia, make_article):
    article = make_article(asia)
    html = client.get(article.url).content.decode()
    assert 'src="/static/readership/readership.js" defer' in html
    assert f'data-readership-page="{article.pk}"' in html
    lite = client.get(twin(article.url))
    assert lite.status_code == 200
    assert b"readership.js" not in lite.content and b"data-readership-page" not in lite.content
    saving = client.get(article.url, HTTP_SAVE_DATA="on")
    assert b"readership.js" not in saving.content


def test_the_script_sends_one_beacon_and_no_identifier():
    from django.contrib.staticfiles import finders

    lines = open(finders.find("readership/readership.js")).read().splitlines()
    script = "\n".join(line for line in lines if not line.strip().startswith("//"))
    assert script.count("sendBeacon(") == 1 and 'sendBeacon("/_r"' in script
    assert 'visibilityState !== "visible"' in script and "document.prerendering" in script
    for forbidden in ("cookie", "localStorage", "sessionStorage", "indexedDB", "Math.random"):
        assert forbidden not in script


# --- The admin -------------------------------------------------------------------


def test_the_admin_report_and_the_articles_numbers(client, admin_user, asia, make_article):
    article = make_article(asia, title="Well read story")
    hour = counting.hour_of(time.time())
    write_counts(
        {(hour, article.pk): 42, (hour - 10 * 86400, article.pk): 8},
        {(hour, article.pk, "elsewhere.example"): 5},
    )
    client.force_login(admin_user)
    report = client.get("/admin/reports/readership/")
    assert report.status_code == 200
    html = report.content.decode()
    assert "Well read story" in html and "42" in html and "elsewhere.example" in html
    page = client.get(f"/admin/reports/readership/pages/{article.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    cells = html.split("<tbody><tr>", 1)[1].split("</tr>", 1)[0]
    assert cells == "<td>42</td><td>42</td><td>50</td>" or (
        # Just after midnight (site time) the last hour may be before today.
        "<td>50</td>" in cells
    )
    assert "elsewhere.example" in html
    edit = client.get(f"/admin/pages/{article.pk}/edit/")
    assert f"/admin/reports/readership/pages/{article.pk}/" in edit.content.decode()
    client.logout()
    assert client.get("/admin/reports/readership/").status_code == 302


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="counts go to Redis with REDIS_URL")
def test_with_redis_every_process_adds_to_the_same_counts(asia, make_article, settings):
    article = make_article(asia)
    one, two = Counter(background=False), Counter(background=False)
    for counter in (one, two):
        counter.add(article.pk, "elsewhere.example")
        counter.flush()
    assert counting.drain_redis() == 2
    assert HourlyViews.objects.get().views == 2
    assert counting.drain_redis() == 0


def test_beacon_constants_match_the_script():
    assert beacon.PATH == "/_r" and beacon.MAX_BODY == 200
