"""Comments show on their article: when one is approved or removed, the
article's cached copies must go."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Comment


def purge_articles_of(comments) -> None:
    """The article, its section fronts (comment counts) and the rest of the
    places that show it."""
    from dateline.caching.purge import purge_article

    for article in {c.article_id: c.article for c in comments}.values():
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
