"""Test helper, run as a script: save a new version of an article (committed),
then start publishing it and stop inside the publish transaction, after the
page row has been rewritten, until the test kills this process with SIGKILL.

    python publish_and_hang.py PAGE_ID NEW_TITLE
"""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
django.setup()

from django.db import connection  # noqa: E402
from wagtail.signals import page_published  # noqa: E402

from dateline.newsroom.models import ArticlePage  # noqa: E402


def hang(sender, instance, **kwargs):
    # page_published is sent after the page row is saved, before the commit.
    print(f"publishing in_transaction={connection.in_atomic_block}", flush=True)
    time.sleep(120)
    print("not killed", flush=True)


page_id, new_title = int(sys.argv[1]), sys.argv[2]
article = ArticlePage.objects.get(pk=page_id).get_latest_revision_as_object()
article.title = new_title
revision = article.save_revision()
print(f"saved revision {revision.pk}", flush=True)
page_published.connect(hang)
revision.publish()
