"""Which ninjs item fields match which article fields: shared by the export
here and by agency ingest (`dateline.ingest`), so both read the same way."""

from dateline.newsroom.models import NewsTag

# ninjs concept lists, and the kind of tag each becomes.
TAG_FIELDS = (
    ("subjects", NewsTag.Kind.TOPIC),
    ("places", NewsTag.Kind.PLACE),
    ("people", NewsTag.Kind.PERSON),
    ("organisations", NewsTag.Kind.ORGANISATION),
)

# ninjs item fields that credit the agency: (article field, its max length).
RIGHTS_FIELDS = {
    "copyrightholder": ("copyright_holder", 255),
    "copyrightnotice": ("copyright_notice", 500),
    "usageterms": ("usage_terms", 500),
}
