"""The live-blog composer: a live blog's own desk in the admin.

The newest entries on one side, a composer on the other (text, photo, quote or
link), posted with Ctrl+Enter; each entry edited, pinned, withdrawn or
published in place. Every entry is a row of its own, so editors posting at
once never overwrite each other; an edit names the version it was made on, and
one made on a version someone else has since changed is refused with the text
kept (nothing is lost, nothing silently replaced). The page polls for what
other editors did. Without JavaScript every action is a plain form.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.images.forms import get_image_form
from wagtail.models import Page
from wagtail.rich_text import RichText

from dateline.newsroom.models import ArticlePage, Author, Photo

from .models import OVERLAP, LiveBlogEntry, LiveBlogPage, from_micros, reader_cursor

SHOWN = 50
KINDS = [
    ("text", gettext_lazy("Text")),
    ("photo", gettext_lazy("Photo")),
    ("quote", gettext_lazy("Quote")),
    ("link", gettext_lazy("Link")),
]
# A paragraph the composer can give back as plain text: no markup but breaks.
PLAIN_PARAGRAPH = re.compile(r"<p>((?:[^<]|<br/?>)*)</p>")


def may_post(user) -> bool:
    return user.has_perm("stories.add_liveblogentry")


def may_publish(user) -> bool:
    return user.has_perm("stories.publish_liveblogentry")


# --- Text in and out ------------------------------------------------------------


def paragraphs_html(text: str) -> list[str]:
    """Plain text as paragraphs: a blank line starts a new one, a single line
    break stays a break. Everything is escaped."""
    found = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        if chunk.strip():
            lines = [escape(line.strip()) for line in chunk.strip().split("\n")]
            found.append("<p>" + "<br/>".join(lines) + "</p>")
    return found


def plain_text(entry: LiveBlogEntry) -> str | None:
    """The entry's text as the composer's box shows it, or None when the entry
    holds what the box cannot (formatting, or paragraphs after other blocks):
    then it is edited in the full editor, so nothing is flattened."""
    texts, past_paragraphs = [], False
    for block in entry.body:
        if block.block_type != "paragraph":
            past_paragraphs = True
            continue
        source = block.value.source.strip()
        match = PLAIN_PARAGRAPH.fullmatch(source)
        if past_paragraphs or match is None:
            return None
        texts.append(html.unescape(re.sub(r"<br/?>", "\n", match[1])))
    return "\n\n".join(texts)


# --- Forms ----------------------------------------------------------------------


class ComposerForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind of entry"), choices=KINDS, initial="text", widget=forms.RadioSelect
    )
    headline = forms.CharField(label=gettext_lazy("Headline"), max_length=200, required=False)
    text = forms.CharField(
        label=gettext_lazy("Entry text"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("A blank line starts a new paragraph."),
    )
    photo = forms.FileField(label=gettext_lazy("Photo file"), required=False)
    caption = forms.CharField(label=gettext_lazy("Caption"), max_length=255, required=False)
    alt = forms.CharField(
        label=gettext_lazy("Alt text"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Describe the photo for people who cannot see it."),
    )
    credit = forms.CharField(label=gettext_lazy("Credit"), max_length=255, required=False)
    quote = forms.CharField(
        label=gettext_lazy("Words quoted"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attribution = forms.CharField(label=gettext_lazy("Who said it"), max_length=255, required=False)
    url = forms.URLField(
        label=gettext_lazy("Address (URL)"),
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy("One of our articles, or a post or video elsewhere."),
    )
    description = forms.CharField(
        label=gettext_lazy("What the reader will find there"), max_length=255, required=False
    )
    author = forms.ModelChoiceField(
        label=gettext_lazy("Author"), queryset=Author.objects.all(), required=False
    )

    def __init__(self, *args, live_blog: LiveBlogPage, user=None, host: str = "", **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.live_blog = live_blog
        self.user = user
        self.host = host
        self.photo_form = None

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == "photo":
            self._clean_photo(data)
        elif kind == "quote" and not data.get("quote", "").strip():
            self.add_error("quote", _("Write the quote."))
        elif kind == "link" and not data.get("url"):
            self.add_error("url", _("Give the link."))
        elif kind == "text" and not (
            data.get("headline", "").strip() or data.get("text", "").strip()
        ):
            self.add_error("text", _("Write a headline or some text."))
        return data

    def _clean_photo(self, data) -> None:
        if not self.files.get("photo"):
            self.add_error("photo", _("Choose a photo to upload."))
            return
        # Wagtail's own image form, with the site's upload checks (type by
        # content, size, pixels): the same rules as the image library's.
        form_class = get_image_form(Photo)
        caption = data.get("caption", "").strip()
        self.photo_form = form_class(
            {
                "title": caption or self.files["photo"].name,
                "caption": caption,
                "credit": data.get("credit", "").strip(),
            },
            {"file": self.files["photo"]},
            user=self.user,
        )
        if not self.photo_form.is_valid():
            for field, errors in self.photo_form.errors.items():
                for error in errors:
                    self.add_error("photo" if field in ("file", "__all__") else None, error)

    def body(self) -> list[tuple[str, object]]:
        """The entry's blocks: the text first, then the photo, quote or link."""
        data = self.cleaned_data
        blocks: list[tuple[str, object]] = [
            ("paragraph", RichText(p)) for p in paragraphs_html(data.get("text", ""))
        ]
        kind = data["kind"]
        if kind == "photo":
            photo = self.photo_form.save(commit=False)
            photo.uploaded_by_user = self.user
            photo.save()
            blocks.append(
                (
                    "image",
                    {
                        "image": photo,
                        "alt": data["alt"],
                        "caption": data["caption"],
                        "credit": data["credit"],
                    },
                )
            )
        elif kind == "quote":
            blocks.append(
                ("quote", {"quote": data["quote"].strip(), "attribution": data["attribution"]})
            )
        elif kind == "link":
            article = article_at(data["url"], self.host)
            if article is not None:
                blocks.append(("article", {"article": article, "label": data["description"]}))
            else:
                blocks.append(
                    (
                        "embed",
                        {"url": data["url"], "description": data["description"], "source": ""},
                    )
                )
        return blocks


def article_at(url: str, host: str) -> ArticlePage | None:
    """The article of this site a link points to, if it is one: linked as an
    article (it follows renames and moves), not as an outside URL."""
    parts = urlsplit(url)
    slugs = [part for part in parts.path.split("/") if part]
    if not slugs:
        return None
    for page in ArticlePage.objects.filter(slug=slugs[-1])[:20]:
        full = urlsplit(page.get_full_url() or "")
        if full.path == parts.path and parts.netloc in (full.netloc, host):
            return page
    return None


class EditForm(forms.Form):
    headline = forms.CharField(label=gettext_lazy("Headline"), max_length=200, required=False)
    text = forms.CharField(
        label=gettext_lazy("Text"), required=False, max_length=10_000, widget=forms.Textarea
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


# --- Views ------------------------------------------------------------------------


def _live_blog(request, pk: int) -> LiveBlogPage:
    if not may_post(request.user):
        raise PermissionDenied
    return get_object_or_404(LiveBlogPage, pk=pk)


def _row(request, entry: LiveBlogEntry) -> str:
    entry.plain_text = plain_text(entry)
    return render_to_string(
        "stories/admin/composer_entry.html",
        {"entry": entry, "can_publish": may_publish(request.user)},
        request=request,
    )


def _entries(blog: LiveBlogPage):
    return LiveBlogEntry.objects.filter(live_blog=blog).select_related("author")


def _cursor(blog: LiveBlogPage) -> int:
    changed = LiveBlogEntry.objects.filter(live_blog=blog).aggregate(at=Max("updated_at"))["at"]
    return reader_cursor(changed, timezone.now())


class ComposerView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "stories/admin/composer.html"
    header_icon = "list-ul"

    def get_page_title(self):
        return _("Live blog: %(title)s") % {"title": self.live_blog.title}

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, pk: int, *args, **kwargs):
        self.live_blog = _live_blog(request, pk)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        blog = self.live_blog
        entries = list(_entries(blog).order_by("-pk")[:SHOWN])
        rows = [_row(self.request, entry) for entry in entries]
        return {
            **super().get_context_data(**kwargs),
            "live_blog": blog,
            "form": form or ComposerForm(live_blog=blog, initial=self._initial()),
            "rows": rows,
            "cursor": _cursor(blog),
            "can_publish": may_publish(self.request.user),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[blog.pk]),
            "entries_url": reverse("wagtailsnippets_stories_liveblogentry:list")
            + f"?live_blog={blog.pk}",
        }

    def _initial(self) -> dict:
        # The author the editor posted as last time here, else the one who
        # has their name.
        remembered = self.request.session.get("composer_author")
        if remembered and Author.objects.filter(pk=remembered).exists():
            return {"author": remembered}
        name = self.request.user.get_full_name()
        author = Author.objects.filter(name=name).first() if name else None
        return {"author": author.pk} if author else {}

    def post(self, request, *args, **kwargs):
        blog = self.live_blog
        form = ComposerForm(
            request.POST, request.FILES, live_blog=blog, user=request.user, host=request.get_host()
        )
        wants_json = _wants_json(request)
        if not form.is_valid():
            if wants_json:
                return JsonResponse({"ok": False, "errors": form.errors}, status=400)
            messages.error(request, _("The entry was not posted: see what to fix below."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        entry = LiveBlogEntry(
            live_blog=blog, headline=data["headline"].strip(), author=data["author"], live=False
        )
        entry.body = form.body()
        entry.save()
        revision = entry.save_revision(user=request.user, log_action="wagtail.create")
        published = may_publish(request.user)
        if published:
            revision.publish(user=request.user)
            entry.refresh_from_db()
        request.session["composer_author"] = data["author"].pk if data["author"] else None
        message = (
            _("Posted: it is on readers' pages within seconds.")
            if published
            else _("Saved as a draft: an editor publishes it.")
        )
        if wants_json:
            return JsonResponse(
                {
                    "ok": True,
                    "id": entry.pk,
                    "version": entry.version,
                    "html": _row(request, entry),
                    "message": message,
                }
            )
        messages.success(request, message)
        return redirect("stories_composer", pk=blog.pk)


def _wants_json(request) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def changes(request, pk: int):
    """What changed on the live blog since the composer's cursor, every state
    (drafts and withdrawn entries too): how the other editors' work reaches
    this one's screen."""
    blog = _live_blog(request, pk)
    since = request.GET.get("since", "")
    if not (since.isascii() and since.isdigit() and len(since) <= 18):
        return JsonResponse({"error": "since must be a cursor this page gave"}, status=400)
    changed = _entries(blog).filter(updated_at__gt=from_micros(int(since)) - OVERLAP)
    rows = [
        {"id": entry.pk, "version": entry.version, "html": _row(request, entry)}
        for entry in changed.order_by("updated_at")[:SHOWN]
    ]
    response = JsonResponse({"cursor": max(_cursor(blog), int(since)), "entries": rows})
    response["Cache-Control"] = "private, no-store"
    return response


ACTIONS = {"pin", "unpin", "withdraw", "restore", "publish", "edit"}


@require_POST
def act(request, entry_id: int, action: str):
    """Pin, unpin, withdraw, restore, publish or edit one entry in place."""
    if action not in ACTIONS or not request.user.has_perm("stories.change_liveblogentry"):
        raise PermissionDenied
    entry = get_object_or_404(LiveBlogEntry.objects.select_related("live_blog"), pk=entry_id)
    publishing = entry.live or action == "publish"
    if publishing and not may_publish(request.user):
        return _answer(request, entry, _("Only editors can change a published entry."), status=403)
    if action == "edit":
        form = EditForm(request.POST)
        if not form.is_valid():
            return _answer(
                request,
                entry,
                _("The edit was not saved: %(errors)s") % {"errors": form.errors.as_text()},
                status=400,
            )
        if form.cleaned_data["version"] != entry.version:
            # Someone else saved this entry since the editor opened it: show
            # them that version and keep their text for them to save again.
            return _answer(
                request,
                entry,
                _(
                    "Someone else changed this entry meanwhile. Their version is shown; "
                    "your text is kept: save again to replace it."
                ),
                status=409,
            )
        if plain_text(entry) is None:
            return _answer(
                request,
                entry,
                _("This entry has formatting: edit it in the full editor."),
                status=400,
            )
        data = form.cleaned_data
        others = [(b.block_type, b.value) for b in entry.body if b.block_type != "paragraph"]
        new_body = [("paragraph", RichText(p)) for p in paragraphs_html(data["text"])] + others
        if not data["headline"].strip() and not new_body:
            return _answer(request, entry, _("Write a headline or a body."), status=400)
        entry.headline = data["headline"].strip()
        entry.body = new_body
    elif action in ("pin", "unpin"):
        entry.pinned = action == "pin"
    elif action in ("withdraw", "restore"):
        entry.withdrawn = action == "withdraw"
    if publishing:
        revision = entry.save_revision(user=request.user)
        revision.publish(user=request.user)
    else:
        # A draft: its row is what the composer shows; readers never see it.
        entry.save()
        entry.save_revision(user=request.user)
    entry.refresh_from_db()
    done = {
        "pin": _("Pinned: it stays at the top."),
        "unpin": _("Unpinned."),
        "withdraw": _("Withdrawn from readers' pages."),
        "restore": _("Back on readers' pages."),
        "publish": _("Published."),
        "edit": _("Saved."),
    }[action]
    return _answer(request, entry, done)


def _answer(request, entry: LiveBlogEntry, message: str, status: int = 200):
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": status == 200,
                "id": entry.pk,
                "version": entry.version,
                "html": _row(request, entry),
                "message": message,
            },
            status=status,
        )
    (messages.success if status == 200 else messages.error)(request, message)
    return redirect("stories_composer", pk=entry.live_blog_id)


def composer_url(page: Page) -> str:
    return reverse("stories_composer", args=[page.pk])
