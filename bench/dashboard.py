"""The newsroom dashboard's time and SQL queries on a big site (issue 17).

    DATELINE_DATA_DIR=/tmp/m100k/data .venv/bin/python bench/dashboard.py

Against the site in DATELINE_DATA_DIR (or DATABASE_URL), which should already
hold its articles (`bench-data`), it adds a desk's worth of work once (an
editor and a reporter, 200 drafts of the reporter's, 50 stories in review, 500
pending comments, 2,000 agency items, 20 scheduled stories), then requests
/admin/ in-process with Django's test Client as each role: a warm-up, then
`--runs` timed requests. It reports the median and p95 wall time, the SQL
queries of the whole request, and those of the desk's panels (all of them
rendered as the dashboard renders them: the rest is the admin's own
per-request work, session, user, permissions, menus). Each run is kept in
bench/results/dashboard.json by its number of articles, so the 100,000 and
the million-article sites sit side by side.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "dashboard.json"
HOST = "127.0.0.1"


def setup_desk():
    from django.contrib.auth.models import Group, User
    from django.utils import timezone
    from wagtail.models import Page, Revision, Workflow, WorkflowState

    from dateline.comments.models import Comment
    from dateline.newsroom.models import ArticlePage, SectionPage
    from dateline.wire.models import Agency, WireItem

    editor, made = User.objects.get_or_create(username="bench-editor")
    reporter, _ = User.objects.get_or_create(username="bench-reporter")
    if not made:
        return editor, reporter
    editor.groups.add(Group.objects.get(name="Editors"))
    reporter.groups.add(Group.objects.get(name="Reporters"))
    section = SectionPage.objects.order_by("path").first()
    drafts = []
    for n in range(200):
        page = section.add_child(
            instance=ArticlePage(
                title=f"Reporter's draft {n}", summary=[("point", "Draft.")], live=False
            )
        )
        page.owner = reporter
        page.save()
        drafts.append(page)
    workflow = Workflow.objects.filter(active=True).first()
    for page in drafts[:50]:
        page.save_revision(user=reporter)
        if workflow is not None:
            workflow.start(page, reporter)
    for page in drafts[50:70]:
        revision = page.save_revision(user=reporter)
        revision.approved_go_live_at = timezone.now() + timedelta(hours=10)
        revision.save()
    article = ArticlePage.objects.live().order_by("-pk").first()
    Comment.objects.bulk_create(
        Comment(article=article, name=f"Reader {n}", body="A comment.") for n in range(500)
    )
    agency = Agency.objects.create(name="Bench Agency", slug="bench-agency")
    WireItem.objects.bulk_create(
        WireItem(
            agency=agency,
            uri=f"urn:bench:{n}",
            version="1",
            language="en",
            headline=f"Agency item {n}",
            payload={},
        )
        for n in range(2000)
    )
    print(
        f"desk: {Page.objects.count():,} pages, {Revision.objects.count():,} revisions, "
        f"{WorkflowState.objects.count()} workflow states",
        file=sys.stderr,
    )
    return editor, reporter


def measure(client, user, runs: int) -> dict:
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from wagtail import hooks

    from dateline.newsroom.desk import DeskPanel

    client.force_login(user)
    for _ in range(3):
        assert client.get("/admin/").status_code == 200
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as whole:
        client.get("/admin/")
    # Counted now: the log is cleared again below, and the capture reads it late.
    whole_queries = len(whole.captured_queries)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get("/admin/")
        timings.append((time.perf_counter() - started) * 1000)

    request = RequestFactory(HTTP_HOST=HOST).get("/admin/")
    request.user = user
    panels: list = []
    for fn in hooks.get_hooks("construct_homepage_panels"):
        fn(request, panels)  # the last hook hands the desk's panels to one query
    desk = [p for p in panels if isinstance(p, DeskPanel)]
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as own:
        for panel in desk:
            panel.render_html({"request": request})
    ordered = sorted(timings)
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "queries": whole_queries,
        "panel_queries": len(own.captured_queries),
        "panels": [p.name for p in desk],
        "runs": runs,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--note", default="", help="Kept with the run, printed under the table.")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from dateline.newsroom.models import ArticlePage

    editor, reporter = setup_desk()
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "articles": ArticlePage.objects.count(),
        "load": os.getloadavg(),
        "roles": {
            "editor": measure(Client(HTTP_HOST=HOST), editor, args.runs),
            "reporter": measure(Client(HTTP_HOST=HOST), reporter, args.runs),
        },
        "command": "DATELINE_DATA_DIR=DIR .venv/bin/python bench/dashboard.py",
    }
    if args.note:
        result["note"] = args.note
    RESULTS.parent.mkdir(exist_ok=True)
    saved = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    runs = saved.get("runs", {})
    runs[str(result["articles"])] = result
    RESULTS.write_text(json.dumps({"runs": runs}, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
