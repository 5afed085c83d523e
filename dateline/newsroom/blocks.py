"""The blocks an article body is made of."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class SubheadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "newsroom/blocks/subheading.html"
        label = _("Subheading")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, label=_("Who said it"))

    class Meta:
        icon = "openquote"
        template = "newsroom/blocks/quote.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt = blocks.CharBlock(
        required=False,
        label=_("Alt text"),
        help_text=_("Describe the image for people who cannot see it. Defaults to the image's."),
    )
    caption = blocks.CharBlock(required=False)
    credit = blocks.CharBlock(required=False, help_text=_("Defaults to the image's credit."))

    class Meta:
        icon = "image"
        template = "newsroom/blocks/image.html"


class RelatedArticleBlock(blocks.StructBlock):
    """A link to another story, shown in the body like a subheading."""

    article = blocks.PageChooserBlock(page_type="newsroom.ArticlePage")
    label = blocks.CharBlock(required=False, help_text=_("Defaults to the article's headline."))

    class Meta:
        icon = "link"
        template = "newsroom/blocks/related_article.html"
        label = _("Related article")


class AudioBlock(blocks.StructBlock):
    audio = DocumentChooserBlock(help_text=_("An MP3, M4A, Ogg/Opus or WAV file."))
    title = blocks.CharBlock()
    transcript = blocks.TextBlock(required=False)

    class Meta:
        icon = "media"
        template = "newsroom/blocks/audio.html"


class EmbedBlock(blocks.StructBlock):
    """A social post or video by URL.

    Rendered as a plain link card, never a third-party iframe or script: readers
    on censored or metered connections, and their privacy, come first.
    """

    url = blocks.URLBlock(label=_("URL"))
    description = blocks.CharBlock(required=False, help_text=_("What the reader will find there."))
    source = blocks.CharBlock(required=False, help_text=_("E.g. the account that posted it."))

    class Meta:
        icon = "code"
        template = "newsroom/blocks/embed.html"
        label = _("Embed")


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"],
        template="newsroom/blocks/paragraph.html",
    )
    subheading = SubheadingBlock()
    quote = QuoteBlock()
    image = ImageBlock()
    related_article = RelatedArticleBlock()
    audio = AudioBlock()
    embed = EmbedBlock()


class SummaryBlock(blocks.StreamBlock):
    point = blocks.TextBlock(label=_("Summary point"), max_length=400)

    class Meta:
        min_num = 1
        max_num = 5
