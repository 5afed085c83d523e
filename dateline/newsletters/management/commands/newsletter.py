"""`python -m dateline newsletter ...`: send, resume, and readers' data.

newsletter send LIST --edition LANG   make the list's next issue now and send it
newsletter due                        send briefings whose time has come
newsletter deliver                    finish sends left unfinished (a sender died)
newsletter export EMAIL               JSON of everything held about an address
newsletter erase EMAIL                forget an address
"""

import json

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from dateline.newsletters import consent
from dateline.newsletters.due import start_due
from dateline.newsletters.issues import make_issue
from dateline.newsletters.models import NewsletterList
from dateline.newsletters.sender import run_sender, start_send


class Command(BaseCommand):
    help = "Send newsletters, finish unfinished sends, export or erase a subscriber's data."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        send = commands.add_parser("send", help="Make the list's next issue now and send it.")
        send.add_argument("list", help="The list's slug: briefing, breaking or a digest's.")
        send.add_argument("--edition", default=settings.LANGUAGE_CODE, help="Language code.")
        commands.add_parser("due", help="Send the briefings and scheduled issues that are due.")
        commands.add_parser("deliver", help="Finish sending the issues being sent.")
        export = commands.add_parser("export", help="Everything held about an address (JSON).")
        export.add_argument("email")
        erase = commands.add_parser("erase", help="Forget an address.")
        erase.add_argument("email")
        for sub in (send, commands.choices["due"], commands.choices["deliver"]):
            sub.add_argument("--rate", type=float, default=None, help="Messages a second.")
            sub.add_argument("--batch", type=int, default=None, help="Rows claimed at a time.")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _send(self, *, list, edition, rate, batch, **options):
        newsletter = NewsletterList.objects.filter(slug=list, locale__language_code=edition).first()
        if newsletter is None:
            raise CommandError(f"No newsletter {list!r} in the {edition!r} edition.")
        issue = make_issue(newsletter)
        if issue is None:
            raise CommandError(f"Nothing to send in {newsletter}: no articles.")
        queued = start_send(issue)
        self.stdout.write(f"Issue {issue.pk} ({issue.subject}): {queued} to send.")
        self._run(rate, batch)

    def _due(self, *, rate, batch, **options):
        for issue in start_due():
            self.stdout.write(f"Issue {issue.pk} ({issue.subject}) started.")
        self._run(rate, batch)

    def _deliver(self, *, rate, batch, **options):
        self._run(rate, batch)

    def _run(self, rate, batch):
        # The command is the sender: it runs in this process, to the end.
        sent = run_sender(batch_size=batch, rate=rate)
        self.stdout.write(f"{sent} deliveries handled.")

    def _export(self, *, email, **options):
        self.stdout.write(json.dumps(consent.export(email), indent=2, ensure_ascii=False))

    def _erase(self, *, email, **options):
        held = consent.erase(email)
        self.stdout.write("Erased." if held else "Nothing was held about that address.")
