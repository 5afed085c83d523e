from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "dateline.search"
    label = "newssearch"
    verbose_name = _("Search")

    def ready(self):
        from dateline.newsroom import extensions

        # Results show each article's lead photo: made on publish.
        extensions.register_lead_photo_template("search/includes/result_picture.html")
