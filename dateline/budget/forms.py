"""The budget's form and filters: sections named with their edition, people by name."""

from datetime import UTC, datetime, time, timedelta

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from dateline.newsroom.converters import is_database_id
from dateline.newsroom.models import SectionPage

from .models import PlannedStory


def sections():
    return SectionPage.objects.select_related("locale").order_by("path")


def people():
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "username")


def section_label(section: SectionPage) -> str:
    # Each edition has its own "News": the language tells them apart.
    return f"{section.title} ({section.locale.language_code})"


def person_label(user) -> str:
    return user.get_full_name() or user.get_username()


class PlannedStoryForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections()
        self.fields["section"].label_from_instance = section_label
        self.fields["assignee"].queryset = people()
        self.fields["assignee"].label_from_instance = person_label


class _IdChoiceField(django_filters.fields.ModelChoiceField):
    """A choice by row id that refuses ids past the database's integers (a
    query with one fails on SQLite instead of finding nothing)."""

    def to_python(self, value):
        if value not in self.empty_values and not is_database_id(str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class _SectionField(_IdChoiceField):
    def label_from_instance(self, obj):
        return section_label(obj)


class _PersonField(_IdChoiceField):
    def label_from_instance(self, obj):
        return person_label(obj)


class _SectionFilter(django_filters.ModelChoiceFilter):
    field_class = _SectionField


class _PersonFilter(django_filters.ModelChoiceFilter):
    field_class = _PersonField


class BudgetFilterSet(WagtailFilterSet):
    section = _SectionFilter(label=_("Section"), queryset=lambda request: sections())
    assignee = _PersonFilter(label=_("Assigned to"), queryset=lambda request: people())
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=PlannedStory.Status.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    day = django_filters.DateFilter(
        label=_("Planned on"), method="planned_on", widget=AdminDateInput
    )

    class Meta:
        model = PlannedStory
        fields = ["section", "assignee", "status", "day"]

    def planned_on(self, queryset, name, value):
        # The day in the newsroom's time zone, as a range the index serves.
        try:
            start = timezone.make_aware(datetime.combine(value, time.min))
            end = start + timedelta(days=1)
            # Days at the calendar's ends have no time the database can hold.
            start.astimezone(UTC), end.astimezone(UTC)
        except OverflowError:
            return queryset.none()
        return queryset.filter(planned_at__gte=start, planned_at__lt=end)
