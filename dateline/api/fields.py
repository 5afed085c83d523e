"""What the API shows of each page type and model, as Wagtail API fields.

The content core and the features declare no `api_fields`: this app attaches
them when it starts (`attach_fields`), so it can be left out without a trace.
Everything here reads what a reader of the page sees: the live content, the
display caption and credit, the notes that were published.
"""

from rest_framework import serializers
from wagtail.api import APIField
from wagtail.models import Page

from dateline.live.models import Channel
from dateline.newsroom.models import ArticlePage, Author, NewsTag, Photo, SectionPage
from dateline.newsroom.visibility import readable
from dateline.stories.models import LiveBlogEntry, LiveBlogPage, StoryPage

# The lead photo's sizes: made at publish (apps.py), so a request only reads them.
RENDITIONS = {
    "large": "width-1200|format-jpeg",
    "medium": "width-640|format-jpeg",
    "thumbnail": "fill-320x180|format-jpeg",
}


def absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request and url else url


class WholeObject(serializers.Field):
    """A read-only field computed from the whole object."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    @property
    def request(self):
        return self.context.get("request")


class LeadPhoto(WholeObject):
    def to_representation(self, article):
        photo = article.lead_image
        if photo is None:
            return None
        return {
            "id": photo.pk,
            "alt": article.display_alt,
            "caption": article.display_caption,
            "credit": article.display_credit,
            "renditions": photo_renditions(photo, self.request),
        }


def photo_renditions(photo, request) -> dict:
    made = photo.get_renditions(*RENDITIONS.values())
    return {
        name: {
            "url": absolute(request, made[spec].url),
            "width": made[spec].width,
            "height": made[spec].height,
        }
        for name, spec in RENDITIONS.items()
    }


class Authors(WholeObject):
    def to_representation(self, article):
        return [
            {"id": a.pk, "name": a.name, "slug": a.slug, "role": a.role}
            for a in article.authors.all()
        ]


class Tags(WholeObject):
    def to_representation(self, article):
        return [{"id": t.pk, "name": t.name, "slug": t.slug} for t in article.tags.all()]


class Section(WholeObject):
    """The section the page is filed in (News > Afghanistan: Afghanistan)."""

    def to_representation(self, page):
        parent = page.get_parent()
        if parent is None or parent.specific_class is not SectionPage:
            return None
        return {
            "id": parent.pk,
            "title": parent.title,
            "html_url": absolute(self.request, parent.url),
        }


class Translations(WholeObject):
    """The page in the other editions, where a reader may read it."""

    def to_representation(self, page):
        others = readable(Page.objects).filter(translation_key=page.translation_key)
        return [
            {
                "id": other.pk,
                "locale": other.locale.language_code,
                "title": other.title,
                "html_url": absolute(self.request, other.url),
            }
            for other in others.exclude(pk=page.pk).select_related("locale")
        ]


class Notes(WholeObject):
    """Updates and corrections, oldest first, as the page shows them."""

    def to_representation(self, article):
        return [
            {"kind": note.kind, "text": note.text, "noted_at": note.noted_at.isoformat()}
            for note in article.published_notes
        ]


class PhotoUrl(WholeObject):
    def to_representation(self, author):
        return photo_renditions(author.photo, self.request) if author.photo_id else None


class PhotoSizes(WholeObject):
    def to_representation(self, photo):
        return photo_renditions(photo, self.request)


class HtmlUrl(WholeObject):
    def to_representation(self, obj):
        return absolute(self.request, obj.get_absolute_url())


class ChannelStreams(WholeObject):
    def to_representation(self, channel):
        return {
            "video": absolute(self.request, channel.video_url) if channel.enabled else "",
            "audio": absolute(self.request, channel.audio_url) if channel.enabled else "",
        }


def attach_fields() -> None:
    ArticlePage.api_fields = [
        APIField("social_headline"),
        APIField("summary"),
        APIField("body"),
        APIField("lead_photo", serializer=LeadPhoto()),
        APIField("byline"),
        APIField("authors", serializer=Authors()),
        APIField("tags", serializer=Tags()),
        APIField("section", serializer=Section()),
        APIField("translations", serializer=Translations()),
        APIField("updated_at"),
        APIField("significant_update"),
        APIField("notes", serializer=Notes()),
        APIField("story_id"),
        APIField("copyright_holder"),
        APIField("copyright_notice"),
        APIField("usage_terms"),
        APIField("comments_open"),
    ]
    SectionPage.api_fields = [
        APIField("intro"),
        APIField("translations", serializer=Translations()),
    ]
    StoryPage.api_fields = [APIField("translations", serializer=Translations())]
    LiveBlogPage.api_fields = [
        APIField("key_points"),
        APIField("open"),
        APIField("section", serializer=Section()),
        APIField("translations", serializer=Translations()),
    ]
    Photo.api_fields = [
        APIField("caption"),
        APIField("credit"),
        APIField("description"),
        APIField("sizes", serializer=PhotoSizes()),
    ]
    Author.api_fields = [
        APIField("name"),
        APIField("slug"),
        APIField("role"),
        APIField("photo", serializer=PhotoUrl()),
    ]
    NewsTag.api_fields = [APIField("name"), APIField("slug"), APIField("kind")]
    Channel.api_fields = [
        APIField("name"),
        APIField("slug"),
        APIField("language"),
        APIField("is_default"),
        APIField("enabled"),
        APIField("time_zone"),
        APIField("description"),
        APIField("html_url", serializer=HtmlUrl()),
        APIField("streams", serializer=ChannelStreams()),
    ]
    LiveBlogEntry.api_fields = [
        APIField("live_blog_id"),
        APIField("headline"),
        APIField("html"),
        APIField("text"),
        APIField("pinned"),
        APIField("first_published_at"),
        APIField("edited_at"),
        APIField("updated_at"),
    ]
