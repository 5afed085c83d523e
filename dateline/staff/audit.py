"""Permission changes go in Wagtail's audit log ("Site history"), beside
publish, unpublish and delete: who gave whom what, and when.

Wagtail logs that a group or user was edited but not what changed in its
permissions or group membership; these m2m signals record that.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils import translation
from wagtail.log_actions import log


def _names(model, pks) -> list[str]:
    # Stored once and read by every administrator: in the site's language, not
    # in whatever language the change was made in.
    with translation.override(settings.LANGUAGE_CODE):
        return sorted(str(obj) for obj in model.objects.filter(pk__in=pks or ()))


def _log_change(instance, action: str, pk_set, model, what: str) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action != "post_clear" and not pk_set:
        return
    key = {"post_add": "added", "post_remove": "removed"}.get(action)
    data = {"what": what}
    if key:
        data[key] = _names(model, pk_set)
    log(instance=instance, action="dateline.permissions", data=data)


def log_group_permissions(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not reverse:
        _log_change(instance, action, pk_set, Permission, "Group permissions")


def log_user_groups(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not reverse:
        _log_change(instance, action, pk_set, Group, "Groups")


def log_user_permissions(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not reverse:
        _log_change(instance, action, pk_set, Permission, "User permissions")
