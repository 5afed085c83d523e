from django import template
from django.urls import reverse

from dateline.newsroom.navigation import edition_home

from ..most_read import most_read as edition_most_read

register = template.Library()


@register.inclusion_tag("readership/most_read.html", takes_context=True)
def most_read(context):
    """The edition's Most read list as the page is rendered; the script
    refreshes it from its fragment URL."""
    request = context.get("request")
    home = edition_home(request) if request is not None else None
    return {"entries": edition_most_read(home), "fragment": False}


@register.simple_tag
def most_read_url():
    return reverse("readership:most-read")
