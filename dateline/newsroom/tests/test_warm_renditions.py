"""After a bulk load (the demo), every rendition is made before serving, so the
serving workers make none: encoding AVIF in a worker grows it by hundreds of MB."""

import io

from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images import get_image_model

from dateline.newsroom import renditions, warm_renditions
from dateline.newsroom.models import Author, Photo


def small_photo(title: str) -> Photo:
    # Small, so the thirty encodes (AVIF among them) take seconds, not minutes.
    buffer = io.BytesIO()
    Image.new("RGB", (160, 120), (40, 110, 90)).save(buffer, "PNG")
    photo = Photo(title=title, credit="Dateline/Staff")
    photo.file = ImageFile(buffer, name=f"{title}.png")
    photo.save()
    return photo


def rendition_files(settings) -> set[str]:
    folder = settings.MEDIA_ROOT / "images"
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def test_bulk_loaded_photos_are_resized_before_any_reader_asks(
    client, settings, home, news, make_article
):
    lead, inline, face = (small_photo(t) for t in ("ferry", "quay", "reporter"))
    author = Author.objects.create(name="Mina Rahimi", photo=face)
    with renditions.paused():  # as load-demo loads its articles
        article = make_article(
            news,
            title="Night ferry returns to the island",
            lead_image=lead,
            lead_image_alt="The ferry",
            body=[
                ("paragraph", "<p>The ferry sailed at dawn.</p>"),
                ("image", {"image": inline, "alt": "The quay", "caption": "", "credit": ""}),
            ],
            authors=[author],
        )
    Rendition = get_image_model().get_rendition_model()
    assert Rendition.objects.count() == 0

    warm_renditions.warm_all()
    made, files = Rendition.objects.count(), rendition_files(settings)
    assert made >= 25 and len(files) == made

    pages = [
        article.url,
        news.url,
        "/en/",
        "/en/search/?q=ferry",
        "/en/feeds/rss/",
        "/en/feeds/atom/",
        author.get_url_in(home),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert Rendition.objects.count() == made, f"{url} made a rendition"
    assert rendition_files(settings) == files
    assert b"fill-160x160" in client.get(author.get_url_in(home)).content

    # Run again (load-demo on a loaded site): nothing new.
    warm_renditions.warm_all()
    assert Rendition.objects.count() == made
