"""The desks' permissions on reader comments, added whenever the newsroom is set
up (newsroom_set_up): editors moderate, administrators also delete and change the
comment settings."""

from dateline.newsroom.setup import ADMINISTRATORS, EDITORS, add_model_permissions

COMMENT_PERMISSIONS = {
    EDITORS: [
        "comments.view_comment",
        "comments.change_comment",
        "comments.view_commenterban",
        "comments.change_commenterban",
        "comments.delete_commenterban",
    ],
    ADMINISTRATORS: [
        "comments.view_comment",
        "comments.change_comment",
        "comments.delete_comment",
        "comments.change_commentsettings",
        "comments.view_commenterban",
        "comments.change_commenterban",
        "comments.delete_commenterban",
    ],
}


def on_newsroom_set_up(sender, **kwargs) -> None:
    add_model_permissions(COMMENT_PERMISSIONS)
