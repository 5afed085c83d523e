"""A published article's photos are resized before readers ask for them.

Wagtail makes a rendition the first time a page shows it: for a new lead photo
that is about 25 of them (AVIF, WebP and JPEG for the article, the cards, search
results, feeds and sharing), a second or more of work. Left to the first reader,
it lands on the first request after the purge, which a breaking story's whole
audience is queued behind. Publishing makes them instead, once per photo; a
photo that already has them costs one query.
"""

import logging
import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache

from django.template.loader import get_template
from wagtail.images.models import Filter

from . import extensions

logger = logging.getLogger(__name__)

# Where each image is shown; the specs are read from these templates, so they
# cannot drift from what the pages ask for. Features add their own templates and
# specs (search's results, syndication's feeds and sharing metadata) through
# dateline.newsroom.extensions.
LEAD_TEMPLATES = (
    "newsroom/includes/article_body.html",
    "newsroom/includes/article_card.html",
)
BODY_IMAGE_TEMPLATES = ("newsroom/blocks/image.html",)

# {% picture IMAGE SPEC... name=value... %}: the specs are the words after the
# image that are not attributes (whose quoted values may hold spaces).
_PICTURE_TAG = re.compile(r"{%\s*picture\s+\S+\s+(.*?)\s*%}")
_ATTRIBUTE = re.compile(r'\S+="[^"]*"|\S+=\S+')

_paused: ContextVar[bool] = ContextVar("renditions_paused", default=False)


def _template_specs(names) -> list[str]:
    specs = []
    for name in names:
        source = get_template(name).template.source
        for arguments in _PICTURE_TAG.findall(source):
            specs += Filter.expand_spec(_ATTRIBUTE.sub(" ", arguments).split())
    return specs


@cache
def lead_specs() -> tuple[str, ...]:
    # Read on the first publish, after every app's ready() has registered.
    templates = LEAD_TEMPLATES + tuple(extensions.lead_photo_templates)
    specs = _template_specs(templates) + extensions.lead_photo_specs
    return tuple(dict.fromkeys(specs))


@cache
def body_image_specs() -> tuple[str, ...]:
    return tuple(dict.fromkeys(_template_specs(BODY_IMAGE_TEMPLATES)))


def photos_to_warm(article) -> list[tuple[object, tuple[str, ...]]]:
    photos = []
    if article.lead_image:
        photos.append((article.lead_image, lead_specs()))
    for block in article.body:
        if block.block_type == "image" and block.value["image"]:
            photos.append((block.value["image"], body_image_specs()))
    return photos


def warm(article) -> None:
    """Make every rendition the public pages will ask for. A photo that cannot be
    read is logged, never a failed publish: the page shows it as Wagtail would."""
    if _paused.get():
        return
    for image, specs in photos_to_warm(article):
        try:
            image.get_renditions(*specs)
        except Exception:
            logger.warning("could not make renditions of image %s", image.pk, exc_info=True)


@contextmanager
def paused():
    """For bulk loads (the demo): the first view makes them instead."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def warm_on_publish(sender, instance, **kwargs) -> None:
    warm(instance)
