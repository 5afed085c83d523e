"""Wagtail's audit log ("Site history") for Administrators: publish, unpublish,
delete and permission changes, with who did them."""

from django.contrib.auth.models import Group, Permission
from django.utils import translation
from wagtail.log_actions import LogContext

from .conftest import sign_in


def test_administrator_sees_publish_unpublish_delete_and_permission_changes(
    client, make_staff, news, make_article
):
    admin = make_staff("ada", "Administrators")
    editor = make_staff("eddie", "Editors")
    kept = make_article(news, title="Harbour ferry timetable changes")
    gone = make_article(news, title="Market hall to close for a week")
    kept.save_revision(user=editor).publish(user=editor)
    kept.unpublish(user=editor)
    gone.delete(user=admin)
    with LogContext(user=admin):
        Group.objects.get(name="Reporters").permissions.add(
            Permission.objects.get(codename="change_author")
        )
        editor.groups.add(Group.objects.get(name="Administrators"))

    sign_in(client, "ada")
    report = client.get("/admin/reports/site-history/")
    assert report.status_code == 200
    text = report.text
    assert "Harbour ferry timetable changes" in text
    assert "Published" in text and "Unpublished" in text
    assert "Market hall to close for a week" in text and "Deleted" in text
    assert "Group permissions: added Newsroom | author | Can change author" in text
    assert "Groups: added Administrators" in text

    # The menu shows the report to Administrators.
    assert "/admin/reports/site-history/" in client.get("/admin/").text


def test_editors_do_not_see_permission_changes(client, make_staff, home):
    make_staff("eddie", "Editors")
    with LogContext(user=None):
        Group.objects.get(name="Reporters").permissions.add(
            Permission.objects.get(codename="change_author")
        )
    sign_in(client, "eddie")
    assert "Group permissions" not in client.get("/admin/reports/site-history/").text


def test_a_permission_change_is_logged_in_the_sites_language(client, make_staff, home):
    # An administrator working in Spanish (or a thread a Spanish page left in
    # Spanish) changes a group: the history names the permission as the site's
    # language does, whoever reads it later.
    admin = make_staff("ada", "Administrators")
    with translation.override("es"), LogContext(user=admin):
        Group.objects.get(name="Reporters").permissions.add(
            Permission.objects.get(codename="change_author")
        )
    sign_in(client, "ada")
    text = client.get("/admin/reports/site-history/").text
    assert "Group permissions: added Newsroom | author | Can change author" in text
