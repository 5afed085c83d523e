"""Photos are published as uploaded at /media/original_images/ and every
rendition is made from that file, so a camera's EXIF (GPS position, device
serial, time) would reach readers. Strip it from the stored original once, at
upload, with the orientation applied to the pixels so nothing turns sideways."""

from io import BytesIO

from PIL import Image, ImageOps

# What an image needs to look right; everything else in Pillow's `info` is
# metadata about the picture or the person who took it.
ORIENTATION = 0x0112
KEPT_INFO = {"icc_profile", "transparency", "dpi", "duration", "loop", "background"}


def carries_metadata(image: Image.Image) -> bool:
    if image.getexif() or image.info.get("exif"):
        return True
    if any("xmp" in str(key).lower() for key in image.info):
        return True
    if image.info.get("comment") or "photoshop" in image.info or "iptc" in image.info:
        return True
    return bool(getattr(image, "text", None))  # PNG text chunks


def strip_metadata(data: bytes) -> bytes | None:
    """The image re-saved without metadata, or None when it carries none."""
    with Image.open(BytesIO(data)) as image:
        if not carries_metadata(image):
            return None
        image_format = "JPEG" if image.format == "MPO" else image.format
        kept = {key: value for key, value in image.info.items() if key in KEPT_INFO}
        options: dict = {"exif": b"", "comment": b"", "xmp": b""}
        if icc := image.info.get("icc_profile"):
            options["icc_profile"] = icc
        if getattr(image, "n_frames", 1) > 1:
            image.info = kept
            output = BytesIO()
            image.save(output, image_format, save_all=True, **options)
            return output.getvalue()
        if image.format == "JPEG" and image.getexif().get(ORIENTATION, 1) == 1:
            # Upright already: re-use the original's quantisation, as close to
            # lossless as re-encoding gets.
            target = image
            options |= {"quality": "keep", "subsampling": "keep"}
        else:
            target = ImageOps.exif_transpose(image)
            if image_format in {"JPEG", "WEBP", "AVIF"}:
                options["quality"] = 92
        target.info = kept
        output = BytesIO()
        target.save(output, image_format, **options)
        return output.getvalue()
