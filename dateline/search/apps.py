from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "dateline.search"
    label = "newssearch"
    verbose_name = "Search"

    def ready(self):
        from dateline.newsroom import extensions

        # Results show each article's lead photo: made on publish.
        extensions.register_lead_photo_template("search/includes/result_picture.html")
