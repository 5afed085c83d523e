"""What every page of the newsroom shares, and how listings load articles."""

from http import HTTPMethod

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageViewRestriction

from .. import extensions
from ..article_cache import is_public_path
from ..pagination import ArchivePaginator  # counts cached, deep pages by key (scale)
from ..visibility import readable

# What a page answers (Wagtail's allowed_http_methods): readers only read pages.
# Every form posts to a view of its own (comments, search, page passwords), so
# anything else is a 405, and OPTIONS advertises no more than this.
READ_ONLY_METHODS = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]


class ViewRestrictionsInOneQuery:
    """Wagtail checks a page's view restrictions on every view in two queries
    (the ancestors, then their restrictions); the ancestors' paths are known
    from the page's own path, so one query does."""

    def get_view_restrictions(self):
        if is_public_path(self.path):
            # Most pages are under no restriction: no query on their views.
            return PageViewRestriction.objects.none()
        step = self.steplen
        paths = [self.path[:end] for end in range(step, len(self.path) + 1, step)]
        # An alias shares its source page's restrictions, never its own.
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
        ).distinct()


def paginate(request, queryset, per_page: int | None = None):
    paginator = ArchivePaginator(queryset, per_page or settings.DATELINE_PAGE_SIZE)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage as exc:
        raise Http404(_("No such page of results.")) from exc


def article_cards(queryset):
    """Articles as listings show them (those anonymous readers may read), with
    their lead photo and what features add to a card (the comments app: its
    comment count), in one query however long the list."""
    queryset = readable(queryset)
    for annotate in extensions.listing_annotators:
        queryset = annotate(queryset)
    # No rendition prefetch: a card is rendered once per revision and kept
    # (site_tags.article_card), and when it is, Wagtail finds the lead
    # photo's renditions in its renditions cache. A card never shows the body:
    # not loaded, nor parsed.
    return (
        queryset.defer("body").select_related("lead_image").order_by("-first_published_at", "-pk")
    )
