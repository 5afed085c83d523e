"""Bounces and complaints that an email service reports (django-anymail's
webhooks): the address is suppressed, so no list sends to it again, and a
bounce counts against the issue it answered.

The webhooks live at /mail-events/<service>/tracking/ and answer only when
DATELINE_MAIL_WEBHOOK_SECRET (anymail's WEBHOOK_SECRET, basic auth) is set:
without it anyone could suppress any address.
"""

import logging
from functools import wraps

from anymail.signals import EventType
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridTrackingWebhookView
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.urls import path

from .models import Issue, Suppression, normalise_email

logger = logging.getLogger(__name__)

# anymail's normalised events that mean "never send here again".
SUPPRESSED_BY = {
    EventType.BOUNCED: Suppression.Reason.BOUNCE,
    EventType.COMPLAINED: Suppression.Reason.COMPLAINT,
}


def on_tracking(sender, event, esp_name, **kwargs) -> None:
    """anymail's `tracking` signal, sent for each event a webhook delivers."""
    reason = SUPPRESSED_BY.get(event.event_type)
    if reason is None or not event.recipient:
        return
    email = normalise_email(event.recipient)
    issue_id = str((event.metadata or {}).get("issue", ""))
    with transaction.atomic():
        _, created = Suppression.objects.get_or_create(email=email, defaults={"reason": reason})
        # Services resend a webhook they think failed: only the first report counts.
        if created and reason == Suppression.Reason.BOUNCE and issue_id.isdigit():
            Issue.objects.filter(pk=int(issue_id)).update(bounces=F("bounces") + 1)
    if created:
        logger.info("%s reported a %s: the address is suppressed", esp_name, reason)


def _only_with_a_secret(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
            raise Http404("No mail webhook is configured")
        return view(request, *args, **kwargs)

    return guarded


urlpatterns = [
    path(f"{name}/tracking/", _only_with_a_secret(view.as_view()), name=f"{name}-tracking")
    for name, view in {
        "postmark": PostmarkTrackingWebhookView,
        "sendgrid": SendGridTrackingWebhookView,
        "mailgun": MailgunTrackingWebhookView,
    }.items()
]
