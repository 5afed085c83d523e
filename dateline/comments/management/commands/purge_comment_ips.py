from django.conf import settings
from django.core.management import BaseCommand

from dateline.comments.privacy import clear_old_ip_addresses


class Command(BaseCommand):
    help = (
        "Forget the IP addresses of comments older than DATELINE_COMMENT_IP_RETENTION_DAYS "
        "(the scheduler does this every hour)."
    )

    def handle(self, *args, **options):
        cleared = clear_old_ip_addresses()
        days = settings.DATELINE_COMMENT_IP_RETENTION_DAYS
        self.stdout.write(f"Cleared {cleared} addresses older than {days} days.")
