"""The desks' part in translating: every desk may start a translation (the
translated page is then filed and reviewed like any other article)."""

from dateline.newsroom.setup import ADMINISTRATORS, EDITORS, REPORTERS, add_model_permissions

SUBMIT = "wagtail_localize.submit_translation"


def on_newsroom_set_up(sender, home, **kwargs):
    add_model_permissions({REPORTERS: [SUBMIT], EDITORS: [SUBMIT], ADMINISTRATORS: [SUBMIT]})
