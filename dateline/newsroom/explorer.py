"""The admin's listing of a section's pages, fast with a million children.

Wagtail's explorer listing does three things that grow with the section:

- it counts the children for its paginator; a section's children are counted
  by the tree already (treebeard's ``numchild``), so an unfiltered listing
  uses that number instead of counting a million rows;
- it keeps only pages the user may explore with ``pk IN (SELECT id FROM
  wagtailcore_page)``, which for a superuser is every page: a semi-join over
  the whole table, skipped for superusers (the result is the same);
- its Owner filter lists users who own a page with ``SELECT DISTINCT owner_id``
  over every page; asking each user whether they own one (an indexed EXISTS)
  gives the same list.

Everything else (columns, ordering, filters, search, bulk actions) is
Wagtail's own; the viewset is registered with Wagtail's documented
``parent_models`` mechanism so it applies when exploring a section.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import MultipleUserFilter
from wagtail.admin.views.pages.listing import (
    ExplorableIndexView,
    GenericPageFilterSet,
    PageFilterSet,
)
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from .models import SectionPage


class SectionFilterSet(GenericPageFilterSet):
    owner = MultipleUserFilter(
        label=_("Owner"),
        queryset=(
            lambda request: get_user_model().objects.filter(
                Exists(Page.objects.filter(owner=OuterRef("pk")))
            )
        ),
        widget=PageFilterSet.base_filters["owner"].extra["widget"],
    )


class SectionExplorerView(ExplorableIndexView):
    @property
    def _plain_listing(self) -> bool:
        return not (self.is_searching or self.is_filtering)

    def get_base_queryset(self):
        if not (self._plain_listing and self.request.user.is_superuser):
            return super().get_base_queryset()
        return self.annotate_queryset(self.model._default_manager.child_of(self.parent_page))

    def get_paginator(self, queryset, *args, **kwargs):
        paginator = super().get_paginator(queryset, *args, **kwargs)
        if self._plain_listing and self.request.user.is_superuser:
            # Exactly the children a superuser sees; kept by the tree.
            paginator.count = self.parent_page.numchild
        return paginator


class SectionPageViewSet(PageViewSet):
    model = SectionPage
    index_view_class = SectionExplorerView
    filterset_class = SectionFilterSet
    parent_models = [SectionPage]

    def get_index_view_kwargs(self, **kwargs):
        # A section holds articles, sub-sections, stories and live blogs: list
        # every kind of page, as Wagtail's own explorer does.
        return {**super().get_index_view_kwargs(**kwargs), "model": Page}
