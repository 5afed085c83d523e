"""Where features attach themselves to the content core.

The core (this app) imports no feature. A feature that adds something to the
core's pages registers it here from its AppConfig.ready(), which runs before
any request; the core reads these registries when it builds a page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Functions that take a queryset of articles and return it annotated with what
# a listing's cards show (the comments app adds each card's comment count).
# Applied inside the listing's one query, so a card costs no query of its own.
listing_annotators: list[Callable[[Any], Any]] = []

# Extra context for an edition's front page, by name: a function of the
# HomePage. Worked out once per content version with the page's plan (so its
# answer must be picklable), and handed to the template under that name.
front_page_extras: dict[str, Callable[[Any], Any]] = {}


@dataclass(frozen=True)
class ArticleRoute:
    """A sub-route of every article: ``/<article>/<pattern>``, answered by
    ``view(article, request, **kwargs)`` through the page's own serving, so
    Wagtail's privacy checks and the page caches apply as to the article."""

    pattern: str
    name: str
    view: Callable[..., Any]


article_routes: list[ArticleRoute] = []

# Page types an editor may add under a section: the core's own, then those
# features register ("app_label.ModelName"; stories: timelines and live blogs).
section_page_types: list[str] = ["newsroom.SectionPage", "newsroom.ArticlePage"]

# Rendition specs a lead photo is shown in beyond the core's own templates
# (feeds, sharing metadata): made when the article is published.
lead_photo_specs: list[str] = []

# Templates of features that show a lead photo with {% picture %}: their specs
# are read from the templates, as the core's own are.
lead_photo_templates: list[str] = []


# Addresses the site answers at the top of an edition (/en/<slug>/) before any
# section could: the front page's own sub-routes here, and what the site's URLs
# and features register. A section there would never be reached.
top_level_slugs: set[str] = {"tags", "authors"}


def register_top_level_slugs(*slugs: str) -> None:
    top_level_slugs.update(slugs)


def register_listing_annotator(annotate: Callable[[Any], Any]) -> None:
    if annotate not in listing_annotators:
        listing_annotators.append(annotate)


def register_front_page_extra(name: str, compute: Callable[[Any], Any]) -> None:
    front_page_extras[name] = compute


def register_article_route(pattern: str, name: str, view: Callable[..., Any]) -> None:
    if any(route.name == name for route in article_routes):
        return  # ready() may run twice in a test run; one route per name
    article_routes.append(ArticleRoute(pattern, name, view))


def register_section_page_type(label: str) -> None:
    if label not in section_page_types:
        section_page_types.append(label)


def register_lead_photo_specs(*specs: str) -> None:
    lead_photo_specs.extend(spec for spec in specs if spec not in lead_photo_specs)


def register_lead_photo_template(name: str) -> None:
    if name not in lead_photo_templates:
        lead_photo_templates.append(name)
