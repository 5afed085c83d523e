"""The comment form lives on its own small page.

Article pages are the same for every reader so a shared cache can keep them;
a form needs a CSRF token per reader, so it is served here, never cached.
"""

from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from dateline.caching.proxy import client_address
from dateline.newsroom.models import ArticlePage
from dateline.newsroom.visibility import readable

from .bans import is_banned
from .forms import CommentForm
from .models import Comment, CommentSettings
from .moderation import closed_reason, count_post, over_rate_limit


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def comment_form(request, article_id: int):
    article = get_object_or_404(readable(ArticlePage.objects), pk=article_id)
    comment_settings = CommentSettings.cached_for_site(Site.find_for_request(request))
    closed = closed_reason(article, comment_settings)
    context = {"article": article, "closed": closed, "sent": request.GET.get("sent")}
    reply_to = request.GET.get("reply") or request.POST.get("parent")
    context["reply_to"] = (
        Comment.objects.filter(pk=reply_to, article=article, status=Comment.Status.APPROVED)
        .only("pk", "name")
        .first()
        if reply_to and str(reply_to).isdigit()
        else None
    )

    if request.method in ("GET", "HEAD") or closed:
        context["form"] = CommentForm(
            article=article, initial={"parent": context["reply_to"] and context["reply_to"].pk}
        )
        return TemplateResponse(
            request, "comments/comment_form.html", context, status=403 if closed else 200
        )

    form = CommentForm(request.POST, article=article)
    context["form"] = form
    if form.is_bot:
        context["refused"] = _(
            "Your comment could not be accepted. If you are a person, leave the last field "
            "empty and try again."
        )
        return TemplateResponse(request, "comments/comment_form.html", context, status=400)
    if over_rate_limit(client_address(request)):
        context["refused"] = _(
            "You have posted several comments in a short time. Please wait a few minutes "
            "and try again."
        )
        return TemplateResponse(request, "comments/comment_form.html", context, status=429)
    if not form.is_valid():
        return TemplateResponse(request, "comments/comment_form.html", context, status=400)
    if is_banned(form.cleaned_data.get("email", ""), client_address(request)):
        context["refused"] = _("You cannot comment on this site at the moment.")
        return TemplateResponse(request, "comments/comment_form.html", context, status=403)

    comment = form.save(commit=False)
    comment.ip_address = client_address(request) or None
    if comment_settings.auto_approve:
        comment.status = Comment.Status.APPROVED
    comment.save()  # an approved one purges its article (comments.purge)
    count_post(client_address(request))
    return redirect(f"{request.path}?sent={comment.status}#comment-form", permanent=False)
