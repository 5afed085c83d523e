from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError

from dateline.staff.lockout import unlock


class Command(BaseCommand):
    help = "Unlock a staff account locked by wrong passwords, so it can sign in again."

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="+")

    def handle(self, *args, usernames, **options):
        User = get_user_model()
        for username in usernames:
            user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
            if user is None:
                raise CommandError(f"No account named {username!r}.")
            if unlock(user):
                self.stdout.write(f"{username} is unlocked and can sign in again.")
            else:
                self.stdout.write(f"{username} was not locked.")
