"""``manifest.json`` beside the articles: optional metadata per article id.

``author`` and ``source`` (the saved page an ingested article was extracted from) are
omitted from the file when unset, so manifests written before they existed stay
byte-identical when rewritten (``manifest_data``).
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict


class SourceInfo(BaseModel):
    """Where an ingested article's text came from, so the extraction can be repeated."""

    model_config = ConfigDict(extra="forbid", strict=True, use_attribute_docstrings=True)

    path: str
    """The saved page, relative to the corpus folder (``../sources/<id>.html``)."""
    sha256: str
    """sha256 of the saved page's bytes."""
    extractor: str
    """The extractor and its exact version (``trafilatura 2.3.1``)."""
    fetched: str
    """When the page was taken in (RFC 3339 UTC)."""
    origin: str | None
    """The URL the page was fetched from, or null when it came from a local file."""


class ArticleMeta(BaseModel):
    """Per-article metadata from the manifest; every field optional."""

    model_config = ConfigDict(extra="forbid", strict=True, use_attribute_docstrings=True)

    outlet: str | None = None
    """The publishing outlet."""
    title: str | None = None
    """Headline; when absent, the first non-empty line of the text."""
    url: str | None = None
    """Where it was published."""
    date: str | None = None
    """Publication date (ISO 8601)."""
    author: str | None = None
    """The byline, when known (omitted from the file when unset)."""
    source: SourceInfo | None = None
    """The saved page the text was extracted from (omitted when unset)."""


#: ArticleMeta fields written only when set (the others are always written, as before).
_OMIT_WHEN_NONE = ("author", "source")


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    articles: dict[str, ArticleMeta] = {}


def manifest_data(manifest: Manifest) -> dict[str, object]:
    """The manifest as JSON data: optional new fields dropped when None."""
    articles: dict[str, object] = {}
    for article_id, meta in manifest.articles.items():
        entry = meta.model_dump(mode="json")
        for name in _OMIT_WHEN_NONE:
            if entry.get(name) is None:
                entry.pop(name, None)
        articles[article_id] = entry
    return {"articles": articles}


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def checked_meta(
    title: str | None, outlet: str | None, url: str | None, date: str | None
) -> ArticleMeta:
    """Metadata as the analyst typed it, trimmed (empty means unset), or ValueError with
    one line saying what is wrong: the date must be ISO 8601 ``YYYY-MM-DD`` (a real
    day), the URL ``http://`` or ``https://`` with a host."""

    def clean(value: str | None) -> str | None:
        value = " ".join((value or "").split())
        return value or None

    title, outlet, url, date = clean(title), clean(outlet), clean(url), clean(date)
    if date is not None:
        try:
            if not _DATE.match(date):
                raise ValueError
            datetime.date.fromisoformat(date)
        except ValueError:
            raise ValueError(
                f"date {date!r}: must be YYYY-MM-DD (ISO 8601), e.g. 2023-09-11"
            ) from None
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
            raise ValueError(f"URL {url!r}: must start with http:// or https:// and name a host")
    return ArticleMeta(outlet=outlet, title=title, url=url, date=date)
