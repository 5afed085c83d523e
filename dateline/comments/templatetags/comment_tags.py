import hashlib

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import urlize
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from dateline.base.invalidation import cache_key, register_prefix, versioned
from dateline.comments.models import Comment, CommentSettings
from dateline.comments.moderation import closed_reason
from dateline.comments.purge import comments_stamp
from dateline.newsroom.routing import site_for

register = template.Library()

COMMENTS_HTML = register_prefix("comments-html", "an article's rendered comments")


@register.simple_tag(takes_context=True)
def article_comments(context, article):
    """Approved comments, oldest first, replies under the comment they answer.

    One query whatever the number of comments, and none while the article's
    comments are unchanged: the rendered list is kept under their stamp."""
    request = context["request"]
    comment_settings = CommentSettings.cached_for_site(site_for(request))
    closed = closed_reason(article, comment_settings)

    def render():
        approved = list(
            Comment.objects.filter(article=article, status=Comment.Status.APPROVED)
            .order_by("created_at", "pk")
            .only("pk", "parent_id", "name", "body", "created_at")
        )
        threads = {c.pk: (c, []) for c in approved if c.parent_id is None}
        for comment in approved:
            if comment.parent_id in threads:
                threads[comment.parent_id][1].append(comment)
        return render_to_string(
            "comments/article_comments.html",
            {
                "count": sum(1 + len(replies) for _, replies in threads.values()),
                "threads": list(threads.values()),
                "closed": closed,
                "form_url": reverse("comments:form", args=[article.pk]),
            },
        )

    key = cache_key(
        COMMENTS_HTML,
        article.pk,
        comments_stamp(article.pk),
        get_language(),
        hashlib.sha256(str(closed).encode()).hexdigest()[:16],
    )
    return versioned(key, render)


@register.filter
def comment_text(value: str) -> str:
    """A reader's text, escaped, with web addresses as links search engines
    do not credit (rel="nofollow ugc")."""
    html = urlize(value, nofollow=True, autoescape=True)
    html = html.replace('rel="nofollow"', 'rel="nofollow ugc noopener"')
    return mark_safe(html.replace("\n", "<br>"))
