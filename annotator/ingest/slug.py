"""Readable, unique article ids from outlet and title.

``slugify`` keeps ASCII letters and digits (accents are dropped after NFKD
decomposition, so "Frühburgunder" gives "fruhburgunder") in kebab-case. A title that is
mostly not Latin script (Chinese, Arabic, Cyrillic ...) is not transliterated: the id
gets a short hash of the title instead, so it is never empty and never ambiguous.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Container

#: Longest id produced (the outlet part, the title part and a hash fit).
MAX_ID = 80
_OUTLET_MAX = 24
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile("['\u2019\u02bc]")
_INITIALS = re.compile(r"\b([A-Za-z])\.(?=[A-Za-z]\b)")
#: Title separators before a site name: "Headline | DW | 19.01.2020", "Headline - Outlet".
_SITE_SUFFIX = re.compile(r"\s+(?:\||\u2013|\u2014|-|::|\u00b7)\s+")
#: What --id accepts: a safe file stem.
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")


def slugify(text: str | None, limit: int = MAX_ID) -> str:
    """ASCII kebab-case, cut at a word boundary to at most ``limit`` characters."""
    if not text:
        return ""
    text = _APOSTROPHES.sub("", text)  # "Germany's" -> "germanys", not "germany-s"
    text = _INITIALS.sub(r"\1", text)  # "U.S." -> "US", not "u-s"
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NON_ALNUM.sub("-", ascii_text.lower()).strip("-")
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1]
    cut = cut[: cut.rfind("-")] if "-" in cut else cut[:limit]
    return cut.strip("-")


def _mostly_latin(text: str) -> bool:
    letters = [c for c in text if c.isalnum()]
    if not letters:
        return False
    ascii_like = sum(1 for c in letters if unicodedata.normalize("NFKD", c)[:1].isascii())
    return ascii_like * 2 >= len(letters)


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def headline(title: str) -> str:
    """The title without a trailing site name or date ("Headline | DW | 19.01.2020")."""
    first = _SITE_SUFFIX.split(title, maxsplit=1)[0]
    return first if len(first) >= 20 else title


def make_id(outlet: str | None, title: str | None, text: str) -> str:
    """``<outlet>-<title>`` as a slug; a short hash where the title gives no readable slug
    (``xinhua-91418ca2``), ``article-<hash>`` when nothing readable is left at all."""
    outlet_part = slugify(outlet, _OUTLET_MAX)
    title = headline(title) if title else None
    title_part = ""
    if title and _mostly_latin(title):
        title_part = slugify(title, MAX_ID - len(outlet_part) - 1)
    if title_part and (title_part == outlet_part or title_part.startswith(outlet_part + "-")):
        outlet_part = ""  # "DW" + "DW news ..." would say it twice
    if not title_part:
        readable = slugify(title, 30)
        digest = short_hash(title or text)
        title_part = f"{readable}-{digest}" if readable else digest
        if not readable and not outlet_part:
            outlet_part = "article"
    return f"{outlet_part}-{title_part}" if outlet_part else title_part


def unique_id(base: str, taken: Container[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` ... whichever is not taken."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
