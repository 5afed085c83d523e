"""The reader's newsletter pages, under /<lang>/newsletters/.

None of them is cached: they carry a CSRF token or a reader's own link. Every
public page's footer has a GET form to the signup page (so those pages stay
shareable), which shows the real POST form with the address filled in.
Confirmation and unsubscribe links answer GET with a page of one button and
act only on POST: mail scanners follow links, they do not press buttons.
"""

from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from dateline.base import headers
from dateline.base.ratelimit import RateLimit
from dateline.caching.proxy import client_address

from . import consent
from .forms import PreferencesForm, SignupForm
from .models import NewsletterList, Subscription
from .tokens import CONFIRM, PREFERENCES, UNSUBSCRIBE, read_token

SIGNUPS = RateLimit(
    "newsletter-rate", "newsletter signups from an address in the window", "DATELINE_SIGNUP_RATE"
)


def _page(request, template: str, context: dict, status: int = 200):
    response = TemplateResponse(request, template, context, status=status)
    return headers.private_no_store(response)


def _edition_lists():
    return NewsletterList.objects.filter(active=True, locale=Locale.get_active()).order_by(
        "kind", "name"
    )


def _source(value: str | None) -> str:
    """Where the reader signed up: the page of the footer form they used (a
    path on this site), or the newsletter page itself."""
    if value and value.startswith("/") and not value.startswith("//") and len(value) <= 500:
        return value
    return consent.NEWSLETTER_PAGE


def _bad_link(request):
    return _page(request, "newsletters/bad_link.html", {}, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    newsletters = _edition_lists()
    if request.method != "POST":
        initial = {
            "email": request.GET.get("email", "")[:254],
            "lists": [n for n in newsletters if n.kind == n.Kind.BRIEFING],
            "source": _source(request.GET.get("from")),
        }
        form = SignupForm(initial=initial, newsletters=newsletters)
        context = {"form": form, "newsletters": newsletters, "sent": "sent" in request.GET}
        return _page(request, "newsletters/signup.html", context)

    form = SignupForm(request.POST, newsletters=newsletters)
    context = {"form": form, "newsletters": newsletters}
    address = client_address(request)
    if SIGNUPS.exceeded(address):
        return _page(request, "newsletters/signup.html", {**context, "refused": True}, 429)
    if not form.is_valid():
        return _page(request, "newsletters/signup.html", context, status=400)
    consent.sign_up(
        form.cleaned_data["email"],
        form.cleaned_data["lists"],
        _source(form.cleaned_data["source"]),
        Locale.get_active().language_code,
    )
    SIGNUPS.count(address)
    return redirect(f"{request.path}?sent=1")


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token: str):
    found = read_token(token, CONFIRM)
    if found is None:
        return _bad_link(request)
    subscriber, _ = found
    if request.method != "POST":
        return _page(request, "newsletters/confirm.html", {"email": subscriber.email})
    confirmed = consent.confirm(subscriber)
    context = {"email": subscriber.email, "confirmed": confirmed, "done": True}
    return _page(request, "newsletters/confirm.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token: str):
    found = read_token(token, PREFERENCES)
    if found is None:
        return _bad_link(request)
    subscriber, _ = found
    # This edition's lists and any other the reader is on.
    on = subscriber.subscriptions.filter(status=Subscription.Status.CONFIRMED)
    offered = NewsletterList.objects.filter(
        Q(pk__in=_edition_lists().values("pk")) | Q(pk__in=on.values("newsletter_id")),
        active=True,
    )
    context = {"email": subscriber.email, "token": token}
    if request.method == "POST":
        if "leave" in request.POST:
            consent.set_lists(subscriber, [], offered)
            return _page(request, "newsletters/left.html", context)
        form = PreferencesForm(request.POST, newsletters=offered)
        if form.is_valid():
            consent.set_lists(subscriber, form.cleaned_data["lists"], offered)
            if not form.cleaned_data["lists"]:
                return _page(request, "newsletters/left.html", context)
            context["saved"] = True
    form = PreferencesForm(
        initial={"lists": list(on.values_list("newsletter_id", flat=True))},
        newsletters=offered,
    )
    return _page(request, "newsletters/preferences.html", {**context, "form": form})


@csrf_exempt  # RFC 8058: the mail client POSTs List-Unsubscribe=One-Click, no token
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    found = read_token(token, UNSUBSCRIBE)
    if found is None:
        return _bad_link(request)
    subscriber, issue_id = found
    if request.method != "POST":
        return _page(request, "newsletters/unsubscribe.html", {"email": subscriber.email})
    consent.unsubscribe(subscriber, issue_id)
    return _page(request, "newsletters/left.html", {"email": subscriber.email})
