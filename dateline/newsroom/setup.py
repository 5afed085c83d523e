"""Make a fresh install a working newsroom: edition front page, site, desk groups
and the editorial review workflow. Safe to run again: it only adds what is missing
and resets the desk groups' permissions to the documented ones."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.dispatch import Signal
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import HomePage

REPORTERS, EDITORS, ADMINISTRATORS = "Reporters", "Editors", "Administrators"


def in_group(user, *names: str) -> bool:
    """Whether the user is in any of these groups. Their group names are read
    once per request (kept on the user object), however many checks ask."""
    if not user.is_authenticated:
        return False
    groups = getattr(user, "_dateline_groups", None)
    if groups is None:
        groups = user._dateline_groups = frozenset(user.groups.values_list("name", flat=True))
    return not groups.isdisjoint(names)


# Sent at the end of setup_newsroom, inside its transaction, with home= the
# edition's front page: features add their own permissions and defaults to the
# desks from a receiver, so the newsroom needs to know none of them.
newsroom_set_up = Signal()
WORKFLOW_NAME = "Editorial review"

# Page permissions on the edition's tree, by desk.
PAGE_PERMISSIONS = {
    REPORTERS: ["add_page", "change_page"],
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMINISTRATORS: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
}
# At the root (above every edition): Administrators add editions' front pages
# (translating one creates it there), which is also what lets Wagtail's Site
# history show them deleted pages.
ROOT_PAGE_PERMISSIONS = {ADMINISTRATORS: ["add_page"]}
COLLECTION_PERMISSIONS = {
    REPORTERS: ["add_image", "choose_image", "add_document", "choose_document"],
    EDITORS: [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
    ADMINISTRATORS: [
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    ],
}
MODEL_PERMISSIONS = {
    REPORTERS: ["wagtailadmin.access_admin", "newsroom.add_newstag"],
    EDITORS: [
        "wagtailadmin.access_admin",
        "newsroom.add_author",
        "newsroom.change_author",
        "newsroom.add_newstag",
        "newsroom.change_newstag",
    ],
    ADMINISTRATORS: [
        "wagtailadmin.access_admin",
        "newsroom.add_author",
        "newsroom.change_author",
        "newsroom.delete_author",
        "newsroom.add_newstag",
        "newsroom.change_newstag",
        "newsroom.delete_newstag",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "auth.add_group",
        "auth.change_group",
        "wagtailcore.add_locale",
        "wagtailcore.change_locale",
    ],
}


def add_model_permissions(permissions: dict[str, list[str]]) -> None:
    """Give the desks a feature's model permissions ("app.codename" by desk name).
    Features call this from a newsroom_set_up receiver: it only adds."""
    for name, dotted in permissions.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*[_perm(p) for p in dotted])


def _perm(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_page_permissions(group: Group, front_page: Page) -> None:
    for codename in PAGE_PERMISSIONS[group.name]:
        GroupPagePermission.objects.get_or_create(
            group=group, page=front_page, permission=_perm(f"wagtailcore.{codename}")
        )


def open_edition(front_page: Page) -> None:
    """Give a new edition's front page (so its whole tree) the desks' page
    permissions and the review workflow the other editions have: a translated
    article is filed and reviewed like any other. Does nothing before
    setup_newsroom has made the desks and the workflow."""
    for group in Group.objects.filter(name__in=PAGE_PERMISSIONS):
        _grant_page_permissions(group, front_page)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=front_page, defaults={"workflow": workflow})


def open_new_edition(sender, instance, created=False, raw=False, **kwargs):
    """post_save of a front page: a new one is a new edition (Translate made it)."""
    if created and not raw:
        open_edition(instance)


@transaction.atomic
def setup_newsroom(site_name: str | None = None, hostname: str = "127.0.0.1", port: int = 8000):
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=locale).first()
    if home is None:
        # Wagtail's migrations leave a "Welcome" placeholder; an edition replaces it.
        welcome = Page.objects.filter(depth=2, content_type__model="page").first()
        if welcome is not None:
            Site.objects.filter(root_page=welcome).delete()
            welcome.delete()
        home = root.add_child(
            instance=HomePage(
                title=site_name or settings.WAGTAIL_SITE_NAME, slug="home", locale=locale
            )
        )
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name=site_name or settings.WAGTAIL_SITE_NAME,
        )
    groups = {}
    for name in (REPORTERS, EDITORS, ADMINISTRATORS):
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.set([_perm(p) for p in MODEL_PERMISSIONS[name]])
        GroupPagePermission.objects.filter(group=group).delete()
        for edition_home in HomePage.objects.all():
            _grant_page_permissions(group, edition_home)
        for codename in ROOT_PAGE_PERMISSIONS.get(name, []):
            GroupPagePermission.objects.create(
                group=group, page=root, permission=_perm(f"wagtailcore.{codename}")
            )
        GroupCollectionPermission.objects.filter(group=group).delete()
        for codename in COLLECTION_PERMISSIONS[name]:
            app = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
            GroupCollectionPermission.objects.create(
                group=group,
                collection=Collection.get_first_root_node(),
                permission=_perm(f"{app}.{codename}"),
            )
    # Wagtail's own starter group is replaced by the three desks.
    Group.objects.filter(name="Moderators").delete()

    task, _ = GroupApprovalTask.objects.get_or_create(name="Editor approval")
    task.groups.set([groups[EDITORS], groups[ADMINISTRATORS]])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # The review applies to every edition's news tree.
    for edition_home in HomePage.objects.all():
        WorkflowPage.objects.update_or_create(page=edition_home, defaults={"workflow": workflow})
    WorkflowPage.objects.filter(page=root).delete()
    Workflow.objects.exclude(pk=workflow.pk).update(active=False)

    newsroom_set_up.send(sender=HomePage, home=home)
    return home
