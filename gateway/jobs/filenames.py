"""File names from clients, cleaned once for every route, and how a download names its file.

Names arrive from browsers (a path, sometimes), workers and legacy clients. Stored
names keep what a person would recognise (any script, spaces, quotes) and lose what
only does harm: directories, control and bidirectional-override characters, leading
dots. Downloads name the file as RFC 6266 says: an ASCII fallback a header can carry
plus the exact UTF-8 name in `filename*`, so no name can break out of the header.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from gateway.jobs.errors import JobError

MAX_BYTES = 255  # what common file systems allow for one name


class InvalidFilename(JobError, ValueError):
    """Nothing usable is left of the name once it is cleaned."""


def clean(name: str) -> str:
    """The stored form of a client's file name; `InvalidFilename` when nothing is left."""
    last = re.split(r"[/\\]", unicodedata.normalize("NFC", name))[-1]
    kept = "".join(c for c in last if unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
    kept = kept.strip().lstrip(".").strip()
    if not kept:
        raise InvalidFilename(f"unusable file name {name[:80]!r}")
    if len(kept.encode("utf-8")) > MAX_BYTES:
        raise InvalidFilename(f"file names are limited to {MAX_BYTES} bytes in UTF-8")
    return kept


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback and the exact name (RFC 6266, RFC 8187)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    fallback = re.sub(r'[^\x20-\x7e]|["\\%]', "_", ascii_name).strip() or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
