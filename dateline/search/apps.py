from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "dateline.search"
    label = "newssearch"
    verbose_name = "Search"
