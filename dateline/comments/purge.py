"""Comments show on their article: when one is approved or removed, the
article's cached copies must go, and so must its rendered comments, which are
kept under a stamp that each such change replaces."""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Comment


def _stamp_key(article_id: int) -> str:
    return f"dateline:comments-stamp:{article_id}"


def comments_stamp(article_id: int) -> str:
    """Names the article's current comments: new whenever one shows or goes."""
    stamp = cache.get(_stamp_key(article_id))
    if stamp is None:
        stamp = uuid.uuid4().hex
        cache.add(_stamp_key(article_id), stamp, None)
        stamp = cache.get(_stamp_key(article_id), stamp)
    return stamp


def _new_stamps(article_ids) -> None:
    cache.set_many({_stamp_key(pk): uuid.uuid4().hex for pk in article_ids}, None)


def purge_articles_of(comments) -> None:
    """The article, its section fronts (comment counts) and the rest of the
    places that show it."""
    from dateline.caching.purge import purge_article

    articles = {c.article_id: c.article for c in comments}
    _new_stamps(articles)
    # Again after the commit: a reader who rendered before it kept the old list.
    transaction.on_commit(lambda: _new_stamps(articles))
    for article in articles.values():
        purge_article(article)


@receiver(post_save, sender=Comment, dispatch_uid="comments-purge-on-save")
def _purge_on_save(sender, instance, created, update_fields=None, **kwargs):
    # A new comment waiting for moderation shows nowhere yet.
    if created and instance.status != Comment.Status.APPROVED:
        return
    purge_articles_of([instance])


@receiver(post_delete, sender=Comment, dispatch_uid="comments-purge-on-delete")
def _purge_on_delete(sender, instance, **kwargs):
    if instance.status == Comment.Status.APPROVED:
        purge_articles_of([instance])
