from django import template
from django.urls import reverse
from django.utils.html import urlize
from django.utils.safestring import mark_safe
from wagtail.models import Site

from dateline.comments.models import Comment, CommentSettings
from dateline.comments.moderation import closed_reason

register = template.Library()


@register.inclusion_tag("comments/article_comments.html", takes_context=True)
def article_comments(context, article):
    """Approved comments, oldest first, replies under the comment they answer.

    One query whatever the number of comments."""
    request = context["request"]
    approved = list(
        Comment.objects.filter(article=article, status=Comment.Status.APPROVED)
        .order_by("created_at", "pk")
        .only("pk", "parent_id", "name", "body", "created_at")
    )
    threads = {c.pk: (c, []) for c in approved if c.parent_id is None}
    for comment in approved:
        if comment.parent_id in threads:
            threads[comment.parent_id][1].append(comment)
    comment_settings = CommentSettings.cached_for_site(Site.find_for_request(request))
    return {
        "count": sum(1 + len(replies) for _, replies in threads.values()),
        "threads": list(threads.values()),
        "closed": closed_reason(article, comment_settings),
        "form_url": reverse("comments:form", args=[article.pk]),
    }


@register.filter
def comment_text(value: str) -> str:
    """A reader's text, escaped, with web addresses as links search engines
    do not credit (rel="nofollow ugc")."""
    html = urlize(value, nofollow=True, autoescape=True)
    html = html.replace('rel="nofollow"', 'rel="nofollow ugc noopener"')
    return mark_safe(html.replace("\n", "<br>"))
