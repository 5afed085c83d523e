"""The scheduler runs the jobs apps register: publishing on every pass, features'
housekeeping at their own intervals, and one failing job holds back no other."""

import threading
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from dateline.newsroom import scheduler
from dateline.newsroom.setup import ADMINISTRATORS, EDITORS, REPORTERS


def _broken():
    raise RuntimeError("the clean-up's table is gone")


@pytest.fixture
def broken_job(monkeypatch):
    """A job registered as a feature would, which fails every time; first in
    line, so that publishing comes after it."""
    broken = scheduler.Job("broken", _broken, 0)
    monkeypatch.setattr(scheduler, "_jobs", {"broken": broken, **scheduler._jobs})


def _scheduled(asia, make_article):
    article = make_article(asia, title="Harbour ferry timetable changes", publish=False)
    go_live = timezone.now() + timedelta(seconds=1)
    article.go_live_at = go_live
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live
    time.sleep(max(0.0, (go_live - timezone.now()).total_seconds()) + 0.2)
    return article


def test_features_register_their_jobs_after_publishing():
    jobs = {job.name: job for job in scheduler.registered_jobs()}
    assert list(jobs)[0] == "publish-scheduled" and jobs["publish-scheduled"].every == 0
    assert jobs["clear-old-comment-ips"].every == 3600


def test_a_job_runs_on_the_first_pass_then_once_its_interval_has_passed():
    runs = []
    runner = scheduler.Runner([scheduler.Job("hourly", lambda: runs.append(1), every=3600)])

    assert runner.run_due(now=1000.0) == ["hourly"]
    assert runner.run_due(now=1000.0 + 3599) == []
    assert runner.run_due(now=1000.0 + 3600) == ["hourly"]
    assert len(runs) == 2


@pytest.mark.django_db
def test_a_failing_job_does_not_hold_back_scheduled_stories(asia, make_article, broken_job):
    article = _scheduled(asia, make_article)

    with pytest.raises(CommandError, match="broken"):  # cron's --once notices
        call_command("run_scheduler", once=True)

    article.refresh_from_db()
    assert article.live
    assert "Harbour ferry timetable changes" in asia.get_children().live().get().title


@pytest.mark.django_db
def test_setting_up_the_newsroom_gives_the_desks_the_features_permissions(home):
    # setup_newsroom announces itself (newsroom_set_up); stories, comments and
    # live add their own permissions to the desks from there.
    call_command("setup_newsroom", verbosity=0)

    def codenames(group):
        permissions = Group.objects.get(name=group).permissions.select_related("content_type")
        return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}

    editors, reporters = codenames(EDITORS), codenames(REPORTERS)
    admins = codenames(ADMINISTRATORS)
    assert {"stories.publish_liveblogentry", "stories.add_breakingnews"} <= editors
    assert {"comments.change_comment", "live.change_channel"} <= editors
    assert {"comments.change_commentsettings", "live.delete_channel"} <= admins
    assert "stories.add_liveblogentry" in reporters
    assert not {"stories.publish_liveblogentry", "comments.change_comment"} & reporters


@pytest.mark.django_db
def test_one_scheduler_at_a_time_across_hosts():
    """While one host's scheduler is in a pass, another host's skips its own."""
    holding, release, seen = threading.Event(), threading.Event(), []

    def first_host():
        try:
            with scheduler.one_at_a_time() as held:
                seen.append(held)
                holding.set()
                release.wait(10)
        finally:
            connection.close()  # this thread's database session (and its lock)

    host = threading.Thread(target=first_host)
    host.start()
    runs = []
    other = scheduler.Runner([scheduler.Job("publish", lambda: runs.append(1), every=0)])
    try:
        assert holding.wait(10) and seen == [True]
        assert scheduler.run_pass(other) is None  # skipped: the first host is in a pass
    finally:
        release.set()
        host.join(10)
    assert runs == []
    assert scheduler.run_pass(other) == ["publish"]  # the lock is free again
    assert runs == [1]


@pytest.mark.django_db
def test_a_jobs_interval_holds_across_hosts():
    """A job one host ran is not run again by another before its interval."""
    runs = []

    def host():
        return scheduler.Runner([scheduler.Job("hourly", lambda: runs.append(1), every=3600)])

    now = time.time()
    assert scheduler.run_pass(host(), now=now) == ["hourly"]
    assert scheduler.run_pass(host(), now=now + 10) == []
    assert scheduler.run_pass(host(), now=now + 3600) == ["hourly"]
    assert len(runs) == 2
