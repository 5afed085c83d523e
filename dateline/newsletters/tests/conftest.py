"""A real SMTP server for the newsletters' tests: aiosmtpd on 127.0.0.1, keeping
every message it accepts."""

import email
import os
import signal
import threading
from collections import Counter
from email import policy

import pytest
from aiosmtpd.controller import Controller

from dateline.conftest import _free_port
from dateline.newsletters.models import BRIEFING, NewsletterList, Subscriber, Subscription


class Sink:
    """Stores what it accepts. With kill_pid and kill_at set, the message that
    would be number kill_at + 1 kills that process instead of being accepted:
    the sender dies between messages, with the last one committed as sent."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.lock = threading.Lock()
        self.kill_pid: int | None = None
        self.kill_at: int | None = None

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.kill_pid and self.kill_at is not None and len(self.messages) >= self.kill_at:
                os.kill(self.kill_pid, signal.SIGKILL)
                self.kill_pid = None
                return "451 Try again later"
            self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]

    def per_address(self) -> Counter:
        return Counter(m["To"] for m in self.messages)


@pytest.fixture
def smtp_sink():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield sink, controller.port
    finally:
        controller.stop()


@pytest.fixture
def mailbox(smtp_sink, settings):
    """Django's mail through the sink, sending inline and at full speed."""
    sink, port = smtp_sink
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DATELINE_NEWSLETTER_IN_BACKGROUND = False
    settings.DATELINE_NEWSLETTER_RATE = 0
    return sink


@pytest.fixture
def briefing(home):
    return NewsletterList.objects.get(locale=home.locale, slug=BRIEFING)


@pytest.fixture
def subscribe():
    """A confirmed subscriber of `newsletter`."""

    def make(newsletter, address):
        subscriber = Subscriber.objects.create(email=address)
        Subscription.objects.create(
            subscriber=subscriber,
            newsletter=newsletter,
            status=Subscription.Status.CONFIRMED,
            consent_source="test",
        )
        return subscriber

    return make
