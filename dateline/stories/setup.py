"""The desks' permissions on live blog entries and breaking news.

Page permissions (live blogs, story timelines) come from the edition tree like
any page's. `setup_stories()` adds these model permissions to the groups that
`setup_newsroom` creates; it only adds, so it is safe to run after it, and
runs each time setup_newsroom does (its newsroom_set_up signal).
"""

from django.contrib.auth.models import Group, Permission

from dateline.newsroom.setup import ADMINISTRATORS, EDITORS, REPORTERS

ENTRY = ["add_liveblogentry", "change_liveblogentry"]
STORY_PERMISSIONS = {
    # Reporters draft entries; editors publish them and raise banners.
    REPORTERS: ENTRY,
    EDITORS: ENTRY
    + ["publish_liveblogentry", "add_breakingnews", "change_breakingnews", "delete_breakingnews"],
    ADMINISTRATORS: ENTRY
    + [
        "publish_liveblogentry",
        "delete_liveblogentry",
        "add_breakingnews",
        "change_breakingnews",
        "delete_breakingnews",
    ],
}


def setup_stories() -> None:
    for name, codenames in STORY_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="stories", codename__in=codenames)
        )


def on_newsroom_set_up(sender, **kwargs) -> None:
    setup_stories()
