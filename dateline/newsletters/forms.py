from django import forms
from django.utils.translation import gettext_lazy as _


class ListsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        return obj.name


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    lists = ListsField(
        label=_("Newsletters"),
        queryset=None,
        error_messages={"required": _("Choose at least one newsletter.")},
    )
    source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)

    def __init__(self, *args, newsletters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = newsletters


class PreferencesForm(forms.Form):
    lists = ListsField(label=_("Newsletters"), queryset=None, required=False)

    def __init__(self, *args, newsletters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = newsletters
