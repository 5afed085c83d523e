"""The API's URLs that show a page, purged with it."""

from django.urls import reverse


def api_urls_for_page(page) -> list[str]:
    # Whole URLs on the page's site, like the rest of the purge list: a
    # frontend cache (Varnish, a CDN) is told which host to purge, and a batch
    # is one request per host.
    site = page.get_site()
    if site is None:
        return []
    urls = [reverse("api:pages:detail", args=[page.pk])]
    if page.specific_class.__name__ == "SectionPage":
        urls.append(reverse("api:sections:detail", args=[page.pk]))
    return [site.root_url + url for url in urls]
