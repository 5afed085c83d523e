"""Starting a budget line: a draft article in its section, linked to the line.

The draft is made as the wire's "Use" makes one (a new ArticlePage added under
the section, not live, then its first revision), so it enters the same review
workflow as any other story.
"""

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from dateline.newsroom.models import ArticlePage, SectionPage

from .models import PlannedStory


def may_manage(user) -> bool:
    """Editors and administrators plan the budget (setup.py gives them the rights)."""
    return user.has_perm("budget.change_plannedstory")


def may_see(user) -> bool:
    return user.has_perm("budget.view_plannedstory") or may_manage(user)


def may_start(user, story: PlannedStory) -> bool:
    """The desk starts any line; a reporter only the lines assigned to them."""
    if may_manage(user):
        return True
    return may_see(user) and story.assignee_id is not None and story.assignee_id == user.pk


def free_slug(section: SectionPage, slug: str) -> str:
    """`slug`, or `slug-2`, `slug-3`… when a page in the section has it already."""
    base = slug[:80].strip("-") or "story"
    taken = set(
        Page.objects.child_of(section).filter(slug__startswith=base).values_list("slug", flat=True)
    )
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def start_story(story: PlannedStory, user) -> tuple[ArticlePage, bool]:
    """The line's draft, made now unless it has one: (draft, made now)."""
    with transaction.atomic():
        # Writing the row first takes its lock (the row's on PostgreSQL, the
        # database's on SQLite): a second click waits for the first draft and
        # then finds it, instead of making another.
        PlannedStory.objects.filter(pk=story.pk).update(updated_at=timezone.now())
        story = PlannedStory.objects.select_related("section", "article").get(pk=story.pk)
        if story.article is not None:
            return story.article, False
        section = story.section
        summary = story.description.strip()[:400] or story.title
        draft = ArticlePage(
            title=story.title,
            slug=free_slug(section, story.slug),
            locale=section.locale,
            summary=[("point", summary)],
            owner=story.assignee or user,
            live=False,  # add_child would otherwise save a live page before review
        )
        section.add_child(instance=draft)
        draft.save_revision(user=user)
        story.article = draft
        if story.status == PlannedStory.Status.PLANNED:
            story.status = PlannedStory.Status.IN_PROGRESS
        story.save(update_fields=["article", "status", "updated_at"])
    return draft, True
