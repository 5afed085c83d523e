"""How long browsers and caches keep files whose names change with their content.

Imported by settings (WhiteNoise takes a function), so it imports nothing.
"""

# A year: the customary ceiling for a lifetime (HTTP/1.1 once capped Expires there).
IMMUTABLE = "public, max-age=31536000, immutable"


def static_headers(headers, path: str, url: str) -> None:
    """WhiteNoise's headers for static files: the hashed ones, which it marks
    immutable for ten years, get the same year as renditions."""
    if "immutable" in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = IMMUTABLE
