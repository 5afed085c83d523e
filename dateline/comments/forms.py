import unicodedata

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Comment


def plain_text(value: str) -> str:
    """Keep what the reader typed, minus invisible control characters.

    Comments are stored as text and escaped when shown, so markup a reader types
    is displayed, never run."""
    kept = (ch for ch in value if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return "".join(kept).replace("\r\n", "\n").strip()


class CommentForm(forms.ModelForm):
    # Left empty by people; filled in by bots that fill in every field.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["name", "email", "body"]
        labels = {"email": _("Email (optional, never shown)")}
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "name": {"required": _("Give a name to show with your comment.")},
            "body": {"required": _("Write something before posting.")},
            "email": {"invalid": _("Check the email address, or leave it empty.")},
        }

    def __init__(self, *args, article, **kwargs):
        self.article = article
        super().__init__(*args, **kwargs)
        self.fields["body"].max_length = settings.DATELINE_COMMENT_MAX_LENGTH
        self.fields["body"].widget.attrs["maxlength"] = settings.DATELINE_COMMENT_MAX_LENGTH
        self.fields["name"].widget.attrs["autocomplete"] = "nickname"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_name(self) -> str:
        name = plain_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Give a name to show with your comment."))
        return name

    def clean_body(self) -> str:
        body = plain_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError(_("Write something before posting."))
        limit = settings.DATELINE_COMMENT_MAX_LENGTH
        if len(body) > limit:
            raise forms.ValidationError(
                _("Keep it under %(limit)d characters (this one has %(n)d).")
                % {"limit": limit, "n": len(body)}
            )
        return body

    def clean_parent(self) -> Comment | None:
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.filter(
            pk=parent_id, article=self.article, status=Comment.Status.APPROVED
        ).first()
        if parent is None:
            raise forms.ValidationError(_("The comment you reply to is not available."))
        # Replies go one level deep: a reply to a reply joins its thread.
        return parent.parent or parent

    def save(self, commit=True):
        comment = super().save(commit=False)
        comment.article = self.article
        comment.parent = self.cleaned_data.get("parent")
        if commit:
            comment.save()
        return comment
