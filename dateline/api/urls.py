from wagtail.api.v2.router import WagtailAPIRouter

from .endpoints import Authors, Channels, Entries, Images, ReadablePages, Sections, Tags

router = WagtailAPIRouter("api")
router.register_endpoint("pages", ReadablePages)
router.register_endpoint("sections", Sections)
router.register_endpoint("images", Images)
router.register_endpoint("tags", Tags)
router.register_endpoint("authors", Authors)
router.register_endpoint("live", Channels)
router.register_endpoint("entries", Entries)
