"""The API's URLs that show a page, purged with it."""

from django.urls import reverse


def api_urls_for_page(page) -> list[str]:
    urls = [reverse("api:pages:detail", args=[page.pk])]
    if page.specific_class.__name__ == "SectionPage":
        urls.append(reverse("api:sections:detail", args=[page.pk]))
    return urls
