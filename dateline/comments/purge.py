"""Comments show on their article: when one starts or stops showing (or one
that shows changes), the article's cached copies must go, and so must its
rendered comments, which are kept under a stamp that each such change replaces.
A comment that readers never saw (pending, rejected, spam) changing between
those states changes nothing they see: no purge."""

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from dateline.base.invalidation import cache_key, register_prefix, replace_stamps, stamp
from dateline.caching.purge import purge_after_commit

from .models import Comment

STAMP = register_prefix("comments-stamp", "names an article's current comments")


def comments_stamp(article_id: int) -> str:
    """Names the article's current comments: new whenever one shows or goes."""
    return stamp(cache_key(STAMP, article_id))


def purge_articles_of(comments) -> None:
    """The article, its section fronts (comment counts) and the rest of the
    places that show it: joins the transaction's one purge batch."""
    articles = {c.article_id: c.article for c in comments}
    replace_stamps(cache_key(STAMP, pk) for pk in articles)
    purge_after_commit(pages=articles.values())


def _shows(comment) -> bool:
    return comment.status == Comment.Status.APPROVED


@receiver(post_init, sender=Comment, dispatch_uid="comments-remember-shown")
def _remember_shown(sender, instance, **kwargs):
    # Read from the loaded fields only: a listing that deferred the status
    # must not cost a query per comment.
    status = instance.__dict__.get("status")
    instance._dateline_shown = status == Comment.Status.APPROVED


@receiver(post_save, sender=Comment, dispatch_uid="comments-purge-on-save")
def _purge_on_save(sender, instance, created, **kwargs):
    shown_before = getattr(instance, "_dateline_shown", False) and not created
    instance._dateline_shown = _shows(instance)
    if shown_before or _shows(instance):
        purge_articles_of([instance])


@receiver(post_delete, sender=Comment, dispatch_uid="comments-purge-on-delete")
def _purge_on_delete(sender, instance, **kwargs):
    if _shows(instance) or getattr(instance, "_dateline_shown", False):
        purge_articles_of([instance])
