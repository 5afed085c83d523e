"""The desks' permissions on live channels, added whenever the newsroom is set up
(newsroom_set_up)."""

from dateline.newsroom.setup import ADMINISTRATORS, EDITORS, add_model_permissions

CHANNEL_PERMISSIONS = {
    EDITORS: ["live.add_channel", "live.change_channel"],
    ADMINISTRATORS: ["live.add_channel", "live.change_channel", "live.delete_channel"],
}


def on_newsroom_set_up(sender, **kwargs) -> None:
    add_model_permissions(CHANNEL_PERMISSIONS)
