"""The search form's filters: section and date range.

A filter the reader got wrong is reported next to its field and left out of
the search; it never turns into an error page.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(1800, 1, 1)
LATEST = datetime.date(2999, 12, 31)


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=True)
    section = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose a section from the list.")},
    )

    def __init__(self, *args, sections=(), home_depth=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("All sections"))] + [
            (str(s.pk), "\u2002" * max(0, s.depth - home_depth - 1) + s.title) for s in sections
        ]
        # "from" is a Python keyword, so these fields are added by name.
        for name in ("from", "to"):
            self.fields[name] = forms.DateField(
                required=False,
                input_formats=["%Y-%m-%d"],
                error_messages={"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2025-01-31.")},
            )

    def _check_range(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not EARLIEST <= value <= LATEST:
            self.add_error(
                name,
                _("Enter a date between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
            )

    def clean(self):
        cleaned = super().clean()
        self._check_range("from")
        self._check_range("to")
        start, end = self.cleaned_data.get("from"), self.cleaned_data.get("to")
        if start and end and start > end:
            # Neither end of a backwards range can be trusted: search all dates.
            self.add_error("to", _("The end date is before the start date."))
            self.cleaned_data.pop("from", None)
        return cleaned

    def valid_value(self, name):
        """The field's cleaned value, or None if it was left empty or is invalid."""
        if not self.is_bound or name in self.errors:
            return None
        return self.cleaned_data.get(name)
