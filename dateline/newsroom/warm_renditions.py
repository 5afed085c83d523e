"""Make every rendition the public pages show, before a server starts.

Encoding AVIF and WebP inside a serving worker grows it by 150-350 MB that
glibc never gives back (measured on the demo: docs/decisions/
0006-serving-memory.md). A bulk load (the demo) pauses the per-publish warm-up,
so without this the first readers' requests make them, in the workers. Run
once after such a load, the workers only read files.
"""

import logging
import os
import re

from django.template.loader import get_template

from dateline.newsroom import renditions
from dateline.newsroom.models import ArticlePage, Author

logger = logging.getLogger(__name__)

# {% image IMAGE SPEC... name=value... %} (Wagtail's single-rendition tag).
_IMAGE_TAG = re.compile(r"{%\s*image\s+\S+\s+(.*?)\s*%}")
_ATTRIBUTE = re.compile(r'\S+="[^"]*"|\S+=\S+')


def author_photo_spec() -> str:
    source = get_template("newsroom/author_page.html").template.source
    # The tag joins its filters with "|" into one rendition.
    return "|".join(_ATTRIBUTE.sub(" ", _IMAGE_TAG.search(source).group(1)).split())


def warm_demo() -> None:
    """After load-demo. DATELINE_DEMO_RENDITIONS=0 skips it (the test suite, whose
    many demo loads would each spend a minute or more encoding)."""
    if os.environ.get("DATELINE_DEMO_RENDITIONS", "1") != "0":
        warm_all()


def warm_all() -> int:
    """Renditions for every live article's photos and every author's photo;
    those already made cost a query each. Returns how many photos were seen."""
    seen = 0
    for article in ArticlePage.objects.live().select_related("lead_image").specific():
        seen += len(renditions.photos_to_warm(article))
        renditions.warm(article)
    spec = author_photo_spec()
    for author in Author.objects.exclude(photo=None).select_related("photo"):
        seen += 1
        try:
            author.photo.get_rendition(spec)
        except Exception:
            logger.warning("could not make a rendition of photo %s", author.photo_id, exc_info=True)
    return seen
