"""Feeds, per edition: /en/feeds/..."""

app_name = "feeds"
urlpatterns = []
