"""Site-wide machine-readable addresses: robots.txt and sitemaps (not per edition)."""

app_name = "syndication"
urlpatterns = []
