from wagtail import hooks

from dateline.base.surrogate_keys import shows
from dateline.newsroom.surrogates import page_key


@hooks.register("before_serve_page")
def name_the_served_page(page, request, serve_args, serve_kwargs):
    # Every page Wagtail serves shows itself; what else it shows, it says.
    shows(page_key(page.pk))
