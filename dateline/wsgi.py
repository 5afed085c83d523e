import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings")
application = get_wsgi_application()

# Repeat views of public pages from each worker's memory, before Django runs.
from dateline.caching.fast_path import FastPageCache  # noqa: E402

# Readership beacons (POST /_r), counted before the page cache or Django runs.
from dateline.readership.beacon import ReadershipBeacon  # noqa: E402

application = ReadershipBeacon(FastPageCache(application))
