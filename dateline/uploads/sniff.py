"""What a file is, from its first bytes: the formats WAGTAILDOCS_EXTENSIONS allows."""


def _mp3(head: bytes) -> bool:
    if head.startswith(b"ID3"):
        return True
    # An MPEG audio frame: 11 sync bits, then a layer other than "reserved" (00),
    # which is what AAC's ADTS uses instead.
    return len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06 != 0


def _ogg(head: bytes) -> bool:
    return head.startswith(b"OggS")


SIGNATURES = {
    "mp3": _mp3,
    "m4a": lambda head: head[4:8] == b"ftyp",
    "ogg": _ogg,
    "opus": lambda head: _ogg(head) and b"OpusHead" in head,
    "wav": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WAVE",
    "pdf": lambda head: head.startswith(b"%PDF-"),
}


def matches_extension(extension: str, head: bytes) -> bool:
    """True when the first bytes (64 are enough) are a file of that kind."""
    check = SIGNATURES.get(extension)
    return bool(check and check(head))
